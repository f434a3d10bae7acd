/**
 * Apps Script applies a script's sheet writes only on SpreadsheetApp.flush(), a read that needs
 * them, or the end of the execution; the emulator does the same. The marketer watching the sheet
 * during a long import must see each wave's statuses while the next wave is on the wire.
 */
import { describe, expect, it } from 'vitest';
import {
  contactRows,
  countBy,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

describe('statuses the user sees during an import', () => {
  it('shows every finished wave’s statuses while the next wave is being sent', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(900)]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A1:D901']);
    const seenAtEachWave: Record<string, number>[] = [];
    t.em.onServiceCall((event) => {
      if (event.kind === 'UrlFetchApp.fetchAll' && event.phase === 'before')
        seenAtEachWave.push(countBy(statuses(t.em), (r) => r.status));
    });
    t.em.run('menuImportSelected');
    // Chunks of 400 rows (4 parallel requests of 100): before waves 2 and 3, the user sees the
    // rows already imported.
    expect(seenAtEachWave.map((seen) => seen.Imported ?? 0)).toEqual([0, 400, 800]);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 900 });
  });
});
