import { describe, expect, it } from 'vitest';
import { type MockBotPenguin, startMockBotPenguin } from '../../mock-api/index';
import { IMPORT_OK, importContacts, profile, send, useMockPerFile } from './helpers';

const IMPORT = '/inbox/users/import';

let mock: MockBotPenguin;
useMockPerFile((started) => {
  mock = started;
});

async function statuses(count: number): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await importContacts(mock, [profile()])).status);
  return result;
}

describe('fault matchers', () => {
  it('hits only the Nth request to a path (1-based), counting requests to that path only', async () => {
    await mock.configure({
      faults: [{ match: { path: IMPORT, nth: 2 }, effect: { kind: 'status', status: 503 } }],
    });
    await send(mock, '/inbox/tags');
    expect(await statuses(3)).toEqual([200, 503, 200]);
  });

  it('accepts a list of positions', async () => {
    await mock.configure({
      faults: [{ match: { path: IMPORT, nth: [1, 3] }, effect: { kind: 'status', status: 500 } }],
    });
    expect(await statuses(4)).toEqual([500, 200, 500, 200]);
  });

  it('without a path, nth counts all API requests', async () => {
    await mock.configure({ faults: [{ match: { nth: 2 }, effect: { kind: 'status', status: 500 } }] });
    expect((await send(mock, '/inbox/tags')).status).toBe(200);
    expect(await statuses(2)).toEqual([500, 200]);
  });

  it('with no match applies to every request, until `times` runs out', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 502 }, times: 2 }] });
    expect((await send(mock, '/inbox/segments')).status).toBe(502);
    expect(await statuses(2)).toEqual([502, 200]);
  });

  it('without times never expires', async () => {
    await mock.configure({ faults: [{ match: { path: IMPORT }, effect: { kind: 'status', status: 500 } }] });
    expect(await statuses(4)).toEqual([500, 500, 500, 500]);
  });

  it('matches batches containing a phone (prefix+number), ignoring non-digits in the spec', async () => {
    await mock.configure({
      faults: [{ match: { phone: '+44 7700 900123' }, effect: { kind: 'status', status: 500 }, times: 1 }],
    });
    expect((await importContacts(mock, [profile()])).status).toBe(200);
    expect(
      (await importContacts(mock, [profile(), profile({ prefix: '44', number: '7700900123' })])).status,
    ).toBe(500);
    expect((await importContacts(mock, [profile({ prefix: '44', number: '7700900123' })])).status).toBe(200);
  });

  it('matches on method', async () => {
    await mock.configure({ faults: [{ match: { method: 'get' }, effect: { kind: 'status', status: 500 } }] });
    expect((await send(mock, '/inbox/tags')).status).toBe(500);
    expect((await importContacts(mock, [profile()])).status).toBe(200);
  });

  it('applies the first live matching fault, then the next once it expires', async () => {
    await mock.configure({
      faults: [
        { match: { path: IMPORT }, effect: { kind: 'status', status: 429 }, times: 1 },
        { match: { path: IMPORT }, effect: { kind: 'status', status: 503 }, times: 1 },
      ],
    });
    expect(await statuses(3)).toEqual([429, 503, 200]);
  });

  it('configure replaces the fault list and reset clears it', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 500 } }] });
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 403 } }] });
    expect(await statuses(1)).toEqual([403]);
    await mock.reset();
    expect(await statuses(1)).toEqual([200]);
  });

  it('rejects a malformed fault spec loudly', async () => {
    const badKind = [{ effect: { kind: 'explode' } }] as unknown as Parameters<
      MockBotPenguin['configure']
    >[0]['faults'];
    await expect(mock.configure({ faults: badKind })).rejects.toThrow(/unknown effect kind/);
    const badKey = [{ match: { url: IMPORT }, effect: { kind: 'drop' } }] as unknown as Parameters<
      MockBotPenguin['configure']
    >[0]['faults'];
    await expect(mock.configure({ faults: badKey })).rejects.toThrow(/match key "url"/);
    await expect(mock.configure({ faults: [{ effect: { kind: 'status', status: 42 } }] })).rejects.toThrow(
      /status/,
    );
  });
});

