/**
 * The text the add-on writes into a row's BotPenguin Details cell, and how it reads that text
 * back. The sheet holds each job's state, so what is written here is also what later runs parse:
 * the Queued token ("import 3f9a1c #12"), the status a queued row had before ("was Failed") and
 * the record of an imported contact ("Imported 2026-11-25 14:03 as +91 … (India) · ref 1f34a4").
 *
 * Details are written in the marketer's language, and a collaborator with another language may
 * run the next import: so these parts are read with the templates of every catalogue (see
 * `templatePatterns`), never with one language's words. Writing and reading live side by side so
 * they cannot drift apart. Platform-free.
 */
import { BRAND } from '../shared/brand';
import { STATUS, type StatusWord } from '../shared/contracts';
import { everyLanguage, type MessageKey, t } from '../shared/i18n';
import type { SendFailure } from './send-types';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const STATUS_ALTERNATION = Object.values(STATUS).map(escapeRegExp).join('|');

/** What each machine-read placeholder may hold. */
const PLACEHOLDER_PATTERNS: Record<string, string> = {
  job: '(?<job>[0-9a-f]{6})',
  token: '(?<token>\\d+)',
  status: `(?<status>${STATUS_ALTERNATION})`,
  at: '(?<at>\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d)',
  // The number as sent, then its country and notes in brackets when known.
  phone: '(?<phone>\\+[\\d\\s().-]*?\\d)(?: \\((?<country>[^)]*)\\))?',
  ref: '(?<ref>[0-9a-f]{6,})',
};

/** One regular expression per language for a machine-read template, e.g. "import {job} #{token}". */
export function templatePatterns(key: MessageKey): RegExp[] {
  const seen = new Set<string>();
  const patterns: RegExp[] = [];
  for (const { text } of everyLanguage(key)) {
    if (seen.has(text)) continue;
    seen.add(text);
    const source = text
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        return name ? (PLACEHOLDER_PATTERNS[name] ?? '.*?') : escapeRegExp(part);
      })
      .join('');
    patterns.push(new RegExp(source));
  }
  return patterns;
}

function firstMatch(patterns: RegExp[], text: string): RegExpExecArray | null {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match;
  }
  return null;
}

const QUEUED_TOKEN = templatePatterns('details.queuedToken');
const LEFT_BY = templatePatterns('details.leftBy');
const PREVIOUS_STATUS = templatePatterns('details.was');
const IMPORT_RECORD = templatePatterns('details.importRecord');
/** What versions before 0.2 wrote: no number (English only, as they were). */
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
  const was = previousStatus ? t('details.was', { status: previousStatus }) : '';
  const queued = t('details.queuedToken', { job: jobId, token });
  return t('details.queued', { queued, was, last: lastImportSuffix(previousDetails) });
}

/** An earlier import, as recorded in a row's Details. */
export interface ImportRecord {
  /** The record as written, e.g. "Imported 2026-11-25 14:03 as +1 201-555-1492 (United States) · ref 1f34a4". */
  text: string;
  /** The number as it was sent, digits only with the country code ("12015551492"); null in old records. */
  digits: string | null;
  /** That number as written in the record ("+1 201-555-1492"); null in old records. */
  phone: string | null;
  fingerprint: string;
}

/** The import a row's Details records (its own, or the last one kept after a later failure). */
export function importRecordOf(details: string): ImportRecord | null {
  const current = firstMatch(IMPORT_RECORD, details);
  if (current?.groups) {
    const { phone, ref } = current.groups;
    return { text: current[0], digits: phone.replace(/\D/g, ''), phone, fingerprint: ref };
  }
  const old = OLD_IMPORT_RECORD.exec(details);
  return old ? { text: old[0], digits: null, phone: null, fingerprint: old[2] } : null;
}

/** " · last Imported … · ref …" for a row whose Details carry an earlier import, else ''. */
function lastImportSuffix(details: string): string {
  const record = importRecordOf(details);
  return record ? t('details.last', { record: record.text }) : '';
}

/** Details for a row put back to Imported: its earlier import record. */
export function restoredImportDetails(details: string): string {
  return importRecordOf(details)?.text ?? t('details.importOverwritten');
}

