/**
 * The sidebar's words: the page's static texts carry a catalogue key (data-i18n for the text,
 * data-i18n-placeholder / data-i18n-aria-label for attributes) and are filled in here; the
 * language is the one the server chose from the user's Google locale (getSettings).
 */
import { addWords, type Message, type MessageKey, t, useLanguage } from '../shared/i18n';

const ATTRIBUTES: [dataName: string, attribute: string][] = [
  ['i18nPlaceholder', 'placeholder'],
  ['i18nAriaLabel', 'aria-label'],
];

/**
 * The words and region names of the user's language that the server put into the page when it
 * served it (src/server/language.ts); the page itself carries only English.
 */
export function readServedWords(): void {
  const slot = document.getElementById('sidebar-words');
  try {
    const served = JSON.parse(slot?.textContent || '{}') as {
      language?: string;
      words?: Record<string, Message>;
      regions?: Record<string, string>;
    };
    if (served.language && served.words) addWords(served.language, served.words, served.regions);
  } catch {
    // A page served without words (or broken ones) stays in English.
  }
}

/** Sets the language and rewrites every static text of the page in it. */
export function applyLanguage(language: string): void {
  const chosen = useLanguage(language);
  document.documentElement.lang = chosen;
  for (const element of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n as MessageKey);
  }
  for (const [dataName, attribute] of ATTRIBUTES) {
    const selector = `[data-${dataName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`;
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      element.setAttribute(attribute, t(element.dataset[dataName] as MessageKey));
    }
  }
}
