/**
 * The add-on's words in the marketer's language. Catalogues are plain JSON files in src/i18n/, one
 * per language, English being the reference every other must match key for key and placeholder
 * for placeholder (test/core/catalogues.test.ts). A message is a string with named placeholders
 * ("{count} rows selected") or, when it depends on a count, one string per plural form.
 *
 * Platform-free: the server picks the language from Session.getActiveUserLocale() and the sidebar
 * from getSettings, and each calls useLanguage(); everything else just calls t(). The brand's
 * words ({service}, {menu}, {statusHeader}, {detailsHeader}, {tokenSource}, {addOn}) are filled in
 * for every message, so catalogues never name BotPenguin.
 *
 * The build gives each bundle only the words it shows (scripts/build.mjs): the sidebar's keys
 * start with "sidebar."; its page carries them in English only, and the server, which knows the
 * user's language, adds that language's sidebar words to the page when it serves it
 * (sidebarWords / addWords).
 */
import en from '../i18n/en.json';
import es from '../i18n/es.json';
import fr from '../i18n/fr.json';
import hi from '../i18n/hi.json';
import ptBR from '../i18n/pt-BR.json';
import esRegions from '../i18n/regions/es.json';
import frRegions from '../i18n/regions/fr.json';
import hiRegions from '../i18n/regions/hi.json';
import ptBRRegions from '../i18n/regions/pt-BR.json';
import { BRAND } from './brand';
import { formatCount } from './text';

export type MessageKey = keyof typeof en;
export type PluralForm = 'one' | 'other';
export type Message = string | Partial<Record<PluralForm, string>>;
export type Catalogue = Partial<Record<MessageKey, Message>>;
export type Params = Record<string, string | number>;

