/**
 * The run log: a tab named `BotPenguin log` with one row per finished run (menu, sidebar or
 * automatic), written in one call when the run ends. The tab is found by name and created when
 * missing, so a deleted or renamed log never breaks an import; it keeps the latest 5,000 runs.
 */
import { BRAND } from '../shared/brand';
import type { ImportMode, ImportProgress, RemovalProgress, RunOrigin, StopKind } from '../shared/contracts';
import type { JobRecord } from './job-store';
import { getApiHost } from './settings';
import { activeSpreadsheet, spreadsheetTimeZone } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const LOG_SHEET_NAME = `${BRAND.serviceName} log`;
const LOG_MAX_RUNS = 5000;

const LOG_HEADERS = [
  'Started',
  'Ended',
  'Started from',
  'Run',
  'Sheet',
  'Rows considered',
  'Imported',
  'Invalid',
  'Failed',
  'Skipped',
  'Already imported',
  'Queued',
  'Requests sent',
  'API host',
  'How it ended',
  // Partner mode: the customer the run imported into (after the older columns, so old tabs line up).
  'Customer',
] as const;
type LogColumn = (typeof LOG_HEADERS)[number];
const COUNT_COLUMNS: ReadonlySet<LogColumn> = new Set([
  'Rows considered',
  'Imported',
  'Invalid',
  'Failed',
  'Skipped',
  'Already imported',
  'Queued',
  'Requests sent',
]);

/**
 * The one way a log row is made: values by column name, every column in its place (a count left
 * out is 0, a text left out blank), texts kept as text.
 */
function logRow(values: Partial<Record<LogColumn, string | number>>): (string | number)[] {
  return LOG_HEADERS.map((column) => {
    const value = values[column];
    if (value === undefined) return COUNT_COLUMNS.has(column) ? 0 : '';
    return typeof value === 'string' ? asText(value) : value;
  });
}

const ORIGIN_LABELS: Record<RunOrigin, string> = {
  menu: 'Menu',
  sidebar: 'Sidebar',
  automatic: 'Automatic',
};

const MODE_LABELS: Record<ImportMode, string> = {
  selected: 'Import selected rows',
  all: 'Import all new or changed rows',
  retry: 'Retry failed rows',
  validate: 'Validate (no import)',
  auto: 'New and queued rows',
};

const STOP_LABELS: Record<StopKind, string> = {
  token: 'Token rejected',
  quota: 'Quota',
  permission: 'Permission',
  'host-not-allowed': 'Host not allowed',
  outage: 'Not answering',
  'request-budget': 'Request budget',
};

/** Set by every execution as it starts (main.ts `entry`). */
let runOrigin: RunOrigin = 'sidebar';

export function setRunOrigin(origin: RunOrigin): void {
  runOrigin = origin;
}

export function currentRunOrigin(): RunOrigin {
  return runOrigin;
}

function originOf(job: JobRecord): RunOrigin {
  return job.origin && job.origin in ORIGIN_LABELS ? job.origin : 'sidebar';
}

/** How the run ended, in the words of the log's last column. */
function endingOf(progress: ImportProgress): string {
  switch (progress.state) {
    case 'running':
      return 'Time budget';
    case 'cancelled':
      return 'Cancelled';
    case 'stopped':
      return STOP_LABELS[progress.stopReason ?? 'token'];
    default:
      return 'Done';
  }
}

/** The automatic import switches itself off on these (auto-import.ts); its log row says so. */
export function turnsAutoImportOff(progress: ImportProgress): boolean {
  return progress.stopReason === 'token' || progress.stopReason === 'quota';
}
const TURNED_OFF = ' (automatic import turned off)';

/** Text cells start with an apostrophe: Sheets then stores the rest as text, never a formula or number. */
const asText = (text: string) => `'${text}`;

function timeText(ms: number, zone: string): string {
  return Utilities.formatDate(new Date(ms), zone, 'yyyy-MM-dd HH:mm:ss');
}

/** A log written before "Already imported" had its own column gets it, blank for older runs. */
function addAlreadyImportedColumn(sheet: Sheet): void {
  const skipped = LOG_HEADERS.indexOf('Skipped') + 1;
  const next = sheet.getRange(1, skipped, 1, 2).getValues()[0];
  if (next[0] !== 'Skipped' || next[1] === 'Already imported') return;
  sheet.insertColumnAfter(skipped);
  sheet
    .getRange(1, skipped + 1)
    .setValue('Already imported')
    .setFontWeight('bold');
}

