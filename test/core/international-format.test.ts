/**
 * internationalFormat (src/core/international-format.ts) must give exactly libphonenumber-js's own
 * formatInternational() for every number it is asked about: numbers of every region, read as
 * international and as national numbers of each region (so regions sharing a calling code, +1,
 * +7, +44, are each picked), valid or not, and numbers of no region (+800…).
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  Metadata,
  type PhoneNumber,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import examples from 'libphonenumber-js/examples.mobile.json';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { digitCutOf, firstDigitsOf, internationalFormat } from '../../src/core/international-format';
import { formatInternational } from '../../src/core/phone';

/** Each region's example with its last digits varied, and one digit more and less (deterministic). */
function variants(example: string, count: number, seed: number): string[] {
  const out: string[] = [];
  let state = seed;
  for (let n = 0; n < count; n++) {
    state = (state * 1103515245 + 12345) >>> 0;
    const digits = String(state).padStart(10, '0');
    const keep = Math.max(1, example.length - 1 - (n % 8));
    const varied = (example + digits).slice(0, keep) + digits.slice(0, example.length - keep);
    out.push(varied, `${varied}1`, varied.slice(0, -1));
  }
  return out;
}

/** libphonenumber's own text for +prefix+number parsed afresh: what the add-on's other texts show. */
function freshLibraryText(parsed: PhoneNumber): string | undefined {
  return parsePhoneNumberFromString(
    `+${parsed.countryCallingCode}${parsed.nationalNumber}`,
    metadata,
  )?.formatInternational();
}

function expectSameAsLibrary(parsed: PhoneNumber | undefined): boolean {
  if (!parsed || parsed.ext) return false;
  const ours = internationalFormat(parsed.country, parsed.countryCallingCode, parsed.nationalNumber);
  expect(ours, `${parsed.number} (${parsed.country})`).toBe(parsed.formatInternational());
  // A valid number is also shown as its +prefix+number parsed afresh shows it.
  if (parsed.isValid()) {
    expect(ours, `${parsed.number} afresh`).toBe(freshLibraryText(parsed));
    expect(formatInternational(parsed.countryCallingCode, parsed.nationalNumber)).toBe(ours);
  }
  return true;
}

/** `read`'s readings of each region's varied example numbers (national digits, calling code). */
function readingsOfEveryRegion(
  count: number,
  seed: number,
  read: (region: CountryCode, code: string, national: string) => (PhoneNumber | undefined)[],
): (PhoneNumber | undefined)[] {
  const readings: (PhoneNumber | undefined)[] = [];
  let next = seed;
  for (const region of getCountries(metadata)) {
    const example = (examples as Record<string, string>)[region];
    if (!example) continue;
    const code = getCountryCallingCode(region, metadata);
    for (const national of variants(example, count, next++)) readings.push(...read(region, code, national));
  }
  return readings;
}

