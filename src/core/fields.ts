/**
 * The non-phone fields of a contact: email, name, tags and attribute values.
 * Cells arrive as raw Sheets values (string | number | boolean | Date | null, '' when empty).
 */

import { t } from '../shared/i18n';
import { cleanTags } from '../shared/text';

/** A raw cell value as Sheets' getValues() returns it ('' for an empty cell). */
export type CellValue = string | number | boolean | Date | null;
/** A cell as read from a row array, which may be shorter than the header row. */
export type RawCell = CellValue | undefined;

/** True for a cell a person would call empty: null, '' or only whitespace. */
export function isEmptyCell(value: RawCell): boolean {
  if (typeof value !== 'string') return value === null || value === undefined;
  // A visible ASCII character first: not empty, with nothing to trim.
  const first = value.charCodeAt(0);
  return !(first > 32 && first < 127) && value.trim() === '';
}

/**
 * A deliberately simple address check, not RFC 5322: exactly one @, a non-empty local part, a
 * domain made of non-empty labels with at least one dot, and no whitespace. It catches what goes
 * wrong in sheets (typos, missing domain, two addresses in one cell) without rejecting odd but
 * real addresses.
 */
export const EMAIL_PATTERN = /^[^\s@]+@(?:[^\s@.]+\.)+[^\s@.]+$/;
const MAILTO = /^mailto:/i;

/** A failure keeps the cell's text, so a caller can leave the email out and say which one. */
export type EmailResult = { ok: true; email: string | null } | { ok: false; reason: string; text: string };

/** Writes a date cell as text; the server passes one in the spreadsheet's time zone. */
export type DateFormatter = (date: Date) => string;

/** Trimmed, "mailto:" removed, domain lower-cased; null when the cell is empty. */
export function normaliseEmail(value: RawCell, formatDate?: DateFormatter): EmailResult {
  if (isEmptyCell(value)) return { ok: true, email: null };
  const text = typeof value === 'string' ? value.trim().replace(MAILTO, '') : cellText(value, formatDate);
  if (!EMAIL_PATTERN.test(text)) {
    return { ok: false, reason: t('contact.badEmail', { email: text }), text };
  }
  const at = text.indexOf('@');
  const domain = text.slice(at + 1);
  const lowered = domain.toLowerCase();
  // Most domains are written lower-case already: the cell's own text is kept then.
  // Joined, not added: one flat string is held, not a pair of pieces and their join.
  return { ok: true, email: lowered === domain ? text : [text.slice(0, at + 1), lowered].join('') };
}

const WHITESPACE_RUN = /\s+/g;
/** Whitespace other than single spaces: most names have none, and are then only trimmed. */
const UNFOLDED_WHITESPACE = /[^\S ]| {2}/;

/** Trimmed, inner whitespace collapsed to one space. */
export function cleanName(value: RawCell, formatDate?: DateFormatter): string {
  if (isEmptyCell(value)) return '';
  const text = cellText(value, formatDate);
  return UNFOLDED_WHITESPACE.test(text) ? text.replace(WHITESPACE_RUN, ' ').trim() : text;
}

/** "Ana" + "García" → "Ana García"; either part may be missing. */
export function joinNames(first: RawCell, last: RawCell, formatDate?: DateFormatter): string {
  const firstName = cleanName(first, formatDate);
  const lastName = cleanName(last, formatDate);
  return firstName && lastName ? `${firstName} ${lastName}` : firstName || lastName;
}

const TAG_SEPARATORS = /\s*:::\s*|[,;\r\n]+/;
/** Google Contacts marks its own groups with "* " ("* myContacts", "* starred"): not the user's labels. */
const SYSTEM_LABEL = /^\*\s/;

/** "VIP, lead;  Lead\nnew" → ["VIP", "lead", "new"]; "* myContacts ::: Friends" → ["Friends"]. */
export function splitTags(value: RawCell, formatDate?: DateFormatter): string[] {
  if (isEmptyCell(value)) return [];
  const tags = cellText(value, formatDate)
    .split(TAG_SEPARATORS)
    .filter((tag) => !SYSTEM_LABEL.test(tag.trim()))
    // Mailchimp writes its TAGS as "Customers","VIP".
    .map((tag) => tag.trim().replace(/^"(.*)"$/, '$1'));
  return mergeTags(tags, []);
}

/**
 * Row tags first, then the default tags; trimmed, empty ones dropped, de-duplicated ignoring case
 * with the first spelling kept.
 */
export function mergeTags(rowTags: readonly string[], defaultTags: readonly string[]): string[] {
  return cleanTags([...rowTags, ...defaultTags]);
}

/**
 * An attribute value as text: Dates through the caller's `formatDate` (the spreadsheet's time
 * zone), booleans as 'true'/'false', numbers without exponent notation. '' means leave it out.
 */
export function attributeText(value: RawCell, formatDate: DateFormatter): string {
  return cellText(value, formatDate);
}

/**
 * A cell as trimmed text: the one place a Date cell becomes text, for names, emails, tags and
 * attributes alike. Dates go through `formatDate` (the server's formats in the spreadsheet's time
 * zone, so 31 Jan in Kolkata stays 31 Jan); without one, the UTC calendar date (yyyy-mm-dd).
 * Booleans are 'true'/'false', numbers have no exponent notation, null/undefined are ''.
 */
export function cellText(value: RawCell, formatDate?: DateFormatter): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    return formatDate ? formatDate(value) : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return plainNumber(value);
  return value.trim();
}

/**
 * A number as people write it: 1e21 → "1000000000000000000000", 0.1 + 0.2 → "0.3", 1e-7 →
 * "0.0000001". Safe integers are printed exactly (ids, postcodes); anything else is rounded to
 * 15 significant digits, which removes binary floating-point noise.
 */
export function plainNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isSafeInteger(value)) return String(value);
  // JavaScript's shortest text for the number, when it has at most 15 significant digits and no
  // exponent, is what rounding to 15 digits gives too: no noise to remove.
  const shortest = String(value);
  if (SHORT_DECIMAL.test(shortest)) return shortest;
  const rounded = String(Number(value.toPrecision(15)));
  return rounded.includes('e') ? expandExponent(rounded) : rounded;
}

/** A decimal without exponent of at most 15 significant digits ("-0.0045", "1234.5"). */
const SHORT_DECIMAL = /^-?(?:0\.0*[1-9]\d{0,14}|[1-9](?=[\d.]{1,15}$)\d*\.\d+)$/;

function expandExponent(text: string): string {
  const [mantissa, exponentText] = text.split('e');
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const point = unsigned.indexOf('.');
  const digits = unsigned.replace('.', '');
  // Position of the decimal point within `digits` after applying the exponent.
  const pointAt = (point === -1 ? unsigned.length : point) + Number(exponentText);
  let result: string;
  if (pointAt <= 0) result = `0.${'0'.repeat(-pointAt)}${digits}`;
  else if (pointAt >= digits.length) result = digits + '0'.repeat(pointAt - digits.length);
  else result = `${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
  return negative ? `-${result}` : result;
}
