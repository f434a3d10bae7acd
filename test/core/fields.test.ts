import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeText,
  cleanName,
  joinNames,
  mergeTags,
  normaliseEmail,
  plainNumber,
  splitTags,
} from '../../src/core/fields';

describe('normaliseEmail', () => {
  it.each([
    ['bob@example.com', 'bob@example.com'],
    ['  Bob.Smith@Example.COM ', 'Bob.Smith@example.com'],
    ['mailto:ana@example.co.uk', 'ana@example.co.uk'],
    ['first+tag@sub.example.org', 'first+tag@sub.example.org'],
    ['josé@exämple.com', 'josé@exämple.com'],
  ])('%s → %s', (cell, email) => {
    expect(normaliseEmail(cell)).toEqual({ ok: true, email });
  });

  it.each([[''], ['   '], [null]])('%o is no email', (cell) => {
    expect(normaliseEmail(cell)).toEqual({ ok: true, email: null });
  });

  it.each([
    ['bob@', "Email: 'bob@' is not an email address"],
    ['@example.com', "Email: '@example.com' is not an email address"],
    ['bob@example', "Email: 'bob@example' is not an email address"],
    ['bob@@example.com', "Email: 'bob@@example.com' is not an email address"],
    ['bob smith@example.com', "Email: 'bob smith@example.com' is not an email address"],
    ['a@b.com, c@d.com', "Email: 'a@b.com, c@d.com' is not an email address"],
    ['bob@example..com', "Email: 'bob@example..com' is not an email address"],
    ['bob@.example.com', "Email: 'bob@.example.com' is not an email address"],
    [42, "Email: '42' is not an email address"],
    [true, "Email: 'true' is not an email address"],
  ] as const)('%s is rejected', (cell, reason) => {
    expect(normaliseEmail(cell)).toMatchObject({ ok: false, reason });
  });
});

describe('names', () => {
  it('trims and collapses inner whitespace', () => {
    expect(cleanName('  Ana   María\t García \n')).toBe('Ana María García');
    expect(cleanName('')).toBe('');
    expect(cleanName(null)).toBe('');
    expect(cleanName(42)).toBe('42');
  });

  it('folds every kind of whitespace as the plain rule does, also when it only trims', () => {
    const whitespace = fc.constantFrom(
      ' ',
      '  ',
      '\t',
      '\n',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      'a',
      'é',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(whitespace, fc.string()), { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(cleanName(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 3000 },
    );
  });

  it('joins first and last names, either may be missing', () => {
    expect(joinNames(' Ana ', 'García  López')).toBe('Ana García López');
    expect(joinNames('Ana', '')).toBe('Ana');
    expect(joinNames(undefined, 'García')).toBe('García');
    expect(joinNames('', null)).toBe('');
  });
});

describe('tags', () => {
  it('splits on commas, semicolons and newlines, trims and de-duplicates ignoring case', () => {
    expect(splitTags('VIP, lead;  Lead\nnew\r\n,, vip ;')).toEqual(['VIP', 'lead', 'new']);
    expect(splitTags('')).toEqual([]);
    expect(splitTags(2024)).toEqual(['2024']);
  });

  it('merges row tags with default tags, first spelling wins', () => {
    expect(mergeTags(['vip', 'Lead'], ['Sheets', 'LEAD', ' '])).toEqual(['vip', 'Lead', 'Sheets']);
    expect(mergeTags([], ['Sheets'])).toEqual(['Sheets']);
  });
});

describe('attribute values', () => {
  const isoDate = (date: Date) => date.toISOString().slice(0, 10);
  it.each([
    ['  Gold ', 'Gold'],
    ['', ''],
    ['   ', ''],
    [null, ''],
    [true, 'true'],
    [false, 'false'],
    [42, '42'],
    [0, '0'],
    [-0, '0'],
    [1e21, '1000000000000000000000'],
    [1.5e300, '15' + '0'.repeat(299)],
    [0.1 + 0.2, '0.3'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
    [123456789.123, '123456789.123'],
    [9007199254740991, '9007199254740991'],
    [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
    [new Date(Number.NaN), ''],
  ] as const)('%o → %s', (cell, text) => {
    expect(attributeText(cell, isoDate)).toBe(text);
  });

  it('formats dates with the caller’s function (e.g. the spreadsheet time zone)', () => {
    expect(attributeText(new Date(0), () => '1970-01-01 in Kolkata')).toBe('1970-01-01 in Kolkata');
  });

  it('gives a short decimal as JavaScript writes it, and rounds anything else to 15 digits', () => {
    // Numbers whose rounding has an exponent take the exponent path, tested below.
    const byRounding = (value: number) => String(Number(value.toPrecision(15)));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
          fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 1000),
          fc.integer({ min: 0, max: 1000 }).map((n) => n / 10 + 0.1 + 0.2),
        ),
        (value) => {
          if (Number.isSafeInteger(value) || byRounding(value).includes('e')) return;
          expect(plainNumber(value)).toBe(byRounding(value));
        },
      ),
      { numRuns: 20_000 },
    );
    expect(plainNumber(0.1 + 0.2)).toBe('0.3');
    expect(plainNumber(1234.5)).toBe('1234.5');
    expect(plainNumber(0.123456789012345)).toBe('0.123456789012345');
    expect(plainNumber(1.23456789012345)).toBe('1.23456789012345');
    expect(plainNumber(1.234567890123456)).toBe('1.23456789012346');
  });

  it('never prints exponent notation', () => {
    for (let exponent = -30; exponent <= 300; exponent += 7) {
      expect(plainNumber(1.25 * 10 ** exponent)).not.toMatch(/e/i);
    }
  });
});
