import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY, type EmulatorOptions, SCOPES, URL_FETCH_DAILY_QUOTA } from '../../emulator/index';
import { useInlineBundles } from './support/emulate';
import { startTestServer, type TestServer } from './support/test-server';

const emulate = useInlineBundles();

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const IMPORT = 'https://api-v7.express-chat.com/inbox/users/import';
const SOURCE = `
  function importContacts(count) {
    var profiles = [];
    for (var i = 0; i < count; i++) profiles.push({ profile: { userDetails: { userProvidedName: 'C' + i } } });
    return UrlFetchApp.fetch('${IMPORT}', { method: 'post', contentType: 'application/json',
      payload: JSON.stringify(profiles) }).getResponseCode();
  }
  function get(url) { return UrlFetchApp.fetch(url).getResponseCode(); }
  function all(counts) {
    return UrlFetchApp.fetchAll(counts.map(function (n) {
      var profiles = [];
      for (var i = 0; i < n; i++) profiles.push({ profile: {} });
      return { url: '${IMPORT}', method: 'post', contentType: 'application/json', payload: JSON.stringify(profiles) };
    })).length;
  }
  function getMany(n) { for (var i = 0; i < n; i++) UrlFetchApp.fetch('${IMPORT}'); }`;

function make(options: EmulatorOptions = {}) {
  // cpuFactor 0: these tests compare exact virtual times of requests.
  return emulate(SOURCE, {
    cpuFactor: 0,
    hostRoutes: { 'api-v7.express-chat.com': server.base },
    latency: { fetchPerKbMs: 0 },
    ...options,
  });
}

describe('URL Fetch latency model', () => {
  it('charges proxy round trip + server base + per contact, and logs it per request', () => {
    expect(DEFAULT_LATENCY.fetchBaseMs).toBe(700);
    const e = make();
    e.run('importContacts', 0);
    e.run('importContacts', 100);
    const { fetchBaseMs, fetchServerMs, fetchPerContactMs } = DEFAULT_LATENCY;
    expect(e.http.log.map((entry) => entry.virtualMs)).toEqual([
      fetchBaseMs + fetchServerMs,
      fetchBaseMs + fetchServerMs + 100 * fetchPerContactMs,
    ]);
    expect(e.executions.map((x) => x.elapsedMs)).toEqual(e.http.log.map((entry) => entry.virtualMs));
  });

  it('takes every part from the options (per-test overrides keep working)', () => {
    const e = make({
      latency: { fetchBaseMs: 500, fetchServerMs: 50, fetchPerContactMs: 2, fetchPerKbMs: 0 },
    });
    e.run('importContacts', 10);
    expect(e.http.log[0].virtualMs).toBe(500 + 50 + 20);
  });

  it('charges fetchAll the slowest of its requests, not the sum', () => {
    const e = make({
      latency: { fetchBaseMs: 500, fetchServerMs: 0, fetchPerContactMs: 10, fetchPerKbMs: 0 },
    });
    expect(e.run('all', [1, 50, 20])).toBe(3);
    expect(e.http.log.map((entry) => entry.virtualMs)).toEqual([510, 1000, 700]);
    expect(e.executions[0].elapsedMs).toBe(1000);
  });
});

describe('daily URL Fetch quota', () => {
  it('allows 20,000 calls a day for a consumer account, then throws Apps Script’s text', () => {
    expect(URL_FETCH_DAILY_QUOTA).toEqual({ consumer: 20_000, workspace: 100_000 });
    const e = make({ urlFetchUsedToday: 19_998 });
    e.run('getMany', 2);
    expect(e.urlFetchQuota.used()).toBe(20_000);
    expect(() => e.run('get', IMPORT)).toThrow('Service invoked too many times for one day: urlfetch.');
    expect(e.http.log).toHaveLength(2);
  });

  it('counts each request of a fetchAll, and refuses a batch that does not fit', () => {
    const e = make({ urlFetchUsedToday: 19_998 });
    expect(() => e.run('all', [1, 1, 1])).toThrow('Service invoked too many times for one day: urlfetch.');
    expect(e.run('all', [1, 1])).toBe(2);
    expect(e.urlFetchQuota.used()).toBe(20_000);
  });

  it('gives a Workspace account 100,000', () => {
    const e = make({ accountType: 'workspace', urlFetchUsedToday: 99_999 });
    expect(e.run('get', IMPORT)).toBe(200);
    expect(() => e.run('get', IMPORT)).toThrow('Service invoked too many times for one day: urlfetch.');
  });

  it('resets 24 hours after the first request (quotas page), not at a fixed hour', () => {
    const e = make({ urlFetchUsedToday: 19_999 });
    expect(e.run('get', IMPORT)).toBe(200);
    expect(() => e.run('get', IMPORT)).toThrow('Service invoked too many times for one day');
    e.clock.advance(24 * 3_600_000 - 60_000);
    expect(() => e.run('get', IMPORT)).toThrow('Service invoked too many times for one day');
    e.clock.advance(60_000);
    expect(e.run('get', IMPORT)).toBe(200);
    expect(e.urlFetchQuota.used()).toBe(1);
  });
});

describe('fetch exceptions', () => {
  it('refuses a URL outside the manifest urlFetchWhitelist without sending it', () => {
    const e = make({ manifest: { urlFetchWhitelist: ['https://api.v7.botpenguin.com/'] } });
    expect(() => e.run('get', IMPORT)).toThrow(
      `Request to ${IMPORT} failed because the URL has not been whitelisted in the script manifest.`,
    );
    expect(e.http.log).toHaveLength(0);
  });

  it('throws the permission error once the user revoked script.external_request', () => {
    const e = make();
    expect(e.run('get', IMPORT)).toBe(200);
    e.auth.revoke(SCOPES.externalRequest);
    expect(() => e.run('get', IMPORT)).toThrow(
      'You do not have permission to call UrlFetchApp.fetch. Required permissions: https://www.googleapis.com/auth/script.external_request',
    );
    expect(() => e.run('all', [1])).toThrow('You do not have permission to call UrlFetchApp.fetchAll.');
    expect(e.http.log).toHaveLength(1);
    e.auth.grant(SCOPES.externalRequest);
    expect(e.run('get', IMPORT)).toBe(200);
  });

  it('keeps unreachable hosts as network errors (DNS error)', () => {
    const e = make();
    expect(() => e.run('get', 'https://unknown.example.org/x')).toThrow(
      'DNS error: https://unknown.example.org/x',
    );
  });
});
