/** The marketer's language for this execution, from their Google account's locale. */
import { type Language, languageOf, useLanguage } from '../shared/i18n';

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
