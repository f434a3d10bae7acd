/**
 * Daily quotas on the shipped bundle (issue 22): a small version of the quota week
 * (`npm run quota-week` runs the full one and reports it), and the sidebar's poll reading the
 * last run from the document cache instead of Properties.
 */
import { describe, expect, it } from 'vitest';
import { contactRows, HEADERS, loadSheet, saveToken, useAddOnUnderTest } from '../../tools/harness';
import { simulateQuotaWeek } from '../../tools/quota-week';

const t = useAddOnUnderTest();

describe('daily quotas', () => {
  it('a day of hourly runs with editors adding rows stay under the consumer limits, and every row is imported', async () => {
    const result = await simulateQuotaWeek(t.mock, { rows: 1000, days: 1, rowsPerHour: 10 });
    for (const day of result.days) {
      expect(day.triggerRuns).toBe(24);
      expect(day.failedRuns).toBe(0);
      expect(day.triggerRuntimeMin).toBeLessThan(90);
      expect(day.propertiesOps).toBeLessThan(50_000);
      expect(day.urlFetch).toBeLessThan(20_000);
    }
    expect(result.notImported).toBe(0);
    expect(result.rowsAtEnd).toBe(1000 + 24 * 10);
  }, 300_000);

  it('the poll reads the last run from the document cache: one Properties read per summary', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(3)]);
    saveToken(t.em);
    t.em.run('menuImportAll');
    t.em.scriptRun('getSheetSummary');
    t.em.resetCounters();
    for (let i = 0; i < 10; i++) t.em.scriptRun('getSheetSummary');
    // The sheet's settings (header row) are the one read left; the last run comes from the cache.
    expect(t.em.counters['PropertiesService.reads']).toBe(10);
    expect((t.em.scriptRun('getSheetSummary') as { lastRun: { state: string } }).lastRun.state).toBe('done');
  });
});
