import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../emulator/index';
import { startTestServer, type TestServer } from './support/test-server';

let server: TestServer;
let base = '';

beforeAll(async () => {
  server = await startTestServer();
  base = server.base;
});

afterAll(async () => {
  await server.stop();
});

let em: Emulator | undefined;
afterEach(() => {
  em?.dispose();
  em = undefined;
});

const source = `
  function post(url) {
    var res = UrlFetchApp.fetch(url, { method: 'post', contentType: 'application/json',
      headers: { Authorization: 'Bearer t', authtype: 'Key' }, payload: JSON.stringify([{ a: 1 }]) });
    var echo = JSON.parse(res.getContentText());
    return [res.getResponseCode(), echo.method, echo.url, echo.body, echo.authorization, res.getAllHeaders()['Set-Cookie']];
  }
  function get(url, mute) {
    var res = UrlFetchApp.fetch(url, { muteHttpExceptions: !!mute });
    return [res.getResponseCode(), res.getBlob().getDataAsString()];
  }
  function all(urls) {
    return UrlFetchApp.fetchAll(urls.map(function (u) { return { url: u, muteHttpExceptions: true }; }))
      .map(function (r) { return r.getContentText(); });
  }`;

function emulate(extra: Parameters<typeof createEmulator>[0] = {}): Emulator {
  em = createEmulator({
    bundleSource: source,
    hostRoutes: { 'api-v7.express-chat.com': base },
    fetchTimeoutMs: 500,
    ...extra,
  });
  return em;
}

describe('UrlFetchApp over real HTTP', () => {
  it('routes https hosts to the local server and sends method, headers and body', () => {
    const e = emulate();
    const result = e.run('post', 'https://api-v7.express-chat.com/inbox/users/import');
    expect(result).toEqual([200, 'POST', '/inbox/users/import', '[{"a":1}]', 'Bearer t', ['a=1', 'b=2']]);
    expect(e.http.log[0]).toMatchObject({ method: 'POST', status: 200 });
    expect(e.counters['UrlFetchApp.fetch']).toBe(1);
    expect(e.counters['UrlFetchApp.requests']).toBe(1);
  });

  it("throws Apps Script's error for status >= 400 unless muteHttpExceptions is set", () => {
    const e = emulate();
    const url = 'https://api-v7.express-chat.com/unauthorized';
    expect(() => e.run('get', url, false)).toThrow(
      `Request failed for ${url} returned code 401. Truncated server response: {"success":false,"message":"jwt malformed","code":401} (use muteHttpExceptions option to examine full response)`,
    );
    expect(e.run('get', url, true)).toEqual([401, '{"success":false,"message":"jwt malformed","code":401}']);
  });

  it('runs fetchAll requests in parallel: virtual time is the slowest, responses stay in order', () => {
    // cpuFactor 0: the exact virtual total must not include this machine's CPU time.
    const e = emulate({ cpuFactor: 0, latency: { fetchBaseMs: 100 } });
    const before = e.clock.now();
    const urls = ['/slow/3000', '/slow/1000', '/slow/2000'].map((p) => `https://api-v7.express-chat.com${p}`);
    expect(e.run('all', urls)).toEqual(['slow', 'slow', 'slow']);
    expect(e.clock.now() - before).toBe(3100);
    expect(e.counters['UrlFetchApp.fetchAll']).toBe(1);
    expect(e.counters['UrlFetchApp.requests']).toBe(3);
  });

  it('reports a refused connection as Address unavailable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = emulate({ hostRoutes: { 'api-v7.express-chat.com': `http://127.0.0.1:${port}` } });
    expect(() => e.run('get', 'https://api-v7.express-chat.com/x')).toThrow(
      'Address unavailable: https://api-v7.express-chat.com/x',
    );
  });

  it('reports a dropped connection as Address unavailable and an unrouted host as a DNS error', () => {
    const e = emulate();
    expect(() => e.run('get', 'https://api-v7.express-chat.com/drop')).toThrow('Address unavailable');
    expect(() => e.run('get', 'https://unknown.example.org/x')).toThrow(
      'DNS error: https://unknown.example.org/x',
    );
  });

  it('times out a request that never answers and charges Apps Script’s 60 s on the virtual clock', () => {
    const e = emulate();
    const before = e.clock.now();
    expect(() => e.run('get', 'https://api-v7.express-chat.com/hang')).toThrow(
      'Timeout: https://api-v7.express-chat.com/hang',
    );
    expect(e.clock.now() - before).toBeGreaterThanOrEqual(60_000);
  });

  it('refuses URLs outside the manifest allowlist without sending them', () => {
    const e = emulate({ manifest: { urlFetchWhitelist: ['https://api.v7.botpenguin.com/'] } });
    expect(() => e.run('get', 'https://api-v7.express-chat.com/ok')).toThrow(
      'Request to https://api-v7.express-chat.com/ok failed because the URL has not been whitelisted in the script manifest.',
    );
    expect(e.http.log).toHaveLength(0);
  });

  it('refuses URLs over 2 KB', () => {
    const e = emulate();
    expect(() => e.run('get', `https://api-v7.express-chat.com/${'a'.repeat(2100)}`)).toThrow(
      'URLFetch URL Length',
    );
  });

  it('refuses to fetch in AuthMode.NONE (simple onOpen)', () => {
    const e = createEmulator({
      bundleSource: `function onOpen(e) { UrlFetchApp.fetch('https://api-v7.express-chat.com/ok'); }`,
      hostRoutes: { 'api-v7.express-chat.com': base },
    });
    em = e;
    expect(() => e.runWithEvent('onOpen', { authMode: 'NONE' })).toThrow('You do not have permission');
  });
});
