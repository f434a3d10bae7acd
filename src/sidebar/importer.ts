/**
 * The action bar: Import selected, Validate only, Retry failed rows and Cancel, the progress of a
 * run and the last result. A run goes chunk by chunk through startImport / continueImport and is
 * cancelled between chunks, so every server call stays well inside Apps Script's time limit. When
 * no run of this sidebar is on show, the bar shows the latest run of the spreadsheet, whoever
 * started it (the menu, a collaborator), as the sheet summary reports it.
 */
import type {
  ImportMode,
  ImportOptions,
  ImportProgress,
  JobState,
  LastRunView,
  StatusCounts,
} from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import { finishInBackground } from './automation';
import { byId, el, replaceChildren, show } from './dom';
import { clock, formatCount } from './format';
import { server, toSentence } from './rpc';
import { clearAlert, hold, showAlert } from './ui';

const forceBox = byId('force-resend', HTMLInputElement);
const batchTagBox = byId('batch-tag-on', HTMLInputElement);
const batchTagInput = byId('batch-tag', HTMLInputElement);
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
const resultWhen = byId('result-when', HTMLParagraphElement);
const resultMessage = byId('result-message', HTMLParagraphElement);
const resultCounts = byId('result-counts', HTMLUListElement);
const retryButton = byId('retry-failed', HTMLButtonElement);

const MODE_NAMES: Record<ImportMode, MessageKey> = {
  selected: 'sidebar.import.start',
  all: 'sidebar.mode.all',
  retry: 'sidebar.mode.retry',
  validate: 'sidebar.import.validate',
  auto: 'sidebar.mode.auto',
};

/** Chips of a result, in the sheet's words; "skipped" is what is left after the two kinds told apart. */
function countChips(counts: StatusCounts) {
  const alreadyImported = counts.alreadyImported ?? 0;
  const duplicates = counts.duplicates ?? 0;
  const phoneChanged = counts.phoneChanged ?? 0;
  const chips: [number, MessageKey, string][] = [
    [counts.imported, 'sidebar.count.imported', 'ok'],
    [counts.valid, 'sidebar.count.valid', 'ok'],
    [counts.invalid, 'sidebar.count.invalid', 'error'],
    [counts.failed, 'sidebar.count.failed', 'error'],
    [alreadyImported, 'sidebar.count.alreadyImported', 'muted'],
    [duplicates, 'sidebar.count.duplicates', 'warn'],
    [phoneChanged, 'sidebar.count.phoneChanged', 'warn'],
    [counts.skipped - alreadyImported - duplicates - phoneChanged, 'sidebar.count.skipped', 'muted'],
    [counts.queued, 'sidebar.count.queued', 'muted'],
  ];
  return chips
    .filter(([count]) => count > 0)
    .map(([count, label, tone]) =>
      el(
        'li',
        { class: 'bp-chip', 'data-tone': tone },
        el('strong', {}, formatCount(count)),
        ` ${t(label, { count })}`,
      ),
    );
}

export interface ImportHooks {
  /** Buttons elsewhere in the sidebar that must wait while a job runs (settings saves). */
  otherButtons: HTMLButtonElement[];
  onStart: () => void;
  /** After every run, whatever its end: the sidebar reads the sheet again. */
  onFinish: () => void;
  /** The job stopped because BotPenguin rejected the token: send the user to the token field. */
  onStopped: () => void;
  /** Asked before a job starts; false leaves everything as it is. */
  confirmStart: (options: ImportOptions) => boolean;
}

let running = false;
let cancelRequested = false;
let latest: { progress: ImportProgress; receivedAt: number } | null = null;
let ticker: number | undefined;
/** The run whose result is on show, so the sheet's "latest run" does not replace it with itself. */
let shownRunId = '';
/** The latest run the sheet reported, and the one a later click made old news: never shown again. */
let latestRunId = '';
let supersededRunId = '';

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

