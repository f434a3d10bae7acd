/**
 * The export record fits Apps Script's 9 KB per property value for any number and length of
 * attribute keys (issue 22 point 5): a property test on the shipped bundle, exporting contacts
 * whose attribute keys are drawn at random, checking every stored value after every execution.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SeedContact } from '../../mock-api/index';
import type { ExportProgress } from '../../src/shared/contracts';
import { emulatorFor, saveToken, useAddOnUnderTest } from '../../tools/harness';

const t = useAddOnUnderTest();
const LIMIT_BYTES = 9 * 1024;

const largestStoredValue = () =>
  Math.max(0, ...[...t.em.properties.document.entries.values()].map((v) => Buffer.byteLength(v, 'utf8')));

describe('export record under 9 KB', () => {
  it('for any number and length of attribute keys, the export finishes with every key a column', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom('k', 'é', 'क'),
        async (keyCount, keyLength, letter) => {
          await t.mock.reset();
          await t.mock.configure({ pageSize: 50 });
          const keys = Array.from(
            { length: keyCount },
            (_, i) => `${String(i).padStart(4, '0')}${letter.repeat(Math.max(0, keyLength - 4))}`,
          );
          const contacts: SeedContact[] = Array.from({ length: 120 }, (_, i) => ({
            prefix: '91',
            number: `98765${String(i).padStart(5, '0')}`,
            name: `Contact ${i}`,
            email: '',
            tags: [],
            // Keys spread over the contacts, so new ones arrive on every page.
            attributes: keys.filter((_, k) => k % 120 === i).map((key) => ({ key, value: 'v' })),
            createdAt: '2026-11-20T10:15:00.000Z',
          }));
          await t.mock.seedContacts({ contacts });
          t.em.dispose();
          t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 6_000 } });
          saveToken(t.em);
          let progress = t.em.scriptRun('startExport', {}) as ExportProgress;
          let largest = largestStoredValue();
          for (let calls = 0; progress.state === 'running' && calls < 40; calls++) {
            progress = t.em.scriptRun('continueExport', progress.exportId) as ExportProgress;
            largest = Math.max(largest, largestStoredValue());
          }
          expect(progress.state).toBe('done');
          expect(progress.contacts).toBe(120);
          expect([...(progress.attributeColumns ?? [])].sort()).toEqual([...keys].sort());
          expect(largest).toBeLessThan(LIMIT_BYTES);
          // Nothing of the finished export is left in the document properties.
          expect(
            [...t.em.properties.document.entries.keys()].filter((k) => k.startsWith('bp.export')),
          ).toEqual([]);
        },
      ),
      { numRuns: 6, examples: [[400, 120, 'क']] },
    );
  }, 240_000);
});
