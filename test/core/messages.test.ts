import { describe, expect, it } from 'vitest';
import {
  nothingToDoMessage,
  previewMessage,
  progressMessage,
  stoppedByTimeLimit,
} from '../../src/core/messages';
import { translate } from '../../src/shared/i18n';
import { cleanTags, formatCount } from '../../src/shared/text';

const counts = (over: Partial<Record<string, number>> = {}) => ({
  imported: 0,
  invalid: 0,
  failed: 0,
  skipped: 0,
  queued: 0,
  valid: 0,
  alreadyImported: 0,
  duplicates: 0,
  phoneChanged: 0,
  ...over,
});

describe('shared text rules', () => {
  it('counts group thousands without Intl', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1000)).toBe('1,000');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(translate('en', 'sidebar.selection.more', { count: 1 })).toBe('and 1 more row.');
    expect(translate('en', 'sidebar.selection.more', { count: 2_500 })).toBe('and 2,500 more rows.');
    expect(translate('en', 'progress.invalid', { count: 1 })).toBe('1 row is Invalid');
    expect(translate('en', 'progress.invalid', { count: 2_500 })).toBe('2,500 rows are Invalid');
  });

  it('one tag rule: whitespace folded, blanks and repeats (ignoring case) dropped, first spelling kept', () => {
    expect(cleanTags([' VIP ', 'vip', 'new   lead', '', 'Lead', 'lead '])).toEqual([
      'VIP',
      'new lead',
      'Lead',
    ]);
  });
});

describe('import messages', () => {
  it('preview', () => {
    const base = {
      rowsSelected: 0,
      ready: 0,
      invalid: 0,
      alreadyImported: 0,
      duplicates: 0,
      hiddenByFilter: 0,
      noConsent: 0,
      phoneChanged: 0,
      optedOut: 0,
      countryFromDefault: 0,
      countryFromLeadingDigits: 0,
    };
    expect(previewMessage(base)).toMatch(/^No contact rows selected\./);
    expect(
      previewMessage({ ...base, rowsSelected: 10, ready: 6, invalid: 2, alreadyImported: 1, duplicates: 1 }),
    ).toBe('10 rows selected: 6 ready, 2 invalid, 1 already imported, 1 duplicate.');
    const guessed = { ...base, rowsSelected: 9, ready: 5, noConsent: 2, phoneChanged: 2 };
    expect(previewMessage({ ...guessed, countryFromDefault: 3, countryFromLeadingDigits: 1 })).toBe(
      "9 rows selected: 5 ready, 0 invalid, 0 already imported, 2 without WhatsApp opt-in, 2 with a changed phone (use Re-send). Of the ready rows, 3 take their country from the default country and 1 takes its country from the number's leading digits.",
    );
  });

  it('progress in each state', () => {
    const job = {
      mode: 'selected' as const,
      total: 10,
      counts: counts({ imported: 7, invalid: 1, failed: 2 }),
    };
    expect(progressMessage(job, 'done')).toBe(
      'Imported 7 rows into BotPenguin. 1 row is Invalid, 2 rows Failed; see the BotPenguin Status column. Choose Retry failed rows to send the Failed ones again.',
    );
    expect(progressMessage({ ...job, counts: counts({ imported: 3, queued: 5 }) }, 'running')).toBe(
      '3 rows imported so far; 5 rows still to send…',
    );
    expect(
      progressMessage({ ...job, mode: 'validate', counts: counts({ valid: 9, invalid: 1 }) }, 'done'),
    ).toBe(
      'Checked 10 rows: 9 rows are ready to import. 1 row is Invalid; see the BotPenguin Status column.',
    );
    expect(progressMessage(job, 'stopped')).toMatch(/^BotPenguin rejected the API token/);
    expect(progressMessage(job, 'busy')).toBe('');
    // Duplicates are not rows already imported; a count of zero never reads as success.
    const skippedKinds = counts({ imported: 0, skipped: 6, alreadyImported: 3, duplicates: 2 });
    expect(progressMessage({ ...job, counts: skippedKinds }, 'done')).toBe(
      'No rows were imported. 3 rows were already imported and left alone, 2 duplicate rows were skipped (same phone as a row above), 1 row was Skipped (no WhatsApp opt-in, or hidden by a filter); see the BotPenguin Status column.',
    );
    expect(progressMessage({ ...job, counts: counts() }, 'done')).toBe(
      'No rows were imported. None of the rows was ready to send.',
    );
    expect(progressMessage({ ...job, mode: 'validate', counts: counts({ invalid: 10 }) }, 'done')).toMatch(
      /^Checked 10 rows: no row is ready to import\./,
    );
    expect(stoppedByTimeLimit(counts({ imported: 400, queued: 1 }))).toMatch(/1 row is still Queued/);
  });

  it('nothing to do', () => {
    expect(nothingToDoMessage('retry', 5)).toBe('There are no Failed or Queued rows to retry in this sheet.');
    expect(nothingToDoMessage('selected', 0)).toMatch(/^No contact rows selected/);
    expect(nothingToDoMessage('all', 3)).toBe('The selected rows are blank: there is nothing to import.');
  });
});
