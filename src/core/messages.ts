/**
 * Every sentence the add-on shows a marketer about an import — previews, progress, results and
 * the errors they can fix — in one place, so the same thing is always said the same way.
 * Platform-free: the server fills in the numbers and names.
 */
import { BRAND } from '../shared/brand';
import type { ImportMode, JobState, SelectionPreview, StatusCounts, StopKind } from '../shared/contracts';
import { plural, TOKEN_SOURCE } from '../shared/text';

const OPEN_SIDEBAR = `Extensions → ${BRAND.menuTitle} → Open sidebar`;

const NO_ROWS_SELECTED =
  'No contact rows selected. Select the rows to import (any cell of a row selects it); the header row is never imported.';

const NOTHING_TO_RETRY = 'There are no Failed or Queued rows to retry in this sheet.';
const SELECTED_ROWS_BLANK = 'The selected rows are blank: there is nothing to import.';

export const SHEET_BUSY =
  'Another import is running in this spreadsheet right now (yours or a collaborator’s). Wait for it to finish, then try again. Nothing was sent.';

export const NO_TOKEN = `No ${BRAND.serviceName} API token is saved yet. Open the sidebar (${OPEN_SIDEBAR}), paste your token from ${TOKEN_SOURCE}, and save.`;

export const JOB_ALREADY_FINISHED = `That import has already finished or was cancelled. Check the ${BRAND.statusHeader} column.`;

export const SHEET_DELETED = 'The sheet this import was reading from was deleted. Nothing more will be sent.';

export function unknownMode(mode: string): string {
  return `Unknown import mode "${mode}".`;
}

export function emptySheet(sheetName: string): string {
  return `The sheet "${sheetName}" is empty. Put contacts in it under a header row (Name, Phone, Email…).`;
}

export function noPhoneColumn(headerRow: number, sheetName: string): string {
  return `No phone column found in row ${headerRow} of "${sheetName}". Name a column "Phone" (or "WhatsApp", "Mobile"), or choose it under Columns in the sidebar.`;
}

/** Why rows are left Queued, completing "Not sent yet: …". */
export const LEFT_QUEUED_BY_TIME_LIMIT = 'Apps Script allows 6 minutes per run and this import needed more';
export const LEFT_QUEUED_BY_CANCEL = 'the import was cancelled before this row was sent';

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
  | 'countryFromDefault'
  | 'countryFromLeadingDigits'
>;

export function previewMessage(p: PreviewCounts): string {
  if (p.rowsSelected === 0) return NO_ROWS_SELECTED;
  const parts = [`${p.ready} ready`, `${p.invalid} invalid`, `${p.alreadyImported} already imported`];
  if (p.duplicates) parts.push(plural(p.duplicates, 'duplicate'));
  if (p.hiddenByFilter) parts.push(`${p.hiddenByFilter} hidden by a filter`);
  if (p.noConsent) parts.push(`${p.noConsent} without WhatsApp opt-in`);
  if (p.phoneChanged) parts.push(`${p.phoneChanged} with a changed phone (use Re-send)`);
  const guessed: string[] = [];
  if (p.countryFromDefault) guessed.push(`${p.countryFromDefault} from the default country`);
  if (p.countryFromLeadingDigits)
    guessed.push(`${p.countryFromLeadingDigits} from the number's leading digits`);
  const countries = guessed.length ? ` Of the ready rows, the country comes ${guessed.join(' and ')}.` : '';
  return `${plural(p.rowsSelected, 'row')} selected: ${parts.join(', ')}.${countries}`;
}

/** The facts of a job that its progress sentence depends on. */
export interface JobSummary {
  mode: ImportMode;
  total: number;
  counts: StatusCounts;
  stopReason?: StopKind;
}

/** Why rows were left unsent by a stop, completing "Not sent yet: …". */
export function leftQueuedByStop(reason: StopKind): string {
  switch (reason) {
    case 'token':
      return `${BRAND.serviceName} rejected the API token`;
    case 'quota':
      return 'Apps Script’s daily allowance of requests to other servers (URL Fetch) is used up for your Google account';
    case 'permission':
      return `the add-on was not allowed to connect to ${BRAND.serviceName}`;
    case 'host-not-allowed':
      return 'the API host is not in the add-on’s list of allowed hosts';
  }
}

/** What to do after a stop, as the last sentence of the message. */
function afterStop(reason: StopKind): string {
  switch (reason) {
    case 'token':
      return `Open the sidebar → Connection, paste a new token from ${TOKEN_SOURCE}, then choose Retry failed rows.`;
    case 'quota':
      return 'Google resets it at midnight Pacific time; then choose Retry failed rows.';
    case 'permission':
      return `Choose ${OPEN_SIDEBAR} and allow the add-on to "Connect to an external service" when Google asks, then choose Retry failed rows.`;
    case 'host-not-allowed':
      return 'Pick an allowed API host in the sidebar → Connection (or ask whoever deployed the add-on to add yours), then choose Retry failed rows.';
  }
}

