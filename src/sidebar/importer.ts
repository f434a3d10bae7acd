/**
 * Import and Validate-only: drives a job chunk by chunk through startImport / continueImport, and
 * cancels between chunks, so every server call stays well inside Apps Script's time limit.
 */

import type { ImportOptions, ImportProgress, StatusCounts } from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import { finishInBackground } from './automation';
import { byId, el, replaceChildren, show } from './dom';
import { clock, formatCount } from './format';
import { server, toSentence } from './rpc';
import { clearAlert, hold, showAlert } from './ui';

const forceBox = byId('force-resend', HTMLInputElement);
const backgroundButton = byId('finish-background', HTMLButtonElement);
const backgroundNote = byId('background-note', HTMLParagraphElement);
const startButton = byId('import-start', HTMLButtonElement);
const validateButton = byId('validate-start', HTMLButtonElement);
const progressPanel = byId('progress-panel', HTMLDivElement);
const progressBar = byId('progress-bar', HTMLDivElement);
const progressFill = byId('progress-fill', HTMLDivElement);
const progressText = byId('progress-text', HTMLParagraphElement);
const progressStats = byId('progress-stats', HTMLParagraphElement);
const progressTime = byId('progress-time', HTMLParagraphElement);
const cancelButton = byId('import-cancel', HTMLButtonElement);
const resultPanel = byId('result-panel', HTMLDivElement);
const resultMessage = byId('result-message', HTMLParagraphElement);
const resultCounts = byId('result-counts', HTMLUListElement);
const retryButton = byId('retry-failed', HTMLButtonElement);

const COUNT_LABELS: { key: keyof StatusCounts; label: MessageKey; tone: string }[] = [
  { key: 'imported', label: 'sidebar.count.imported', tone: 'ok' },
  { key: 'valid', label: 'sidebar.count.valid', tone: 'ok' },
  { key: 'invalid', label: 'sidebar.count.invalid', tone: 'error' },
  { key: 'failed', label: 'sidebar.count.failed', tone: 'error' },
  { key: 'skipped', label: 'sidebar.count.skipped', tone: 'muted' },
  { key: 'queued', label: 'sidebar.count.queued', tone: 'muted' },
];

export interface ImportHooks {
  /** Buttons elsewhere in the sidebar that must wait while a job runs (settings saves). */
  otherButtons: HTMLButtonElement[];
  onStart: () => void;
  onFinish: () => void;
  /** The job stopped because BotPenguin rejected the token: send the user to the token field. */
  onStopped: () => void;
  /** Asked before a job starts; false leaves everything as it is. */
  confirmStart: (options: ImportOptions) => boolean;
}

let cancelRequested = false;
let latest: { progress: ImportProgress; receivedAt: number } | null = null;
let ticker: number | undefined;

function renderTimes(): void {
  if (!latest) return;
  const sinceUpdate = Date.now() - latest.receivedAt;
  const { elapsedMs, estimatedRemainingMs } = latest.progress;
  const remaining =
    estimatedRemainingMs === null
      ? t('sidebar.import.estimating')
      : t('sidebar.import.timeLeft', { time: clock(Math.max(0, estimatedRemainingMs - sinceUpdate)) });
  progressTime.textContent = t('sidebar.import.elapsed', { time: clock(elapsedMs + sinceUpdate), remaining });
}

function renderProgress(progress: ImportProgress): void {
  latest = { progress, receivedAt: Date.now() };
  const percent = progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0;
  progressFill.style.width = `${percent}%`;
  progressBar.setAttribute('aria-valuenow', String(percent));
  const rows = { done: formatCount(progress.done), count: progress.total };
  progressBar.setAttribute('aria-valuetext', t('sidebar.import.rowsOf', rows));
  progressStats.textContent =
    progress.mode === 'validate'
      ? t('sidebar.import.checkedOf', rows)
      : `${t('sidebar.import.doneOf', rows)} · ${t('sidebar.import.requestsSent', { count: progress.requests })}`;
  if (!cancelRequested) progressText.textContent = progress.message;
  renderTimes();
}