/** The log tab, created (after the other tabs, header frozen) when missing. */
function logSheet(): Sheet {
  return existingLogSheet() ?? createLogSheet([]);
}

function existingLogSheet(): Sheet | null {
  const existing = activeSpreadsheet().getSheetByName(LOG_SHEET_NAME);
  if (!existing) return null;
  addAlreadyImportedColumn(existing);
  // A tab made before the Customer column gets its header.
  const last = existing.getRange(1, LOG_HEADERS.length);
  if (last.getValue() === '') last.setValue(LOG_HEADERS[LOG_HEADERS.length - 1]).setFontWeight('bold');
  return existing;
}

/** A new log tab holding `rows` under its header, written in one call with it. */
function createLogSheet(rows: (string | number)[][]): Sheet {
  const spreadsheet = activeSpreadsheet();
  const selection = spreadsheet.getActiveRangeList();
  // The active tab is needed only when nothing is selected to go back to.
  const active = selection ? null : spreadsheet.getActiveSheet();
  const sheet = spreadsheet.insertSheet(LOG_SHEET_NAME, spreadsheet.getSheets().length);
  const header = sheet.getRange(1, 1, 1, LOG_HEADERS.length);
  if (rows.length === 0) header.setValues([[...LOG_HEADERS]]);
  else sheet.getRange(1, 1, rows.length + 1, LOG_HEADERS.length).setValues([[...LOG_HEADERS], ...rows]);
  header.setFontWeight('bold');
  sheet.setFrozenRows(1);
  // insertSheet shows the new tab and selects A1 there; the user stays where they were.
  if (selection) selection.activate();
  else active?.activate();
  return sheet;
}

/** An automatic run that sent nothing and ended normally: the hourly trigger found nothing new. */
export function sentNothing(progress: ImportProgress): boolean {
  return (progress.state === 'nothing' || progress.state === 'done') && progress.requests === 0;
}

/**
 * Adds the run's row and drops the oldest beyond 5,000. A run someone started is always logged;
 * an automatic one only when it sent something or stopped, so quiet hours leave no rows. Never
 * throws: a log that cannot be written must not turn a finished import into an error.
 */
/** `sheetName`: the run's tab's name as the run's end found it (null: deleted since). */
export function logRun(job: JobRecord, progress: ImportProgress, sheetName: string | null): ImportProgress {
  const origin = originOf(job);
  // A run that found nothing to do (nothing selected, nothing to retry) did not run: no row.
  if (progress.state === 'nothing') return progress;
  if (origin === 'automatic' && sentNothing(progress)) return progress;
  try {
    const zone = spreadsheetTimeZone();
    const c = progress.counts;
    const row = logRow({
      Started: timeText(job.startedAt, zone),
      Ended: timeText(Date.now(), zone),
      'Started from': ORIGIN_LABELS[origin],
      Run: MODE_LABELS[job.mode] ?? job.mode,
      Sheet: sheetName ?? `(deleted sheet ${job.sheetId})`,
      'Rows considered': progress.total,
      Imported: c.imported,
      Invalid: c.invalid,
      Failed: c.failed,
      // Rows already in BotPenguin are told apart from rows skipped for a reason (opt-in, filter).
      Skipped: c.skipped - (c.alreadyImported ?? 0),
      'Already imported': c.alreadyImported ?? 0,
      Queued: c.queued,
      'Requests sent': progress.requests,
      'API host': getApiHost(),
      'How it ended':
        endingOf(progress) + (origin === 'automatic' && turnsAutoImportOff(progress) ? TURNED_OFF : ''),
      Customer: job.customer ? `${job.customer.name} (${job.customer.id})` : '',
    });
    appendLogRow(row);
  } catch (error) {
    console.warn(`The run could not be written to the ${LOG_SHEET_NAME} tab: ${String(error)}`);
  }
  return progress;
}

/**
 * An automatic run that failed before or outside an import (add-on triggers send no failure
 * email): a row with the reason in "How it ended". Never throws.
 */
