/** The marketer's language for this execution, from their Google account's locale. */
import {
  type Language,
  languageOf,
  loadCataloguesWith,
  regionNamesOf,
  sidebarWords,
  useLanguage,
} from '../shared/i18n';

/**
 * Code.js carries every language's menu words; the rest of a language, English too, is the file
 * dist/i18n-<language>.html (scripts/build.mjs), so each execution parses only what it needs.
 * It is read the first time a word of that language is missing, and at most once an execution.
 */
loadCataloguesWith((language) =>
  JSON.parse(HtmlService.createHtmlOutputFromFile(`i18n-${language}`).getContent()),
);

/**
 * Sets the language every message of this execution is written in. Called first by each global
 * function, since Apps Script may reuse a loaded script for the next call of another user.
 */
export function speakUserLanguage(): Language {
  let locale = '';
  try {
    locale = Session.getActiveUserLocale();
  } catch {
    // No locale (e.g. a trigger without a user): English.
  }
  return useLanguage(languageOf(locale));
}

/** Where the sidebar's page (src/sidebar/index.html) takes the words of the user's language. */
const WORDS_SLOT = '<script id="sidebar-words" type="application/json">{}</script>';

/**
 * The sidebar's page in `language`: <html lang> so it starts in it, and that language's sidebar
 * words and region names, which only the server bundle carries (the page has English built in). The JSON is
 * escaped so that no "</script>" or "<!--" in a translation can end the element early.
 */
export function pageInLanguage(page: string, language: Language): string {
  const json = JSON.stringify({ language, words: sidebarWords(language), regions: regionNamesOf(language) })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
  return page
    .replace('<html lang="en">', () => `<html lang="${language}">`)
    .replace(WORDS_SLOT, () => WORDS_SLOT.replace('{}', json));
}
