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
  return out;
}
