/**
 * Every sentence the add-on shows a marketer about an import — previews, progress, results and
 * the errors they can fix — in one place, so the same thing is always said the same way.
 * Platform-free: the server fills in the numbers and names; the words come from the catalogues
 * (src/i18n/) in the language the server chose.
 */
import type { ImportMode, JobState, SelectionPreview, StatusCounts, StopKind } from '../shared/contracts';
import { type MessageKey, t } from '../shared/i18n';
import type { OutageSign } from './circuit-breaker';

export const sheetBusy = () => t('import.sheetBusy');
export const noToken = () => t('import.noToken');
export const jobAlreadyFinished = () => t('import.jobAlreadyFinished');
export const sheetDeleted = () => t('import.sheetDeleted');

export function unknownMode(mode: string): string {
  return t('import.unknownMode', { mode });
}

export function emptySheet(sheetName: string): string {
  return t('import.emptySheet', { sheet: sheetName });
}

export function noPhoneColumn(headerRow: number, sheetName: string): string {
  return t('import.noPhoneColumn', { row: headerRow, sheet: sheetName });
}

/** Why rows are left Queued, completing "Not sent yet: …". */
export const leftQueuedByTimeLimit = () => t('queued.byTimeLimit');
export const leftQueuedByCancel = () => t('queued.byCancel');

/** Counts a preview message needs. */
export type PreviewCounts = Pick<
  SelectionPreview,
  | 'rowsSelected'
  | 'ready'
  | 'invalid'
  | 'alreadyImported'
  | 'duplicates'
  | 'hiddenByFilter'
  | 'noConsent'
  | 'phoneChanged'
  | 'optedOut'
  | 'countryFromDefault'
  | 'countryFromLeadingDigits'
>;

export function previewMessage(p: PreviewCounts): string {
  if (p.rowsSelected === 0) return t('import.noRowsSelected');
  const parts = [
    t('preview.ready', { count: p.ready }),
    t('preview.invalid', { count: p.invalid }),
    t('preview.alreadyImported', { count: p.alreadyImported }),
  ];
  if (p.duplicates) parts.push(t('preview.duplicates', { count: p.duplicates }));
  if (p.hiddenByFilter) parts.push(t('preview.hiddenByFilter', { count: p.hiddenByFilter }));
  if (p.noConsent) parts.push(t('preview.noConsent', { count: p.noConsent }));
  if (p.phoneChanged) parts.push(t('preview.phoneChanged', { count: p.phoneChanged }));
  if (p.optedOut) parts.push(t('preview.optedOut', { count: p.optedOut }));
  const guessed: string[] = [];
  if (p.countryFromDefault) guessed.push(t('preview.countryFromDefault', { count: p.countryFromDefault }));
  if (p.countryFromLeadingDigits)
    guessed.push(t('preview.countryFromLeadingDigits', { count: p.countryFromLeadingDigits }));
  const countries = guessed.length
    ? ` ${t('preview.countries', { sources: guessed.join(t('list.and')) })}`
    : '';
  return t('preview.summary', { count: p.rowsSelected, parts: parts.join(t('list.comma')) }) + countries;
}

/** The facts of a job that its progress sentence depends on. */
export interface JobSummary {
  mode: ImportMode;
  total: number;
  counts: StatusCounts;
  stopReason?: StopKind;
  /** For an outage: when it began (as the sheet's clock shows it), how many requests, what they showed. */
  outage?: { since: string; attempts: number; sign: OutageSign } | null;
  /** Requests sent, for a stop on the request budget. */
  requests?: number;
  /** For a stop on the daily quota: when it resets, as the server spells it out (Pacific time and
   * the sheet's zone); without it, the reset is told as Google's rule. */
  quotaResetsAt?: string;
}

/** Per stop: why rows were left unsent ("Not sent yet: …"), the stop as a sentence, what to do. */
const STOP_KEYS = {
  token: { cause: 'stop.token', why: 'stop.token.why', next: 'stop.token.then' },
  quota: { cause: 'stop.quota', why: 'stop.quota.why', next: 'stop.quota.then' },
  permission: { cause: 'stop.permission', why: 'stop.permission.why', next: 'stop.permission.then' },
  'host-not-allowed': {
    cause: 'stop.hostNotAllowed',
    why: 'stop.hostNotAllowed.why',
    next: 'stop.hostNotAllowed.then',
  },
  outage: { cause: 'stop.outage.unreachable', why: 'stop.outage.why', next: 'stop.outage.then' },
  'request-budget': {
    cause: 'stop.requestBudget',
    why: 'stop.requestBudget.why',
    next: 'stop.requestBudget.then',
  },
} as const satisfies Record<StopKind, Record<string, MessageKey>>;

const OUTAGE_KEYS = {
  unreachable: 'stop.outage.unreachable',
  timeout: 'stop.outage.timeout',
  'server-error': 'stop.outage.serverError',
  html: 'stop.outage.html',
} as const satisfies Record<OutageSign, MessageKey>;

/** The cause of a stop as a clause: "BotPenguin has not answered since 14:03 (8 attempts timed out)". */
function stopCause(job: JobSummary): string {
  const reason = job.stopReason ?? 'token';
  if (reason === 'outage' && job.outage) {
    const { since, attempts, sign } = job.outage;
    return t(OUTAGE_KEYS[sign], { since, attempts });
  }
  return t(STOP_KEYS[reason].cause, { requests: job.requests ?? 0 });
}

