/**
 * Removing contacts from BotPenguin, exactly: which number a row recorded as sent, how a contact
 * is looked up, which of the answers is that contact, and what the row's Details then say.
 * Platform-free; the server's removal.ts does the fetching and the sheet.
 *
 * BotPenguin documents `POST /inbox/users` with `searchText` but not how searchText matches a
 * number, and `PUT /inbox/users/status-update` with an `ids` array but not whether it takes more
 * than one id (docs/botpenguin-api.md). Every choice that depends on those answers is here:
 * - the search sends the national number (a substring of both `number` and `whatsAppNumber`, so it
 *   finds the contact whichever field BotPenguin searches), every page is read until an empty one,
 *   and the answers are filtered here, exactly, by prefix and number;
 * - one id per status-update (REMOVAL_IDS_PER_REQUEST); the requests of a wave go out in parallel.
 */
import { STATUS } from '../shared/contracts';
import { t } from '../shared/i18n';
import { importRecordOf, previousStatusOf, templatePatterns } from './status-details';

/** Ids per status-update request: the stricter reading of an undocumented limit. */
export const REMOVAL_IDS_PER_REQUEST = 1;
/** Pages of search answers read for one number; more means too many look alike to be sure. */
export const MAX_LOOKUP_PAGES = 5;
/** The tag Handle opt-outs adds when the sheet chose tagging, unless the sheet names another. */
export const DEFAULT_OPT_OUT_TAG = 'opted-out';
/** Numbers a confirmation names before "and N more". */
export const CONFIRMATION_SAMPLES = 3;

/** A number as a row's Details record it was sent: what the contact in BotPenguin must carry. */
export interface RecordedNumber {
  prefix: string;
  number: string;
  /** As written in the record, "+91 98765 43210". */
  text: string;
  /** The whole import record, kept in every Details written after it. */
  record: string;
}

/**
 * The number a row's Details record as sent, split into BotPenguin's prefix and number the way the
 * record wrote it ("+91 98765 43210": the international format puts a space after the country
 * code). Null when there is no record, an old record without the number, or the text cannot be
 * split so that prefix + number are the recorded digits.
 */