describe('fault effects', () => {
  it('401 defaults to jwt malformed', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 401 } }] });
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(401);
    expect(response.json).toEqual({ success: false, message: 'jwt malformed', code: 401 });
  });

  it('403 answers a JSON envelope with a custom message', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 403, message: 'Plan expired' } }] });
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(403);
    expect(response.json).toEqual({ success: false, message: 'Plan expired', code: 403 });
  });

  it('429 carries Retry-After in seconds (1 by default)', async () => {
    await mock.configure({
      faults: [
        { effect: { kind: 'status', status: 429 }, times: 1 },
        { effect: { kind: 'status', status: 429, retryAfterSeconds: 7 }, times: 1 },
      ],
    });
    const first = await importContacts(mock, [profile()]);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.json).toMatchObject({ success: false, code: 429 });
    expect((await importContacts(mock, [profile()])).headers.get('retry-after')).toBe('7');
  });

  it.each([500, 502, 503])('%i answers a JSON envelope', async (status) => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status } }] });
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json).toMatchObject({ success: false, code: status });
  });

  it('html answers a proxy-style error page', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'html', status: 502 } }] });
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.text).toBe('<html><body><h1>502 Bad Gateway</h1></body></html>');
  });

  it('html can carry a custom page', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'html', status: 503, html: '<p>down</p>' } }] });
    const response = await importContacts(mock, [profile()]);
    expect([response.status, response.text]).toEqual([503, '<p>down</p>']);
  });

  it('failure200 answers 200 with success:false and stores nothing', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'failure200', message: 'Quota exceeded' } }] });
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ success: false, message: 'Quota exceeded' });
    expect(await mock.contacts()).toEqual([]);
  });

  it('nonJson200 answers 200 with a body that does not parse', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'nonJson200' } }] });
    const response = await importContacts(mock, [profile()]);
    expect(response.status).toBe(200);
    expect(response.json).toBeUndefined();
    expect(response.text).toContain('<html>');
  });

  it('raw answers exactly the given status, headers and body', async () => {
    await mock.configure({
      faults: [
        {
          effect: {
            kind: 'raw',
            status: 418,
            body: 'teapot',
            headers: { 'Content-Type': 'text/x-tea', 'X-Why': 'test' },
          },
        },
      ],
    });
    const response = await importContacts(mock, [profile()]);
    expect([response.status, response.text]).toEqual([418, 'teapot']);
    expect(response.headers.get('content-type')).toBe('text/x-tea');
    expect(response.headers.get('x-why')).toBe('test');
  });

  it('delay slows the answer, then handles the request normally', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'delay', ms: 300 }, times: 1 }] });
    const started = Date.now();
    const response = await importContacts(mock, [profile()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.json).toEqual(IMPORT_OK);
    expect(await mock.contacts()).toHaveLength(1);
    expect((await mock.requests())[0]).toMatchObject({ status: 200, outcome: 'answered', fault: 'delay' });
  });

  it('a delay longer than the client timeout is recorded as aborted by the client', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'delay', ms: 1500 }, times: 1 }] });
    await expect(importContacts(mock, [profile()], { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await mock.requests())[0]).toMatchObject({ outcome: 'aborted', fault: 'delay' });
  });

  it('delayMs on any fault waits before the effect', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 503 }, delayMs: 250 }] });
    const started = Date.now();
    expect((await importContacts(mock, [profile()])).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('drop destroys the connection without a response', async () => {
    await mock.configure({ faults: [{ match: { path: IMPORT }, effect: { kind: 'drop' }, times: 1 }] });
    await expect(importContacts(mock, [profile()])).rejects.toThrow();
    expect((await mock.requests())[0]).toMatchObject({ status: null, outcome: 'dropped', fault: 'drop' });
    expect(await mock.contacts()).toEqual([]);
    expect((await importContacts(mock, [profile()])).status).toBe(200);
  });

  it('records faulted requests with the status they got and the fault kind', async () => {
    await mock.configure({ faults: [{ match: { nth: 1 }, effect: { kind: 'html', status: 502 } }] });
    await statuses(2);
    const records = await mock.requests();
    expect(records.map((record) => [record.seq, record.status, record.fault])).toEqual([
      [1, 502, 'html'],
      [2, 200, undefined],
    ]);
    expect(records[0]!.profiles).toBe(1);
  });

  it('faults come before auth: a faulted request with a bad token still gets the fault', async () => {
    await mock.configure({ faults: [{ effect: { kind: 'status', status: 503 } }] });
    expect((await importContacts(mock, [profile()], { authorization: null })).status).toBe(503);
  });
});

