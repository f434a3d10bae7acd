/**
 * src/core/phone-reading.ts answers for libphonenumber on the common forms: this compares the two
 * on random national numbers of every region (lengths from its metadata, and one digit off), typed
 * with "+", with the trunk prefix, with brackets and dashes, as national digits and as digits
 * with the calling code, after an IDD, read with the region, other regions and calling codes as the default.
 */
import {
  type CountryCode,
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/min/metadata';
import { describe, expect, it } from 'vitest';
import { type ReadOptions, readNumber } from '../../src/core/phone-reading';
import { seededRandom } from '../../tools/fixtures/mixed-rows';

interface Case {
  text: string;
  options: ReadOptions;
}

function cases(perRegion: number): Case[] {
  // Fixed seed: a red run repeats.
  const random = seededRandom(20261207);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const all: Case[] = [];
  for (const region of getCountries(metadata)) {
    const code = getCountryCallingCode(region, metadata);
    const plan = metadata.countries[region] as unknown[];
    const lengths = (plan[3] as number[] | undefined) ?? [8, 9, 10];
    const trunk = (plan[5] as string | undefined) ?? '0';
    const asDefault: ReadOptions[] = [
      { defaultCountry: region },
      { defaultCountry: 'US' },
      { defaultCountry: 'IN' },
      { defaultCallingCode: code },
      { defaultCallingCode: '44' },
    ];
    for (let i = 0; i < perRegion; i++) {
      const off = random() < 0.1 ? (random() < 0.5 ? -1 : 1) : 0;
      const national = digits(Math.max(1, lengths[Math.floor(random() * lengths.length)] + off));
      const spaced = `${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
      for (const text of [`+${code} ${national}`, `+${code}${trunk}${national}`, `+${code} (${spaced}`])
        for (const options of [{}, { defaultCountry: region as CountryCode }]) all.push({ text, options });
      for (const text of [
        national,
        `${trunk}${national}`,
        `${trunk}${national.slice(0, 4)}-${national.slice(4)}`,
        `${code}${national}`,
        // An IDD in front: India's and most regions' 00, the US's 011, and 00 before a trunk 0.
        `00${code} ${national}`,
        `011 ${code}${national}`,
        `00${trunk}${national}`,
      ])
        for (const options of asDefault) all.push({ text, options });
    }
  }
  return all;
}

describe('the quick phone reading gives libphonenumber’s answer', () => {
  const all = cases(20);

  it('a reading only where libphonenumber reads the same valid number; "invalid" only where it finds none', () => {
    let readings = 0;
    let invalid = 0;
    let libphonenumberValid = 0;
    const differences: string[] = [];
    for (const { text, options } of all) {
      const parsed = parsePhoneNumberFromString(text, options, metadata);
      const valid = parsed?.isValid() ? parsed : undefined;
      if (valid) libphonenumberValid++;
      const quick = readNumber(text, options, metadata);
      if (quick === undefined) continue;
      const seen =
        quick === 'invalid'
          ? 'invalid'
          : `${quick.number} ${quick.country} ${quick.countryCallingCode} ${quick.nationalNumber}`;
      const expected = valid
        ? `${valid.number} ${valid.country} ${valid.countryCallingCode} ${valid.nationalNumber}`
        : 'invalid';
      if (quick === 'invalid') invalid++;
      else readings++;
      if (seen !== expected || valid?.ext)
        differences.push(`${text} ${JSON.stringify(options)}: ${seen}, libphonenumber ${expected}`);
    }
    expect(differences.slice(0, 10)).toEqual([]);
    expect(all.length).toBeGreaterThan(100_000);
    // Not vacuous: the quick path answers for most numbers, valid and invalid.
    expect(readings / libphonenumberValid).toBeGreaterThan(0.8);
    expect(invalid).toBeGreaterThan(all.length / 4);
  });

  it('leaves to libphonenumber what it does not follow step by step', () => {
    const options = { defaultCountry: 'US' as CountryCode };
    expect(readNumber('+1 201 555 0123 ext. 12', options, metadata)).toBeUndefined();
    expect(readNumber('011 0 20 7946 0958', options, metadata)).toBeUndefined();
    expect(readNumber('+800 1234 5678', options, metadata)).toBeUndefined();
    expect(readNumber('+1 201 555 0123', options, metadata)).toMatchObject({
      country: 'US',
      nationalNumber: '2015550123',
    });
    // The default country's calling code in front: the trunk prefix in the US, the code in India.
    expect(readNumber('1 201 555 0123', options, metadata)).toMatchObject({ nationalNumber: '2015550123' });
    expect(readNumber('91 81234 56789', { defaultCountry: 'IN' }, metadata)).toMatchObject({
      country: 'IN',
      nationalNumber: '8123456789',
    });
    expect(readNumber('011 44 20 7946 0958', options, metadata)).toMatchObject({
      country: 'GB',
      nationalNumber: '2079460958',
    });
    expect(readNumber('416-555-0123', options, metadata)).toMatchObject({
      country: 'CA',
      countryCallingCode: '1',
    });
  });
});
