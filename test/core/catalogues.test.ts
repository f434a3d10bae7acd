/**
 * The catalogues (src/i18n/*.json): every language has every English key and no other, with the
 * same placeholders; every key is used by the code and every key the code uses exists; plural
 * forms follow each language's rule; and Details written in one language are read back in any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  failedDetails,
  importedDetails,
  importRecordOf,
  phoneChangedDetails,
  previousStatusOf,
  queuedDetails,
  queuedTokenOf,
  restoredImportDetails,
} from '../../src/core/status-details';
import { STATUS } from '../../src/shared/contracts';
import {
  CATALOGUES,
  LANGUAGES,
  type Language,
  languageOf,
  type Message,
  PLURAL_RULES,
  t,
  translate,
  useLanguage,
} from '../../src/shared/i18n';
import { formatCount } from '../../src/shared/text';
import { ROOT } from '../../tools/paths';

const SRC = join(ROOT, 'src');
const english = CATALOGUES.en as Record<string, Message>;
const englishKeys = Object.keys(english);
/** The first part of every key ("menu", "details", "sidebar"…): strings starting so are keys. */
const NAMESPACES = new Set(englishKeys.map((key) => key.split('.')[0]));

function placeholders(message: Message | undefined): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message ?? {});
  return [
    ...new Set(texts.flatMap((text) => [...(text ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1]))),
  ].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

/** Every quoted string in the code that looks like a catalogue key, by file. */
function keysInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/['"`]([a-z][A-Za-z]*(?:\.[A-Za-z0-9]+)+)['"`]/g)) {
      const key = match[1];
      if (!NAMESPACES.has(key.split('.')[0])) continue;
      found.set(key, [...(found.get(key) ?? []), relative(SRC, file)]);
    }
  }
  return found;
}

afterEach(() => {
  useLanguage('en');
});

