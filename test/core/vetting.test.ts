import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../emulator/messages';
import { safeExcerpt, vetException, vetFetchFailure } from '../../src/core/vetting';

const url = 'https://api.botpenguin.com/inbox/users/import';

describe('vetting exception texts', () => {
  it('recognises Apps Script’s fetch failures and drops the URL they name', () => {
    expect(vetFetchFailure(MESSAGES.addressUnavailable(url))).toEqual({
      kind: 'recognised',
      text: 'Address unavailable',
    });
    expect(vetFetchFailure(MESSAGES.timeout(url))).toEqual({ kind: 'recognised', text: 'Timeout' });
    expect(vetFetchFailure(`Exception: ${MESSAGES.dnsError(url)}`)).toEqual({
      kind: 'recognised',
      text: 'DNS error',
    });
  });

  it('recognises Apps Script’s own limits and permissions', () => {
    for (const text of [MESSAGES.executionTimeExceeded, MESSAGES.lockTimeout, MESSAGES.propertyQuota]) {
      expect(vetException(text).kind).toBe('recognised');
    }
  });

  it('anything else is unrecognised, as a short excerpt', () => {
    expect(vetFetchFailure('Emulator fetch worker answered out of order')).toEqual({
      kind: 'unrecognised',
      excerpt: 'Emulator fetch worker answered out of order',
    });
    expect(vetException('TypeError: Cannot read properties of undefined (reading "x")').kind).toBe(
      'unrecognised',
    );
  });

  it('an excerpt never holds a URL, a token, markup or control characters, and is short', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.webUrl(),
        fc.stringMatching(/^[A-Za-z0-9]{24,40}$/),
        (text, link, secret) => {
          const excerpt = safeExcerpt(`${text} <b>${link}</b> Bearer ${secret}\u0007 ${secret}`);
          expect(excerpt.length).toBeLessThanOrEqual(80);
          expect(excerpt).not.toMatch(/https?:\/\//);
          expect(excerpt).not.toContain(secret);
          expect(excerpt).not.toMatch(/[<>\u0000-\u001f]/);
        },
      ),
    );
  });
});
