import fc from 'fast-check';
import examples from 'libphonenumber-js/examples.mobile.json';
import { type CountryCode, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import {
  type CountryHint,
  countryHintFromCell,
  formatInternational,
  noCountryCodeReason,
  normalisePhone,
  regionHint,
} from '../../src/core/phone';

const IN: CountryHint = { kind: 'region', region: 'IN' };
const GB: CountryHint = { kind: 'region', region: 'GB' };
const code91: CountryHint = { kind: 'callingCode', callingCode: '91' };
const PLAIN_TEXT =
  'format the phone column as Plain text (Format → Number → Plain text) and re-type the number';

type Cell = string | number | boolean | Date | null;

describe('normalisePhone: what people type', () => {
  const india = { prefix: '91', number: '9876543210' };
  const london = { prefix: '44', number: '2079460958' };
  const cases: {
    cell: Cell;
    hint: CountryHint | null;
    fromRow?: boolean;
    expected: { prefix: string; number: string };
  }[] = [
    { cell: '+91 98765 43210', hint: null, expected: india },
    { cell: '+91 98765 43210', hint: GB, expected: india },
    { cell: '+91-98765-43210', hint: null, expected: india },
    { cell: '+91.98765.43210', hint: null, expected: india },
    { cell: '0091 9876543210', hint: null, expected: india },
    { cell: '0091 9876543210', hint: IN, expected: india },
    { cell: '0091 9876543210', hint: GB, expected: india },
    { cell: 919876543210, hint: null, expected: india },
    { cell: 919876543210, hint: IN, expected: india },
    { cell: 9876543210, hint: IN, expected: india },
    { cell: '919876543210', hint: null, expected: india },
    { cell: '919876543210.0', hint: null, expected: india },
    { cell: '9876543210.0', hint: IN, expected: india },
    { cell: '98765-43210', hint: code91, fromRow: true, expected: india },
    { cell: '98765-43210', hint: IN, fromRow: true, expected: india },
    { cell: '98765-43210', hint: IN, expected: india },
    { cell: '098765 43210', hint: IN, expected: india },
    { cell: '98765.43210', hint: IN, expected: india },
    { cell: ' 98765 43210 ', hint: IN, expected: india },
    { cell: '(0)20 7946 0958', hint: GB, expected: london },
    { cell: '+44 (0)20 7946 0958', hint: null, expected: london },
    { cell: '+44 (0)20 7946 0958', hint: IN, expected: london },
    { cell: '020 7946 0958', hint: GB, expected: london },
    { cell: '020-7946-0958', hint: { kind: 'callingCode', callingCode: '44' }, expected: london },
    { cell: '00 44 20 7946 0958', hint: null, expected: london },
    { cell: '+44 20 7946 0958 ext. 123', hint: null, expected: london },
    { cell: '+44 20 7946 0958 x123', hint: null, expected: london },
    { cell: '011 44 20 7946 0958', hint: { kind: 'region', region: 'US' }, expected: london },
    { cell: '+1 (201) 555-0123', hint: null, expected: { prefix: '1', number: '2015550123' } },
    {
      cell: '(416) 555-0123',
      hint: { kind: 'region', region: 'US' },
      expected: { prefix: '1', number: '4165550123' },
    },
    { cell: '+55 11 96123-4567', hint: null, expected: { prefix: '55', number: '11961234567' } },
    { cell: '447400123456', hint: IN, expected: { prefix: '44', number: '7400123456' } },
    { cell: '＋91 98765 43210', hint: null, expected: india },
  ];
  it.each(cases)('$cell with $hint → $expected', ({ cell, hint, fromRow, expected }) => {
    const result = normalisePhone(cell, hint, fromRow ?? false);
    expect(result).toMatchObject({ ok: true, ...expected });
  });

  it('reports the extension it drops', () => {
    expect(normalisePhone('+44 20 7946 0958 ext. 123', null)).toEqual({
      ...okLondon(),
      extension: '123',
      sent: sentLondon,
    });
    expect(normalisePhone('+44 20 7946 0958', null)).toEqual({
      ...okLondon(),
      extension: null,
      sent: sentLondon,
    });
  });
});

const sentLondon = {
  e164: '+442079460958',
  international: '+44 20 7946 0958',
  region: 'GB',
  countryName: 'United Kingdom',
  countrySource: 'plus',
};

function okLondon() {
  return { ok: true, prefix: '44', number: '2079460958', digits: '442079460958' };
}

describe('normalisePhone: failures say what to fix', () => {
  const cases: { cell: Cell; hint: CountryHint | null; fromRow?: boolean; reason: string }[] = [
    { cell: '', hint: IN, reason: 'No phone number: WhatsApp contacts need one' },
    { cell: null, hint: IN, reason: 'No phone number: WhatsApp contacts need one' },
    { cell: '   ', hint: IN, reason: 'No phone number: WhatsApp contacts need one' },
    { cell: '12345', hint: IN, reason: 'Phone: 12345 is too short for India (IN)' },
    { cell: '12345', hint: IN, fromRow: true, reason: 'Phone: 12345 is too short for India (IN)' },
    {
      cell: '98765432101234',
      hint: IN,
      fromRow: true,
      reason: 'Phone: 98765432101234 is too long for India (IN)',
    },
    {
      cell: '98765432101234',
      hint: IN,
      reason:
        'Phone: 98765432101234 is too long for India (IN) (the default country) — if it is from another country, add its country code',
    },
    { cell: '+44 1234', hint: null, reason: 'Phone: +44 1234 is too short for United Kingdom (GB)' },
    {
      cell: '099 1234 5678',
      hint: GB,
      fromRow: true,
      reason: 'Phone: 099 1234 5678 is not a valid number for United Kingdom (GB)',
    },
    {
      cell: '099 1234 5678',
      hint: GB,
      reason:
        'Phone: 099 1234 5678 is not a valid number for United Kingdom (GB) (the default country) — if it is from another country, add its country code',
    },
    { cell: '9876543210', hint: null, reason: noCountryCodeReason() },
    { cell: 9876543210, hint: null, reason: noCountryCodeReason() },
    { cell: '98765-43210', hint: null, reason: noCountryCodeReason() },
    { cell: 'abc', hint: IN, reason: "Phone: 'abc' is not a phone number" },
    { cell: 'n/a', hint: null, reason: "Phone: 'n/a' is not a phone number" },
    // Letters are not read away: "abc123" is not a short Spanish number.
    {
      cell: 'abc123',
      hint: { kind: 'region', region: 'ES' },
      reason: "Phone: 'abc123' is not a phone number (it has letters)",
    },
    {
      cell: '+999 1234 5678',
      hint: null,
      reason: 'Phone: +999 1234 5678 starts with an unknown country code',
    },
    { cell: '0044 1234', hint: null, reason: 'Phone: 0044 1234 is too short for United Kingdom (GB)' },
    { cell: true, hint: IN, reason: 'Phone: TRUE is not a phone number' },
    { cell: 9198.5, hint: IN, reason: 'Phone: 9198.5 is not a phone number' },
    { cell: -9876543210, hint: IN, reason: 'Phone: -9876543210 is not a phone number' },
    {
      cell: new Date(2024, 0, 1),
      hint: IN,
      reason: `Phone: the cell holds a date, not a phone number — ${PLAIN_TEXT}`,
    },
    {
      cell: '9.19876E+11',
      hint: IN,
      reason: `Phone: 9.19876E+11 is in scientific notation, so digits are lost — ${PLAIN_TEXT}`,
    },
    {
      cell: '9,19876e11',
      hint: null,
      reason: `Phone: 9,19876e11 is in scientific notation, so digits are lost — ${PLAIN_TEXT}`,
    },
    {
      cell: 2 ** 53 + 2, // what Sheets stores for a 17-digit number typed into a number cell
      hint: IN,
      reason: `Phone: the number is too long to be stored exactly in a number cell — ${PLAIN_TEXT}`,
    },
  ];
  it.each(cases)('$cell with $hint → $reason', ({ cell, hint, fromRow, reason }) => {
    expect(normalisePhone(cell, hint, fromRow ?? false)).toEqual({ ok: false, reason });
  });
});

describe('countryHintFromCell', () => {
  it.each([
    ['91', code91],
    ['+91', code91],
    ['0091', code91],
    [91, code91],
    ['91.0', code91],
    ['IN', IN],
    ['in', IN],
    ['India', IN],
    ['  india ', IN],
    ['Inde', IN],
    ['United Kingdom', GB],
    ['UK', GB],
    ['Reino Unido', { kind: 'region', region: 'GB' }],
    ['Royaume-Uni', { kind: 'region', region: 'GB' }],
    ['São Tomé & Príncipe', { kind: 'region', region: 'ST' }],
    ['Sao Tome and Principe', { kind: 'region', region: 'ST' }],
    ['Saint Lucia', { kind: 'region', region: 'LC' }],
    ['+1', { kind: 'callingCode', callingCode: '1' }],
    ['800', { kind: 'callingCode', callingCode: '800' }],
    ['India (+91)', code91],
    ['+44 UK', { kind: 'callingCode', callingCode: '44' }],
  ] as const)('%s → %o', (cell, hint) => {
    expect(countryHintFromCell(cell)).toEqual(hint);
  });

  it.each([['XX'], ['Narnia'], ['999'], ['+0'], [true]] as const)('%s is unrecognised', (cell) => {
    expect(countryHintFromCell(cell)).toBe('unrecognised');
  });

  it('treats empty cells as no hint', () => {
    expect(countryHintFromCell('')).toBeNull();
    expect(countryHintFromCell(null)).toBeNull();
    expect(countryHintFromCell('  ')).toBeNull();
  });

  it('reads the default country setting', () => {
    expect(regionHint('IN')).toEqual(IN);
    expect(regionHint(null)).toBeNull();
    expect(regionHint('ZZ')).toBeNull();
  });
});

it('formats a normalised number for display', () => {
  expect(formatInternational('91', '9876543210')).toBe('+91 98765 43210');
  expect(formatInternational('44', '2079460958')).toBe('+44 20 7946 0958');
});

/**
 * Every region's example mobile number, written the ways a person types it. Honest caveats:
 * - "00" is read as the international prefix with no country known, as in most of the world;
 *   a handful of regions dial out with 011/0011/810…, and those forms are not tested here.
 * - Regions sharing a calling code (+1, +7, +44…) all normalise to that code, so the country
 *   column only helps pick the national format; prefix+number is the same either way.
 */
describe('every region’s example number, typed four ways', () => {
  const regions = Object.keys(examples) as CountryCode[];
  it('covers all regions libphonenumber-js ships examples for', () => {
    expect(regions.length).toBeGreaterThan(240);
  });

  it.each(regions)('%s', (region) => {
    const parsed = parsePhoneNumberFromString(examples[region], region)!;
    const expected = { ok: true, prefix: getCountryCallingCode(region), number: parsed.nationalNumber };
    const national = parsed.formatNational();
    const international = parsed.formatInternational();
    const regionFromRow: CountryHint = { kind: 'region', region };

    expect(normalisePhone(international, null)).toMatchObject(expected);
    expect(normalisePhone(international.replace('+', '00'), null)).toMatchObject(expected);
    expect(normalisePhone(national, regionFromRow, true)).toMatchObject(expected);
    expect(normalisePhone(national, countryHintFromCell(region) as CountryHint, true)).toMatchObject(
      expected,
    );
    // Digits alone are read from their leading digits only when there are at least 11 of them.
    const digitsOnly = normalisePhone(Number(expected.prefix + expected.number), null);
    if ((expected.prefix + expected.number).length >= 11) expect(digitsOnly).toMatchObject(expected);
    else expect(digitsOnly).toEqual({ ok: false, reason: noCountryCodeReason() });
    // Digits only, country code column holding the calling code.
    expect(
      normalisePhone(expected.number, { kind: 'callingCode', callingCode: expected.prefix }, true),
    ).toMatchObject(expected);
  });
});

describe('properties', () => {
  const regions = Object.keys(examples) as CountryCode[];
  const exampleNumbers = regions.map((region) => {
    const parsed = parsePhoneNumberFromString(examples[region], region)!;
    return { region, prefix: parsed.countryCallingCode, number: parsed.nationalNumber };
  });

  it('normalising an already-normalised number changes nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...exampleNumbers), (example) => {
        const first = normalisePhone(`+${example.prefix}${example.number}`, null);
        // Every example is a valid number: a normaliser that refuses it fails here, not silently.
        expect(first).toMatchObject({ ok: true, prefix: example.prefix, number: example.number });
        if (!first.ok) throw new Error('unreachable: asserted above');
        const again = normalisePhone(`+${first.prefix}${first.number}`, null);
        expect(again).toEqual(first);
        const viaCallingCode = normalisePhone(
          first.number,
          { kind: 'callingCode', callingCode: first.prefix },
          true,
        );
        expect(viaCallingCode).toMatchObject({ ok: true, prefix: first.prefix, number: first.number });
      }),
    );
  });

  it('never throws, whatever the cell', () => {
    const cell = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[+0-9 ()\-.x]{0,25}$/),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.date(),
      fc.constant(null),
    );
    const hint = fc.constantFrom<CountryHint | null>(null, IN, GB, code91, { kind: 'region', region: 'US' });
    fc.assert(
      fc.property(cell, hint, fc.boolean(), (value, countryHint, fromRow) => {
        const result = normalisePhone(value, countryHint, fromRow);
        if (result.ok) {
          expect(result.prefix).toMatch(/^[1-9]\d{0,2}$/);
          expect(result.number).toMatch(/^\d+$/);
        } else {
          expect(result.reason.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
