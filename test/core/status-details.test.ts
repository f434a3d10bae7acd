import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  failedDetails,
  importedDetails,
  importRecordOf,
  invalidDetails,
  notSentYetDetails,
  phoneChangedDetails,
  previousStatusOf,
  queuedDetails,
  queuedTokenOf,
} from '../../src/core/status-details';
import { STATUS } from '../../src/shared/contracts';

const jobId = fc.stringMatching(/^[0-9a-f]{6}$/);
const statusWord = fc.constantFrom('', ...Object.values(STATUS));

describe('Details texts: what is written is what is read back', () => {
  it('a queued row gives back its job token and the status it had, for every job, token and status', () => {
    fc.assert(
      fc.property(jobId, fc.integer({ min: 1, max: 10_000_000 }), statusWord, (id, token, previous) => {
        const details = queuedDetails(id, token, previous);
        expect(queuedTokenOf(STATUS.queued, details, id)).toBe(token);
        expect(previousStatusOf(details)).toBe(previous);
      }),
    );
  });

  it('a token belongs to its own job only, and only while the row is Queued', () => {
    const details = queuedDetails('3f9a1c', 12, STATUS.failed);
    expect(details).toBe('Waiting to be sent · import 3f9a1c #12 · was Failed');
    expect(queuedTokenOf(STATUS.queued, details, '3f9a1d')).toBeNull();
    expect(queuedTokenOf(STATUS.imported, details, '3f9a1c')).toBeNull();
    expect(queuedTokenOf(STATUS.queued, 'Waiting to be sent', '3f9a1c')).toBeNull();
  });

  it('every status word is recognised after "was", and nothing else is', () => {
    for (const word of Object.values(STATUS)) expect(previousStatusOf(`x · was ${word}`)).toBe(word);
    expect(previousStatusOf('x · was Pending')).toBe('');
    expect(previousStatusOf('')).toBe('');
  });

  it('an import record is read back from Imported, Failed and Queued rows alike', () => {
    const details = importedDetails('2026-11-25 14:03', '+1 201-555-1492 (United States)', '1f34a4b2');
    expect(details).toBe('Imported 2026-11-25 14:03 as +1 201-555-1492 (United States) · ref 1f34a4b2');
    expect(importRecordOf(details)).toEqual({
      text: details,
      digits: '12015551492',
      phone: '+1 201-555-1492',
      fingerprint: '1f34a4b2',
    });
    expect(importRecordOf('Imported into BotPenguin on 2025-01-06 09:00 · ref 1f34a4b2')).toMatchObject({
      digits: null,
      fingerprint: '1f34a4b2',
    });
    expect(importRecordOf('Imported by hand')).toBeNull();
    // Kept through a later failure and read back from there.
    const failed = failedDetails(
      { kind: 'failed', message: 'BotPenguin had a server error (500: x)' },
      false,
      'T',
      details,
    );
    expect(importRecordOf(failed)).toEqual(importRecordOf(details));
    const queued = queuedDetails('3f9a1c', 4, STATUS.imported, details);
    expect(importRecordOf(queued)?.digits).toBe('12015551492');
    const record = importRecordOf(details)!;
    expect(phoneChangedDetails(record, "+91 20155 58094 (India, country from the sheet's default)")).toBe(
      "Phone changed since import: was +1 201-555-1492, now +91 20155 58094 (India, country from the sheet's default) — use Re-send to import it as a new contact · last " +
        details,
    );
  });

  it('outcome sentences end with what to do', () => {
    expect(invalidDetails(['Phone is missing', 'Email is not an address.'])).toBe(
      'Phone is missing. Email is not an address. Fix the row, then import it again.',
    );
    expect(
      failedDetails({ kind: 'failed', message: 'BotPenguin had a server error (500: boom)' }, false, 'T'),
    ).toBe('BotPenguin had a server error (500: boom). Choose Retry failed rows to try again (T)');
    expect(failedDetails({ kind: 'token', message: '401 jwt malformed' }, false, 'T')).toBe(
      'BotPenguin rejected the API token (401 jwt malformed). Open the sidebar → Connection, paste a new token from BotPenguin → Developers → API Tokens, then choose Retry failed rows (T)',
    );
    // A row failed for another reason in a run the token stopped asks for a new token too.
    expect(failedDetails({ kind: 'gaveUp', message: 'x', attempts: 4 }, true, 'T')).toContain(
      'X; gave up after 4 attempts. Open the sidebar → Connection',
    );
    expect(failedDetails({ kind: 'refused', message: 'Invalid phone' }, false, 'T')).toBe(
      'BotPenguin rejected this contact: Invalid phone. Fix what BotPenguin named in this row, then choose Retry failed rows (T)',
    );
    expect(failedDetails({ kind: 'refusedBatch', message: 'Invalid phone' }, false, 'T')).toBe(
      'BotPenguin rejected the batch this contact was in: Invalid phone. Choose Retry failed rows to try again (T)',
    );
    expect(notSentYetDetails('the import was cancelled before this row was sent', 'T')).toBe(
      'Not sent yet: the import was cancelled before this row was sent. Choose Retry failed rows to send it. (T)',
    );
  });
});
