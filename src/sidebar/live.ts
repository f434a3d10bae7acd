/**
 * Keeps the sidebar current while it is visible: every few seconds one cheap call
 * (getSheetSummary: the status column, the selection and its cells, the latest run) tells whether
 * the selection, its rows or the statuses changed — by this sidebar, the menu or a collaborator — and only then is the
 * preview asked for again. Nothing is polled while the sidebar is hidden or a run of its own is on.
 *
 * Each poll costs Apps Script quota (Properties reads are 50,000 a day on a consumer account,
 * quotas page), so the wait grows by half after every poll that found nothing new, up to
 * POLL_MAX_MS, and is back to POLL_MS after a change, a click or a key in the sidebar.
 */
import type { SheetSummary } from '../shared/contracts';
import { server } from './rpc';

const POLL_MS = 4000;
const POLL_MAX_MS = 30_000;
const BACKOFF = 1.5;

export interface LiveHooks {
  /** Every summary, to show the sheet's counts and its latest run. */
  onSummary: (summary: SheetSummary) => void;
  /** The selection or the statuses changed since the last summary. */
  onChange: () => void;
  /** True while the sidebar runs a job itself (its progress is on show). */
  isPaused: () => boolean;
}

let hooks: LiveHooks | null = null;
let lastKey: string | null = null;
let inFlight: Promise<void> | null = null;
let waitMs = POLL_MS;
let timer: number | null = null;

function keyOf(summary: SheetSummary): string {
  return JSON.stringify([
    summary.sheetName,
    summary.selection,
    summary.selectionContent,
    summary.statusCounts,
  ]);
}

/** Reads the summary now (shares a call already on its way). */
export function pulse(): Promise<void> {
  if (!hooks) return Promise.resolve();
  if (inFlight) return inFlight;
  const current = hooks;
  inFlight = server
    .getSheetSummary()
    .then((summary) => {
      current.onSummary(summary);
      const key = keyOf(summary);
      const changed = lastKey !== null && key !== lastKey;
      lastKey = key;
      waitMs = changed ? POLL_MS : Math.min(POLL_MAX_MS, Math.round(waitMs * BACKOFF));
      if (changed) current.onChange();
    })
    // A failed poll is not worth a message: the next one tries again, and actions report their own.
    .catch(() => {})
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** The next poll, unless the sidebar is hidden (it polls again when shown). */
function schedule(liveHooks: LiveHooks): void {
  if (timer !== null) window.clearTimeout(timer);
  timer = null;
  if (document.visibilityState === 'hidden') return;
  timer = window.setTimeout(() => {
    timer = null;
    if (document.visibilityState === 'hidden') return;
    if (liveHooks.isPaused()) {
      waitMs = POLL_MS;
      schedule(liveHooks);
      return;
    }
    void pulse().then(() => schedule(liveHooks));
  }, waitMs);
}

export function startLive(liveHooks: LiveHooks): void {
  hooks = liveHooks;
  schedule(liveHooks);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') {
      schedule(liveHooks); // clears the timer
      return;
    }
    waitMs = POLL_MS;
    if (!liveHooks.isPaused()) void pulse();
    schedule(liveHooks);
  });
  // Someone at the sidebar: changes they cause should show at once.
  for (const event of ['pointerdown', 'keydown']) {
    document.addEventListener(event, () => {
      if (waitMs === POLL_MS) return;
      waitMs = POLL_MS;
      schedule(liveHooks);
    });
  }
}
