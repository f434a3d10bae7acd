/**
 * A Queued row is checked again just before its chunk is sent, with the same rule the plan used
 * (row-plan.unsendableUpdate): a row edited since it was queued into a repeat of a row above is
 * Skipped as a duplicate, one edited into an unreadable number is Invalid, and neither is sent.
 */
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  phonesIn,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

describe('a Queued row edited before its chunk is sent', () => {
  it('gets the status the plan would have given it, and is not sent', async () => {
    // BotPenguin taking 20 s a request: each sidebar call (a 20 s budget) sends one chunk.
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchServerMs: 20_000 } });
    const rows = contactRows(800);
    loadSheet(t.em, [HEADERS, ...rows]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D801']);
    // Start sends the first chunk (rows 2–401); the rest wait Queued.
    let progress = t.em.scriptRun('startImport', { mode: 'selected' }) as ImportProgress;
    expect(progress.state).toBe('running');
    expect(statuses(t.em)[499 - 2].status).toBe('Queued');
    t.em.user.setValues(SHEET, 'B500', [[rows[450 - 2][1]]]);
    t.em.user.setValues(SHEET, 'B600', [['call me']]);
    while (progress.state === 'running') {
      progress = t.em.scriptRun('continueImport', progress.jobId) as ImportProgress;
    }
    expect(progress.state).toBe('done');

    const after = statuses(t.em);
    expect(countBy(after, (r) => r.status)).toEqual({ Imported: 798, Skipped: 1, Invalid: 1 });
    expect(after[500 - 2].status).toBe('Skipped');
    expect(after[500 - 2].details).toContain('Duplicate of row 450');
    expect(after[600 - 2].status).toBe('Invalid');
    expect(progress.counts).toMatchObject({
      imported: 798,
      skipped: 1,
      duplicates: 1,
      invalid: 1,
      queued: 0,
    });
    const sent = (await importRequests(t.mock)).flatMap(phonesIn);
    expect(sent).toHaveLength(798);
    expect(new Set(sent).size).toBe(798);
  });
});