function toneOf(state: JobState, mode: ImportMode, counts: StatusCounts): string {
  if (state === 'stopped') return 'error';
  // A count of zero is never shown as a success.
  const succeeded = mode === 'validate' ? counts.valid > 0 : counts.imported > 0;
  return state === 'done' && succeeded && counts.failed === 0 && counts.invalid === 0 ? 'ok' : 'info';
}

function renderResult(
  run: Pick<LastRunView, 'jobId' | 'mode' | 'state' | 'counts' | 'message'>,
  when: string,
): void {
  shownRunId = run.jobId;
  resultWhen.textContent = when;
  resultMessage.textContent = run.message;
  resultMessage.dataset.tone = toneOf(run.state, run.mode, run.counts);
  const chips = run.state === 'busy' || run.state === 'nothing' ? [] : countChips(run.counts);
  replaceChildren(resultCounts, ...chips);
  show(resultCounts, chips.length > 0);
  // Rows left Queued can also be finished by the hourly automatic import.
  show(backgroundButton, chips.length > 0 && run.counts.queued > 0);
  show(backgroundNote, false);
}

function clearResult(): void {
  resultWhen.textContent = '';
  resultMessage.textContent = '';
  delete resultMessage.dataset.tone;
  replaceChildren(resultCounts);
  show(resultCounts, false);
  show(backgroundButton, false);
}

/**
 * A setting was saved (token, defaults, columns): an error shown before it may no longer hold,
 * so it goes; the next run will say again if it does.
 */
export function clearStaleErrors(): void {
  clearAlert();
  if (running || resultMessage.dataset.tone !== 'error') return;
  supersededRunId = shownRunId || latestRunId;
  clearResult();
}

/** Retry sends the sheet's Failed rows and the Queued rows a cancel or a time limit left behind. */
export function setRetryCount(rows: number): void {
  retryButton.textContent = t('sidebar.import.retryCount', { count: rows });
  if (!running) show(retryButton, rows > 0);
}

/** The spreadsheet's latest run (menu, another user, this sidebar earlier) unless it is on show. */
export function showLastRun(run: LastRunView | null, activeSheet: string): void {
  if (run) latestRunId = run.jobId;
  // After a click the bar answers that click: an older run does not come back over it.
  if (running || !run || run.jobId === shownRunId || run.jobId === supersededRunId) return;
  const mode = t(MODE_NAMES[run.mode]);
  const when =
    run.sheetName && run.sheetName !== activeSheet
      ? t('sidebar.import.lastRunOn', { sheet: run.sheetName, mode, at: run.finishedAt })
      : t('sidebar.import.lastRun', { mode, at: run.finishedAt });
  renderResult(run, when);
}

function batchTag(): string {
  return batchTagBox.checked ? batchTagInput.value.trim() : '';
}

async function runJob(options: ImportOptions, trigger: HTMLButtonElement, hooks: ImportHooks): Promise<void> {
  if (!hooks.confirmStart(options)) return;
  clearAlert();
  running = true;
  cancelRequested = false;
  latest = null;
  const focusWasOnTrigger = document.activeElement === trigger;
  const release = hold([startButton, validateButton, retryButton, ...hooks.otherButtons]);
  showRunStarting(options);
  // A keyboard user's focus goes to the one action left, not to the page body.
  if (focusWasOnTrigger) cancelButton.focus();
  hooks.onStart();
  ticker = window.setInterval(renderTimes, 1000);
  let progress: ImportProgress | null = null;
  try {
    progress = await followJob(options);
    renderResult(progress, t('sidebar.import.justNow', { mode: t(MODE_NAMES[progress.mode]) }));
    const { failed, queued } = progress.counts;
    if (progress.state !== 'busy' && progress.state !== 'nothing') setRetryCount(failed + queued);
  } catch (error) {
    // The error belongs to the action: it is shown in the bar, next to the buttons, alone.
    showAlert(toSentence(error));
    clearResult();
  } finally {
    running = false;
    window.clearInterval(ticker);
    showRunEnded();
    release();
    focusBackOn(trigger);
    // Only a rejected token is fixed in the Connection section; other stops say what to do.
    if (progress?.state === 'stopped' && (progress.stopReason ?? 'token') === 'token') hooks.onStopped();
    hooks.onFinish();
  }
}

