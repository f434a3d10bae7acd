/**
 * What the add-on reads back from PropertiesService is checked, not trusted: a corrupt or
 * old-format record gets defaults and a log line, never a crash (on the shipped bundle).
 */
import { describe, expect, it } from 'vitest';
import type { ImportProgress, SettingsView } from '../../src/shared/contracts';
import {
  contactRows,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;
const sheetKey = () => `bp.sheet.${t.em.spreadsheet.requireSheet(SHEET).sheetId}`;

describe('stored sheet settings', () => {
  it.each([
    ['not JSON', '{oops'],
    ['an array', '[1,2]'],
    [
      'every field wrong',
      JSON.stringify({
        batchSize: 'lots',
        parallelRequests: 99,
        defaultCountry: 'India!',
        defaultTags: 'vip',
        headerRow: -3,
        mapping: { fields: 7 },
      }),
    ],
  ])('%s: defaults are used, a warning is logged, imports still work', (_name, raw) => {
    loadSheet(t.em, [HEADERS, ...contactRows(3)]);
    saveToken(t.em);
    t.em.properties.document.set(sheetKey(), raw);
    const view = call<SettingsView>('getSettings');
    expect(view).toMatchObject({
      batchSize: 100,
      parallelRequests: 4,
      defaultCountry: null,
      defaultTags: [],
      headerRow: null,
      mapping: null,
    });
    expect(t.em.logs.some((l) => l.level === 'warn' && /Settings of sheet/.test(l.message))).toBe(true);
    t.em.user.select(SHEET, ['A2:D4']);
    t.em.run('menuImportSelected');
    expect(statuses(t.em).map((s) => s.status)).toEqual(['Imported', 'Imported', 'Imported']);
  });

  it('keeps the fields that are sound and drops only the broken one', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    t.em.properties.document.set(
      sheetKey(),
      JSON.stringify({
        batchSize: 25,
        defaultCountry: 'IN',
        defaultTags: ['a', 'A ', 'b'],
        parallelRequests: 0,
      }),
    );
    const view = call<SettingsView>('getSettings');
    expect(view).toMatchObject({
      batchSize: 25,
      defaultCountry: 'IN',
      defaultTags: ['a', 'b'],
      parallelRequests: 4,
    });
    expect(t.em.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
      expect.stringContaining('parallelRequests could not be read'),
    ]);
  });
});

describe('stored job records', () => {
  it('a corrupt job record is treated as a finished job: a sentence, no crash, rows stay Queued for Retry', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(600)]);
    saveToken(t.em);
    call('saveSettings', { batchSize: 10, parallelRequests: 1 });
    t.em.user.select(SHEET, ['A2:D601']);
    const first = call<ImportProgress>('startImport', { mode: 'selected' });
    expect(first.state).toBe('running');
    t.em.properties.document.set(
      `bp.job.${first.jobId}`,
      JSON.stringify({ id: first.jobId, counts: 'many' }),
    );
    expect(() => call('continueImport', first.jobId)).toThrow(
      /That import has already finished or was cancelled/,
    );
    expect(t.em.logs.some((l) => l.level === 'warn' && l.message.includes(first.jobId))).toBe(true);
    const left = statuses(t.em).filter((s) => s.status === 'Queued').length;
    expect(left).toBeGreaterThan(0);
    t.em.run('menuRetryFailed');
    expect(statuses(t.em).every((s) => s.status === 'Imported')).toBe(true);
  });
});
