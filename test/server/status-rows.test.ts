/**
 * The sidebar's newer server functions on the shipped bundle: the cheap sheet summary it polls,
 * selecting rows by status word, clearing the status of selected rows, the account's tags (cached
 * per user) and a tag for one import.
 */
import { describe, expect, it } from 'vitest';
import type {
  AccountTags,
  ClearStatusResult,
  ImportProgress,
  RowSelectionResult,
  SheetSummary,
} from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;

/** Rows 2..(n+1); the rows listed get a phone no one can read, so they end Invalid. */
function sheetWithInvalid(n: number, invalidRows: number[]): void {
  const rows = contactRows(n).map((row, i) =>
    invalidRows.includes(i + 2) ? [row[0], "'12", ...row.slice(2)] : row,
  );
  loadSheet(t.em, [HEADERS, ...rows]);
  saveToken(t.em);
}

describe('getSheetSummary', () => {
  it('counts the status column and reports the latest run, in a handful of calls', async () => {
    sheetWithInvalid(3000, [5, 6, 7, 2999]);
    await t.mock.configure({ invalidPhones: ['919800000100'] });
    t.em.run('menuImportAll');
    t.em.user.select(SHEET, ['A10:B12', 'D20']);
    t.em.resetCounters();
    const summary = call<SheetSummary>('getSheetSummary');
    expect(summary.statusCounts).toEqual({
      imported: 2995,
      invalid: 4,
      failed: 1,
      skipped: 0,
      queued: 0,
      valid: 0,
      phoneChanged: 0,
      optedOut: 0,
      removed: 0,
      optOutTagged: 0,
      notRemoved: 0,
    });
    expect(summary.selection).toEqual(['A10:B12', 'D20']);
    expect(summary.lastRun).toMatchObject({
      mode: 'all',
      state: 'done',
      sheetName: SHEET,
      counts: { imported: 2995, invalid: 4, failed: 1 },
    });
    expect(summary.lastRun?.message).toMatch(/^Imported 2,995 rows into BotPenguin\./);
    // Cheap: the header row, the status column and the two selected ranges, never the whole sheet.
    expect(t.em.counters['Range.getValues']).toBe(4);
    expect(summary.selectionContent).toMatch(/^[0-9a-f]+$/);
    // An edit inside the selection changes the content key; one outside does not.
    const before = summary.selectionContent;
    t.em.user.setValues(SHEET, 'C500', [['someone@example.com']]);
    expect(call<SheetSummary>('getSheetSummary').selectionContent).toBe(before);
    t.em.user.setValues(SHEET, 'C11', [['edited@example.com']]);
    expect(call<SheetSummary>('getSheetSummary').selectionContent).not.toBe(before);
    // A very large selection is not read at all.
    t.em.user.select(SHEET, ['A2:B2001']);
    expect(call<SheetSummary>('getSheetSummary').selectionContent).toBe('');
    expect(t.em.counters['Range.setValues'] ?? 0).toBe(0);
  });

  it('has no last run and zero counts on a sheet never imported', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    const summary = call<SheetSummary>('getSheetSummary');
    expect(summary.lastRun).toBeNull();
    expect(Object.values(summary.statusCounts).every((n) => n === 0)).toBe(true);
  });
});

describe('selectRowsWithStatus', () => {
  it('selects the rows of one status as one range list, consecutive rows merged, under a frozen header', () => {
    // Header in row 2 (frozen), 24 columns wide: ranges run to the status columns Y:Z.
    const wide = (row: unknown[]) => [...row, ...Array.from({ length: 20 }, (_, i) => `x${i}`)];
    const rows = contactRows(12).map((row, i) =>
      [3, 4, 5, 9].includes(i) ? [row[0], "'12", ...row.slice(2)] : row,
    );
    loadSheet(t.em, [['Contacts of spring'], wide(HEADERS), ...rows.map(wide)]);
    t.em.user.setFrozenRows(SHEET, 2);
    saveToken(t.em);
    t.em.run('menuImportAll');
    expect(t.em.user.getValues(SHEET, 'Y2:Z2')).toEqual([['BotPenguin Status', 'BotPenguin Details']]);
    const words = t.em.user.getValues(SHEET, 'Y3:Y14').map((r) => String(r[0]));
    expect(countBy(words, (w) => w)).toEqual({ Imported: 8, Invalid: 4 });

    const picked = call<RowSelectionResult>('selectRowsWithStatus', 'invalid');
    expect(picked.ranges).toEqual(['A6:Z8', 'A12:Z12']);
    expect(picked.rows).toBe(4);
    expect(t.em.user.selection()).toEqual({ sheetName: SHEET, ranges: ['A6:Z8', 'A12:Z12'] });
    expect(picked.message).toBe(
      'Selected 4 Invalid rows. Fix them in the sheet, then choose Import selected.',
    );

    // None Failed: the selection stays as it was, and the sentence says so.
    const none = call<RowSelectionResult>('selectRowsWithStatus', 'failed');
    expect(none).toMatchObject({ rows: 0, ranges: [] });
    expect(none.message).toMatch(/^No rows of "Contacts" are Failed/);
    expect(t.em.user.selection().ranges).toEqual(['A6:Z8', 'A12:Z12']);
  });
});

