/**
 * libphonenumber's metadata made quicker to use, with the same answers: the Apps Script loader
 * (src/server/phone-metadata.ts) passes its freshly parsed copy through here.
 */
import type { MetadataJson } from 'libphonenumber-js/core';

/** Where a numbering plan of metadata version 4 keeps its formats, and a format its leading digits. */
const FORMATS = 4;
const LEADING_DIGITS = 2;

/**
 * Turns each format's leading-digits patterns into RegExp objects, once. libphonenumber uses them
 * only in `nationalNumber.search(pattern)` when it picks a format, and `search` makes a RegExp of a
 * string pattern on every call: for every number formatted, once per format it tries (India has
 * dozens). A RegExp made of the same text, without flags, matches the same. Metadata of another
 * version is left as it is.
 */
export function compileLeadingDigits(json: MetadataJson): MetadataJson {
  const raw = json as unknown as {
    version?: unknown;
    countries?: Record<string, unknown[]>;
    nonGeographic?: Record<string, unknown[]>;
  };
  if (raw.version !== 4) return json;
  for (const plans of [raw.countries, raw.nonGeographic]) {
    for (const plan of Object.values(plans ?? {})) {
      const formats = plan[FORMATS];
      if (!Array.isArray(formats)) continue;
      for (const format of formats) {
        const patterns = Array.isArray(format) ? format[LEADING_DIGITS] : undefined;
        if (!Array.isArray(patterns)) continue;
        patterns.forEach((pattern, i) => {
          if (typeof pattern === 'string') patterns[i] = new RegExp(pattern);
        });
      }
    }
  }
  return json;
}
