/**
 * The text the add-on writes into a row's BotPenguin Details cell, and how it reads that text
 * back. The sheet holds each job's state, so what is written here is also what later runs parse:
 * the Queued token ("import 3f9a1c #12"), the status a queued row had before ("was Failed") and
 * the fingerprint of an imported contact ("ref 1f34a4…"). Writing and reading live side by side so
 * they cannot drift apart. Platform-free.
 */
import { BRAND } from '../shared/brand';
import { STATUS, type StatusWord } from '../shared/contracts';
import { sentences, TOKEN_SOURCE } from '../shared/text';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STATUS_ALTERNATION = Object.values(STATUS).map(escapeRegExp).join('|');

const QUEUED_TOKEN = /\bimport ([0-9a-f]{6}) #(\d+)\b/;
const PREVIOUS_STATUS = new RegExp(`\\bwas (${STATUS_ALTERNATION})\\b`);
const IMPORTED_REF = /\bref ([0-9a-f]{6,})\b/;
/** "Imported 2026-11-25 14:03 as +1 201-555-1492 (United States…) · ref 1f34a4b2" */
const IMPORT_RECORD =
  /\bImported (\d{4}-\d\d-\d\d \d\d:\d\d) as (\+[\d\s().-]*?\d)(?: \(([^)]*)\))? · ref ([0-9a-f]{6,})\b/;
/** What versions before 0.2 wrote: no number. */
const OLD_IMPORT_RECORD = new RegExp(
  `\\bImported into ${escapeRegExp(BRAND.serviceName)} on (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d) · ref ([0-9a-f]{6,})\\b`,
);

/** A job id: six lowercase hex digits. */
export const JOB_ID_PATTERN = /^[0-9a-f]{6}$/;

// ---------------------------------------------------------------------------------------------
// Written when a job starts and read by every chunk

/**
 * A row waiting in job `jobId` as its `token`-th row; remembers the status it had before and, when
 * it was imported before, that import (so a failed re-send does not lose it).
 */
export function queuedDetails(
  jobId: string,
  token: number,
  previousStatus: string,
  previousDetails = '',
): string {
  const was = previousStatus ? ` · was ${previousStatus}` : '';
  return `Waiting to be sent · import ${jobId} #${token}${was}${lastImportSuffix(previousDetails)}`;
}

/** An earlier import, as recorded in a row's Details. */
export interface ImportRecord {
  /** The record as written, e.g. "Imported 2026-11-25 14:03 as +1 201-555-1492 (United States) · ref 1f34a4". */
  text: string;
  /** The number as it was sent, digits only with the country code ("12015551492"); null in old records. */
  digits: string | null;
  fingerprint: string;
}

/** The import a row's Details records (its own, or the last one kept after a later failure). */
export function importRecordOf(details: string): ImportRecord | null {
  const current = IMPORT_RECORD.exec(details);
  if (current) return { text: current[0], digits: current[2].replace(/\D/g, ''), fingerprint: current[4] };
  const old = OLD_IMPORT_RECORD.exec(details);
  return old ? { text: old[0], digits: null, fingerprint: old[2] } : null;
}

/** " · last Imported … · ref …" for a row whose Details carry an earlier import, else ''. */
function lastImportSuffix(details: string): string {
  const record = importRecordOf(details);
  return record ? ` · last ${record.text}` : '';
}

/** Details for a row put back to Imported: its earlier import record. */
export function restoredImportDetails(details: string): string {
  return importRecordOf(details)?.text ?? 'Imported before (the details of that import were overwritten).';
}

/** The job token of a Queued row, or null when the row is not Queued by `jobId`. */
export function queuedTokenOf(status: string, details: string, jobId: string): number | null {
  if (status !== STATUS.queued) return null;
  const match = QUEUED_TOKEN.exec(details);
  return match && match[1] === jobId ? Number(match[2]) : null;
}

/** The status a queued row had before the job queued it ('' when it had none). */
export function previousStatusOf(details: string): StatusWord | '' {
  return (PREVIOUS_STATUS.exec(details)?.[1] as StatusWord | undefined) ?? '';
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/**
 * An imported row: when, and the number exactly as it went to BotPenguin with its country, first;
 * then the fingerprint that lets later runs leave an unchanged contact alone; then any notes.
 */
export function importedDetails(
  at: string,
  asSent: string,
  fingerprint: string,
  notes: readonly string[] = [],
): string {
  const tail = notes.length ? ` · ${notes.join(' · ')}` : '';
  return `Imported ${at} as ${asSent} · ref ${fingerprint}${tail}`;
}

/** The fingerprint an Imported row was imported with, or null when it carries none. */
function importedFingerprintOf(details: string): string | null {
  return IMPORTED_REF.exec(details)?.[1] ?? null;
}

/** A row written by an export from BotPenguin: already there, so a re-import leaves it alone. */
export function exportedDetails(at: string, asSent: string, fingerprint: string): string {
  return importedDetails(at, asSent, fingerprint, [`exported from ${BRAND.serviceName}`]);
}

/** An invalid row; `earlier` (its Details before) keeps the record of an earlier import, if any. */
export function invalidDetails(reasons: readonly string[], earlier = ''): string {
  return `${sentences(reasons)} Fix the row, then import it again.${lastImportSuffix(earlier)}`;
}

export const BLANK_ROW_DETAILS = invalidDetails(['The row is now blank']);

export function duplicateDetails(reasons: readonly string[]): string {
  return sentences(reasons);
}

/** A row skipped because its opt-in column does not say yes. */
export function noConsentDetails(reasons: readonly string[]): string {
  return sentences(reasons);
}

/**
 * An imported row whose phone would now go out as another number: sending it would create a
 * second contact, so it waits for an explicit Re-send. The earlier import stays on record.
 */
export function phoneChangedDetails(record: ImportRecord, now: string): string {
  const was = /\bas (\+[\d\s().-]*?\d)(?: \(|\s·)/.exec(record.text)?.[1] ?? `+${record.digits}`;
  return `Phone changed since import: was ${was}, now ${now} — use Re-send to import it as a new contact · last ${record.text}`;
}

export const HIDDEN_BY_FILTER_DETAILS =
  'Hidden by a filter, so not imported. Clear the filter to include this row.';

export function validDetails(label: string): string {
  return `Ready to import: ${label}.`;
}

/** A failed row; `earlier` (its Details before) keeps the record of an earlier import, if any. */
export function failedDetails(reason: string, tokenRejected: boolean, at: string, earlier = ''): string {
  const advice = tokenRejected
    ? `Open the sidebar → Connection, paste a new token from ${TOKEN_SOURCE}, then choose Retry failed rows`
    : reason.startsWith(`${BRAND.serviceName} rejected this contact`)
      ? `Fix what ${BRAND.serviceName} named in this row, then choose Retry failed rows`
      : 'Choose Retry failed rows to try again';
  return `${reason}. ${advice} (${at})${lastImportSuffix(earlier)}`;
}

/** Rows a job leaves unsent stay Queued, with a sentence saying why and what to do. */
export function notSentYetDetails(why: string, at: string, earlier = ''): string {
  return `Not sent yet: ${why}. Choose Retry failed rows to send it. (${at})${lastImportSuffix(earlier)}`;
}

/** Details written at the start of a job carry the time they were written. */
export function stamped(details: string, at: string): string {
  return `${details} (${at})`;
}
