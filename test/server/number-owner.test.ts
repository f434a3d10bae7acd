/**
 * One number, one owner (issue 20): a row already imported with a number keeps it; another row
 * that reads as the same number is not sent (it would rename that contact in BotPenguin) and says
 * whose number it is. On the bundle, with real HTTP to the mock.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSheet, SHEET, saveToken, statuses, useAddOnUnderTest } from '../../tools/harness';

const t = useAddOnUnderTest();

function importRows(first: number, last: number): void {
  t.em.user.select(SHEET, [`A${first}:B${last}`]);
  t.em.run('menuImportSelected');
}

describe('one number, one owner', () => {
  it('a new row with an imported row’s number is not sent, and the imported row keeps its record', async () => {
    const rows: unknown[][] = [
      ['Name', 'Phone'],
      ['Rohit', '98765 43210'],
    ];
    for (let i = 3; i < 15; i++) rows.push([`Contact ${i}`, `'+91 98765 000${String(i).padStart(2, '0')}`]);
    rows.push(['Ritu', "'+91 98765 43210"]);
    loadSheet(t.em, rows);
    saveToken(t.em);
    importRows(2, 15);
    const before = statuses(t.em);
    expect(before[0].status).toBe('Invalid');
    expect(before[13].status).toBe('Imported');

    t.em.scriptRun('saveSettings', { defaultCountry: 'IN' });
    importRows(2, 15);
    const after = statuses(t.em);
    expect(after[13]).toMatchObject({ status: 'Imported', details: before[13].details });
    expect(after[0].status).toBe('Skipped');
    expect(after[0].details).toContain('same number as row 15');
    expect(after[0].details).toContain('Ritu');
    const ritu = (await t.mock.contacts()).filter((c) => c.prefix + c.number === '919876543210');
    expect(ritu.map((c) => c.name)).toEqual(['Ritu']);

    // Selecting only the new row changes nothing either: the owner is found outside the selection.
    importRows(2, 2);
    expect(statuses(t.em)[0].details).toContain('same number as row 15');
    expect((await t.mock.contacts()).find((c) => c.number === '9876543210')?.name).toBe('Ritu');
  });
});

/** One number written the ways people write it: read as the same number once a country is known. */
const SPELLINGS = ["'+91 98765 43210", '98765 43210', "'0091 98765 43210", '919876543210', '098765 43210'];
const NAMES = ['Ritu', 'Rohit', 'Asha', 'Karan', 'Meera'];

describe('property: no contact is ever renamed by a row other than the one that imported it', () => {
  it('holds across imports of any rows and default-country changes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 2 }),
        fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('country' as const), country: fc.constantFrom('IN', null) }),
            fc.record({
              kind: fc.constant('import' as const),
              from: fc.integer({ min: 0, max: 4 }),
              to: fc.integer({ min: 0, max: 4 }),
            }),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        async (order, steps) => {
          await t.mock.reset();
          t.em.dispose();
          t.em = (await import('../../tools/harness')).emulatorFor(t.mock);
          const rows = order.map((k) => [NAMES[k], SPELLINGS[k]]);
          loadSheet(t.em, [['Name', 'Phone'], ...rows]);
          saveToken(t.em);
          const firstName = new Map<string, string>();
          for (const step of steps) {
            if (step.kind === 'country') t.em.scriptRun('saveSettings', { defaultCountry: step.country });
            else {
              const [a, b] = [Math.min(step.from, step.to), Math.max(step.from, step.to)];
              importRows(2 + Math.min(a, rows.length - 1), 2 + Math.min(b, rows.length - 1));
            }
            for (const contact of await t.mock.contacts()) {
              const key = contact.prefix + contact.number;
              if (!firstName.has(key)) firstName.set(key, contact.name);
              expect(contact.name, `contact +${key} renamed`).toBe(firstName.get(key));
            }
            // Every imported row's record is of the name BotPenguin holds for its number.
            for (const row of statuses(t.em).filter((r) => r.status === 'Imported')) {
              const holder = (await t.mock.contacts()).find(
                (c) => row.details.includes(`+${c.prefix}`) && c.name === row.values[0],
              );
              expect(holder, `row ${row.row} imported but its contact has another name`).toBeDefined();
            }
          }
        },
      ),
      { numRuns: 12, seed: 20 },
    );
  }, 120_000);
});
