import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** A script that writes a status, then calls the API (the test looks at the sheet from the
 * fetch's 'before' hook), optionally flushing or reading first. */
const SOURCE = `
  function importWave(mode) {
    var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts');
    sheet.getRange(2, 3).setValue('Sending…');
    sheet.getRange(2, 1, 1, 2).setNotes([['n1', 'n2']]);
    if (mode === 'flush') SpreadsheetApp.flush();
    if (mode === 'read') sheet.getRange(1, 1).getValues();
    if (mode === 'lastRow') sheet.getLastRow();
    UrlFetchApp.fetch('https://api-v7.express-chat.com/inbox/users/import');
    sheet.getRange(2, 3).setValue('Imported');
    UrlFetchApp.fetch('https://api-v7.express-chat.com/inbox/users/import');
  }
  function growAndWrite() {
    var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts');
    var max = sheet.getMaxRows();
    sheet.insertRowsAfter(max, 5);
    sheet.getRange(max + 5, 1).setValue('bottom');
    return max;
  }
  function mutateAfterWrite() {
    var sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Contacts');
    var rows = [['kept']];
    sheet.getRange(3, 1, 1, 1).setValues(rows);
    rows[0][0] = 'changed later';
  }`;

function setUp() {
  const em = emulate(SOURCE, { hostRoutes: { 'api-v7.express-chat.com': server.base } });
  em.user.addSheet('Contacts');
  em.user.setValues('Contacts', 'A1:C2', [
    ['Name', 'Phone', 'Status'],
    ['Amy', '+919876543210', ''],
  ]);
  /** What the user saw in C2 (and the A2 note) at each fetch. */
  const seen: string[] = [];
  em.onServiceCall((event) => {
    if (event.kind === 'UrlFetchApp.fetch' && event.phase === 'before') {
      seen.push(`${em.user.getValues('Contacts', 'C2')[0][0]}|${em.user.getNotes('Contacts', 'A2')[0][0]}`);
    }
  });
  return { em, seen };
}

describe('buffered spreadsheet writes', () => {
  it('keeps a status the script wrote invisible to the user until the execution ends', () => {
    const { em, seen } = setUp();
    em.run('importWave', 'none');
    expect(seen).toEqual(['|', '|']);
    expect(em.user.getValues('Contacts', 'C2')).toEqual([['Imported']]);
    expect(em.user.getNotes('Contacts', 'A2:B2')).toEqual([['n1', 'n2']]);
    expect(em.counters['SpreadsheetApp.flush.endOfExecution']).toBe(1);
    expect(em.counters['SpreadsheetApp.flush.applied']).toBe(1);
  });

  it('shows the status once the script calls SpreadsheetApp.flush()', () => {
    const { em, seen } = setUp();
    em.run('importWave', 'flush');
    expect(seen).toEqual(['Sending…|n1', 'Sending…|n1']);
    expect(em.counters['SpreadsheetApp.flush']).toBe(1);
    expect(em.counters['SpreadsheetApp.flush.explicit']).toBe(1);
    expect(em.counters['SpreadsheetApp.flush.applied']).toBe(2);
  });

  it('applies pending writes before the script reads the same sheet (getValues, getLastRow)', () => {
    for (const mode of ['read', 'lastRow']) {
      const { em, seen } = setUp();
      em.run('importWave', mode);
      expect(seen).toEqual(['Sending…|n1', 'Sending…|n1']);
      expect(em.counters['SpreadsheetApp.flush.read']).toBe(1);
    }
  });

  it('lets the script address rows it inserted itself, and buffers the insert too', () => {
    const { em } = setUp();
    const before = em.spreadsheet.requireSheet('Contacts').maxRows;
    let maxSeenDuringRun = 0;
    em.onServiceCall((event) => {
      if (event.kind === 'Sheet.insertRowsAfter' && event.phase === 'after')
        maxSeenDuringRun = em.spreadsheet.requireSheet('Contacts').maxRows;
    });
    expect(em.run('growAndWrite')).toBe(before);
    expect(maxSeenDuringRun).toBe(before);
    expect(em.user.getValues('Contacts', `A${before + 5}`)).toEqual([['bottom']]);
  });

  it('writes the values as they were when setValues was called', () => {
    const { em } = setUp();
    em.run('mutateAfterWrite');
    expect(em.user.getValues('Contacts', 'A3')).toEqual([['kept']]);
  });
});
