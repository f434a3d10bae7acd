import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  OUTAGE_LIMITS,
  outageExplainsWait,
  outageSignOf,
  RunGuard,
  requestBudget,
} from '../../src/core/circuit-breaker';
import type { TransportResult } from '../../src/core/responses';
import { DEFAULT_POLICY, type SendItem, sendProfiles, type Transport } from '../../src/core/sender';

const ok: TransportResult = { kind: 'response', status: 200, body: '{"status":"success"}', headers: {} };
const refused: TransportResult = { kind: 'network-error', message: 'Address unavailable' };
const timedOut: TransportResult = { kind: 'network-error', message: 'Timeout' };
const down503: TransportResult = { kind: 'response', status: 503, body: '{"message":"down"}', headers: {} };
const htmlPage: TransportResult = {
  kind: 'response',
  status: 200,
  body: '<!DOCTYPE html><html><body>Maintenance</body></html>',
  headers: {},
};
const limited: TransportResult = {
  kind: 'response',
  status: 429,
  body: '{}',
  headers: { 'Retry-After': '1' },
};
const refusedRow: TransportResult = {
  kind: 'response',
  status: 400,
  body: '{"success":false,"message":"Validation failed"}',
  headers: {},
};

const items = (n: number): SendItem[] => Array.from({ length: n }, (_, id) => ({ id, json: `{"p":${id}}` }));
const policy = { ...DEFAULT_POLICY, random: () => 0.5 };

function transportOf(answer: (n: number) => TransportResult) {
  let clock = 0;
  let n = 0;
  const transport: Transport = {
    sendAll: (requests) => {
      clock += 500;
      return requests.map(() => answer(++n));
    },
    sleep: (ms) => {
      clock += ms;
    },
    now: () => clock,
  };
  return { transport, sent: () => n };
}

describe('outage signs', () => {
  it('tell a refused or reset connection, a timeout, a 5xx and an HTML page from an answer', () => {
    expect(outageSignOf(refused)).toBe('unreachable');
    expect(outageSignOf(timedOut)).toBe('timeout');
    expect(outageSignOf(down503)).toBe('server-error');
    expect(outageSignOf({ ...down503, status: 502, body: '<html><h1>502 Bad Gateway</h1></html>' })).toBe(
      'html',
    );
    expect(outageSignOf(htmlPage)).toBe('html');
    for (const answer of [ok, limited, refusedRow]) expect(outageSignOf(answer)).toBeNull();
    expect(outageSignOf({ kind: 'refused-by-apps-script', reason: 'quota', message: 'quota' })).toBeNull();
  });
});

describe('the circuit breaker', () => {
  it('opens after 8 requests without an answer in at least 2 rounds, not after one round of 10', () => {
    const wide = new RunGuard(1000, 0);
    wide.recordRound(Array(10).fill('unreachable'), 0);
    expect(wide.isOpen()).toBe(false);
    wide.recordRound(['unreachable'], 1000);
    expect(wide.isOpen()).toBe(true);
    expect(wide.currentOutage()).toEqual({ since: 0, attempts: 11, waves: 2, sign: 'unreachable' });

    const narrow = new RunGuard(1000, 0);
    for (let i = 0; i < OUTAGE_LIMITS.attempts - 1; i++) narrow.recordRound(['timeout'], i);
    expect(narrow.isOpen()).toBe(false);
    narrow.recordRound(['timeout'], 99);
    expect(narrow.isOpen()).toBe(true);
  });

  it('any answer closes it again; the state carries from one call to the next', () => {
    const guard = new RunGuard(1000, 0);
    guard.recordRound(['server-error', 'server-error', 'server-error', 'server-error'], 5);
    guard.recordRound(['server-error', null, 'server-error', 'server-error'], 6);
    expect(guard.currentOutage()).toMatchObject({ since: 6, attempts: 2 });
    const next = new RunGuard(1000, guard.requestsSent(), guard.currentOutage());
    next.recordRound(['html', 'html', 'html', 'html', 'html', 'html'], 7);
    expect(next.isOpen()).toBe(true);
    expect(next.currentOutage()).toMatchObject({ since: 6, attempts: 8, sign: 'html' });
    expect(outageExplainsWait(next.currentOutage())).toBe(true);
    expect(outageExplainsWait(null)).toBe(false);
  });

  it('stops sendProfiles with every unanswered batch still unsent, and the budget stops it too', () => {
    const down = transportOf(() => refused);
    const guard = new RunGuard(requestBudget(1000), 0);
    const report = sendProfiles(items(1000), down.transport, policy, 1e9, [], guard);
    expect(report.stop?.kind).toBe('outage');
    expect(down.sent()).toBe(8);
    expect(report.outcomes.size).toBe(0);
    expect(report.unsent).toHaveLength(1000);

    const tight = transportOf(() => refusedRow);
    const small = new RunGuard(12, 0);
    const cut = sendProfiles(items(400), tight.transport, policy, 1e9, [], small);
    expect(cut.stop?.kind).toBe('request-budget');
    expect(tight.sent()).toBe(12);
  });

  it('whatever the answers, a run never sends more than its budget (property)', () => {
    const answers = [ok, refused, timedOut, down503, htmlPage, limited, refusedRow];
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.integer({ min: 0, max: answers.length - 1 }), { minLength: 1, maxLength: 40 }),
        (rows, batchSize, script) => {
          const t = transportOf((n) => answers[script[n % script.length]]);
          const budget = requestBudget(rows);
          const report = sendProfiles(
            items(rows),
            t.transport,
            { ...policy, batchSize },
            1e9,
            [],
            new RunGuard(budget, 0),
          );
          expect(t.sent()).toBeLessThanOrEqual(budget);
          expect(report.requests).toBe(t.sent());
          // Every row ends imported, failed or unsent: none is lost.
          expect(report.outcomes.size + report.unsent.length).toBe(rows);
        },
      ),
      { numRuns: 300 },
    );
  });
});