export function recordedNumberOf(details: string): RecordedNumber | null {
  const record = importRecordOf(details);
  if (!record?.phone || !record.digits) return null;
  const split = /^\+(\d{1,3})[\s(-]+(.*)$/.exec(record.phone);
  if (!split) return null;
  const prefix = split[1];
  const number = split[2].replace(/\D/g, '');
  if (prefix + number !== record.digits || number.length === 0) return null;
  return { prefix, number, text: record.phone, record: record.text };
}

/** The body of one search page; BotPenguin expects every filter field (docs/botpenguin-api.md). */
export function searchBody(target: RecordedNumber, page: number) {
  return { searchText: target.number, tags: [] as string[], segments: [] as string[], page };
}

/** What the search answers carry that the matching reads (BotPenguin's user shape). */
export interface ListedUser {
  _id?: unknown;
  profile?: {
    userDetails?: {
      contact?: { phone?: { prefix?: unknown; number?: unknown } };
      whatsAppNumber?: unknown;
    };
  };
}

const digitsOf = (value: unknown) =>
  value === null || value === undefined ? '' : String(value).replace(/\D/g, '');

/**
 * Ids of the listed users that are this number. A user counts when its phone is exactly the
 * prefix and number, or its whatsAppNumber is exactly prefix+number: one that matches either way
 * makes the answer ambiguous rather than being ignored. Repeats (the same _id on two pages) once.
 */
export function matchingIds(users: readonly ListedUser[], target: RecordedNumber, into = new Set<string>()) {
  for (const user of users) {
    const details = user?.profile?.userDetails;
    const phone = details?.contact?.phone;
    const samePhone = digitsOf(phone?.prefix) === target.prefix && digitsOf(phone?.number) === target.number;
    const sameWhatsApp = digitsOf(details?.whatsAppNumber) === target.prefix + target.number;
    if ((samePhone || sameWhatsApp) && typeof user._id === 'string' && user._id) into.add(user._id);
  }
  return into;
}

export type LookupVerdict =
  | { kind: 'one'; id: string }
  | { kind: 'none' }
  /** `count` contacts have the number; 0 = more pages than MAX_LOOKUP_PAGES (too many to tell). */
  | { kind: 'several'; count: number };

export function lookupVerdict(ids: ReadonlySet<string>, exhausted: boolean): LookupVerdict {
  if (!exhausted) return { kind: 'several', count: 0 };
  if (ids.size === 0) return { kind: 'none' };
  if (ids.size > 1) return { kind: 'several', count: ids.size };
  return { kind: 'one', id: [...ids][0] };
}

/** The documented soft delete. */
export function statusUpdateBody(ids: readonly string[]) {
  return { ids: [...ids], status: 'DELETED' as const };
}

// ---------------------------------------------------------------------------------------------
// Details: written by removals, read back by later runs (any language)

const REMOVAL_TOKEN = templatePatterns('details.removalToken');

/** A row waiting in removal job `jobId`: the token goes before the Details it had. */
export function removalQueuedDetails(jobId: string, token: number, earlier: string): string {
  return `${t('details.removalToken', { job: jobId, token })} · ${earlier}`;
}

/** The token of a row waiting in removal job `jobId`, or null. */
export function removalTokenOf(details: string, jobId: string): number | null {
  for (const pattern of REMOVAL_TOKEN) {
    const match = pattern.exec(details);
    // Only at the start: the token is always written first.
    if (match?.index === 0 && match.groups?.job === jobId) return Number(match.groups.token);
  }
  return null;
}

const REMOVAL_SENT = templatePatterns('details.removalSent');

/**
 * Written just before the status update goes out: if the execution dies before the answer is
 * written (Apps Script's hard 6-minute stop), the row says the removal may have happened, and a
 * later lookup that finds no contact means it did.
 */
export function removalSentDetails(jobId: string, token: number, earlier: string, at: string): string {
  return removalQueuedDetails(jobId, token, `${t('details.removalSent', { at })} · ${earlier}`);
}

/** The token's part taken off, then the "removal sent" mark after it, if any. */
function splitRemovalDetails(details: string): { rest: string; sent: boolean } {
  let rest = details;
  for (const pattern of REMOVAL_TOKEN) {
    const match = pattern.exec(rest);
    if (match && match.index === 0) {
      rest = rest.slice(match[0].length).replace(/^ · /, '');
      break;
    }
  }
  for (const pattern of REMOVAL_SENT) {
    const match = pattern.exec(rest);
    if (match && match.index === 0)
      return { rest: rest.slice(match[0].length).replace(/^ · /, ''), sent: true };
  }
  return { rest, sent: false };
}

/** The Details a row had before a removal job queued it (the token and any "sent" mark taken off). */
export function withoutRemovalToken(details: string): string {
  return splitRemovalDetails(details).rest;
}

/** A status update for this row went out and its answer was never written. */
export function removalWasSent(details: string): boolean {
  return splitRemovalDetails(details).sent;
}

const last = (target: RecordedNumber) => t('details.last', { record: target.record });

/** Why a contact was removed. */
export type RemovalReason = 'optOut' | 'chosen';

export function removedDetails(at: string, target: RecordedNumber, why: RemovalReason): string {
  const reason = t(why === 'optOut' ? 'details.removedOptOut' : 'details.removedChosen');
  return t('details.removed', { at, phone: target.text, reason }) + last(target);
}

export function optOutTaggedDetails(at: string, target: RecordedNumber, tag: string): string {
  return t('details.optOutTagged', { at, phone: target.text, tag }) + last(target);
}

/** Written by an import run, which stamps the time after it. */
export function optedOutDetails(target: RecordedNumber): string {
  return t('details.optedOut', { phone: target.text }) + last(target);
}

export function notFoundDetails(at: string, target: RecordedNumber): string {
  return t('details.notFound', { at, phone: target.text }) + last(target);
}

export function severalContactsDetails(at: string, target: RecordedNumber, count: number): string {
  const key = count === 0 ? 'details.tooManyContacts' : 'details.severalContacts';
  return t(key, { at, phone: target.text, count }) + last(target);
}

export function removalFailedDetails(
  at: string,
  target: RecordedNumber,
  reason: string,
  tag: boolean,
): string {
  return (
    t(tag ? 'details.tagFailed' : 'details.removalFailed', { at, phone: target.text, reason }) + last(target)
  );
}

/**
 * The notes of an import of a queued row (`queuedDetails` its Details): one more when the contact
 * had been removed (the import creates it again) or tagged as opted out (the tag stays).
 */
export function withReimportNote(notes: readonly string[], queuedDetails: string): string[] {
  const previous = previousStatusOf(queuedDetails);
  if (previous === STATUS.removed) return [...notes, t('details.createdAgain')];
  if (previous === STATUS.optOutTagged) return [...notes, t('details.optOutTagStays')];
  return [...notes];
}