describe('limits and rejected phones', () => {
  it('maxBatch answers 413 for a longer array and accepts one of exactly that size', async () => {
    await mock.configure({ maxBatch: 2 });
    try {
      const tooMany = await importContacts(mock, [
        profile({ number: '9000000001' }),
        profile({ number: '9000000002' }),
        profile({ number: '9000000003' }),
      ]);
      expect(tooMany.status).toBe(413);
      expect(tooMany.json).toEqual({ success: false, message: 'Payload too large', code: 413 });
      expect(await mock.contacts()).toEqual([]);
      expect(
        (await importContacts(mock, [profile({ number: '9000000001' }), profile({ number: '9000000002' })]))
          .status,
      ).toBe(200);
    } finally {
      await mock.configure({ maxBatch: null });
    }
    expect((await importContacts(mock, [profile(), profile(), profile()])).status).toBe(200);
  });

  it('maxBatch given at start applies', async () => {
    const limited = await startMockBotPenguin({ maxBatch: 1 });
    try {
      expect((await importContacts(limited, [profile(), profile()])).status).toBe(413);
      expect((await importContacts(limited, [profile()])).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('maxBodyBytes answers 413 for a larger body', async () => {
    const small = JSON.stringify([profile()]);
    await mock.configure({ maxBodyBytes: Buffer.byteLength(small) });
    try {
      expect((await importContacts(mock, [profile()])).status).toBe(200);
      const tooBig = await importContacts(mock, [profile({ name: 'A much longer name than before' })]);
      expect(tooBig.status).toBe(413);
      expect(tooBig.json).toEqual({ success: false, message: 'Payload too large', code: 413 });
    } finally {
      await mock.configure({ maxBodyBytes: null });
    }
  });

  it('invalidPhones rejects the batch naming each offending index', async () => {
    await mock.configure({ invalidPhones: ['919000000002', '+44 7700 900123'] });
    const response = await importContacts(mock, [
      profile({ number: '9000000001' }),
      profile({ number: '9000000002' }),
      profile({ prefix: '44', number: '7700900123' }),
    ]);
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      success: false,
      message: 'Validation failed',
      code: 400,
      data: [
        '[1] profile.userDetails.contact.phone is not a valid WhatsApp number (919000000002)',
        '[2] profile.userDetails.contact.phone is not a valid WhatsApp number (447700900123)',
      ],
    });
    expect(await mock.contacts()).toEqual([]);
    expect((await importContacts(mock, [profile({ number: '9000000001' })])).status).toBe(200);
  });

  it('reset forgets invalidPhones', async () => {
    await mock.configure({ invalidPhones: ['919876543210'] });
    expect((await importContacts(mock, [profile()])).status).toBe(400);
    await mock.reset();
    expect((await importContacts(mock, [profile()])).status).toBe(200);
  });

  it('latencyMs delays every API answer', async () => {
    await mock.configure({ latencyMs: 200 });
    try {
      const started = Date.now();
      expect((await send(mock, '/inbox/tags')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    } finally {
      await mock.configure({ latencyMs: 0 });
    }
  });
});