function stoppedMessage(job: JobSummary): string {
  const c = job.counts;
  const reason = job.stopReason ?? 'token';
  const before = `${plural(c.imported, 'row')} imported before that`;
  const queued = c.queued ? ` ${plural(c.queued, 'row stays', 'rows stay')} Queued.` : '';
  const what =
    reason === 'token'
      ? `${BRAND.serviceName} rejected the API token`
      : `${leftQueuedByStop(reason).replace(/^the /, 'The ').replace(/^Apps/, 'Apps')}`;
  return `${what}, so the import stopped and nothing more was sent (${before}).${queued} ${afterStop(reason)}`;
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
  if (c.invalid) rest.push(`${plural(c.invalid, 'row is', 'rows are')} Invalid`);
  if (c.failed) rest.push(`${plural(c.failed, 'row', 'rows')} Failed`);
  if (alreadyImported)
    rest.push(`${plural(alreadyImported, 'row was', 'rows were')} already imported and left alone`);
  if (duplicates)
    rest.push(
      `${plural(duplicates, 'duplicate row was', 'duplicate rows were')} skipped (same phone as a row above)`,
    );
  if (phoneChanged)
    rest.push(
      `${plural(phoneChanged, 'row is', 'rows are')} Phone changed (not sent: tick Re-send rows already imported to import the new number as a new contact)`,
    );
  if (otherSkipped > 0)
    rest.push(
      `${plural(otherSkipped, 'row was', 'rows were')} Skipped (no WhatsApp opt-in, or hidden by a filter)`,
    );
  return rest.length ? ` ${rest.join(', ')}; see the ${BRAND.statusHeader} column.` : '';
}

export function progressMessage(job: JobSummary, state: JobState): string {
  const c = job.counts;
  const tail = otherRows(c);
  switch (state) {
    case 'running':
      return `${plural(c.imported, 'row')} imported so far; ${plural(c.queued, 'row')} still to send…`;
    case 'done':
      if (job.mode === 'validate') {
        const ready = c.valid
          ? `${plural(c.valid, 'row is', 'rows are')} ready to import`
          : 'no row is ready to import';
        return `Checked ${plural(job.total, 'row')}: ${ready}.${tail}`;
      }
      if (c.imported === 0)
        return `No rows were imported.${tail || ' None of the rows was ready to send.'}${c.failed ? ` ${RETRY_ADVICE}` : ''}`;
      return `Imported ${plural(c.imported, 'row')} into ${BRAND.serviceName}.${tail}${c.failed ? ` ${RETRY_ADVICE}` : ''}`;
    case 'cancelled':
      return `Import cancelled: ${plural(c.imported, 'row')} imported; ${plural(c.queued, 'row stays', 'rows stay')} Queued. Choose Retry failed rows to send them.${tail}`;
    case 'stopped':
      return stoppedMessage(job);
    default:
      return '';
  }
}

const RETRY_ADVICE = 'Choose Retry failed rows to send the Failed ones again.';

/** A menu run that used up its execution: what was done and how to finish. */
export function stoppedByTimeLimit(counts: StatusCounts): string {
  return `Imported ${plural(counts.imported, 'row')} so far. ${plural(counts.queued, 'row is', 'rows are')} still Queued because Apps Script stops every run after 6 minutes: choose Retry failed rows to send them.`;
}

/** Selecting rows by status word from the sidebar. */
export function rowsSelected(rows: number, word: string): string {
  return `Selected ${plural(rows, `${word} row`)}. Fix ${rows === 1 ? 'it' : 'them'} in the sheet, then choose Import selected.`;
}

export function noRowsWithStatus(word: string, sheetName: string): string {
  return `No rows of "${sheetName}" are ${word}: there is nothing to select. The selection was left as it was.`;
}

export function nothingToClear(selectedRows: number): string {
  return selectedRows === 0
    ? `No contact rows selected. Select the rows whose ${BRAND.serviceName} status you want to clear.`
    : `The selected rows have no ${BRAND.serviceName} status to clear.`;
}

export function statusCleared(rows: number): string {
  return rows === 0
    ? `The selected rows had no ${BRAND.serviceName} status: nothing was cleared.`
    : `Cleared the ${BRAND.serviceName} status of ${plural(rows, 'row')}. Import selected now treats ${rows === 1 ? 'it as a new row' : 'them as new rows'}.`;
}

export const TAGS_NEED_TOKEN = `Save your API token under Connection to see your ${BRAND.serviceName} tags here. You can still type tags.`;

/** The account's tags could not be loaded: why, and that typing still works. */
export function tagsNotLoaded(kind: string, detail: string): string {
  const why =
    kind === 'auth'
      ? `${BRAND.serviceName} rejected the API token (it answered: "${detail}"). Check the token under Connection`
      : `${BRAND.serviceName} did not send its tags (${detail}). Press Refresh tags to try again`;
  return `${why}. You can still type tags; names ${BRAND.serviceName} does not have yet become new tags.`;
}

export function nothingToDoMessage(mode: ImportMode, candidates: number): string {
  if (mode === 'retry') return NOTHING_TO_RETRY;
  return candidates === 0 ? NO_ROWS_SELECTED : SELECTED_ROWS_BLANK;
}

/** Appended to any unexpected error: what it means for the sheet and what to do. */
export function unexpectedError(detail: string): string {
  return `Something went wrong in the add-on: ${detail}. Nothing was lost: rows keep the status they show. Try again; if it happens again, send this message to the add-on's support (Extensions → ${BRAND.menuTitle} → Help).`;
}
