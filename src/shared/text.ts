/**
 * Small text rules used by the server and the sidebar alike, so a count or a tag list reads the
 * same everywhere. Words and plural forms are in the catalogues (src/shared/i18n.ts).
 */

/**
 * Each language's own way of grouping digits (CLDR): "20,000" in English, "20.000" in Spanish
 * and Portuguese (Spanish leaves 4-digit numbers whole: "2000"), "20 000" with a narrow no-break
 * space in French, "1,00,000" in Hindi's Indian grouping. By hand, because Apps Script's V8
 * documents little of Intl.
 */
const GROUPING: Record<string, { separator: string; minimumDigits: number; indian?: true }> = {
  en: { separator: ',', minimumDigits: 4 },
  es: { separator: '.', minimumDigits: 5 },
  'pt-BR': { separator: '.', minimumDigits: 4 },
  fr: { separator: '\u202f', minimumDigits: 4 },
  hi: { separator: ',', minimumDigits: 4, indian: true },
};

/** A whole number as `language` writes it (English when the language is not one of ours). */
export function formatCount(count: number, language = 'en'): string {
  const rule = GROUPING[language] ?? GROUPING.en;
  const digits = String(Math.abs(Math.trunc(count)));
  const sign = count < 0 ? '-' : '';
  if (!Number.isFinite(count) || digits.length < rule.minimumDigits) return String(count);
  if (rule.indian) {
    // The last three digits, then groups of two: 1,00,000 and 12,34,567.
    const head = digits.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, rule.separator);
    return `${sign}${head}${rule.separator}${digits.slice(-3)}`;
  }
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, rule.separator);
}

const WHITESPACE_RUN = /\s+/g;

/**
 * `items` in an array of exactly their length. An array grown by push() keeps room for 17 items:
 * over 100 bytes more than one tag or reason needs, held by each row's outcome until the run
 * writes it, and copied by every garbage collection until then.
 */
export function fitted<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}

/**
 * The one rule for tag lists: inner whitespace folded, trimmed, empty ones dropped, repeats
 * dropped ignoring case with the first spelling kept.
 */
export function cleanTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = String(raw).replace(WHITESPACE_RUN, ' ').trim();
    const identity = tag.toLowerCase();
    if (tag && !seen.has(identity)) {
      seen.add(identity);
      out.push(tag);
    }
  }
  return fitted(out);
}

/**
 * UTF-8 bytes of the character starting at text[i]: 4 for a surrogate pair (two UTF-16 units,
 * so the caller steps over both), 3 for a lone surrogate (written as U+FFFD). The one byte rule
 * for request bodies, stored records and settings pieces.
 */
export function utf8CharBytes(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return 4;
  }
  return 3;
}

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 bytes of a text, as a request body or a stored property holds it. */
export function utf8Length(text: string): number {
  // One byte each up to the first other character (most of a JSON body): only the rest is walked.
  const firstOther = text.search(NON_ASCII);
  if (firstOther < 0) return text.length;
  let bytes = firstOther;
  for (let i = firstOther; i < text.length; i++) {
    const size = utf8CharBytes(text, i);
    bytes += size;
    if (size === 4) i++;
  }
  return bytes;
}
