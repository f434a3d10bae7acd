import { describe, expect, it } from 'vitest';
import { loadSheet } from '../../tools/harness';
import { useInlineBundles } from './support/emulate';

const emulate = useInlineBundles();

const ROWS = 150_000; // past the ~125,000 arguments where f(...array) overflows the stack

describe('ranges past 125,000 rows', () => {
  it('loads, inserts, sorts and reads 150,000 rows without spreading them into a call', () => {
    const e = emulate(
      `
      function grow(n) {
        var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Big');
        sheet.insertRowsAfter(sheet.getMaxRows(), n);
        sheet.insertColumnsAfter(1, 1);
        sheet.sort(1, false);
        return [sheet.getMaxRows(), sheet.getLastRow(), sheet.getRange(2, 1).getValue()];
      }`,
      { cpuFactor: 0 },
    );
    const rows: unknown[][] = [['n']];
    for (let i = 1; i < ROWS; i++) rows.push([i]);
    loadSheet(e, rows, 'Big');
    const maxBefore = e.spreadsheet.requireSheet('Big').maxRows;
    expect(e.run('grow', ROWS)).toEqual([maxBefore + ROWS, ROWS, ROWS - 1]);
    expect(e.user.getValues('Big', `A${ROWS}`)).toEqual([[1]]);
  });
});
