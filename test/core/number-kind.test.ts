import fc from 'fast-check';
import { getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { numberKind } from '../../src/core/number-kind';

/** Regions of every calling code in the table (the first region of a shared code is enough). */
const REGIONS = [
  'RU',
  'EG',
  'ZA',
  'NL',
  'FR',
  'ES',
  'IT',
  'GB',
  'DE',
  'PE',
  'AR',
  'BR',
  'CO',
  'MY',
  'AU',
  'ID',
  'PH',
  'SG',
  'JP',
  'CN',
  'TR',
  'IN',
  'PK',
  'NG',
  'KE',
  'PT',
  'SA',
  'AE',
] as const;

const MOBILE_LIKE = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PAGER', 'VOICEMAIL']);
const NOT_FIXED = new Set(['MOBILE']);

describe('numberKind agrees with the full metadata (libphonenumber-js/max getType)', () => {
  it('for random valid numbers of every country in the table', () => {
    let checked = 0;
    fc.assert(
      fc.property(fc.constantFrom(...REGIONS), fc.stringMatching(/^\d{6,12}$/), (region, digits) => {
        const parsed = parsePhoneNumberFromString(`+${getCountryCallingCode(region)}${digits}`);
        if (!parsed?.isValid()) return;
        checked++;
        const type = parsed.getType() ?? 'UNKNOWN';
        const kind = numberKind(parsed.countryCallingCode, parsed.nationalNumber);
        if (kind === 'mobile') expect(MOBILE_LIKE.has(type), `${parsed.number} is ${type}`).toBe(true);
        if (kind === 'fixed') expect(NOT_FIXED.has(type), `${parsed.number} is ${type}`).toBe(false);
      }),
      { numRuns: 40_000, seed: 20 },
    );
    expect(checked).toBeGreaterThan(1000);
  });

  it('knows the usual cases', () => {
    expect(numberKind('91', '9876543210')).toBe('mobile');
    expect(numberKind('91', '2226543210')).toBe('fixed');
    expect(numberKind('44', '7700900123')).toBe('mobile');
    expect(numberKind('44', '2079460958')).toBe('fixed');
    expect(numberKind('1', '4155550132')).toBe('unknown');
  });
});
