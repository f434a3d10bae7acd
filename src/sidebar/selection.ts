/** Selection preview: how many selected rows are ready, invalid or already imported. */

import type { SelectionPreview } from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import { byId, el, replaceChildren, show } from './dom';
import { formatCount } from './format';
import { server, toSentence } from './rpc';
import { hold } from './ui';

const refreshButton = byId('preview-refresh', HTMLButtonElement);
const message = byId('preview-message', HTMLParagraphElement);
const counts = byId('preview-counts', HTMLUListElement);
const invalidPanel = byId('invalid-panel', HTMLDivElement);
const invalidSamples = byId('invalid-samples', HTMLUListElement);
const guessedPanel = byId('guessed-panel', HTMLDivElement);
const guessedList = byId('guessed-samples', HTMLUListElement);

/** Focus events come in bursts (clicking a button in the sidebar focuses it too). */
const FOCUS_REFRESH_GAP_MS = 3000;

let inFlight: Promise<void> | null = null;
let lastRefreshAt = 0;
let paused = false;
let latest: SelectionPreview | null = null;

/** The last preview shown (its request estimate is checked before an import starts). */
export function latestPreview(): SelectionPreview | null {
  return latest;
}

/** Rows selected at the last preview. */
export function selectedRowCount(): number {
  return latest?.rowsSelected ?? 0;
}

function chip(count: number, label: MessageKey, tone: string) {
  return el(
    'li',
    { class: 'bp-chip', 'data-tone': tone },
    el('strong', {}, formatCount(count)),
    ` ${t(label, { count })}`,
  );
}

function renderPreview(preview: SelectionPreview): void {
  latest = preview;
  message.textContent = preview.message;
  delete message.dataset.tone;
  const chips = [
    chip(preview.ready, 'sidebar.chip.ready', preview.ready > 0 ? 'ok' : 'muted'),
    preview.invalid > 0 && chip(preview.invalid, 'sidebar.chip.invalid', 'error'),
    preview.alreadyImported > 0 && chip(preview.alreadyImported, 'sidebar.chip.alreadyImported', 'muted'),
    preview.duplicates > 0 && chip(preview.duplicates, 'sidebar.chip.duplicates', 'warn'),
    preview.hiddenByFilter > 0 && chip(preview.hiddenByFilter, 'sidebar.chip.hiddenByFilter', 'muted'),
    preview.noConsent > 0 && chip(preview.noConsent, 'sidebar.chip.noConsent', 'muted'),
    preview.phoneChanged > 0 && chip(preview.phoneChanged, 'sidebar.chip.phoneChanged', 'warn'),
  ];
  replaceChildren(counts, ...chips);
  show(counts, preview.rowsSelected > 0);

  const samples = preview.invalidSamples.map((sample) =>
    el(
      'li',
      {},
      el('span', { class: 'bp-sample-row' }, t('sidebar.selection.row', { row: sample.row })),
      sample.label ? el('span', { class: 'bp-sample-label' }, sample.label) : null,
      el('span', { class: 'bp-sample-reasons' }, sample.reasons.join('; ')),
    ),
  );
  replaceChildren(
    guessedList,
    ...preview.guessedCountrySamples.map((s) =>
      el('li', {}, t('sidebar.selection.rowSentAs', { row: s.row, number: s.asSent })),
    ),
  );
  show(guessedPanel, preview.countryFromDefault + preview.countryFromLeadingDigits > 0);
  replaceChildren(invalidSamples, ...samples);
  show(invalidPanel, samples.length > 0);
  const more = preview.invalid - samples.length;
  if (more > 0)
    invalidSamples.appendChild(el('li', { class: 'bp-hint' }, t('sidebar.selection.more', { count: more })));
}

/** Fetches a fresh preview; concurrent requests share one server call. */
export function refreshPreview(): Promise<void> {
  if (inFlight) return inFlight;
  const release = hold([refreshButton]);
  lastRefreshAt = Date.now();
  inFlight = server
    .previewSelection()
    .then(renderPreview, (error: unknown) => {
      message.textContent = toSentence(error);
      message.dataset.tone = 'error';
      show(counts, false);
      show(invalidPanel, false);
    })
    .finally(() => {
      inFlight = null;
      release();
    });
  return inFlight;
}

/** While an import runs its statuses change under the preview: no background refreshes then. */
export function pausePreviewRefresh(value: boolean): void {
  paused = value;
}

export function initSelection(): void {
  refreshButton.addEventListener('click', () => void refreshPreview());
  // The user changes the selection in the sheet, then comes back to the sidebar.
  window.addEventListener('focus', () => {
    if (paused || Date.now() - lastRefreshAt < FOCUS_REFRESH_GAP_MS) return;
    void refreshPreview();
  });
}
