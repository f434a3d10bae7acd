import { describe, expect, it } from 'vitest';
import type { PendingGroup } from '../../src/core/narrowing';
import type { TransportResult } from '../../src/core/responses';
import { classify, parseRetryAfter } from '../../src/core/responses';
import { backoffMs } from '../../src/core/retry';
import {
  DEFAULT_POLICY,
  type OutboundRequest,
  planBatches,
  type SendItem,
  sendProfiles,
  type Transport,
} from '../../src/core/sender';

const ok: TransportResult = {
  kind: 'response',
  status: 200,
  body: '{"status":"success","message":"User profiles imported successfully."}',
  headers: {},
};
const status = (code: number, body = '{"success":false,"message":"x"}', headers = {}): TransportResult => ({
  kind: 'response',
  status: code,
  body,
  headers,
});

/** A scripted server: answers each request by looking at the ids it carries. */
function fakeTransport(answer: (req: OutboundRequest, n: number) => TransportResult) {
  let clock = 0;
  let n = 0;
  const sent: number[][] = [];
  const waves: number[] = [];
  const transport: Transport = {
    sendAll(requests) {
      waves.push(requests.length);
      clock += 300;
      return requests.map((r) => {
        sent.push(r.ids);
        return answer(r, ++n);
      });
    },
    sleep(ms) {
      clock += ms;
    },
    now: () => clock,
  };
  return { transport, sent, waves, clock: () => clock };
}

const items = (n: number): SendItem[] => Array.from({ length: n }, (_, id) => ({ id, json: `{"p":${id}}` }));
const policy = { ...DEFAULT_POLICY, random: () => 0.5 };

describe('planBatches', () => {
  it('cuts by count and by bytes, keeping order', () => {
    expect(planBatches(items(250), 100, 1e6).map((b) => b.length)).toEqual([100, 100, 50]);
    const big = Array.from({ length: 5 }, (_, id) => ({ id, json: 'x'.repeat(400) }));
    expect(planBatches(big, 100, 1000).map((b) => b.map((i) => i.id))).toEqual([[0, 1], [2, 3], [4]]);
  });
});

