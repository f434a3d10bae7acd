/**
 * "One reading or none": a number without + / 00 and without a country in its row is imported
 * only when exactly one reading is credible, and a valid result says where its country came from.
 */
import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import {
  type CountryHint,
  type CountrySource,
  describeSentNumber,
  noCountryCodeReason,
  normalisePhone,
  regionHint,
} from '../../src/core/phone';

type Cell = string | number;
const region = (code: CountryCode): CountryHint => ({ kind: 'region', region: code });

describe('which reading a number gets', () => {
  const cases: {
    cell: Cell;
    hint: CountryHint | null;
    fromRow?: boolean;
    e164: string;
    source: CountrySource;
    shown: string;
  }[] = [
    {
      cell: '12015551492',
      hint: null,
      e164: '+12015551492',
      source: 'leading-digits',
      shown: '+1 201 555 1492 (United States, country read from the leading digits)',
    },
    {
      cell: 12015551492,
      hint: null,
      e164: '+12015551492',
      source: 'leading-digits',
      shown: '+1 201 555 1492 (United States, country read from the leading digits)',
    },
    {
      cell: '12015551492',
      hint: region('US'),
      e164: '+12015551492',
      source: 'default',
      shown: "+1 201 555 1492 (United States, country from the sheet's default)",
    },
    {
      cell: '2015558094',
      hint: region('IN'),
      e164: '+912015558094',
      source: 'default',
      shown: "+91 20 1555 8094 (India, country from the sheet's default)",
    },
    {
      cell: 919876543210,
      hint: null,
      e164: '+919876543210',
      source: 'leading-digits',
      shown: '+91 98765 43210 (India, country read from the leading digits)',
    },
    {
      cell: '447400123456',
      hint: region('IN'),
      e164: '+447400123456',
      source: 'leading-digits',
      shown: '+44 7400 123456 (United Kingdom, country read from the leading digits)',
    },
    {
      cell: '011 44 20 7946 0958',
      hint: region('US'),
      e164: '+442079460958',
      source: 'plus',
      shown: '+44 20 7946 0958 (United Kingdom)',
    },
    {
      cell: '0091 9876543210',
      hint: region('GB'),
      e164: '+919876543210',
      source: 'plus',
      shown: '+91 98765 43210 (India)',
    },
    {
      cell: '+1 201 555 1492',
      hint: region('IN'),
      e164: '+12015551492',
      source: 'plus',
      shown: '+1 201 555 1492 (United States)',
    },
    {
      cell: '98765 43210',
      hint: region('IN'),
      fromRow: true,
      e164: '+919876543210',
      source: 'row',
      shown: '+91 98765 43210 (India)',
    },
    {
      cell: '12015551492',
      hint: { kind: 'callingCode', callingCode: '91' },
      fromRow: true,
      e164: '+9112015551492',
      source: 'row',
      shown: '+91 12015551492 (India)',
    },
    {
      cell: '+800 1234 5678',
      hint: null,
      e164: '+80012345678',
      source: 'plus',
      shown: '+800 1234 5678 (international numbers (+800))',
    },
  ];
  it.each(cases)('$cell with $hint → $shown', ({ cell, hint, fromRow, e164, source, shown }) => {
    const result = normalisePhone(cell, hint, fromRow ?? false);
    if (!result.ok) throw new Error(result.reason);
    expect(result.sent.e164).toBe(e164);
    expect(result.sent.countrySource).toBe(source);
    expect(describeSentNumber(result.sent)).toBe(shown);
  });

  it('names the region and its English name', () => {
    const result = normalisePhone('12015551492', null);
    expect(result).toMatchObject({
      ok: true,
      prefix: '1',
      number: '2015551492',
      sent: { region: 'US', countryName: 'United States', international: '+1 201 555 1492' },
    });
  });
});

describe('no reading, or two', () => {
  it.each([
    ['2015558094', null],
    [2015558094, null],
    ['201 555 8094', null],
    ['8005551234', null],
    ['98765 43210', null],
  ] as const)('%s with no country anywhere → no country code', (cell, hint) => {
    expect(normalisePhone(cell, hint)).toEqual({ ok: false, reason: noCountryCodeReason() });
  });

  it('says what to do when there is no country code', () => {
    expect(noCountryCodeReason()).toBe(
      "Phone: no country code — add + and the country code, or a Country column, or set a default country in the sidebar's Defaults",
    );
  });

  it.each([
    [
      '12015551492',
      'IN',
      "Phone: 12015551492 reads two ways, +1 201 555 1492 (United States) or +91 12015551492 (India, the sheet's default country) — add + and the country code, or a Country column, to say which",
    ],
    [
      '4915123456789',
      'DE',
      "Phone: 4915123456789 reads two ways, +49 1512 3456789 (Germany) or +49 491 5123456789 (Germany, the sheet's default country) — add + and the country code, or a Country column, to say which",
    ],
  ] as const)('%s with default %s is ambiguous and names both readings', (cell, defaultCountry, reason) => {
    expect(normalisePhone(cell, regionHint(defaultCountry))).toEqual({ ok: false, reason });
  });

  it('a country in the row settles what the default could not', () => {
    expect(normalisePhone('12015551492', region('US'), true)).toMatchObject({ ok: true, prefix: '1' });
    expect(normalisePhone('+12015551492', regionHint('IN'))).toMatchObject({ ok: true, prefix: '1' });
  });
});

