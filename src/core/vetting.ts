/**
 * What an exception's text may become in front of a marketer. Only texts the add-on recognises
 * (Apps Script's own, listed here) are shown as they are; anything else is reduced to a short,
 * safe excerpt for "unexpected answer from …" (no URLs, no tokens, no markup, no control
 * characters). Platform-free; returns data, the server words it.
 */

export type VettedText =
  /** A text the add-on knows, without the URL Apps Script puts in it. */
  { kind: 'recognised'; text: string } | { kind: 'unrecognised'; excerpt: string };

/** UrlFetchApp's network failures ("Address unavailable: https://…", "Timeout: https://…"). */
const FETCH_FAILURES = [
  /^(Exception: )?Address unavailable\b/i,
  /^(Exception: )?DNS error\b/i,
  /^(Exception: )?Timeout\b/i,
  /^(Exception: )?SSL error\b/i,
  /^(Exception: )?(Connection (reset|refused|closed)|Bad gateway|Service unavailable)\b/i,
  /^(Exception: )?Request failed for \S+ returned code \d{3}\b/i,
];

/** Apps Script's own exceptions an add-on meets (quotas, limits, permissions, locks). */
const APPS_SCRIPT_ERRORS = [
  ...FETCH_FAILURES,
  /^(Exception: )?Exceeded maximum execution time\b/i,
  /^(Exception: )?Service invoked too many times\b/i,
  /^(Exception: )?Lock timeout\b/i,
  /^(Exception: )?You have exceeded the property storage quota\b/i,
  /^(Exception: )?Argument too large\b/i,
  /^(Exception: )?You do not have permission to call\b/i,
  /^(Exception: )?Authori[sz]ation is required\b/i,
  /^(Exception: )?Cannot call SpreadsheetApp\.getUi\(\) from this context\b/i,
  /^(Exception: )?Service (Spreadsheets|error)\b/i,
  /^(Exception: )?The coordinates of the range are outside the dimensions of the sheet\b/i,
  /^(Exception: )?Limit Exceeded\b/i,
];

const EXCERPT_CHARS = 80;

/** A short excerpt of any text that is safe to show: no URL, token, markup or control character. */
export function safeExcerpt(text: string, max = EXCERPT_CHARS): string {
  const cleaned = String(text)
    .replace(/<[^>]*>/g, ' ')
    .replace(/https?:\/\/\S+/gi, '…')
    .replace(/\b(bearer|token|key|authorization)\b\s*[:=]?\s*\S+/gi, '$1 …')
    // Long runs of letters and digits look like secrets or ids: keep their start only.
    .replace(/\b([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{20,}\b/g, '$1…')
    .replace(/[\u0000-\u001f\u007f<>]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}

/** Apps Script's text without the URL it names (the host is said elsewhere). */
function withoutUrl(text: string): string {
  return (
    text
      .replace(/^Exception: /, '')
      .replace(/:?\s*https?:\/\/\S+/g, '')
      .trim() || text
  );
}

function vet(message: string, known: readonly RegExp[]): VettedText {
  const text = String(message ?? '').trim();
  if (known.some((pattern) => pattern.test(text)))
    return { kind: 'recognised', text: safeExcerpt(withoutUrl(text), 300) };
  return { kind: 'unrecognised', excerpt: safeExcerpt(text) };
}

/** A text UrlFetchApp threw for a request that did not come back. */
export function vetFetchFailure(message: string): VettedText {
  return vet(message, FETCH_FAILURES);
}

/** Any other exception that reached the add-on's entry points. */
export function vetException(message: string): VettedText {
  return vet(message, APPS_SCRIPT_ERRORS);
}
