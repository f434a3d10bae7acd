/**
 * Every stored job record fits Apps Script's 9 KB per property value (issue 22): the reproduction
 * from the issue on the shipped bundle, and a property test of the record as saved over every
 * setting the UI allows (batch size, parallel requests, pending retries, refusal texts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, PARALLEL_REQUESTS } from '../../src/core/limits';
import type { PendingGroup } from '../../src/core/narrowing';
import { JOB_RECORD_LIMIT_BYTES, serializeJob } from '../../src/core/stored-record';
import type { ImportProgress } from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

describe('job records under 9 KB', () => {
  it('batch 500, parallel 4, 3,000 rows, 429 with Retry-After 30 s on the first 4 requests: the import starts and finishes', async () => {
    await t.mock.configure({
      faults: [
        {
          match: { path: '/inbox/users/import', nth: [1, 2, 3, 4] },
          effect: { kind: 'status', status: 429, retryAfterSeconds: 30 },
        },
      ],
    });
    loadSheet(t.em, [HEADERS, ...contactRows(3000)]);
    saveToken(t.em);
    t.em.scriptRun('saveSettings', { batchSize: 500, parallelRequests: 4 });
    t.em.user.select(SHEET, ['A2:D3001']);
    let progress = t.em.scriptRun('startImport', { mode: 'selected' }) as ImportProgress;
    for (let calls = 0; progress.state === 'running' && calls < 50; calls++)
      progress = t.em.scriptRun('continueImport', progress.jobId) as ImportProgress;
    expect(progress.state).toBe('done');
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 3000 });
    for (const value of Object.values(t.em.properties.document.toObject()))
      expect(Buffer.byteLength(value)).toBeLessThan(9 * 1024);
  });
});

/** Pending groups as narrowing leaves them: consecutive token runs, halves, singles, refusals. */
const pendingGroups = (batch: number, parallel: number) =>
  fc.array(
    fc.record({
      kind: fc.constantFrom('fresh', 'refused', 'single', 'half') as fc.Arbitrary<
        'fresh' | 'refused' | 'single' | 'half'
      >,
      start: fc.integer({ min: 1, max: 50_000 }),
      size: fc.integer({ min: 1, max: batch }),
      holes: fc.array(fc.integer({ min: 0, max: batch }), { maxLength: 40 }),
      refusal: fc.option(fc.string({ unit: 'grapheme', maxLength: 2000 }), { nil: undefined }),
    }),
    { maxLength: parallel * 3 },
  );

describe('serializeJob', () => {
  it('is under the limit for every batch size, parallelism and pending state, and keeps the rows when it can', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: BATCH_SIZE.min, max: BATCH_SIZE.max }),
        fc.integer({ min: PARALLEL_REQUESTS.min, max: PARALLEL_REQUESTS.max }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (batch, parallel, seed) => {
          const groups = fc.sample(pendingGroups(batch, parallel), { seed, numRuns: 1 })[0];
          const pending: PendingGroup[] = groups.map((g) => {
            const holes = new Set(g.holes);
            const ids = Array.from({ length: g.size }, (_, i) => g.start + i).filter((_, i) => !holes.has(i));
            return { kind: g.kind, ids, ...(g.refusal === undefined ? {} : { refusal: g.refusal }) };
          });
          const job = {
            id: 'abc123',
            sheetId: 1,
            mode: 'selected',
            force: false,
            total: 50_000,
            counts: { imported: 0, invalid: 0, failed: 0, skipped: 0, queued: 50_000, valid: 0 },
            requests: 9999,
            startedAt: Date.now(),
            origin: 'sidebar',
            sendMs: 1,
            rowsSent: 0,
            pending,
            batchTag: 'x'.repeat(100),
            owner: 'abcdef123456',
            customer: { id: 'c'.repeat(40), name: 'n'.repeat(200) },
          };
          const text = serializeJob(job);
          expect(Buffer.byteLength(text)).toBeLessThanOrEqual(JOB_RECORD_LIMIT_BYTES);
          // Up to 10 groups of at most 40 runs each always fit with their rows.
          if (pending.length <= 10)
            expect((JSON.parse(text) as { pending: unknown[] }).pending).toHaveLength(pending.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
