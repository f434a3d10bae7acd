/**
 * The catalogues, English's too, live beside the bundle (dist/i18n-<language>.html,
 * scripts/build.mjs) so Code.js stays small: an English user's import reads English's once, a
 * Spanish user's reads its own once, and the menu (onOpen in AuthMode.NONE, where no file may be
 * read) needs none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulatorFor, HEADERS, loadSheet, SHEET, saveToken, useAddOnUnderTest } from '../../tools/harness';
import { DIST } from '../../tools/paths';

const t = useAddOnUnderTest();
const FILE_READS = 'HtmlService.createHtmlOutputFromFile';
const readsOf = (file: string) => `HtmlService.file ${file}.html`;
const SPANISH_FILE = join(DIST, 'i18n-es.html');
const GOOD = [
  ['Asha', "'+91 98765 43210", 'asha@example.com', 'lead'],
  ['Ravi', "'+91 98765 43211", 'ravi@example.com', 'lead'],
];

function speaking(locale: string) {
  t.em.dispose();
  t.em = emulatorFor(t.mock, { userLocale: locale });
  return t.em;
}

/** Reads of `file` (default: any file) while `run` runs. */
function fileReadsDuring(run: () => void, file?: string): number {
  const counter = file ? readsOf(file) : FILE_READS;
  const before = t.em.counters[counter] ?? 0;
  run();
  return (t.em.counters[counter] ?? 0) - before;
}

describe('catalogue files', () => {
  it('Code.js holds the menus; each language, English too, is its own file', () => {
    const code = readFileSync(join(DIST, 'Code.js'), 'utf8');
    const spanish = JSON.parse(readFileSync(SPANISH_FILE, 'utf8')) as { w: object; s: object };
    const english = JSON.parse(readFileSync(join(DIST, 'i18n-en.html'), 'utf8')) as { w: object; s: object };
    expect(Object.keys(spanish.w).length).toBeGreaterThan(100);
    expect(Object.keys(spanish.s).length).toBeGreaterThan(100);
    expect(code).not.toContain('Se importaron');
    expect(code).not.toContain('Imported {count} rows');
    expect(code).toContain('Abrir barra lateral');
    expect(code).toContain('Import selected rows');
    expect(JSON.stringify(spanish.w)).toContain('Se importaron');
    expect(JSON.stringify(english.w)).toContain('Imported {count} rows');
    // The page carries English's sidebar words.
    expect(english.s).toEqual({});
  });

  it("each language's region names are in its file only: not in Code.js nor in the sidebar's page", () => {
    const spanish = JSON.parse(readFileSync(SPANISH_FILE, 'utf8')) as { r: Record<string, string> };
    const hindi = JSON.parse(readFileSync(join(DIST, 'i18n-hi.html'), 'utf8')) as {
      r: Record<string, string>;
    };
    const english = JSON.parse(readFileSync(join(DIST, 'i18n-en.html'), 'utf8')) as { r: object };
    expect(Object.keys(spanish.r)).toHaveLength(245);
    expect([spanish.r.AF, hindi.r.DE]).toEqual(['Afganistán', 'जर्मनी']);
    expect(english.r).toEqual({});
    for (const bundle of ['Code.js', 'Sidebar.html']) {
      const text = readFileSync(join(DIST, bundle), 'utf8');
      expect({ bundle, spanish: text.includes('Afganistán'), hindi: text.includes('जर्मनी') }).toEqual({
        bundle,
        spanish: false,
        hindi: false,
      });
    }
  });

  it('the menu in Spanish reads no file; a Spanish import reads the Spanish file once', () => {
    const em = speaking('es');
    em.ui.menus.length = 0;
    expect(fileReadsDuring(() => em.runWithEvent('onOpen', { authMode: 'NONE' }))).toBe(0);
    expect(em.ui.menus[0].items.map((item) => ('caption' in item ? item.caption : '—'))).toContain(
      'Abrir barra lateral',
    );
    loadSheet(em, [HEADERS, ...GOOD], SHEET);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    expect(fileReadsDuring(() => em.run('menuImportSelected'), 'i18n-es')).toBe(1);
    expect(em.ui.toasts.at(-1)?.message).toBe('Se importaron 2 filas en BotPenguin.');
  });

  it('an English import reads the English file once and no other catalogue', () => {
    const em = speaking('en');
    loadSheet(em, [HEADERS, ...GOOD], SHEET);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    const reads = em.counters;
    const before = { ...reads };
    em.run('menuImportSelected');
    const read = Object.keys(reads).filter(
      (k) => k.startsWith('HtmlService.file ') && reads[k] !== before[k],
    );
    // English's words and the phone metadata, once each; no other catalogue.
    expect(read.sort()).toEqual([readsOf('i18n-en'), readsOf('phone-metadata')]);
    expect(reads[readsOf('i18n-en')] - (before[readsOf('i18n-en')] ?? 0)).toBe(1);
    expect(reads[readsOf('phone-metadata')] - (before[readsOf('phone-metadata')] ?? 0)).toBe(1);
    expect(em.ui.toasts.at(-1)?.message).toBe('Imported 2 rows into BotPenguin.');
  });
});

describe('phone metadata file', () => {
  it("Code.js holds no phone metadata; dist/phone-metadata.html is libphonenumber-js/min's", async () => {
    const code = readFileSync(join(DIST, 'Code.js'), 'utf8');
    const { default: metadata } = await import('libphonenumber-js/min/metadata');
    const file = JSON.parse(readFileSync(join(DIST, 'phone-metadata.html'), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(metadata)));
    // None of India's patterns (the longest strings of its metadata) is in the bundle.
    const strings = JSON.stringify(metadata.countries.IN).match(/"[^"]{12,}"/g) ?? [];
    expect(strings.length).toBeGreaterThan(3);
    for (const pattern of strings) expect(code).not.toContain(pattern);
  });

  it("executions that read no phone do not read it: onOpen, the sidebar's settings and summary", () => {
    const em = speaking('en');
    loadSheet(em, [HEADERS, ...GOOD], SHEET);
    saveToken(em);
    em.user.select(SHEET, ['A2:A3']);
    const file = 'phone-metadata';
    expect(fileReadsDuring(() => em.runWithEvent('onOpen', { authMode: 'NONE' }), file)).toBe(0);
    expect(fileReadsDuring(() => em.run('getSettings'), file)).toBe(0);
    expect(fileReadsDuring(() => em.run('getSheetSummary'), file)).toBe(0);
    expect(fileReadsDuring(() => em.run('previewSelection'), file)).toBe(1);
  });
});
