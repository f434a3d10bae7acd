/**
 * Date cells in name, tag and attribute columns, end to end on the shipped bundle: they must be
 * written as the spreadsheet's calendar date, not the UTC one (a day off east or west of Greenwich).
 */
import { describe, expect, it } from 'vitest';
import { emulatorFor, loadSheet, SHEET, saveToken, statuses, useAddOnUnderTest } from '../../tools/harness';

const t = useAddOnUnderTest();

interface SentDetails {
  userProvidedName: string;
  contact: unknown;
  tags: string[];
  attributes: { key: string; value: string }[];
}

async function sentContacts(): Promise<SentDetails[]> {
  const requests = (await t.mock.requests()).filter((r) => r.path === '/inbox/users/import');
  return requests.flatMap((r) =>
    (r.body as unknown as { profile: { userDetails: SentDetails } }[]).map((p) => p.profile.userDetails),
  );
}

/** Typed into the sheet as a person would: the emulator reads them as dates in the sheet's zone. */
function importInZone(timeZone: string, nameCell: string, tagCell: string, attributeCell: string): void {
  t.em.dispose();
  t.em = emulatorFor(t.mock, { timeZone });
  loadSheet(t.em, [
    ['Name', 'Phone', 'Tags', 'Signup'],
    [nameCell, "'+91 98765 43210", tagCell, attributeCell],
  ]);
  saveToken(t.em);
  t.em.user.select(SHEET, ['A2:D2']);
  t.em.run('menuImportSelected');
}

describe('date cells are written in the spreadsheet’s time zone', () => {
  it('Asia/Kolkata: midnight dates keep their day (UTC would say the day before)', async () => {
    importInZone('Asia/Kolkata', '2024-01-31', '2024-03-01', '2024-12-31');
    const values = t.em.user.getValues(SHEET, 'A2:D2')[0];
    expect(values.filter((value) => value instanceof Date)).toHaveLength(3);
    expect(statuses(t.em)[0].status).toBe('Imported');
    expect(await sentContacts()).toEqual([
      {
        userProvidedName: '2024-01-31',
        contact: expect.anything(),
        tags: ['2024-03-01'],
        attributes: [{ key: 'Signup', value: '2024-12-31' }],
      },
    ]);
  });

  it('America/Los_Angeles: an evening date-time keeps its day (UTC would say the day after)', async () => {
    importInZone('America/Los_Angeles', '2024-01-31 20:00', '2024-02-29 23:30', '2024-12-31 18:00');
    expect(statuses(t.em)[0].status).toBe('Imported');
    expect(await sentContacts()).toEqual([
      {
        userProvidedName: '2024-01-31',
        contact: expect.anything(),
        tags: ['2024-02-29'],
        attributes: [{ key: 'Signup', value: '2024-12-31' }],
      },
    ]);
  });

  it('formats each day once per run, not once per cell, and gives every cell its own day', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { timeZone: 'Asia/Kolkata' });
    // Two days since 1973 (one minute of UTC each) and 1969's, before every offset was whole minutes.
    const days = ['2024-01-31', '2024-02-29', '1969-07-20'];
    const rows = Array.from({ length: 300 }, (_, i) => [
      `Ana ${i}`,
      `'+91 98765 ${10000 + i}`,
      '',
      days[i % days.length],
    ]);
    loadSheet(t.em, [['Name', 'Phone', 'Tags', 'Signup'], ...rows]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D301']);
    const counted = () => t.em.counters['Utilities.formatDate'] ?? 0;
    const before = counted();
    t.em.run('menuImportSelected');
    expect(statuses(t.em).every((row) => row.status === 'Imported')).toBe(true);
    const sent = await sentContacts();
    expect(sent.map((contact) => contact.attributes[0]?.value)).toEqual(rows.map((row) => row[3]));
    // 1969's 100 cells one call each, the two later days one call each, and the run's own stamps.
    const calls = counted() - before;
    expect(calls).toBeGreaterThanOrEqual(102);
    expect(calls).toBeLessThan(112);
  });
});