export const LANGUAGES = ['en', 'es', 'pt-BR', 'fr', 'hi'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A language's sidebar words by their page ids, when its file gave them (the server bundle). */
const sidebarById: Partial<Record<Language, Record<string, Message>>> = {};

type RegionNames = Record<string, string>;

/**
 * Region names by ISO code in each language but English, whose names are REGION_NAMES
 * (src/core/countries.ts); made from CLDR by scripts/region-names.mjs. Read from source, the
 * files themselves; the bundles carry none (scripts/build.mjs): the server reads a language's with
 * its catalogue file ("r"), the sidebar those the server put into its page (addWords).
 */
const regionNamesBy: Partial<Record<Language, RegionNames>> = {
  es: esRegions,
  'pt-BR': ptBRRegions,
  fr: frRegions,
  hi: hiRegions,
};

/**
 * A catalogue as read: from source (tests, tsc) the JSON object itself; from its file beside the
 * server bundle {"w": words by key, "s": sidebar words by page id, "r": region names}
 * (scripts/build.mjs).
 */
function keyed(catalogue: unknown, language: Language): Catalogue {
  const file = catalogue as { w?: Catalogue; s?: Record<string, Message>; r?: RegionNames };
  if (!file || typeof file.w !== 'object') return catalogue as Catalogue;
  sidebarById[language] = file.s ?? {};
  if (file.r) regionNamesBy[language] = file.r;
  return file.w;
}

export const CATALOGUES: Record<Language, Catalogue> = {
  en: keyed(en, 'en'),
  es: keyed(es, 'es'),
  'pt-BR': keyed(ptBR, 'pt-BR'),
  fr: keyed(fr, 'fr'),
  hi: keyed(hi, 'hi'),
};

/**
 * In the server bundle every language, English too, carries only its menu words (and the Details
 * templates read back); the rest is a file beside the bundle (scripts/build.mjs), which the server reads through this loader the first
 * time a word is missing (src/server/language.ts). Read as source, every catalogue is whole.
 */
type CatalogueLoader = (language: Language) => unknown;
let loadCatalogue: CatalogueLoader | null = null;
const loaded = new Set<Language>();

export function loadCataloguesWith(loader: CatalogueLoader): void {
  loadCatalogue = loader;
}

/** A language's catalogue, read whole from its file once if the bundle holds only part of it. */
function catalogueOf(language: Language): Catalogue {
  if (!loaded.has(language) && loadCatalogue) {
    try {
      const whole = keyed(loadCatalogue(language), language);
      Object.assign(CATALOGUES[language], { ...whole, ...CATALOGUES[language] });
      loaded.add(language);
    } catch {
      // The file cannot be read now: its words fall back to English, and the next word tries again.
    }
  }
  return CATALOGUES[language];
}

/** The message of `key` in `language`: the resident part first, the whole catalogue if missing. */
function messageOf(language: Language, key: MessageKey): Message | null | undefined {
  const resident = CATALOGUES[language][key];
  if (resident !== undefined && resident !== null) return resident;
  return catalogueOf(language)[key] ?? catalogueOf('en')[key];
}

/**
 * CLDR's cardinal rules for whole numbers, which is all the add-on counts: English and Spanish
 * say "1 row" but "0 rows"; Portuguese (Brazil), French and Hindi use the singular for 0 and 1.
 */
export const PLURAL_RULES: Record<Language, (count: number) => PluralForm> = {
  en: (n) => (n === 1 ? 'one' : 'other'),
  es: (n) => (n === 1 ? 'one' : 'other'),
  'pt-BR': (n) => (n === 0 || n === 1 ? 'one' : 'other'),
  fr: (n) => (n === 0 || n === 1 ? 'one' : 'other'),
  hi: (n) => (n === 0 || n === 1 ? 'one' : 'other'),
};

/** Google's locale ("es", "es_419", "pt_BR", "fr_CA", "hi") → a language we have; English otherwise. */
export function languageOf(locale: string | null | undefined): Language {
  const base = String(locale ?? '')
    .trim()
    .toLowerCase()
    .split(/[-_]/)[0];
  if (base === 'pt') return 'pt-BR';
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

let active: Language = 'en';

/** Sets the language of every later t(); an unknown value means English. */
export function useLanguage(language: string): Language {
  active = (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : 'en';
  return active;
}

export function currentLanguage(): Language {
  return active;
}

const PLACEHOLDER = /\{(\w+)\}/g;

function brandParams(): Params {
  return {
    service: BRAND.serviceName,
    menu: BRAND.menuTitle,
    addOn: BRAND.addOnName,
    statusHeader: BRAND.statusHeader,
    detailsHeader: BRAND.detailsHeader,
    tokenSource: BRAND.tokenLocation,
  };
}

/** The text of `key` in `language` (English when missing) with its placeholders filled in. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const message = messageOf(language, key);
  // null: a sidebar key in the server bundle, which carries English's sidebar words by key only.
  if (message === undefined || message === null) return key;
  let text: string | undefined;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params.count ?? 0);
    text = message[PLURAL_RULES[language](count)] ?? message.other;
  }
  const template = text ?? key;
  if (!template.includes('{')) return template;
  // A placeholder takes the caller's value, else the brand's (built only when one is needed).
  let brand: Params | null = null;
  const parts = partsOf(template);
  // Joined, not added up: `+=` leaves a tree of string pieces, several times the size of the
  // sentence, in every row's outcome until it is written.
  const filled = parts.slice();
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i];
    let value: Params[string];
    if (name in params) value = params[name];
    else {
      brand ??= brandParams();
      value = brand[name];
    }
    // Counts are grouped ("2,500 rows"); row numbers, ids and the like are left as they are.
    if (value === undefined) filled[i] = `{${name}}`;
    else
      filled[i] =
        name === 'count' && typeof value === 'number' ? formatCount(value, language) : String(value);
  }
  return filled.join('');
}

/** Templates cut at their placeholders, once each ("a {b} c" → ["a ", "b", " c"]: texts at even
 * indexes, names at odd ones): Details sentences are filled in for every row of a run. The same
 * for every user and execution, as the catalogues are. */
const templateParts = new Map<string, string[]>();
function partsOf(template: string): string[] {
  let parts = templateParts.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    templateParts.set(template, parts);
  }
  return parts;
}

/** A count as the language set by useLanguage() writes it ("20,000", "20.000", "20 000"). */
export function formatNumber(count: number): string {
  return formatCount(count, active);
}

/** A message in the language set by useLanguage(). */
export function t(key: MessageKey, params?: Params): string {
  return translate(active, key, params);
}

/**
 * Every language's text of `key` (for reading back what any language wrote). Reads no file: the
 * keys read back are in the bundle for every language (READ_BACK_KEYS in scripts/build.mjs).
 */
export function everyLanguage(key: MessageKey): { language: Language; text: string }[] {
  return LANGUAGES.map((language) => {
    const message = CATALOGUES[language][key] ?? CATALOGUES.en[key];
    return { language, text: typeof message === 'string' ? message : (message?.other ?? '') };
  });
}

/**
 * A language's sidebar words, for the server to put into the page it serves; English is built in.
 * The page knows a key by its place among English's sidebar keys, in base 36 (scripts/build.mjs).
 */
export function sidebarWords(language: Language): Record<string, Message> {
  const words: Record<string, Message> = {};
  if (language === 'en') return words;
  const catalogue = catalogueOf(language);
  const fromFile = sidebarById[language];
  if (fromFile && Object.keys(fromFile).length > 0) return { ...fromFile };
  const keys = (Object.keys(CATALOGUES.en) as MessageKey[]).filter((key) => key.startsWith('sidebar.'));
  keys.forEach((key, index) => {
    const message = catalogue[key];
    if (message !== undefined && message !== null) words[index.toString(36)] = message;
  });
  return words;
}

/**
 * A language's region names by ISO code ("DE" → "Alemania"); none for English, whose names are
 * REGION_NAMES, or when the language's file cannot be read now.
 */
export function regionNamesOf(language: Language): RegionNames {
  if (language === 'en') return {};
  catalogueOf(language);
  return regionNamesBy[language] ?? {};
}

/** Adds the words and region names the server put into the sidebar's page to a language. */
export function addWords(language: string, words: Record<string, Message>, regions?: RegionNames): void {
  if (!(LANGUAGES as readonly string[]).includes(language) || language === 'en') return;
  Object.assign(CATALOGUES[language as Language], words);
  if (regions) regionNamesBy[language as Language] = regions;
}
