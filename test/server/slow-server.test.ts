/**
 * A slow BotPenguin (10 s of server time per request) and numbers it refuses, driven the way the
 * sidebar drives an import: startImport, then continueImport until done, each call one ~20 s
 * execution. Narrowing of a refused batch carries on across calls; nothing accepted is sent twice.
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

const imports = () => importRequests(t.mock);

const phoneOf = (k: number) => `9198${String(k).padStart(8, '0')}`;

function driveLikeTheSidebar(): ImportProgress[] {
  const seen = [t.em.scriptRun('startImport', { mode: 'selected' }) as ImportProgress];
  while (seen.at(-1)!.state === 'running' && seen.length < 500) {
    seen.push(t.em.scriptRun('continueImport', seen.at(-1)!.jobId) as ImportProgress);
  }
  return seen;
}

describe('a slow server and refused numbers, driven like the sidebar', () => {
  it('finishes; each accepted contact is sent once; refused rows are Failed with BotPenguin’s message', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchServerMs: 10_000 } });
    const n = 1200;
    const refused = [7, 399, 400, 811, 1199];
    loadSheet(t.em, [HEADERS, ...contactRows(n)]);
    saveToken(t.em);
    t.em.user.select(SHEET, [`A2:D${n + 1}`]);
    await t.mock.configure({ invalidPhones: refused.map(phoneOf) });

    const seen = driveLikeTheSidebar();
    const last = seen.at(-1)!;
    expect(last.state).toBe('done');
    // Each call is one execution within its limit; with ~10.7 s per wave a call holds about one wave.
    expect(seen.length).toBeGreaterThan(3);
    expect(t.em.executions.every((e) => e.error === undefined && e.elapsedMs < 360_000)).toBe(true);
    expect(last.counts).toMatchObject({ imported: n - refused.length, failed: refused.length, queued: 0 });

    const rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Imported: n - refused.length, Failed: refused.length });
    for (const k of refused) {
      expect(rows[k].status).toBe('Failed');
      expect(rows[k].details).toContain(`not a valid WhatsApp number (${phoneOf(k)})`);
    }
    const requests = await imports();
    const accepted = requests.filter((r) => r.status === 200).flatMap(phonesIn);
    expect(accepted).toHaveLength(n - refused.length);
    expect(new Set(accepted).size).toBe(accepted.length);
    for (const k of refused) expect(accepted).not.toContain(phoneOf(k));
  });

  it('every row of a 100-row batch refused: at most 110 requests for that batch, all rows Failed', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchServerMs: 10_000 } });
    loadSheet(t.em, [HEADERS, ...contactRows(100)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D101']);
    await t.mock.configure({ invalidPhones: Array.from({ length: 100 }, (_, k) => phoneOf(k)) });

    const last = driveLikeTheSidebar().at(-1)!;
    expect(last.state).toBe('done');
    expect(last.counts).toMatchObject({ failed: 100, imported: 0, queued: 0 });
    const rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Failed: 100 });
    expect(rows.every((r, k) => r.details.includes(`not a valid WhatsApp number (${phoneOf(k)})`))).toBe(
      true,
    );
    const requests = await imports();
    expect(requests.length).toBeLessThanOrEqual(110);
    expect(requests.every((r) => r.status === 400)).toBe(true);
  });
});
