import { describe, expect, it } from 'vitest';
import { LANGUAGES, translate, useLanguage } from '../../src/shared/i18n';
import { toSentence } from '../../src/sidebar/rpc';

/** What the sidebar shows for what google.script.run's failure handler receives. */
describe('the sidebar turns server failures into sentences', () => {
  it('says what Apps Script stopping a call at 6 minutes means, in each language', () => {
    for (const language of LANGUAGES) {
      useLanguage(language);
      const shown = toSentence(new Error('Exception: Exceeded maximum execution time'));
      expect(shown).toBe(translate(language, 'sidebar.timeLimit'));
      expect(shown).not.toMatch(/Exceeded maximum/);
    }
    useLanguage('en');
  });

  it('drops the prefixes Apps Script adds and keeps the add-on sentence', () => {
    useLanguage('en');
    expect(toSentence(new Error('Error: Choose a sheet first.'))).toBe('Choose a sheet first.');
    expect(toSentence(new Error('Exception: Choose a sheet first.\n    at x (Code:1:2)'))).toBe(
      'Choose a sheet first.',
    );
    expect(toSentence(new Error('NetworkError: Connection failure due to HTTP 0'))).toBe(
      translate('en', 'sidebar.lostContact'),
    );
    expect(toSentence(new Error('    at foo (Code:3:4)'))).toBe(translate('en', 'sidebar.serverError'));
  });
});
