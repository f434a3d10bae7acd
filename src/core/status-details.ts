/**
 * The text the add-on writes into a row's BotPenguin Details cell, and how it reads that text
 * back. The sheet holds each job's state, so what is written here is also what later runs parse:
 * the Queued token ("import 3f9a1c #12"), the status a queued row had before ("was Failed") and
 * the fingerprint of an imported contact ("ref 1f34a4…"). Writing and reading live side by side so
 * they cannot drift apart. Platform-free.
 */
import { STATUS, type StatusWord } from '../shared/contracts';
import { sentences, TOKEN_SOURCE } from '../shared/text';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STATUS_ALTERNATION = Object.values(STATUS).map(escapeRegExp).join('|');

const QUEUED_TOKEN = /\bimport ([0-9a-f]{6}) #(\d+)\b/;
const PREVIOUS_STATUS = new RegExp(`\\bwas (${STATUS_ALTERNATION})\\b`);
const IMPORTED_REF = /\bref ([0-9a-f]{6,})\b/;

/** A job id: six lowercase hex digits. */
export const JOB_ID_PATTERN = /^[0-9a-f]{6}$/;

// ---------------------------------------------------------------------------------------------
// Written when a job starts and read by every chunk

/** A row waiting in job `jobId` as its `token`-th row; remembers the status it had before. */
export function queuedDetails(jobId: string, token: number, previousStatus: string): string {
  const was = previousStatus ? ` · was ${previousStatus}` : '';
  return `Waiting to be sent · import ${jobId} #${token}${was}`;
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

/** An imported row; the fingerprint lets later runs leave an unchanged contact alone. */
export function importedDetails(at: string, fingerprint: string): string {
  return `Imported into BotPenguin on ${at} · ref ${fingerprint}`;
}

/** The fingerprint an Imported row was imported with, or null when it carries none. */
function importedFingerprintOf(details: string): string | null {
  return IMPORTED_REF.exec(details)?.[1] ?? null;
}

/** True when the row says Imported and its contact has not changed since. */
export function isUnchangedSinceImport(status: string, details: string, fingerprint: string): boolean {
  return status === STATUS.imported && importedFingerprintOf(details) === fingerprint;
}

export function invalidDetails(reasons: readonly string[]): string {
  return `${sentences(reasons)} Fix the row, then import it again.`;
}

export const BLANK_ROW_DETAILS = invalidDetails(['The row is now blank']);

export function duplicateDetails(reasons: readonly string[]): string {
  return sentences(reasons);
}

export const HIDDEN_BY_FILTER_DETAILS =
  'Hidden by a filter, so not imported. Clear the filter to include this row.';

export function validDetails(label: string): string {
  return `Ready to import: ${label}.`;
}

export function failedDetails(reason: string, tokenRejected: boolean, at: string): string {
  const advice = tokenRejected
    ? `Open the sidebar → Connection, paste a new token from ${TOKEN_SOURCE}, then choose Retry failed rows`
    : 'Choose Retry failed rows to try again';
  return `${reason}. ${advice} (${at})`;
}

/** Rows a job leaves unsent stay Queued, with a sentence saying why and what to do. */
export function notSentYetDetails(why: string, at: string): string {
  return `Not sent yet: ${why}. Choose Retry failed rows to send it. (${at})`;
}

export const NOT_SENT_TOKEN_REJECTED_DETAILS =
  'Not sent in the last import: BotPenguin rejected the API token.';

/** Details written at the start of a job carry the time they were written. */
export function stamped(details: string, at: string): string {
  return `${details} (${at})`;
}
