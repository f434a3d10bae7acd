import { describe, expect, it } from 'vitest';
import { MESSAGES, SCOPES } from '../../emulator/index';
import {
  classify,
  parseRetryAfter,
  readFetchException,
  type TransportResult,
} from '../../src/core/responses';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const reply = (status: number, body: unknown, headers: Record<string, string> = {}): TransportResult => ({
  kind: 'response',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers,
});

describe('classify: how each answer of BotPenguin is read', () => {
  it.each([
    [
      'documented success',
      reply(200, { status: 'success', message: 'User profiles imported successfully.' }),
      'ok',
    ],
    ['envelope success', reply(200, { success: true, message: '', code: 200 }), 'ok'],
    ['200 with success:false', reply(200, { success: false, message: 'quota reached' }), 'failed'],
    ['200 with another status word', reply(200, { status: 'error', message: 'nope' }), 'failed'],
    ['200 with an HTML page', reply(200, '<html><body>Gateway</body></html>'), 'failed'],
    ['401 jwt malformed', reply(401, { success: false, message: 'jwt malformed', code: 401 }), 'auth'],
    ['403', reply(403, { message: 'forbidden' }), 'auth'],
    [
      'documented wrong-token 400',
      reply(400, {
        success: false,
        message: 'Argument passed in must be a single String of 12 bytes or a string of 24 hex characters',
      }),
      'auth',
    ],
    [
      '400 validation',
      reply(400, { success: false, message: 'Invalid', data: ['phone is required'] }),
      'rejected',
    ],
    ['422', reply(422, { message: 'bad number' }), 'rejected'],
    ['413', reply(413, 'Payload Too Large'), 'too-large'],
    ['429', reply(429, { message: 'slow down' }, { 'Retry-After': '7' }), 'retry'],
    ['500', reply(500, { message: 'boom' }), 'retry'],
    ['503 HTML', reply(503, '<h1>Service Unavailable</h1>'), 'retry'],
    ['408', reply(408, ''), 'retry'],
    ['network error', { kind: 'network-error', message: 'Address unavailable' } as TransportResult, 'retry'],
    ['302', reply(302, ''), 'failed'],
  ])('%s → %s', (_name, result, kind) => {
    expect(classify(result, NOW).kind).toBe(kind);
  });

  it('joins the envelope message with its data list, as BotPenguin validation errors come', () => {
    const verdict = classify(reply(400, { success: false, message: 'Invalid', data: ['a', 'b'] }), NOW);
    expect(verdict).toEqual({ kind: 'rejected', message: 'Invalid: a; b' });
  });

  it('describes non-JSON replies by their text, without markup, cut to a readable length', () => {
    const verdict = classify(reply(200, `<p>${'x'.repeat(500)}</p>`), NOW);
    expect(verdict.kind).toBe('failed');
    const message = (verdict as { message: string }).message;
    expect(message).toMatch(/^BotPenguin sent a non-JSON reply \("x+…"\)$/);
    expect(message).not.toContain('<p>');
    expect(classify(reply(200, ''), NOW)).toEqual({
      kind: 'failed',
      message: 'BotPenguin sent an empty reply',
    });
  });

  it('carries Retry-After on 429 and 5xx', () => {
    expect(classify(reply(429, '', { 'retry-after': '3' }), NOW)).toMatchObject({ retryAfterMs: 3000 });
    expect(classify(reply(503, '', { 'Retry-After': '1' }), NOW)).toMatchObject({ retryAfterMs: 1000 });
    expect(classify(reply(500, ''), NOW)).toMatchObject({ retryAfterMs: null });
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores nonsense', () => {
    expect(parseRetryAfter({ 'Retry-After': '120' }, NOW)).toBe(120_000);
    expect(parseRetryAfter({ 'retry-after': new Date(NOW + 5000).toUTCString() }, NOW)).toBe(5000);
    expect(parseRetryAfter({ 'Retry-After': new Date(NOW - 5000).toUTCString() }, NOW)).toBe(0);
    expect(parseRetryAfter({ 'Retry-After': 'soon' }, NOW)).toBeNull();
    expect(parseRetryAfter({}, NOW)).toBeNull();
  });
});

describe('readFetchException: the texts Apps Script (and the emulator) throw from UrlFetchApp', () => {
  const url = 'https://api-v7.express-chat.com/inbox/users/import';
  it.each([
    [MESSAGES.urlFetchDailyQuota, 'quota'],
    [MESSAGES.noPermission('UrlFetchApp.fetchAll', [SCOPES.externalRequest]), 'permission'],
    [MESSAGES.noPermission('UrlFetchApp.fetch', []), 'permission'],
    [MESSAGES.notAllowlisted(url), 'host-not-allowed'],
  ])('%s → %s', (message, reason) => {
    expect(readFetchException(message)).toMatchObject({ kind: 'refused-by-apps-script', reason });
  });

  it.each([MESSAGES.dnsError(url), MESSAGES.addressUnavailable(url), MESSAGES.timeout(url)])(
    '%s is a network error, retried',
    (message) => {
      expect(readFetchException(message).kind).toBe('network-error');
    },
  );
});
