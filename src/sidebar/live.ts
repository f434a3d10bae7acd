/**
 * Keeps the sidebar current while it is visible: every few seconds one cheap call
 * (getSheetSummary: the status column, the selection and its cells, the latest run) tells whether
 * the selection, its rows or the statuses changed — by this sidebar, the menu or a collaborator — and only then is the
 * preview asked for again. Nothing is polled while the sidebar is hidden or a run of its own is on.
 */
import type { SheetSummary } from '../shared/contracts';
import { server } from './rpc';

const POLL_MS = 4000;

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
      if (changed) current.onChange();
    })
    // A failed poll is not worth a message: the next one tries again, and actions report their own.
    .catch(() => {})
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

export function startLive(liveHooks: LiveHooks): void {
  hooks = liveHooks;
  window.setInterval(() => {
    if (document.visibilityState === 'hidden' || liveHooks.isPaused()) return;
    void pulse();
  }, POLL_MS);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && !liveHooks.isPaused()) void pulse();
  });
}