describe('catalogues', () => {
  it('are one JSON file per language, each with every English key and no other', () => {
    const files = readdirSync(join(SRC, 'i18n')).sort();
    // regions/: country names, one file per language but English (test/core/region-names.test.ts).
    expect(files).toEqual(['en.json', 'es.json', 'fr.json', 'hi.json', 'pt-BR.json', 'regions']);
    expect(englishKeys.length).toBeGreaterThan(200);
    for (const language of LANGUAGES) {
      const keys = Object.keys(CATALOGUES[language]);
      expect({ language, missing: englishKeys.filter((k) => !keys.includes(k)) }).toEqual({
        language,
        missing: [],
      });
      expect({ language, extra: keys.filter((k) => !(k in english)) }).toEqual({ language, extra: [] });
    }
  });

  it("name Sheets' own Extensions menu as Sheets shows it in the language", () => {
    // Google's Apps Script pages in English, French and Hindi: "Extensions > Apps Script",
    // "एक्सटेंशन > Apps Script"; Hindi messages had said "Extensions → …".
    const EXTENSIONS_MENU: Record<(typeof LANGUAGES)[number], string> = {
      en: 'Extensions',
      es: 'Extensiones',
      fr: 'Extensions',
      'pt-BR': 'Extensões',
      hi: 'एक्सटेंशन',
    };
    for (const language of LANGUAGES) {
      const texts = Object.values(CATALOGUES[language] as Record<string, Message>).flatMap((message) =>
        typeof message === 'string' ? [message] : Object.values(message ?? {}).map(String),
      );
      // "<menu> → {menu} → …": the word in front of the add-on's own menu.
      const paths = texts.flatMap((text) => [...text.matchAll(/([^\s(]+) [→›] \{menu\}/g)].map((m) => m[1]));
      expect(paths.length).toBeGreaterThan(5);
      expect({ language, other: paths.filter((word) => word !== EXTENSIONS_MENU[language]) }).toEqual({
        language,
        other: [],
      });
    }
  });

  it('name the menu items and sidebar sections as the language shows them, never by their English caption', () => {
    // "Open the sidebar (Extensions → {menu} → Open sidebar)" in Hindi sends a Hindi user to a
    // menu item they do not see: the menu reads "साइडबार खोलें".
    const captionKeys = englishKeys.filter(
      (key) => /^menu\./.test(key) || /^sidebar\.[A-Za-z]+\.title$/.test(key),
    );
    expect(captionKeys.length).toBeGreaterThan(20);
    const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found: string[] = [];
    for (const language of LANGUAGES) {
      if (language === 'en') continue;
      const catalogue = CATALOGUES[language] as Record<string, Message>;
      for (const captionKey of captionKeys) {
        const caption = english[captionKey];
        if (typeof caption !== 'string' || catalogue[captionKey] === caption) continue;
        const asWord = new RegExp(`(?<![\\p{L}])${escapeRegExp(caption)}(?![\\p{L}])`, 'u');
        for (const [key, message] of Object.entries(catalogue)) {
          const texts = typeof message === 'string' ? [message] : Object.values(message ?? {});
          if (key !== captionKey && texts.some((text) => asWord.test(String(text))))
            found.push(`${language} ${key}: "${caption}"`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('have the placeholders of English in every message and every plural form', () => {
    for (const language of LANGUAGES) {
      const catalogue = CATALOGUES[language] as Record<string, Message>;
      for (const key of englishKeys) {
        const message = catalogue[key];
        expect({ language, key, placeholders: placeholders(message) }).toEqual({
          language,
          key,
          placeholders: placeholders(english[key]),
        });
        if (typeof english[key] !== 'string') {
          // A plural message: one and other in every language, each with every placeholder.
          expect(typeof message, `${language} ${key}`).toBe('object');
          const forms = message as Record<string, string>;
          expect(Object.keys(forms).sort(), `${language} ${key}`).toEqual(['one', 'other']);
          for (const form of Object.values(forms)) {
            expect(placeholders(form), `${language} ${key}`).toEqual(placeholders(english[key]));
          }
        } else {
          expect(typeof message, `${language} ${key}`).toBe('string');
        }
      }
    }
  });

  it('are real translations: no language repeats English in most of its messages', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const catalogue = CATALOGUES[language] as Record<string, Message>;
      const same = englishKeys.filter(
        (key) => JSON.stringify(catalogue[key]) === JSON.stringify(english[key]),
      );
      // Only short technical words may stay as they are ("Auto", "Email", "Token …{last4}", ", ").
      expect({ language, same: same.length }).toEqual({ language, same: expect.any(Number) });
      expect(same.length, `${language}: ${same.join(', ')}`).toBeLessThan(12);
    }
  });

  it('have no unused key, and the code uses no key they lack', () => {
    const used = keysInSource();
    const unused = englishKeys.filter((key) => !used.has(key));
    expect(unused).toEqual([]);
    const unknown = [...used.keys()].filter((key) => !(key in english));
    expect(unknown).toEqual([]);
  });

  it('give the sidebar bundle its keys only: "sidebar." keys in src/sidebar, the others elsewhere', () => {
    for (const [key, files] of keysInSource()) {
      for (const file of files) {
        if (file.startsWith('i18n')) continue;
        const inSidebar = file.startsWith('sidebar');
        expect({ key, file, sidebarKey: key.startsWith('sidebar.') }).toEqual({
          key,
          file,
          sidebarKey: inSidebar,
        });
      }
    }
  });
});

describe('language choice and plural forms', () => {
  it('maps Google locales to a language, English for the rest', () => {
    const cases: [string | null, Language][] = [
      ['en', 'en'],
      ['en_GB', 'en'],
      ['es', 'es'],
      ['es_419', 'es'],
      ['pt_BR', 'pt-BR'],
      ['pt_PT', 'pt-BR'],
      ['fr', 'fr'],
      ['fr_CA', 'fr'],
      ['hi', 'hi'],
      ['de', 'en'],
      ['', 'en'],
      [null, 'en'],
    ];
    for (const [locale, language] of cases)
      expect({ locale, language: languageOf(locale) }).toEqual({ locale, language });
  });

  it('uses "one" for 1 everywhere and for 0 in Portuguese, French and Hindi', () => {
    expect(LANGUAGES.map((l) => PLURAL_RULES[l](1))).toEqual(['one', 'one', 'one', 'one', 'one']);
    expect(LANGUAGES.map((l) => PLURAL_RULES[l](0))).toEqual(['other', 'other', 'one', 'one', 'one']);
    expect(LANGUAGES.map((l) => PLURAL_RULES[l](2))).toEqual(['other', 'other', 'other', 'other', 'other']);
    expect(translate('es', 'preview.summary', { count: 1, parts: 'x' })).toBe('1 fila seleccionada: x.');
    expect(translate('es', 'preview.summary', { count: 25000, parts: 'x' })).toBe(
      '25.000 filas seleccionadas: x.',
    );
    expect(translate('fr', 'sidebar.import.requestsSent', { count: 0 })).toBe('0 requête envoyée');
    expect(translate('en', 'sidebar.import.requestsSent', { count: 0 })).toBe('0 requests sent');
  });

  it('every catalogue writes numbers its own language’s way, in counts and in its own text', () => {
    const own: Record<(typeof LANGUAGES)[number], [number, string][]> = {
      en: [
        [2000, '2,000'],
        [20000, '20,000'],
        [100000, '100,000'],
      ],
      es: [
        [2000, '2000'],
        [20000, '20.000'],
        [100000, '100.000'],
      ],
      'pt-BR': [
        [2000, '2.000'],
        [20000, '20.000'],
        [100000, '100.000'],
      ],
      fr: [
        [2000, '2\u202f000'],
        [20000, '20\u202f000'],
        [100000, '100\u202f000'],
      ],
      hi: [
        [2000, '2,000'],
        [20000, '20,000'],
        [100000, '1,00,000'],
      ],
    };
    // Any grouped number in a language's own words must be grouped its way.
    const grouped = /\d{1,3}(?:[,.\u202f\u00a0 ]\d{2,3})+/g;
    for (const language of LANGUAGES) {
      for (const [n, text] of own[language]) {
        expect(formatCount(n, language)).toBe(text);
        expect(translate(language, 'preview.summary', { count: n, parts: 'x' })).toContain(text);
      }
      const written = new Set(own[language].map(([, text]) => text));
      const allowed = (number: string) =>
        written.has(number) || formatCount(Number(number.replace(/\D/g, '')), language) === number;
      for (const [key, message] of Object.entries(CATALOGUES[language])) {
        const texts = typeof message === 'string' ? [message] : Object.values(message ?? {});
        for (const text of texts)
          for (const number of String(text).match(grouped) ?? [])
            expect(allowed(number), `${language} ${key}: "${number}"`).toBe(true);
      }
    }
  });

  it('fills in brand words and leaves the status words as they are', () => {
    useLanguage('es');
    expect(t('menu.exportContacts')).toBe('Exportar contactos de BotPenguin…');
    expect(t('help.step3')).toContain('Imported, Invalid, Failed, Skipped o Queued');
    expect(t('help.step3')).toContain('BotPenguin Status');
  });

  it('falls back to English for a language it does not have', () => {
    expect(useLanguage('de')).toBe('en');
    expect(t('menu.importSelected')).toBe('Import selected rows');
  });
});

describe('Details written in one language are read back in every other', () => {
  const record = (language: Language) => {
    useLanguage(language);
    return importedDetails(
      '2026-11-25 14:03',
      '+91 98765 43210 (India, country from the sheet’s default)',
      '1f34a4b2',
      ['note'],
    );
  };

  it.each(LANGUAGES.flatMap((writer) => LANGUAGES.map((reader) => [writer, reader] as const)))(
    'written in %s, read in %s',
    (writer, reader) => {
      const imported = record(writer);
      useLanguage(writer);
      const queued = queuedDetails('3f9a1c', 1234, STATUS.failed, imported);
      const failed = failedDetails(
        { kind: 'failed', message: 'BotPenguin had a server error (500: x)' },
        false,
        '2026-11-26 09:00',
        imported,
      );
      useLanguage(reader);
      expect(queuedTokenOf(STATUS.queued, queued, '3f9a1c')).toBe(1234);
      expect(queuedTokenOf(STATUS.queued, queued, '3f9a1d')).toBeNull();
      expect(previousStatusOf(queued)).toBe(STATUS.failed);
      for (const details of [imported, queued, failed]) {
        expect(importRecordOf(details)).toMatchObject({ digits: '919876543210', fingerprint: '1f34a4b2' });
      }
      const original = importRecordOf(imported)!;
      expect(restoredImportDetails(failed)).toBe(original.text);
      expect(phoneChangedDetails(original, '+91 20155 58094 (India)')).toContain('+91 98765 43210');
    },
  );

  it('a queued row without a previous status reads as none in every language', () => {
    for (const language of LANGUAGES) {
      useLanguage(language);
      const details = queuedDetails('abcdef', 7, '');
      useLanguage('en');
      expect({
        language,
        was: previousStatusOf(details),
        token: queuedTokenOf(STATUS.queued, details, 'abcdef'),
      }).toEqual({
        language,
        was: '',
        token: 7,
      });
    }
  });
});