const REGIONS = Object.keys(examples) as CountryCode[];
const DEFAULTS: CountryCode[] = ['IN', 'US', 'GB', 'BR', 'DE', 'FR', 'ES', 'MX', 'ID', 'NG', 'AE', 'IT'];
const exampleDigits = REGIONS.map((code) => {
  const parsed = parsePhoneNumberFromString(examples[code], code)!;
  return parsed.countryCallingCode + parsed.nationalNumber;
});

/** Digits as people type them: maybe grouped with spaces or dashes, never starting with "00". */
const shortDigits = fc
  .tuple(fc.stringMatching(/^[0-9]{1,10}$/), fc.constantFrom('', ' ', '-'))
  .filter(([digits]) => !digits.startsWith('00'))
  .map(([digits, separator]) => digits.replace(/(\d{3})(?=\d)/g, `$1${separator}`));

describe('properties', () => {
  it('10 digits or fewer without + / 00 and without any country are never read as international', () => {
    fc.assert(
      fc.property(shortDigits, fc.boolean(), (text, asNumber) => {
        const cell = asNumber && /^[1-9]\d*$/.test(text) ? Number(text) : text;
        expect(normalisePhone(cell, null)).toEqual({ ok: false, reason: noCountryCodeReason() });
      }),
      { numRuns: 3000 },
    );
  });

  it("the default country's international prefix reads another country only for a full-length number", () => {
    // Found by the property below (seed 1753847815): Mexico's "09" prefix made +27 80000 of it.
    const short = normalisePhone('092780000', regionHint('MX'));
    expect(short.ok && short.prefix === '27').toBe(false);
    const full = normalisePhone('011 44 20 7946 0958', regionHint('US'));
    expect(full).toMatchObject({ ok: true, prefix: '44', number: '2079460958' });
    expect(full.ok && full.sent.countrySource).toBe('plus');
  });

  it('10 digits or fewer with a default country are read in that country or not at all', () => {
    fc.assert(
      fc.property(shortDigits, fc.constantFrom(...DEFAULTS), (text, defaultCountry) => {
        const result = normalisePhone(text, regionHint(defaultCountry));
        if (!result.ok) return;
        expect(result.sent.countrySource).toBe('default');
        expect(result.prefix).toBe(getCountryCallingCode(defaultCountry));
      }),
      { numRuns: 3000 },
    );
  });

  it('leading digits never win when the digits are also a valid national number of the default', () => {
    // The default countries' own numbers with their calling code in front are the usual collision.
    const ofDefaults = DEFAULTS.map((code) => exampleDigits[REGIONS.indexOf(code)]);
    const longDigits = fc.oneof(
      fc.constantFrom(...exampleDigits),
      fc.constantFrom(...ofDefaults),
      fc.stringMatching(/^[1-9][0-9]{10,14}$/),
    );
    fc.assert(
      fc.property(longDigits, fc.constantFrom(...DEFAULTS), (digits, defaultCountry) => {
        const result = normalisePhone(digits, regionHint(defaultCountry));
        const national = parsePhoneNumberFromString(digits, defaultCountry);
        if (national?.isValid()) {
          expect(result.ok && result.sent.countrySource === 'leading-digits').toBe(false);
          if (result.ok) expect(result.sent.e164).toBe(national.number);
        }
        if (result.ok && result.sent.countrySource === 'leading-digits') {
          expect(digits.length).toBeGreaterThanOrEqual(11);
          expect(parsePhoneNumberFromString(`+${digits}`)?.isValid()).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('every valid outcome shows, as sent, exactly the prefix and number of the payload', () => {
    const cell = fc.oneof(
      fc.constantFrom(...exampleDigits),
      fc.constantFrom(...exampleDigits).map((digits) => `+${digits}`),
      fc.constantFrom(...exampleDigits).map((digits) => `00${digits}`),
      fc.stringMatching(/^[+0-9 ()\-.]{0,20}$/),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    );
    const hint = fc.constantFrom<CountryHint | null>(null, ...DEFAULTS.map(region), {
      kind: 'callingCode',
      callingCode: '91',
    });
    fc.assert(
      fc.property(cell, hint, fc.boolean(), (value, countryHint, fromRow) => {
        const result = normalisePhone(value, countryHint, fromRow);
        if (!result.ok) return;
        const e164 = `+${result.prefix}${result.number}`;
        expect(result.sent.e164).toBe(e164);
        expect(`+${result.sent.international.replace(/\D/g, '')}`).toBe(e164);
        expect(describeSentNumber(result.sent).startsWith(`${result.sent.international} (`)).toBe(true);
        if (!countryHint) expect(['plus', 'leading-digits']).toContain(result.sent.countrySource);
      }),
      { numRuns: 3000 },
    );
  });
});
