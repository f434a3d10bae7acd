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
    expect(translate('en', 'progress.invalid', { count: 1 })).toBe('1 row is invalid');
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
      countryFromDefault: 0,
      countryFromLeadingDigits: 0,
    };
    expect(previewMessage(base)).toMatch(/^No contact rows selected\./);
    expect(
      previewMessage({ ...base, rowsSelected: 10, ready: 6, invalid: 2, alreadyImported: 1, duplicates: 1 }),
    ).toBe('10 rows selected: 6 ready, 2 invalid, 1 already imported, 1 duplicate.');
    const guessed = { ...base, rowsSelected: 9, ready: 5, noConsent: 2, phoneChanged: 2 };
    expect(previewMessage({ ...guessed, countryFromDefault: 3, countryFromLeadingDigits: 1 })).toBe(
      "9 rows selected: 5 ready, 0 invalid, 0 already imported, 2 without WhatsApp opt-in, 2 with a changed phone (use Re-send). Of the ready rows, the country comes 3 from the default country and 1 from the number's leading digits.",
    );
  });

  it('progress in each state', () => {
    const job = {
      mode: 'selected' as const,
      total: 10,
      counts: counts({ imported: 7, invalid: 1, failed: 2 }),
    };
    expect(progressMessage(job, 'done')).toBe(
      'Imported 7 contacts into BotPenguin. 1 row is invalid, 2 rows failed; see the BotPenguin Status column. Choose Retry failed rows to try the failed ones again.',
    );
    expect(progressMessage({ ...job, counts: counts({ imported: 3, queued: 5 }) }, 'running')).toBe(
      'Imported 3 of 8 contacts so far…',
    );
    expect(
      progressMessage({ ...job, mode: 'validate', counts: counts({ valid: 9, invalid: 1 }) }, 'done'),
    ).toBe('Checked 10 rows: 9 ready to import. 1 row is invalid; see the BotPenguin Status column.');
    expect(progressMessage(job, 'stopped')).toMatch(/^BotPenguin rejected the API token/);
    expect(progressMessage(job, 'busy')).toBe('');
    expect(stoppedByTimeLimit(counts({ imported: 400, queued: 1 }))).toMatch(/1 row is still Queued/);
  });

  it('nothing to do', () => {
    expect(nothingToDoMessage('retry', 5)).toBe('There are no Failed or Queued rows to retry in this sheet.');
    expect(nothingToDoMessage('selected', 0)).toMatch(/^No contact rows selected/);
    expect(nothingToDoMessage('all', 3)).toBe('The selected rows are blank: there is nothing to import.');
  });
});