describe('clearStatusOfSelection', () => {
  it('empties Status and Details of the selected rows only; the next import sends them as new', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(6)]);
    saveToken(t.em);
    t.em.run('menuImportAll');
    t.em.user.select(SHEET, ['B3:B4', 'A6']);
    const cleared = call<ClearStatusResult>('clearStatusOfSelection');
    expect(cleared.rows).toBe(3);
    expect(cleared.message).toBe(
      'Cleared the BotPenguin status of 3 rows. Import selected now treats them as new rows.',
    );
    expect(statuses(t.em).map((s) => s.status)).toEqual(['Imported', '', '', 'Imported', '', 'Imported']);
    expect(statuses(t.em)[1].details).toBe('');
    t.em.run('menuImportSelected');
    expect((await t.mock.requests()).filter((r) => r.path.includes('import')).length).toBe(2);
    expect(statuses(t.em).every((s) => s.status === 'Imported')).toBe(true);
  });
});

describe('getAccountTags', () => {
  it('lists the account’s tag names, from the user cache until refreshed', async () => {
    await t.mock.configure({ seedTags: ['vip', 'Newsletter', 'Spring sale'] });
    loadSheet(t.em, [HEADERS]);
    saveToken(t.em);
    const first = call<AccountTags>('getAccountTags', false);
    expect(first).toMatchObject({ ok: true, tags: ['Newsletter', 'Spring sale', 'vip'], message: '' });
    await t.mock.configure({ seedTags: ['vip'] });
    expect(call<AccountTags>('getAccountTags', false).tags).toEqual(['Newsletter', 'Spring sale', 'vip']);
    expect(call<AccountTags>('getAccountTags', true).tags).toEqual(['vip']);
    const gets = (await t.mock.requests()).filter((r) => r.method === 'GET' && r.path === '/inbox/tags');
    expect(gets.length).toBe(2);
  });

  it('says what to do without a token or with a rejected one, and never shows the token', async () => {
    loadSheet(t.em, [HEADERS]);
    expect(call<AccountTags>('getAccountTags', false)).toMatchObject({ ok: false, tags: [] });
    expect(call<AccountTags>('getAccountTags', false).message).toMatch(
      /^Save your API token under Connection/,
    );
    saveToken(t.em);
    await t.mock.configure({ tokens: ['someone-else'] });
    const rejected = call<AccountTags>('getAccountTags', true);
    expect(rejected.ok).toBe(false);
    expect(rejected.message).toMatch(
      /^BotPenguin rejected the API token \(it answered: ".+"\)\. Check the token/,
    );
    expect(rejected.message).not.toContain(TOKEN);
  });
});

describe('ImportOptions.batchTag', () => {
  it('adds the tag to every contact of that run, and leaves the rows unchanged for the next run', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(4)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:A5']);
    const done = call<ImportProgress>('startImport', {
      mode: 'selected',
      batchTag: '  Sheets   import 2026-11-25 ',
    });
    expect(done.state).toBe('done');
    const contacts = await t.mock.contacts();
    expect(contacts.length).toBe(4);
    expect(contacts.every((c) => c.tags.includes('Sheets import 2026-11-25'))).toBe(true);
    expect(contacts.every((c) => c.tags.includes('lead'))).toBe(true);

    const again = call<ImportProgress>('startImport', { mode: 'selected' });
    expect(again.counts).toMatchObject({ imported: 0, skipped: 4, alreadyImported: 4 });
    expect(again.message).toBe(
      'No rows were imported. 4 rows were already imported and left alone; see the BotPenguin Status column.',
    );
  });
});