/** The progress panel for a run about to start; the last result makes way for it. */
function showRunStarting(options: ImportOptions): void {
  forceBox.disabled = true;
  batchTagBox.disabled = true;
  cancelButton.disabled = false;
  cancelButton.textContent = t('sidebar.import.cancel');
  show(cancelButton, true);
  show(retryButton, false);
  // While it runs the progress speaks; the last result makes way until this run's is known.
  supersededRunId = latestRunId;
  shownRunId = '';
  resultWhen.textContent = '';
  resultMessage.textContent = '';
  replaceChildren(resultCounts);
  show(resultCounts, false);
  show(backgroundButton, false);
  progressFill.style.width = '0%';
  progressBar.setAttribute('aria-valuenow', '0');
  progressStats.textContent = t(
    options.mode === 'validate' ? 'sidebar.import.checking' : 'sidebar.import.starting',
  );
  progressTime.textContent = '';
  progressText.textContent = '';
  show(progressPanel, true);
}

/** Starts the job and calls again while it runs, until it finishes or Cancel is honoured. */
async function followJob(options: ImportOptions): Promise<ImportProgress> {
  const tag = batchTag();
  let progress = await server.startImport(
    tag && options.mode !== 'validate' ? { ...options, batchTag: tag } : options,
  );
  renderProgress(progress);
  while (progress.state === 'running') {
    if (cancelRequested) return server.cancelImport(progress.jobId);
    progress = await server.continueImport(progress.jobId);
    renderProgress(progress);
  }
  return progress;
}

/** The panel put away and the run's options given back. */
function showRunEnded(): void {
  show(progressPanel, false);
  show(cancelButton, false);
  progressText.textContent = '';
  forceBox.disabled = false;
  batchTagBox.disabled = false;
  // A re-send is a one-off decision: the next import must not repeat it unasked.
  forceBox.checked = false;
}

function focusBackOn(trigger: HTMLButtonElement): void {
  // Focus that was on Cancel (now hidden) or dropped to the body goes back to the action, but
  // only while the sidebar has it: a user typing in the sheet keeps the keyboard there.
  const active = document.activeElement;
  if (document.hasFocus() && (!active || active === document.body || active === cancelButton))
    (trigger.hidden || trigger.disabled ? startButton : trigger).focus();
}

async function finishQueuedInBackground(): Promise<void> {
  const view = await finishInBackground();
  if (!view?.on) return;
  show(backgroundButton, false);
  backgroundNote.textContent = t('sidebar.import.backgroundNote');
  show(backgroundNote, true);
  retryButton.focus();
}

/** "Sheets import 2026-11-25", in the marketer's own calendar. */
function todaysBatchTag(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Sheets import ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function initImport(hooks: ImportHooks): void {
  backgroundButton.addEventListener('click', () => void finishQueuedInBackground());
  batchTagInput.value = todaysBatchTag();
  batchTagBox.addEventListener('change', () => {
    batchTagInput.disabled = !batchTagBox.checked;
    if (batchTagBox.checked) batchTagInput.focus();
  });
  startButton.addEventListener(
    'click',
    () => void runJob({ mode: 'selected', force: forceBox.checked }, startButton, hooks),
  );
  validateButton.addEventListener('click', () => void runJob({ mode: 'validate' }, validateButton, hooks));
  retryButton.addEventListener('click', () => void runJob({ mode: 'retry' }, retryButton, hooks));
  cancelButton.addEventListener('click', () => {
    cancelRequested = true;
    cancelButton.disabled = true;
    cancelButton.textContent = t('sidebar.import.cancelling');
    progressText.textContent = t('sidebar.import.stopping');
  });
}

export function isImportRunning(): boolean {
  return running;
}
