/**
 * BotPenguin down or broken, on the bundle: refused connections, connections that hang until
 * Apps Script's timeout, a storm of 5xx answers and an HTML page instead of JSON. Each must stop a
 * menu run and a sidebar job after a few attempts (the circuit breaker, core/circuit-breaker.ts),
 * within the run's request budget, leave the unsent rows Queued (or Failed) with a sentence naming
 * the cause, and when BotPenguin is back, Retry failed rows imports every contact exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockConfigPatch } from '../../mock-api/index';
import { OUTAGE_LIMITS, requestBudget } from '../../src/core/circuit-breaker';
import type { AutoImportView, ImportProgress } from '../../src/shared/contracts';
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

/** A hanging request ends at the bridge's real timeout, which stands for Apps Script's own: one
 * second here instead of three (the mock answers everything else in milliseconds). */
const EMULATOR = { fetchTimeoutMs: 1000 };
const t = useAddOnUnderTest(EMULATOR);

afterEach(async () => {
  await t.mock.configure({ down: null, faults: [] });
});

const IMPORT = '/inbox/users/import';
const HOUR = 3_600_000;
const ROWS = 2000;

interface Outage {
  name: string;
  patch: MockConfigPatch;
  /** The words of the stop's cause, in English. */
  cause: RegExp;
}

const OUTAGES: Outage[] = [
  {
    name: 'unreachable (refused)',
    patch: { down: 'refused' },
    cause: /BotPenguin could not be reached since \d\d:\d\d \(\d+ attempts\)/,
  },
  {
    name: 'hanging until the timeout',
    patch: { down: 'hanging' },
    cause: /BotPenguin has not answered since \d\d:\d\d \(\d+ attempts timed out\)/,
  },
  {
    name: '5xx storm',
    patch: { faults: [{ match: { path: IMPORT }, effect: { kind: 'status', status: 503 } }] },
    cause: /BotPenguin has answered only with server errors since \d\d:\d\d \(\d+ attempts\)/,
  },
  {
    name: 'HTML outage page',
    patch: { faults: [{ match: { path: IMPORT }, effect: { kind: 'nonJson200' } }] },
    cause: /BotPenguin has answered with a web page instead of data since \d\d:\d\d \(\d+ attempts\)/,
  },
];

function setUp(): void {
  loadSheet(t.em, [HEADERS, ...contactRows(ROWS)]);
  saveToken(t.em);
  t.em.user.select(SHEET, [`A2:D${ROWS + 1}`]);
  t.em.resetCounters();
}

/** Requests the bundle made to the import endpoint (refused ones never reach the mock). */
const fetches = () => t.em.counters['UrlFetchApp.requests'] ?? 0;

function driveLikeTheSidebar(mode: 'selected' | 'retry'): ImportProgress[] {
  const seen = [t.em.scriptRun('startImport', { mode }) as ImportProgress];
  while (seen.at(-1)!.state === 'running' && seen.length < 100) {
    seen.push(t.em.scriptRun('continueImport', seen.at(-1)!.jobId) as ImportProgress);
  }
  return seen;
}

/** After the outage: every row imported, each contact sent (accepted) exactly once. */
async function expectRecovery(): Promise<void> {
  await t.mock.configure({ down: null, faults: [] });
  const before = (await importRequests(t.mock)).length;
  t.em.run('menuRetryFailed');
  expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: ROWS });
  // Accepted: answered 200 by the mock itself (an HTML page at 200 is a fault, not an import).
  const isAccepted = (r: { status: number | null; fault?: string }) => r.status === 200 && !r.fault;
  const accepted = (await importRequests(t.mock)).slice(before).filter(isAccepted).flatMap(phonesIn);
  const everAccepted = (await importRequests(t.mock)).filter(isAccepted).flatMap(phonesIn);
  expect(new Set(everAccepted).size).toBe(ROWS);
  expect(everAccepted).toHaveLength(ROWS);
  expect(accepted.length).toBeGreaterThan(0);
  expect((await t.mock.contacts()).filter((c) => c.importCount === 1)).toHaveLength(ROWS);
}

