/**
 * Small text rules used by the server and the sidebar alike, so a count or a tag list reads the
 * same everywhere. Words and plural forms are in the catalogues (src/shared/i18n.ts).
 */

/** "1,234": grouping by hand, because Apps Script's V8 documents little of Intl. */
export function formatCount(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
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