export function logFailedAutomaticRun(sheet: Sheet | null, sheetId: number, reason: string): void {
  try {
    const zone = spreadsheetTimeZone();
    const now = timeText(Date.now(), zone);
    const row = logRow({
      Started: now,
      Ended: now,
      'Started from': ORIGIN_LABELS.automatic,
      Run: MODE_LABELS.auto,
      Sheet: sheet ? sheet.getName() : `(deleted sheet ${sheetId})`,
      'API host': getApiHost(),
      'How it ended': `Failed: ${reason}`,
    });
    logSheet().appendRow(row);
  } catch (error) {
    console.warn(`The failed run could not be written to the ${LOG_SHEET_NAME} tab: ${String(error)}`);
  }
}

/** "Check this installation": one row per answer, the answer in "How it ended". Never throws. */
export function logSelfCheck(origin: RunOrigin, answers: string[]): void {
  try {
    const now = timeText(Date.now(), spreadsheetTimeZone());
    for (const answer of answers)
      appendLogRow(
        logRow({
          Started: now,
          Ended: now,
          'Started from': ORIGIN_LABELS[origin],
          Run: 'Check this installation',
          'API host': getApiHost(),
          'How it ended': answer,
        }),
      );
  } catch (error) {
    console.warn(`The check could not be written to the ${LOG_SHEET_NAME} tab: ${String(error)}`);
  }
}

function appendLogRow(row: (string | number)[]): void {
  const sheet = existingLogSheet();
  if (!sheet) {
    createLogSheet([row]);
    return;
  }
  sheet.appendRow(row);
  const runs = sheet.getLastRow() - 1;
  if (runs > LOG_MAX_RUNS) sheet.deleteRows(2, runs - LOG_MAX_RUNS);
}

/** What a removal run did, in the log's Run column. */
const REMOVAL_LABELS = {
  selected: 'Remove selected contacts',
  'optOuts/remove': `Opt-outs: remove from ${BRAND.serviceName}`,
  'optOuts/tag': 'Opt-outs: tag',
} as const;

/**
 * A removal or tagging run's row, in the same columns: Imported counts contacts tagged (the tag
 * goes through the import), Failed the rows not done, Skipped those not found, with several
 * contacts or changed since, Queued the rows left; How it ended names each count.
 */
export function logRemovalRun(
  job: { startedAt: number; origin?: RunOrigin; kind: 'optOuts' | 'selected'; handling: 'remove' | 'tag' },
  progress: RemovalProgress,
  sheetName: string,
): void {
  const origin = job.origin && job.origin in ORIGIN_LABELS ? job.origin : 'sidebar';
  if (origin === 'automatic' && progress.state === 'done' && progress.requests === 0) return;
  try {
    const zone = spreadsheetTimeZone();
    const c = progress.counts;
    const label =
      job.kind === 'selected' ? REMOVAL_LABELS.selected : REMOVAL_LABELS[`optOuts/${job.handling}`];
    const ending =
      progress.state === 'running'
        ? 'Time budget'
        : progress.state === 'stopped'
          ? STOP_LABELS[progress.stopReason ?? 'token']
          : progress.state === 'cancelled'
            ? 'Cancelled'
            : 'Done';
    const named = [
      `${c.removed} removed`,
      `${c.tagged} tagged`,
      `${c.notFound} not found`,
      `${c.several} with several contacts`,
    ].join(', ');
    appendLogRow(
      logRow({
        Started: timeText(job.startedAt, zone),
        Ended: timeText(Date.now(), zone),
        'Started from': ORIGIN_LABELS[origin],
        Run: label,
        Sheet: sheetName,
        'Rows considered': progress.total,
        Imported: c.tagged,
        Failed: c.failed,
        Skipped: c.notFound + c.several + c.skipped,
        Queued: c.left,
        'Requests sent': progress.requests,
        'API host': getApiHost(),
        'How it ended': `${ending}: ${named}`,
      }),
    );
  } catch (error) {
    console.warn(`The run could not be written to the ${LOG_SHEET_NAME} tab: ${String(error)}`);
  }
}

/** The sidebar's "Open log": shows the tab, creating it when missing. */
export function openLog(): string {
  const sheet = logSheet();
  sheet.activate();
  return sheet.getName();
}