function expectStoppedRows(cause: RegExp): void {
  const rows = statuses(t.em);
  const byStatus = countBy(rows, (r) => r.status);
  // Nothing imported, every row still to do: Queued (not sent) or Failed (its batch gave up).
  expect(Object.keys(byStatus).every((s) => s === 'Queued' || s === 'Failed')).toBe(true);
  expect(byStatus.Queued).toBeGreaterThan(ROWS / 2);
  const queued = rows.filter((r) => r.status === 'Queued');
  expect(queued.every((r) => cause.test(r.details) && r.details.includes('Not sent yet'))).toBe(true);
}

describe.each(OUTAGES)('BotPenguin $name', ({ patch, cause }) => {
  it('stops a menu run within the stated attempts and the request budget, then Retry imports each contact once', async () => {
    setUp();
    await t.mock.configure(patch);
    t.em.run('menuImportSelected');

    const alert = t.em.ui.alerts.at(-1)?.prompt ?? '';
    expect(alert).toMatch(cause);
    expect(alert).toContain('nothing more was sent');
    expect(alert).toContain('Choose Retry failed rows when it is back.');
    expect(alert).not.toContain('6 minutes');
    // The breaker opens at the stated attempts; one round (4 requests in parallel) may be under way.
    expect(fetches()).toBeGreaterThanOrEqual(OUTAGE_LIMITS.attempts);
    expect(fetches()).toBeLessThanOrEqual(OUTAGE_LIMITS.attempts + 4);
    expect(fetches()).toBeLessThanOrEqual(requestBudget(ROWS));
    expectStoppedRows(cause);
    expect(t.em.executions.every((e) => e.error === undefined)).toBe(true);

    await expectRecovery();
  });

  it('stops a sidebar job instead of calling again, with the same sentence', async () => {
    setUp();
    await t.mock.configure(patch);
    const seen = driveLikeTheSidebar('selected');
    const last = seen.at(-1)!;
    expect(last.state).toBe('stopped');
    expect(last.stopReason).toBe('outage');
    expect(last.message).toMatch(cause);
    expect(last.message).toContain('Choose Retry failed rows when it is back.');
    expect(seen.length).toBeLessThanOrEqual(3);
    expect(last.requests).toBeLessThanOrEqual(OUTAGE_LIMITS.attempts + 4);
    expect(fetches()).toBe(last.requests);
    expectStoppedRows(cause);

    await expectRecovery();
  });
});

describe('the time limit during an outage', () => {
  it('a menu run whose 4.5 minutes run out while BotPenguin hangs names the outage, not the time limit', async () => {
    setUp();
    // One request a round: eight unanswered take eight minutes of 60 s timeouts, more than a run has.
    t.em.scriptRun('saveSettings', { parallelRequests: 1 });
    await t.mock.configure({ down: 'hanging' });
    t.em.run('menuImportSelected');
    const alert = t.em.ui.alerts.at(-1)?.prompt ?? '';
    expect(fetches()).toBeLessThan(OUTAGE_LIMITS.attempts);
    expect(alert).toMatch(OUTAGES[1].cause);
    expect(alert).not.toContain('6 minutes');
    expectStoppedRows(OUTAGES[1].cause);
    const log = t.em.spreadsheet.requireSheet('BotPenguin log');
    const columns = t.em.user.getValues('BotPenguin log', 'A1:O1')[0];
    const last = t.em.user.getValues('BotPenguin log', `A${log.lastRow()}:O${log.lastRow()}`)[0];
    expect(last[columns.indexOf('How it ended')]).toBe('Not answering');
  });
});