function renderResult(progress: ImportProgress): void {
  resultMessage.textContent = progress.message;
  resultMessage.dataset.tone =
    progress.state === 'done' && progress.counts.failed === 0 && progress.counts.invalid === 0
      ? 'ok'
      : progress.state === 'stopped'
        ? 'error'
        : 'info';
  const hasCounts = progress.state !== 'busy' && progress.state !== 'nothing';
  const chips = hasCounts
    ? COUNT_LABELS.filter(({ key }) => progress.counts[key] > 0).map(({ key, label, tone }) =>
        el(
          'li',
          { class: 'bp-chip', 'data-tone': tone },
          el('strong', {}, formatCount(progress.counts[key])),
          ` ${t(label, { count: progress.counts[key] })}`,
        ),
      )
    : [];
  replaceChildren(resultCounts, ...chips);
  show(resultCounts, chips.length > 0);
  // Retry mode sends Failed rows and the Queued rows a cancel or a time limit left behind.
  const { failed, queued } = progress.counts;
  show(retryButton, hasCounts && failed + queued > 0);
  retryButton.textContent =
    queued === 0
      ? t('sidebar.import.retryFailed', { count: failed })
      : failed === 0
        ? t('sidebar.import.sendQueued', { count: queued })
        : t('sidebar.import.retryFailedOrQueued', { count: failed + queued });
  show(backgroundButton, hasCounts && queued > 0);
  show(backgroundNote, false);
  show(resultPanel, true);
}

async function runJob(options: ImportOptions, hooks: ImportHooks): Promise<void> {
  if (!hooks.confirmStart(options)) return;
  clearAlert();
  cancelRequested = false;
  latest = null;
  const release = hold([startButton, validateButton, retryButton, ...hooks.otherButtons]);
  forceBox.disabled = true;
  cancelButton.disabled = false;
  cancelButton.textContent = t('sidebar.import.cancel');
  show(resultPanel, false);
  progressFill.style.width = '0%';
  progressBar.setAttribute('aria-valuenow', '0');
  progressStats.textContent = t(
    options.mode === 'validate' ? 'sidebar.import.checking' : 'sidebar.import.starting',
  );
  progressTime.textContent = '';
  progressText.textContent = '';
  show(progressPanel, true);
  hooks.onStart();
  ticker = window.setInterval(renderTimes, 1000);
  try {
    let progress = await server.startImport(options);
    renderProgress(progress);
    while (progress.state === 'running') {
      if (cancelRequested) {
        progress = await server.cancelImport(progress.jobId);
        break;
      }
      progress = await server.continueImport(progress.jobId);
      renderProgress(progress);
    }
    show(progressPanel, false);
    renderResult(progress);
    // Only a rejected token is fixed in the Connection section; other stops say what to do.
    if (progress.state === 'stopped' && (progress.stopReason ?? 'token') === 'token') hooks.onStopped();
  } catch (error) {
    show(progressPanel, false);
    showAlert(toSentence(error));
  } finally {
    window.clearInterval(ticker);
    forceBox.disabled = false;
    // A re-send is a one-off decision: the next import must not repeat it unasked.
    forceBox.checked = false;
    release();
    hooks.onFinish();
  }
}

async function finishQueuedInBackground(): Promise<void> {
  const view = await finishInBackground();
  if (!view?.on) return;
  show(backgroundButton, false);
  backgroundNote.textContent = t('sidebar.import.backgroundNote');
  show(backgroundNote, true);
  retryButton.focus();
}

export function initImport(hooks: ImportHooks): void {
  backgroundButton.addEventListener('click', () => void finishQueuedInBackground());
  startButton.addEventListener(
    'click',
    () => void runJob({ mode: 'selected', force: forceBox.checked }, hooks),
  );
  validateButton.addEventListener('click', () => void runJob({ mode: 'validate' }, hooks));
  retryButton.addEventListener('click', () => void runJob({ mode: 'retry' }, hooks));
  cancelButton.addEventListener('click', () => {
    cancelRequested = true;
    cancelButton.disabled = true;
    cancelButton.textContent = t('sidebar.import.cancelling');
    progressText.textContent = t('sidebar.import.stopping');
  });
}