describe('internationalFormat', () => {
  it('formats as libphonenumber does, every region, read as international and as national', () => {
    const readings = readingsOfEveryRegion(30, 11, (region, code, national) => [
      parsePhoneNumberFromString(`+${code}${national}`, metadata),
      parsePhoneNumberFromString(national, { defaultCountry: region }, metadata),
      parsePhoneNumberFromString(`0${national}`, { defaultCountry: region }, metadata),
    ]);
    let compared = 0;
    let valid = 0;
    for (const parsed of readings) {
      if (!expectSameAsLibrary(parsed)) continue;
      compared++;
      if (parsed?.isValid()) valid++;
    }
    expect(compared).toBeGreaterThan(40_000);
    expect(valid).toBeGreaterThan(10_000);
  });

  it('a valid reading, however the country was found, formats as its +prefix+number parsed afresh', () => {
    // So Details show a national reading ("0-81234 56789" with Country code 91) as
    // formatInternational(prefix, number) shows it everywhere else, without parsing it again.
    const readings = readingsOfEveryRegion(40, 23, (region, code, national) => [
      parsePhoneNumberFromString(national, { defaultCountry: region }, metadata),
      parsePhoneNumberFromString(`0${national}`, { defaultCountry: region }, metadata),
      parsePhoneNumberFromString(national, { defaultCallingCode: code }, metadata),
      // The default country's international prefix before another country's number ("011 44…").
      parsePhoneNumberFromString(`011 ${code} ${national}`, { defaultCountry: 'US' }, metadata),
      parsePhoneNumberFromString(`00 ${code} ${national}`, { defaultCountry: 'GB' }, metadata),
    ]);
    const valid = readings.filter((parsed): parsed is PhoneNumber => !!parsed?.isValid() && !parsed.ext);
    for (const parsed of valid) expectSameAsLibrary(parsed);
    expect(valid.length).toBeGreaterThan(30_000);
  });

  it('formats numbers of no region (+800, +882…) as libphonenumber does', () => {
    let compared = 0;
    for (const code of ['800', '808', '870', '878', '881', '882', '883', '888', '979']) {
      for (const digits of variants('12345678', 40, Number(code))) {
        if (expectSameAsLibrary(parsePhoneNumberFromString(`+${code}${digits}`, metadata))) compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('groups a number the way people read it', () => {
    expect(internationalFormat('IN', '91', '9876543210')).toBe('+91 98765 43210');
    expect(internationalFormat('US', '1', '2015550123')).toBe('+1 201 555 0123');
    expect(internationalFormat('GB', '44', '2079460958')).toBe('+44 20 7946 0958');
    expect(internationalFormat(undefined, '1', '2015550123')).toBe('+1 201 555 0123');
  });
});

describe('firstDigitsOf', () => {
  const digitsOf = (bits: number) => [...'0123456789'].filter((d) => bits & (1 << Number(d))).join('');

  it('reads the digits a leading-digits pattern may start with', () => {
    expect(digitsOf(firstDigitsOf('5(?:0|2[23])'))).toBe('5');
    expect(digitsOf(firstDigitsOf('[2-57-9]'))).toBe('2345789');
    expect(digitsOf(firstDigitsOf('(?:1|2)3|4'))).toBe('124');
    expect(digitsOf(firstDigitsOf('1(?:[2-479]|5)|[2-5]|6(?:2|3)'))).toBe('123456');
    expect(digitsOf(firstDigitsOf('(?:[358]|90)0'))).toBe('3589');
  });

  it('is every digit when unsure: \\d, an optional first part, a negated class, an empty alternative', () => {
    for (const pattern of ['\\d', '(?:12)?3', '1?2', '[^5]', '|1', '2[3-6]\\d9|\\d']) {
      expect(firstDigitsOf(pattern), pattern).toBe(0x3ff);
    }
  });

  it('never leaves out a digit that a leading-digits pattern of the metadata matches first', () => {
    let state = 7;
    const texts: string[] = [];
    for (let n = 0; n < 3000; n++) {
      state = (state * 1103515245 + 12345) >>> 0;
      texts.push(
        String(state)
          .padStart(10, '0')
          .slice(0, 1 + (n % 8)),
      );
    }
    let checked = 0;
    for (const region of getCountries(metadata)) {
      const formats = (metadata.countries as Record<string, unknown[]>)[region][4];
      for (const format of Array.isArray(formats) ? (formats as unknown[][]) : []) {
        const leading = (format[2] as string[] | undefined) ?? [];
        if (leading.length === 0) continue;
        const last = leading[leading.length - 1];
        const bits = firstDigitsOf(last);
        const regex = new RegExp(`^(?:${last})`);
        for (const text of texts) {
          if (regex.test(text)) {
            expect(bits & (1 << Number(text[0])), `${region} ${last} ${text}`).not.toBe(0);
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });
});

describe('digitCutOf', () => {
  it('cuts every format of the metadata by digit counts (the regex path is for other metadata)', () => {
    let formats = 0;
    for (const region of getCountries(metadata)) {
      const plan = new Metadata(metadata);
      plan.selectNumberingPlan(region);
      const planFormats = (
        plan.numberingPlan as unknown as { formats(): { pattern(): string; internationalFormat(): string }[] }
      ).formats();
      for (const format of planFormats) {
        formats++;
        expect(
          digitCutOf(format.pattern(), format.internationalFormat()),
          `${region} ${format.pattern()}`,
        ).not.toBeNull();
      }
    }
    expect(formats).toBeGreaterThan(600);
  });

  it('reads the groups and what joins them, and refuses anything else', () => {
    expect(digitCutOf('(\\d{3})(\\d{4,5})', '$1 $2')).toMatchObject({
      spans: [
        [3, 3],
        [4, 5],
      ],
      shortest: 7,
      longest: 8,
      order: [1, 2],
      joins: [' '],
    });
    expect(digitCutOf('(\\d)(\\d{2})', '($1) $2')).toMatchObject({ order: [1, 2], joins: [' '] });
    expect(digitCutOf('(\\d{2})(\\d{2})', '$1$2')).toMatchObject({ joins: [''] });
    expect(digitCutOf('(\\d{2})(\\d{2})', '$1 x $2')).toBeNull();
    expect(digitCutOf('(\\d{2})(9\\d)', '$1 $2')).toBeNull();
    expect(digitCutOf('(\\d{2})', '$1 $2')).toBeNull();
  });
});