describe('the request budget', () => {
  it('holds for every fault kind: no run sends more than 1.2 requests a row plus a small constant', async () => {
    const kinds: MockConfigPatch[] = [
      ...OUTAGES.map((o) => o.patch),
      {
        faults: [{ match: { path: IMPORT }, effect: { kind: 'status', status: 429, retryAfterSeconds: 1 } }],
      },
      { faults: [{ match: { path: IMPORT }, effect: { kind: 'drop' } }] },
      { faults: [{ match: { path: IMPORT }, effect: { kind: 'failure200' } }] },
      { faults: [{ match: { path: IMPORT }, effect: { kind: 'html', status: 502 } }] },
      { faults: [{ match: { path: IMPORT }, effect: { kind: 'status', status: 413 } }] },
      {
        faults: [
          { match: { path: IMPORT }, effect: { kind: 'status', status: 400, message: 'Validation failed' } },
        ],
      },
    ];
    const rows = 60;
    for (const patch of kinds) {
      t.em.dispose();
      t.em = emulatorFor(t.mock, EMULATOR);
      await t.mock.reset();
      await t.mock.configure({ down: null, faults: [], ...patch });
      saveToken(t.em);
      loadSheet(t.em, [HEADERS, ...contactRows(rows)]);
      // Small batches, so that retries and narrowing have room to multiply requests.
      t.em.scriptRun('saveSettings', { batchSize: 5 });
      t.em.user.select(SHEET, [`A2:D${rows + 1}`]);
      t.em.resetCounters();
      t.em.run('menuImportSelected');
      const sent = fetches();
      expect(sent, JSON.stringify(patch)).toBeLessThanOrEqual(requestBudget(rows));
      const rowsNow = statuses(t.em);
      expect(
        rowsNow.every((r) => ['Queued', 'Failed', 'Imported'].includes(r.status)),
        JSON.stringify(patch),
      ).toBe(true);
      await t.mock.configure({ down: null, faults: [] });
    }
  });
});

describe('exception texts are vetted', () => {
  it('a text the add-on does not know reaches Details only as an unexpected answer with a short excerpt', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(50)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D51']);
    const internal = 'Emulator fetch worker answered out of order at https://api.example/secret?token=abc123';
    t.em.onServiceCall((call) => {
      if (call.kind === 'UrlFetchApp.fetchAll' && call.phase === 'before') throw new Error(internal);
    });
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    expect(rows.every((r) => r.status === 'Failed' || r.status === 'Queued')).toBe(true);
    const failed = rows.find((r) => r.status === 'Failed');
    expect(failed?.details).toContain('unexpected answer from Apps Script (“');
    for (const r of rows) {
      expect(r.details).not.toContain('https://');
      expect(r.details).not.toContain('abc123');
    }
    expect(t.em.ui.alerts.at(-1)?.prompt).not.toContain('https://');
  });
});

describe('an automatic run during an outage', () => {
  it('stops within the stated attempts, says so in the Automation view and the log, stays on, and the next hour imports the rest once', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(ROWS)]);
    saveToken(t.em);
    expect((t.em.scriptRun('setAutoImport', true) as AutoImportView).on).toBe(true);
    t.em.resetCounters();
    await t.mock.configure({ down: 'refused' });

    const runs = t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(runs.map((r) => [r.fn, r.error])).toEqual([['autoImportHourly', undefined]]);
    expect(fetches()).toBeGreaterThanOrEqual(OUTAGE_LIMITS.attempts);
    expect(fetches()).toBeLessThanOrEqual(OUTAGE_LIMITS.attempts + 4);
    expectStoppedRows(/BotPenguin could not be reached since \d\d:\d\d \(\d+ attempts\)/);
    const view = t.em.scriptRun('getAutoImport') as AutoImportView;
    // Still on: an outage is not the user's to fix, unlike a rejected token.
    expect(view.on).toBe(true);
    expect(view.lastRun).toMatch(/could not be reached since \d\d:\d\d/);
    const log = t.em.user.getValues('BotPenguin log', 'A2:P2')[0];
    expect(log[2]).toBe('Automatic');
    expect(log[14]).toBe('Not answering');

    // Back up: the next hourly run sends what is left, each contact accepted once.
    await t.mock.configure({ down: null });
    t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: ROWS });
    expect((await t.mock.contacts()).filter((c) => c.importCount === 1)).toHaveLength(ROWS);
  });
});
