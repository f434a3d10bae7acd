import { BRAND } from './brand';
/**
 * Small text rules used by the server and the sidebar alike, so a count, a tag list or the
 * "where is my token" sentence reads the same everywhere.
 */

/** Where a BotPenguin user finds their API token. */
export const TOKEN_SOURCE = BRAND.tokenLocation;

/** "1,234": grouping by hand, because Apps Script's V8 documents little of Intl. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "1 row", "2 rows", "1,000 rows". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Reasons as sentences: each ends with a full stop unless it already ends a sentence. */
export function sentences(reasons: readonly string[]): string {
  return reasons.map((r) => (/[.!?]$/.test(r) ? r : `${r}.`)).join(' ');
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
