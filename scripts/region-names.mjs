// Writes src/i18n/regions/<language>.json: every region of src/core/countries.ts (REGION_NAMES,
// whose English names are CLDR's) named in each other language, from CLDR as Node's ICU has it
// (Intl.DisplayNames). Apps Script's V8 does not promise that data, so the names ship as files.
// Run `node scripts/region-names.mjs` after adding a region or upgrading Node;
// test/core/region-names.test.ts fails when the files are not what this script makes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REGION_LANGUAGES = ['es', 'pt-BR', 'fr', 'hi'];

/** The region codes of REGION_NAMES, read from the source so that this script needs no build. */
export function regionCodes() {
  const source = readFileSync(join(root, 'src/core/countries.ts'), 'utf8');
  const table = source.slice(source.indexOf('REGION_NAMES'), source.indexOf('};'));
  return [...table.matchAll(/^ {2}([A-Z]{2}): /gm)].map((match) => match[1]);
}

/**
 * CLDR's name, as English's table takes it: the short name where CLDR's long one is a
 * legal title ("RAE de Hong Kong (China)"), and no brackets, which Details use for the
 * country after a number; a bracket that tells two regions apart becomes a comma.
 */
export function regionNames(language, codes = regionCodes()) {
  const long = new Intl.DisplayNames([language], { type: 'region' });
  const short = new Intl.DisplayNames([language], { type: 'region', style: 'short' });
  const names = {};
  for (const code of codes) names[code] = ['HK', 'MO'].includes(code) ? short.of(code) : long.of(code);
  const plain = (name) => name.replace(/\s*\([^)]*\)/g, '').trim();
  const taken = new Map();
  for (const code of codes) taken.set(plain(names[code]), (taken.get(plain(names[code])) ?? 0) + 1);
  for (const code of codes) {
    const name = names[code];
    if (!/[()]/.test(name)) continue;
    names[code] = taken.get(plain(name)) > 1 ? name.replace(/\s*\(([^)]*)\)/g, ', $1') : plain(name);
  }
  return names;
}

export const regionFile = (language) => join(root, 'src/i18n/regions', `${language}.json`);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const language of REGION_LANGUAGES) {
    writeFileSync(regionFile(language), `${JSON.stringify(regionNames(language), null, 2)}\n`);
    console.log(regionFile(language));
  }
}