describe('sendProfiles', () => {
  it('imports everything in ceil(n/batch) requests sent `parallel` at a time', () => {
    const { transport, waves } = fakeTransport(() => ok);
    const report = sendProfiles(items(1000), transport, policy, Infinity);
    expect(report.requests).toBe(10);
    expect(waves).toEqual([4, 4, 2]);
    expect([...report.outcomes.values()].every((o) => o.kind === 'imported')).toBe(true);
    expect(report.unsent).toEqual([]);
  });

  it('stops at a 401: that batch failed, later batches unsent, nothing more sent', () => {
    const { transport, sent } = fakeTransport((_r, n) =>
      n === 2 ? status(401, '{"message":"jwt malformed"}') : ok,
    );
    const report = sendProfiles(items(1000), transport, { ...policy, parallel: 1 }, Infinity);
    expect(sent.length).toBe(2);
    expect(report.stop).toEqual({ kind: 'token', message: expect.stringContaining('jwt malformed') });
    expect(report.outcomes.get(150)).toEqual({
      kind: 'failed',
      failure: { kind: 'token', message: expect.stringContaining('jwt malformed') },
    });
    expect(report.unsent.length).toBe(800);
  });

  it('treats the documented wrong-token 400 as a token problem, not a bad row', () => {
    const body =
      '{"success":false,"message":"Argument passed in must be a single String of 12 bytes or a string of 24 hex characters","code":400}';
    expect(classify(status(400, body), 0).kind).toBe('auth');
  });

  it('retries 503 with backoff and then succeeds', () => {
    const { transport, sent, clock } = fakeTransport((_r, n) => (n <= 2 ? status(503) : ok));
    const report = sendProfiles(items(10), transport, policy, Infinity);
    expect(sent.length).toBe(3);
    expect(report.outcomes.get(0)).toEqual({ kind: 'imported' });
    // two waits: 1000/2+250 and 2000/2+500 with random 0.5
    expect(clock()).toBe(3 * 300 + 750 + 1500);
  });

  it('honours Retry-After and gives up after maxAttempts', () => {
    const { transport, sent, clock } = fakeTransport(() => status(429, '', { 'Retry-After': '7' }));
    const report = sendProfiles(items(3), transport, policy, Infinity);
    expect(sent.length).toBe(policy.maxAttempts);
    expect(clock()).toBe(4 * 300 + 3 * 7000);
    expect(report.outcomes.get(2)).toEqual({
      kind: 'failed',
      failure: { kind: 'gaveUp', message: expect.stringContaining('429'), attempts: 4 },
    });
  });

  it('splits on 413 until batches fit', () => {
    const { transport, sent } = fakeTransport((r) => (r.ids.length > 30 ? status(413) : ok));
    const report = sendProfiles(items(100), transport, policy, Infinity);
    expect([...report.outcomes.values()].every((o) => o.kind === 'imported')).toBe(true);
    expect(
      sent
        .filter((ids) => ids.length <= 30)
        .flat()
        .sort((a, b) => a - b),
    ).toEqual(items(100).map((i) => i.id));
  });

  it('bisects a 400 to isolate the offending profiles within a bounded number of requests', () => {
    const bad = new Set([17, 63]);
    const { transport, sent } = fakeTransport((r) =>
      r.ids.some((id) => bad.has(id))
        ? status(400, '{"message":"Validation failed","data":["bad phone"]}')
        : ok,
    );
    const report = sendProfiles(items(100), transport, policy, Infinity);
    for (const id of bad) {
      expect(report.outcomes.get(id)).toEqual({
        kind: 'failed',
        failure: { kind: 'refused', message: 'Validation failed: bad phone' },
      });
    }
    expect([...report.outcomes.entries()].filter(([, o]) => o.kind === 'imported').length).toBe(98);
    // 2 offenders in 100: at most 1 + 2·2·log2(100) requests.
    expect(sent.length).toBeLessThanOrEqual(1 + 4 * Math.ceil(Math.log2(100)));
    // An imported profile is accepted exactly once.
    const accepted = sent.filter((ids) => !ids.some((id) => bad.has(id))).flat();
    expect(new Set(accepted).size).toBe(accepted.length);
  });

  it('narrows one refused profile in 100 with at most 1 + 2·log2(100) requests', () => {
    for (const badId of [0, 37, 99]) {
      const { transport, sent } = fakeTransport((r) => (r.ids.includes(badId) ? status(400) : ok));
      const report = sendProfiles(items(100), transport, policy, Infinity);
      expect(report.outcomes.get(badId)?.kind).toBe('failed');
      expect([...report.outcomes.values()].filter((o) => o.kind === 'imported')).toHaveLength(99);
      expect(sent.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(100)));
    }
  });

  it('isolates any 2 refused profiles among 11 in at most 12 requests, and all 11 refused in 12', () => {
    for (let a = 0; a < 11; a++) {
      for (let b = a + 1; b < 11; b++) {
        const { transport, sent } = fakeTransport((r) =>
          r.ids.includes(a) || r.ids.includes(b) ? status(400, '{"message":"Invalid phone"}') : ok,
        );
        const report = sendProfiles(items(11), transport, policy, Infinity);
        const failed = [...report.outcomes].filter(([, o]) => o.kind === 'failed').map(([id]) => id);
        expect(failed.sort((x, y) => x - y)).toEqual([a, b]);
        expect(report.outcomes.get(a)).toEqual({
          kind: 'failed',
          failure: { kind: 'refused', message: 'Invalid phone' },
        });
        expect([...report.outcomes.values()].filter((o) => o.kind === 'imported')).toHaveLength(9);
        expect(sent.length).toBeLessThanOrEqual(12);
      }
    }
    const allRefused = fakeTransport(() => status(400, '{"message":"Invalid phone"}'));
    const report = sendProfiles(items(11), allRefused.transport, policy, Infinity);
    expect([...report.outcomes.values()].filter((o) => o.kind === 'failed')).toHaveLength(11);
    expect(allRefused.sent.length).toBeLessThanOrEqual(12);
  });

  it('costs at most 1.1 requests per profile when every profile of a batch is refused', () => {
    const { transport, sent } = fakeTransport(() => status(400, '{"message":"Invalid phone"}'));
    const report = sendProfiles(items(100), transport, policy, Infinity);
    expect([...report.outcomes.values()].every((o) => o.kind === 'failed')).toBe(true);
    expect(report.outcomes.size).toBe(100);
    expect(sent.length).toBeLessThanOrEqual(110);
    expect(report.outcomes.get(5)).toEqual({
      kind: 'failed',
      failure: { kind: 'refused', message: 'Invalid phone' },
    });
  });

  it('resumes narrowing where a deadline stopped it, never re-sending an accepted profile', () => {
    const bad = new Set([3, 61, 62, 90]);
    const answer = (r: OutboundRequest) => (r.ids.some((id) => bad.has(id)) ? status(400) : ok);
    const oneGo = fakeTransport(answer);
    sendProfiles(items(200), oneGo.transport, policy, Infinity);

    // The same work in calls that each get time for two waves (300 ms per wave).
    const inCalls = fakeTransport(answer);
    let pending: PendingGroup[] = [];
    let left = items(200);
    const outcomes = new Map<number, string>();
    for (let call = 0; call < 50 && left.length > 0; call++) {
      const report = sendProfiles(left, inCalls.transport, policy, inCalls.clock() + 600, pending);
      for (const [id, o] of report.outcomes) outcomes.set(id, o.kind);
      pending = report.pending;
      expect(new Set(report.unsent)).toEqual(new Set(report.pending.flatMap((g) => g.ids)));
      left = left.filter((i) => report.unsent.includes(i.id));
    }
    expect(left).toEqual([]);
    expect(
      [...outcomes.entries()]
        .filter(([, k]) => k === 'failed')
        .map(([id]) => id)
        .sort((a, b) => a - b),
    ).toEqual([3, 61, 62, 90]);
    const accepted = inCalls.sent.filter((ids) => !ids.some((id) => bad.has(id))).flat();
    expect(new Set(accepted).size).toBe(accepted.length);
    // Resuming costs no more requests than doing it in one go.
    expect(inCalls.sent.length).toBe(oneGo.sent.length);
  });

  it('resuming across calls that each hold one wave keeps every-profile-refused at 1.1 requests per profile', () => {
    for (const parallel of [1, 4]) {
      const inCalls = fakeTransport(() => status(400, '{"message":"Invalid phone"}'));
      const p = { ...policy, parallel };
      let pending: PendingGroup[] = [];
      let left = items(100);
      let failed = 0;
      for (let call = 0; call < 500 && left.length > 0; call++) {
        // 300 ms per wave: a deadline 1 ms ahead lets exactly one wave go.
        const report = sendProfiles(left, inCalls.transport, p, inCalls.clock() + 1, pending);
        failed += report.outcomes.size;
        pending = JSON.parse(JSON.stringify(report.pending)); // as stored with the job
        left = left.filter((i) => report.unsent.includes(i.id));
      }
      expect(left).toEqual([]);
      expect(failed).toBe(100);
      expect(inCalls.sent.length).toBeLessThanOrEqual(110);
    }
  });

  it('a half whose rows disappeared between calls does not hold its refused sibling back', () => {
    const inCalls = fakeTransport((r) => (r.ids.includes(10) || r.ids.includes(60) ? status(400) : ok));
    const first = sendProfiles(
      items(100),
      inCalls.transport,
      { ...policy, parallel: 1 },
      inCalls.clock() + 1,
    );
    const second = sendProfiles(
      items(100),
      inCalls.transport,
      { ...policy, parallel: 1 },
      inCalls.clock() + 1,
      first.pending,
    );
    // The second half (ids 50..99) is gone from the sheet: only the first half is still to send.
    let left = items(50);
    let pending = second.pending;
    for (let call = 0; call < 100 && left.length > 0; call++) {
      const report = sendProfiles(left, inCalls.transport, policy, inCalls.clock() + 1, pending);
      pending = report.pending;
      left = left.filter((i) => report.unsent.includes(i.id));
    }
    expect(left).toEqual([]);
  });

  it('a platform refusal (quota, permission, allowlist) stops at once and leaves the batch unsent', () => {
    let n = 0;
    const transport: Transport = {
      sendAll: (requests) =>
        requests.map(() =>
          ++n > 4
            ? {
                kind: 'refused-by-apps-script',
                reason: 'quota',
                message: 'Service invoked too many times for one day: urlfetch.',
              }
            : ok,
        ),
      sleep: () => {},
      now: () => 0,
    };
    const report = sendProfiles(items(1000), transport, policy, Infinity);
    expect(report.stop).toEqual({ kind: 'quota', message: expect.stringContaining('too many times') });
    expect(report.requests).toBe(4);
    expect(report.outcomes.size).toBe(400);
    expect(report.unsent).toHaveLength(600);
  });

  it('leaves batches unsent when the deadline comes', () => {
    const { transport } = fakeTransport(() => ok);
    const report = sendProfiles(items(1000), transport, { ...policy, parallel: 1 }, 900);
    expect(report.requests).toBe(3);
    expect(report.unsent.length).toBe(700);
  });

  it('reads a 2xx failure body and a non-JSON body as failures', () => {
    expect(classify(status(200, '{"success":false,"message":"Plan limit reached"}'), 0)).toEqual({
      kind: 'failed',
      message: 'BotPenguin said: Plan limit reached',
    });
    expect(classify(status(200, '<html><body>Login</body></html>'), 0).kind).toBe('failed');
    expect(classify(status(502, '<html><h1>502 Bad Gateway</h1></html>'), 0)).toMatchObject({
      kind: 'retry',
      message: expect.stringContaining('502 Bad Gateway'),
    });
    expect(classify({ kind: 'network-error', message: 'Timeout' }, 0).kind).toBe('retry');
  });

  it('parses Retry-After as seconds or a date; backoff grows and is capped', () => {
    expect(parseRetryAfter({ 'retry-after': '3' }, 0)).toBe(3000);
    expect(parseRetryAfter({ 'Retry-After': new Date(10_000).toUTCString() }, 4000)).toBe(6000);
    expect(backoffMs(1, policy)).toBe(750);
    expect(backoffMs(10, policy)).toBe(22_500);
  });
});