/** Why rows were left unsent by a stop, completing "Not sent yet: …" (a kind: no outage details). */
export function leftQueuedByStop(stop: StopKind | JobSummary): string {
  return typeof stop === 'string'
    ? stopCause({ mode: 'selected', total: 0, counts: emptyCountsForWords, stopReason: stop })
    : stopCause(stop);
}

const emptyCountsForWords: StatusCounts = {
  imported: 0,
  invalid: 0,
  failed: 0,
  skipped: 0,
  queued: 0,
  valid: 0,
  alreadyImported: 0,
  duplicates: 0,
  phoneChanged: 0,
};

/** What to do after a stop, as the last sentence of the message. */
function afterStop(reason: StopKind, quotaResetsAt: string | undefined): string {
  const when = quotaResetsAt ? t('quota.atTime', { when: quotaResetsAt }) : t('quota.atMidnight');
  return t(STOP_KEYS[reason].next, { when });
}

function stoppedMessage(job: JobSummary): string {
  const c = job.counts;
  const reason = job.stopReason ?? 'token';
  const queued = c.queued ? ` ${t('progress.rowsStayQueued', { count: c.queued })}` : '';
  const why = t(STOP_KEYS[reason].why, {
    count: c.imported,
    cause: stopCause(job),
    requests: job.requests ?? 0,
  });
  return `${why}${queued} ${afterStop(reason, job.quotaResetsAt)}`;
}

/**
 * What happened to the rows that were not sent, one clause each. Duplicates are told apart from
 * rows already imported: the first are repeats inside the sheet, the second are in BotPenguin.
 */
function otherRows(c: StatusCounts): string {
  const rest: string[] = [];
  const alreadyImported = c.alreadyImported ?? 0;
  const duplicates = c.duplicates ?? 0;
  const phoneChanged = c.phoneChanged ?? 0;
  const otherSkipped = c.skipped - alreadyImported - duplicates - phoneChanged;
  if (c.invalid) rest.push(t('progress.invalid', { count: c.invalid }));
  if (c.failed) rest.push(t('progress.failed', { count: c.failed }));
  if (alreadyImported) rest.push(t('progress.alreadyImported', { count: alreadyImported }));
  if (duplicates) rest.push(t('progress.duplicates', { count: duplicates }));
  if (phoneChanged) rest.push(t('progress.phoneChanged', { count: phoneChanged }));
  if (otherSkipped > 0) rest.push(t('progress.skipped', { count: otherSkipped }));
  return rest.length ? ` ${t('progress.seeStatus', { problems: rest.join(t('list.comma')) })}` : '';
}

export function progressMessage(job: JobSummary, state: JobState): string {
  const c = job.counts;
  const tail = otherRows(c);
  const retry = c.failed ? ` ${t('progress.retryFailed')}` : '';
  switch (state) {
    case 'running':
      return t('progress.running', {
        imported: t('count.rows', { count: c.imported }),
        queued: t('count.rows', { count: c.queued }),
      });
    case 'done':
      if (job.mode === 'validate') {
        const ready = c.valid ? t('progress.ready', { count: c.valid }) : t('progress.noneReady');
        return t('progress.checked', { count: job.total, ready }) + tail;
      }
      if (c.imported === 0)
        return t('progress.noneImported') + (tail || ` ${t('progress.noneToSend')}`) + retry;
      return t('progress.imported', { count: c.imported }) + tail + retry;
    case 'cancelled':
      return (
        t('progress.cancelled', { rows: t('count.rows', { count: c.imported }), count: c.queued }) + tail
      );
    case 'stopped':
      return stoppedMessage(job);
    default:
      return '';
  }
}

/** A menu run that used up its execution: what was done and how to finish. */
export function stoppedByTimeLimit(counts: StatusCounts): string {
  return t('progress.timeLimit', { rows: t('count.rows', { count: counts.imported }), count: counts.queued });
}

/** Selecting rows by status word from the sidebar. */
export function rowsSelected(rows: number, word: string): string {
  return t('fixRows.selected', { count: rows, status: word });
}

export function noRowsWithStatus(word: string, sheetName: string): string {
  return t('fixRows.noneWithStatus', { status: word, sheet: sheetName });
}

export function nothingToClear(selectedRows: number): string {
  return t(selectedRows === 0 ? 'fixRows.clearNoRows' : 'fixRows.clearNoStatus');
}

export function statusCleared(rows: number): string {
  return rows === 0 ? t('fixRows.clearedNone') : t('fixRows.cleared', { count: rows });
}

export function tagsNeedToken(): string {
  return t('tags.needToken');
}

/** The account's tags could not be loaded: why, and that typing still works. */
export function tagsNotLoaded(kind: string, detail: string): string {
  const why = kind === 'auth' ? t('tags.rejected', { detail }) : t('tags.notSent', { detail });
  return `${why} ${t('tags.canStillType')}`;
}

export function nothingToDoMessage(mode: ImportMode, candidates: number): string {
  if (mode === 'retry') return t('import.nothingToRetry');
  return candidates === 0 ? t('import.noRowsSelected') : t('import.selectedRowsBlank');
}

/** Appended to any unexpected error: what it means for the sheet and what to do. */
export function unexpectedError(detail: string): string {
  return t('error.unexpected', { detail });
}