/** The job token of a Queued row, or null when the row is not Queued by `jobId`. */
export function queuedTokenOf(status: string, details: string, jobId: string): number | null {
  if (status !== STATUS.queued) return null;
  const groups = firstMatch(QUEUED_TOKEN, details)?.groups;
  return groups && groups.job === jobId ? Number(groups.token) : null;
}

/** The job that queued a Queued row ('' when the Details carry no token). */
export function queuedJobOf(status: string, details: string): string | null {
  if (status !== STATUS.queued) return null;
  return (firstMatch(QUEUED_TOKEN, details) ?? firstMatch(LEFT_BY, details))?.groups?.job ?? '';
}

/** The status a queued row had before the job queued it ('' when it had none). */
export function previousStatusOf(details: string): StatusWord | '' {
  return (firstMatch(PREVIOUS_STATUS, details)?.groups?.status as StatusWord | undefined) ?? '';
}

// ---------------------------------------------------------------------------------------------
// Outcomes

/** Reasons as sentences: each ends with the language's full stop unless it already ends one. */
function sentences(reasons: readonly string[]): string {
  return reasons.map((r) => (/[.!?।]$/.test(r) ? r : r + t('list.fullStop'))).join(' ');
}

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
  return t('details.importRecord', { at, phone: asSent, ref: fingerprint }) + tail;
}

/** A row written by an export from BotPenguin: already there, so a re-import leaves it alone. */
export function exportedDetails(at: string, asSent: string, fingerprint: string): string {
  return importedDetails(at, asSent, fingerprint, [t('details.exported')]);
}

/** An invalid row; `earlier` (its Details before) keeps the record of an earlier import, if any. */
export function invalidDetails(reasons: readonly string[], earlier = ''): string {
  return t('details.invalid', { reasons: sentences(reasons) }) + lastImportSuffix(earlier);
}

export const blankRowDetails = () => invalidDetails([t('details.blankRow')]);

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
  const was = /(\+[\d\s().-]*?\d)(?: \(|\s·)/.exec(record.text)?.[1] ?? `+${record.digits}`;
  return t('details.phoneChanged', { was, now, record: record.text });
}

export const hiddenByFilterDetails = () => t('details.hiddenByFilter');

export function validDetails(label: string): string {
  return t('details.valid', { label });
}

/** A send failure as the clause that opens a Failed row's Details, in the marketer's language. */
export function failureReason(failure: SendFailure): string {
  const { message } = failure;
  switch (failure.kind) {
    case 'refused':
      return t('details.failure.refused', { message });
    case 'refusedBatch':
      return t('details.failure.refusedBatch', { message });
    case 'token':
      return t('details.failure.token', { message });
    case 'gaveUp':
      return t('export.gaveUp', { reason: message, count: failure.attempts });
    case 'waitTooLong':
      return t('details.failure.waitTooLong', { message, seconds: failure.seconds });
    case 'tooLarge':
      return t('details.failure.tooLarge', { message });
    case 'failed':
      return message;
  }
}

/**
 * A failed row; `tokenStopped`: the run stopped on a rejected token, so every row it failed asks
 * for a new token. `earlier` (its Details before) keeps the record of an earlier import, if any.
 */
export function failedDetails(failure: SendFailure, tokenStopped: boolean, at: string, earlier = ''): string {
  const key =
    tokenStopped || failure.kind === 'token'
      ? 'details.failedToken'
      : failure.kind === 'refused'
        ? 'details.failedFixRow'
        : 'details.failed';
  // The reason opens the sentence; a clause made to go mid-sentence starts with a capital here.
  const reason = failureReason(failure);
  const opening = reason.charAt(0).toLocaleUpperCase() + reason.slice(1);
  return t(key, { reason: opening, at }) + lastImportSuffix(earlier);
}

/** Rows a job leaves unsent stay Queued, with a sentence saying why and what to do. */
export function notSentYetDetails(why: string, at: string, earlier = ''): string {
  // The job that queued it stays named: an automatic run continues only its owner's rows.
  const job = queuedJobOf(STATUS.queued, earlier);
  const from = job ? ` · ${t('details.leftBy', { job })}` : '';
  return t('details.notSentYet', { why, at }) + from + lastImportSuffix(earlier);
}

/** Details written at the start of a job carry the time they were written. */
export function stamped(details: string, at: string): string {
  return `${details} (${at})`;
}
