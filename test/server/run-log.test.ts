/**
 * The `BotPenguin log` tab on the shipped bundle: one row per run, written once when the run ends,
 * whatever started it and however it ended.
 */
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../src/shared/contracts';
import {
  columnLetter,
  contactRows,
  emulatorFor,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const LOG = 'BotPenguin log';
const LOG_HEADERS = [
  'Started',
  'Ended',
  'Started from',
  'Run',
  'Sheet',
  'Rows considered',
  'Imported',
  'Invalid',
  'Failed',
  'Skipped',
  'Already imported',
  'Queued',
  'Requests sent',
  'API host',
  'How it ended',
];

function setUp(rows: unknown[][], sheet = SHEET): void {
  loadSheet(t.em, [HEADERS, ...rows], sheet);
  saveToken(t.em);
  t.em.user.select(sheet, [`A2:D${rows.length + 1}`]);
}

/** The log's rows under its header, as values. */
function logRows(): unknown[][] {
  const model = t.em.spreadsheet.sheet(LOG);
  if (!model) return [];
  const all = t.em.user.getValues(LOG, `A1:${columnLetter(LOG_HEADERS.length)}${model.lastRow()}`);
  expect(all[0]).toEqual(LOG_HEADERS);
  return all.slice(1);
}

function deleteSheet(name: string): void {
  const index = t.em.spreadsheet.sheets.findIndex((s) => s.name === name);
  t.em.spreadsheet.sheets.splice(index, 1);
}

describe('run log', () => {
  it('a menu run adds one row in one write, and the user stays on their sheet', () => {
    setUp(contactRows(250));
    t.em.resetCounters();
    t.em.run('menuImportSelected');
    expect(logRows()).toEqual([
      [
        '2025-01-06 09:00:00',
        expect.stringMatching(/^2025-01-06 09:0\d:\d\d$/),
        'Menu',
        'Import selected rows',
        SHEET,
        250,
        250,
        0,
        0,
        0,
        0,
        0,
        3,
        'https://api-v7.express-chat.com/',
        'Done',
      ],
    ]);
    // The tab is new: its first row is written with the header, in the same call.
    expect(t.em.counters['Sheet.appendRow']).toBeUndefined();
    expect(t.em.spreadsheet.activeSheetName).toBe(SHEET);
    expect(t.em.spreadsheet.activeRanges).toEqual(['A2:D251']);
    expect(t.em.spreadsheet.sheets.map((s) => s.name).at(-1)).toBe(LOG);
    // The next run finds the tab: its row is one appendRow.
    t.em.resetCounters();
    t.em.run('menuImportSelected');
    expect(t.em.counters['Sheet.appendRow']).toBe(1);
    expect(logRows()).toHaveLength(2);
  });

  it('a sidebar run is logged once when it finishes, not per call, with the time it started', () => {
    t.em.dispose();
    // Slow requests: each call of ~20 s gets through two chunks, so the run takes several calls.
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 8_000 } });
    setUp(contactRows(2000));
    let progress = t.em.scriptRun('startImport', { mode: 'selected' }) as ImportProgress;
    const started = '2025-01-06 09:00:00';
    let calls = 1;
    while (progress.state === 'running') {
      expect(t.em.spreadsheet.sheet(LOG)).toBeUndefined();
      progress = t.em.scriptRun('continueImport', progress.jobId) as ImportProgress;
      calls++;
    }
    expect(calls).toBeGreaterThan(1);
    const rows = logRows();
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(0, 7)).toEqual([
      started,
      expect.any(String),
      'Sidebar',
      'Import selected rows',
      SHEET,
      2000,
      2000,
    ]);
    expect(rows[0][1]).not.toBe(started);
    expect(rows[0][14]).toBe('Done');
  });

  it('a cancelled sidebar run, a rejected token and a spent time budget each say how they ended', () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 8_000 } });
    setUp(contactRows(2000));
    const first = t.em.scriptRun('startImport', { mode: 'selected' }) as ImportProgress;
    t.em.scriptRun('cancelImport', first.jobId);
    let rows = logRows();
    expect(rows).toHaveLength(1);
    expect(rows[0][2]).toBe('Sidebar');
    expect(rows[0][11]).toBe(2000 - (rows[0][6] as number));
    expect(rows[0][14]).toBe('Cancelled');

    saveToken(t.em, 'bp-wrong-token-000000000');
    t.em.run('menuRetryFailed');
    rows = logRows();
    expect(rows[1].slice(2, 4)).toEqual(['Menu', 'Retry failed rows']);
    expect(rows[1][14]).toBe('Token rejected');

    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 60_000 } });
    setUp(contactRows(4000));
    t.em.run('menuImportSelected');
    rows = logRows();
    expect(rows).toHaveLength(1);
    expect(rows[0][11]).toBeGreaterThan(0);
    expect(rows[0][14]).toBe('Time budget');
  });

  it('a renamed or deleted log tab is made again; the import is not disturbed', () => {
    setUp(contactRows(3));
    t.em.run('menuImportSelected');
    t.em.user.renameSheet(LOG, 'Old runs');
    t.em.user.setValues(SHEET, 'A2', [['Changed']]);
    t.em.run('menuImportAll');
    expect(t.em.executions.at(-1)!.error).toBeUndefined();
    expect(logRows()).toHaveLength(1);
    expect(t.em.user.getValues('Old runs', 'D2')[0][0]).toBe('Import selected rows');

    deleteSheet(LOG);
    t.em.user.setValues(SHEET, 'A3', [['Changed too']]);
    t.em.run('menuImportAll');
    expect(t.em.executions.at(-1)!.error).toBeUndefined();
    const rows = logRows();
    expect(rows).toHaveLength(1);
    expect(rows[0][3]).toBe('Import all new or changed rows');
    expect(rows[0][6]).toBe(1);
  });

  it('a run with nothing to do adds no row; rows already imported are counted apart from Skipped', () => {
    setUp(contactRows(3));
    t.em.run('menuRetryFailed');
    expect(logRows()).toEqual([]);
    t.em.run('menuImportSelected');
    t.em.run('menuImportSelected');
    const rows = logRows();
    expect(rows).toHaveLength(2);
    // Imported, Invalid, Failed, Skipped, Already imported, Queued.
    expect(rows[1].slice(6, 12)).toEqual([0, 0, 0, 0, 3, 0]);
  });

  it('a log from before "Already imported" gets that column, blank for its older runs', () => {
    setUp(contactRows(2));
    t.em.user.addSheet(LOG);
    const before = LOG_HEADERS.filter((h) => h !== 'Already imported');
    t.em.user.setValues(LOG, 'A1:N2', [before, ["'old run", ...Array(12).fill(1), "'Done"]]);
    t.em.run('menuImportSelected');
    const rows = logRows();
    expect(rows[0][10]).toBe('');
    expect(rows[0][14]).toBe('Done');
    expect(rows[1][6]).toBe(2);
  });

  it('text never becomes a formula or a number', () => {
    setUp(contactRows(2), '=1+1');
    t.em.run('menuImportSelected');
    expect(logRows()[0][4]).toBe('=1+1');
    expect(t.em.user.getFormulas(LOG, 'A2:O2')[0].every((f) => f === '')).toBe(true);
  });

  it('keeps the latest 5,000 runs, dropping the oldest in one call', () => {
    setUp(contactRows(2));
    t.em.user.addSheet(LOG);
    const old = Array.from({ length: 5000 }, (_, i) => [`'old ${i}`, ...Array(14).fill(i)]);
    t.em.user.insertRows(LOG, 1001, 4001);
    t.em.user.setValues(LOG, 'A1:O5001', [LOG_HEADERS, ...old]);
    t.em.resetCounters();
    t.em.run('menuImportSelected');
    const rows = logRows();
    expect(rows).toHaveLength(5000);
    expect(rows[0][0]).toBe('old 1');
    expect(rows[4998][0]).toBe('old 4999');
    expect(rows[4999][2]).toBe('Menu');
    expect(t.em.counters['Sheet.deleteRows']).toBe(1);
  });

  it('Open log shows the tab, creating it when missing', () => {
    setUp(contactRows(1));
    expect(t.em.scriptRun('openLog')).toBe(LOG);
    expect(t.em.spreadsheet.activeSheetName).toBe(LOG);
    expect(logRows()).toEqual([]);
  });
});
