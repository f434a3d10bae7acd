/**
 * Text the add-on writes into a cell stays that text, never a formula or a number: the one rule
 * for every write of text. Sheets reads text starting with = + - @ as a formula and a leading
 * apostrophe as "keep the rest as text", so such text (and text that itself starts with an
 * apostrophe) gets one apostrophe in front, which Sheets does not store.
 *
 * Plain-text ('@') cells: whether they too swallow that apostrophe is not on Google's pages.
 * Where "Check this installation" saw them keep it (platform-facts), only text starting with '='
 * gets it there: the format keeps + - @ as typed, while '=' keeps its apostrophe, visible, rather
 * than risk a formula. Unknown: the apostrophe, as in any cell.
 */
import { readPlatformFacts } from './platform-facts';

const NEEDS_APOSTROPHE = /^[=+\-@']/;

/** Text for an ordinary (not plain-text) cell. */
export function cellText(text: string): string {
  return NEEDS_APOSTROPHE.test(text) ? `'${text}` : text;
}

export interface PlainTextCells {
  /** What to write into a plain-text cell for `text`. */
  write(text: string): string;
  /** What getValues will return for a cell written with write(). */
  readBack(written: string): string;
}

/** The rule for plain-text cells on this deployment (reads the stored answer once). */
export function plainTextCells(): PlainTextCells {
  const keepsApostrophe = readPlatformFacts().plainTextKeepsApostrophe === true;
  if (!keepsApostrophe) return { write: cellText, readBack: (w) => (w.startsWith("'") ? w.slice(1) : w) };
  return { write: (text) => (text.startsWith('=') ? `'${text}` : text), readBack: (w) => w };
}
