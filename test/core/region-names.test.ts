/**
 * Country names in the marketer's language: Details ("como +49 30 123456 (Alemania)"), phone
 * reasons ("no es un número válido para Alemania (DE)") and the sidebar's country list. English's
 * names are REGION_NAMES (src/core/countries.ts); the other languages' are src/i18n/regions/,
 * made from CLDR by scripts/region-names.mjs.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error: the build scripts are plain JavaScript without type declarations.
import { REGION_LANGUAGES, regionCodes, regionFile, regionNames } from '../../scripts/region-names.mjs';
import { describeRegion, REGION_NAMES, regionFromText } from '../../src/core/countries';
import { countryHintFromCell, describeSentNumber, normalisePhone } from '../../src/core/phone';
import { LANGUAGES, useLanguage } from '../../src/shared/i18n';

const fileOf = (language: string): Record<string, string> =>
  JSON.parse(readFileSync(regionFile(language), 'utf8'));

afterEach(() => {
  useLanguage('en');
});

describe('region names', () => {
  it('are a file for every language but English, naming every region of REGION_NAMES once', () => {
    expect([...REGION_LANGUAGES].sort()).toEqual(LANGUAGES.filter((l) => l !== 'en').sort());
    expect(regionCodes()).toEqual(Object.keys(REGION_NAMES));
    for (const language of REGION_LANGUAGES) {
      const names = fileOf(language);
      expect({ language, codes: Object.keys(names) }).toEqual({ language, codes: Object.keys(REGION_NAMES) });
      const values = Object.values(names);
      // Details read a number's country back up to its closing bracket (status-details.ts).
      expect(values.filter((name) => !name.trim() || /[()]/.test(name))).toEqual([]);
      // One name, one region: a name typed in the sidebar or a Country cell reads back to it.
      expect(new Set(values).size).toBe(values.length);
    }
  });

  it('are what scripts/region-names.mjs makes from this Node’s CLDR (run it after adding a region)', () => {
    for (const language of REGION_LANGUAGES) {
      expect({ language, names: fileOf(language) }).toEqual({ language, names: regionNames(language) });
    }
  });

  it('describe a region in the language in use, English’s name where the language has none', () => {
    expect(describeRegion('DE')).toBe('Germany (DE)');
    useLanguage('es');
    expect(describeRegion('DE')).toBe('Alemania (DE)');
    expect(describeRegion('GB')).toBe('Reino Unido (GB)');
    useLanguage('hi');
    expect(describeRegion('DE')).toBe('जर्मनी (DE)');
    useLanguage('fr');
    expect(describeRegion('ZZ')).toBe('ZZ');
  });

  it('read a country written in the language in use, as well as in English', () => {
    expect(regionFromText('Afganistán')).toBeNull();
    useLanguage('es');
    expect(regionFromText('Afganistán')).toBe('AF');
    expect(regionFromText('  afganistan ')).toBe('AF');
    expect(regionFromText('Afghanistan')).toBe('AF');
    useLanguage('fr');
    expect(regionFromText('Argentine')).toBe('AR');
    useLanguage('hi');
    expect(regionFromText('जर्मनी')).toBe('DE');
    expect(regionFromText('Germany')).toBe('DE');
  });

  it('give each language its own reading of a Country cell, even once one was remembered', () => {
    expect(countryHintFromCell('Afganistán')).toBe('unrecognised');
    useLanguage('es');
    expect(countryHintFromCell('Afganistán')).toEqual({ kind: 'region', region: 'AF' });
    useLanguage('en');
    expect(countryHintFromCell('Afganistán')).toBe('unrecognised');
  });

  it('name the country of a number as sent and of a number refused', () => {
    useLanguage('es');
    const sent = normalisePhone('+49 30 1234567', null);
    expect(sent.ok && describeSentNumber(sent.sent)).toBe('+49 30 1234567 (Alemania)');
    const refused = normalisePhone('12', { kind: 'region', region: 'DE' }, true);
    expect(refused.ok ? '' : refused.reason).toContain('Alemania (DE)');
    useLanguage('en');
    const inEnglish = normalisePhone('+49 30 1234567', null);
    expect(inEnglish.ok && describeSentNumber(inEnglish.sent)).toBe('+49 30 1234567 (Germany)');
  });
});
