/**
 * compileLeadingDigits (src/core/leading-digits.ts, which the Apps Script metadata loader uses)
 * turns leading-digits patterns into RegExp objects: every number must parse, validate and format
 * exactly as with the patterns as text.
 */

import { type CountryCode, type MetadataJson, parsePhoneNumberFromString } from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { compileLeadingDigits } from '../../src/core/leading-digits';

const asText = metadata as MetadataJson;
const compiled = compileLeadingDigits(JSON.parse(JSON.stringify(metadata)) as MetadataJson);

/** The example number of each region with its last digits varied, deterministically. */
function numbers(): string[] {
  const out: string[] = [];
  let seed = 7;
  for (const example of Object.values(examples as Record<string, string>)) {
    for (let n = 0; n < 40; n++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const digits = String(seed).padStart(10, '0');
      const keep = Math.max(1, example.length - 1 - (n % 8));
      const varied = (example + digits).slice(0, keep) + digits.slice(0, example.length - keep);
      out.push(`+${varied}`, `+${varied}1`, `+${varied.slice(0, -1)}`);
    }
  }
  return out;
}

describe('phone metadata with compiled leading-digits patterns', () => {
  it('compiles patterns (version 4 metadata)', () => {
    const plan = (compiled as unknown as { countries: Record<string, unknown[][][]> }).countries.IN;
    expect(plan[4].some((format) => Array.isArray(format[2]) && format[2][0] instanceof RegExp)).toBe(true);
  });

  it('formats every number exactly as the metadata as text does', () => {
    let compared = 0;
    for (const text of numbers()) {
      const a = parsePhoneNumberFromString(text, asText);
      const b = parsePhoneNumberFromString(text, compiled);
      expect(b?.number).toBe(a?.number);
      if (!a || !b) continue;
      expect(b.formatInternational()).toBe(a.formatInternational());
      expect(b.formatNational()).toBe(a.formatNational());
      expect(b.isValid()).toBe(a.isValid());
      expect(b.country).toBe(a.country as CountryCode | undefined);
      compared++;
    }
    expect(compared).toBeGreaterThan(20_000);
  });
});
