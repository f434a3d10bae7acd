/**
 * Rows hidden by a filter, at real scale, on the shipped bundle in the emulator against the mock:
 * the filter's criteria are evaluated from values read in bulk, and Sheets is asked row by row
 * only for criteria the add-on cannot evaluate, for the chunk about to be sent.
 */
import { describe, expect, it } from 'vitest';
import type { FilterCriteriaSpec } from '../../emulator/index';
import type { RecordedRequest } from '../../mock-api/index';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

const imports = () => importRequests(t.mock);

function namesIn(request: RecordedRequest): string[] {
  return (request.body as { profile: { userDetails: { userProvidedName: string } } }[]).map(
    (p) => p.profile.userDetails.userProvidedName,
  );
}

/** Rows the emulator's filter hides, by row number. */
function hiddenByFilter(): number[] {
  const rows = t.em.spreadsheet.requireSheet(SHEET).rows;
  const out: number[] = [];
  rows.forEach((r, i) => {
    if (r.hiddenByFilter) out.push(i + 1);
  });
  return out;
}

/** Contacts with a Score (number) and a Stage (text) column. */
function scoredRows(n: number): unknown[][] {
  return contactRows(n).map((row, k) => [...row, k % 7, ['New', 'Won', 'lost', ''][k % 4]]);
}

/** Menu Import all, then Retry until nothing is Queued; returns the number of executions. */
function importAllToTheEnd(): number {
  t.em.run('menuImportAll');
  let runs = 1;
  while (statuses(t.em).some((r) => r.status === 'Queued') && runs < 20) {
    t.em.run('menuRetryFailed');
    runs++;
  }
  return runs;
}

describe('filters at scale', () => {
  it("one execution reads the filter and its criteria once: the plan's reading is the chunks' too", () => {
    loadSheet(t.em, [HEADERS, ...contactRows(900)]);
    saveToken(t.em);
    t.em.user.createFilter(SHEET, 'A1:D901', { D: { hiddenValues: ['vip, lead'] } });
    t.em.resetCounters();
    t.em.run('menuImportAll');
    expect(t.em.counters['Sheet.getFilter']).toBe(1);
    expect(t.em.counters['Filter.getColumnFilterCriteria']).toBe(4);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 600, Skipped: 300 });
    // A later execution reads it afresh: a filter changed meanwhile is seen.
    t.em.user.removeFilter(SHEET);
    t.em.resetCounters();
    t.em.run('menuImportAll');
    expect(t.em.counters['Sheet.getFilter']).toBe(1);
  });

  it('50,000 rows with a filter import in as many executions as without, with no per-row filter calls', async () => {
    const rows = contactRows(50_000);
    loadSheet(t.em, [HEADERS, ...rows]);
    saveToken(t.em);
    const unfilteredRuns = importAllToTheEnd();
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 50_000 });

    t.em.dispose();
    await t.mock.reset();
    t.em = emulatorFor(t.mock);
    loadSheet(t.em, [HEADERS, ...rows]);
    saveToken(t.em);
    // Tags 'vip, lead' (every third row) hidden by value.
    t.em.user.createFilter(SHEET, 'A1:D50001', { D: { hiddenValues: ['vip, lead'] } });
    expect(hiddenByFilter()).toHaveLength(16_667);
    t.em.resetCounters();
    const filteredRuns = importAllToTheEnd();

    expect(filteredRuns).toBe(unfilteredRuns);
    expect(t.em.executions.every((e) => e.error === undefined)).toBe(true);
    expect(t.em.counters['Sheet.isRowHiddenByFilter'] ?? 0).toBe(0);
    const counts = countBy(statuses(t.em), (r) => r.status);
    expect(counts).toEqual({ Imported: 33_333, Skipped: 16_667 });
    const sent = (await imports()).flatMap(namesIn);
    expect(sent).toHaveLength(33_333);
    expect(new Set(sent).size).toBe(33_333);
  });

  it('rows hidden by the user, not by a filter, are imported', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(10)]);
    saveToken(t.em);
    t.em.user.hideRows(SHEET, [3, 4]);
    t.em.user.createFilter(SHEET, 'A1:D11', { A: { hiddenValues: ['Contact 5'] } });
    t.em.user.select(SHEET, ['A2:D11']);
    t.em.run('menuImportSelected');
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual([
      ...Array(5).fill('Imported'),
      'Skipped',
      ...Array(4).fill('Imported'),
    ]);
  });
});

describe('each kind of criterion: the add-on skips exactly the rows Sheets hides', () => {
  const kinds: [string, Record<string, FilterCriteriaSpec>][] = [
    ['hidden values', { F: { hiddenValues: ['Won', ''] } }],
    ['visible values', { F: { visibleValues: ['New'] } }],
    ['hidden number shown as text', { E: { hiddenValues: ['3', '4'] } }],
    ['CELL_EMPTY', { F: { condition: { type: 'CELL_EMPTY' } } }],
    ['CELL_NOT_EMPTY', { F: { condition: { type: 'CELL_NOT_EMPTY' } } }],
    ['TEXT_CONTAINS', { A: { condition: { type: 'TEXT_CONTAINS', values: ['contact 1'] } } }],
    ['TEXT_DOES_NOT_CONTAIN', { F: { condition: { type: 'TEXT_DOES_NOT_CONTAIN', values: ['o'] } } }],
    ['TEXT_STARTS_WITH', { F: { condition: { type: 'TEXT_STARTS_WITH', values: ['L'] } } }],
    ['TEXT_ENDS_WITH', { C: { condition: { type: 'TEXT_ENDS_WITH', values: ['5@EXAMPLE.COM'] } } }],
    ['TEXT_EQUAL_TO', { F: { condition: { type: 'TEXT_EQUAL_TO', values: ['won'] } } }],
    ['TEXT_NOT_EQUAL_TO', { F: { condition: { type: 'TEXT_NOT_EQUAL_TO', values: ['won'] } } }],
    ['NUMBER_GREATER_THAN', { E: { condition: { type: 'NUMBER_GREATER_THAN', values: [3] } } }],
    [
      'NUMBER_GREATER_THAN_OR_EQUAL_TO',
      { E: { condition: { type: 'NUMBER_GREATER_THAN_OR_EQUAL_TO', values: [3] } } },
    ],
    ['NUMBER_LESS_THAN', { E: { condition: { type: 'NUMBER_LESS_THAN', values: [2] } } }],
    [
      'NUMBER_LESS_THAN_OR_EQUAL_TO',
      { E: { condition: { type: 'NUMBER_LESS_THAN_OR_EQUAL_TO', values: [2] } } },
    ],
    ['NUMBER_EQUAL_TO', { E: { condition: { type: 'NUMBER_EQUAL_TO', values: [6] } } }],
    ['NUMBER_NOT_EQUAL_TO', { E: { condition: { type: 'NUMBER_NOT_EQUAL_TO', values: [6] } } }],
    ['NUMBER_BETWEEN', { E: { condition: { type: 'NUMBER_BETWEEN', values: [2, 4] } } }],
    ['NUMBER_NOT_BETWEEN', { E: { condition: { type: 'NUMBER_NOT_BETWEEN', values: [2, 4] } } }],
    [
      'two columns',
      { E: { condition: { type: 'NUMBER_LESS_THAN', values: [5] } }, F: { hiddenValues: ['lost'] } },
    ],
  ];

  it.each(kinds)('%s', async (_kind, criteria) => {
    loadSheet(t.em, [[...HEADERS, 'Score', 'Stage'], ...scoredRows(40)]);
    saveToken(t.em);
    t.em.user.createFilter(SHEET, 'A1:F41', criteria);
    const hidden = hiddenByFilter();
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.length).toBeLessThan(40);
    t.em.user.select(SHEET, ['A2:F41']);
    t.em.resetCounters();
    t.em.run('menuImportSelected');

    const rows = statuses(t.em);
    const skipped = rows.filter((r) => r.status === 'Skipped').map((r) => r.row);
    expect(skipped).toEqual(hidden);
    expect(rows.filter((r) => r.status === 'Imported')).toHaveLength(40 - hidden.length);
    expect(t.em.counters['Sheet.isRowHiddenByFilter'] ?? 0).toBe(0);
    const sent = new Set((await imports()).flatMap(namesIn));
    for (const row of hidden) expect(sent.has(`Contact ${row - 2}`)).toBe(false);
  });
});

describe('criteria the add-on cannot evaluate', () => {
  it('a custom formula is checked row by row, one chunk at a time, just before sending', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(1200)]);
    saveToken(t.em);
    t.em.user.createFilter(SHEET, 'A1:D1201', {
      B: {
        condition: { type: 'CUSTOM_FORMULA', values: ['=ISEVEN(ROW())'] },
        formulaShows: (row) => row % 2 === 0,
      },
    });
    t.em.user.select(SHEET, ['A2:D1201']);
    const beforeEachFetch: number[] = [];
    let calls = 0;
    t.em.onServiceCall((call) => {
      if (call.phase !== 'after') return;
      if (call.kind === 'Sheet.isRowHiddenByFilter') calls++;
      if (call.kind === 'UrlFetchApp.fetchAll' || call.kind === 'UrlFetchApp.fetch') {
        beforeEachFetch.push(calls);
        calls = 0;
      }
    });
    t.em.resetCounters();
    // The sidebar's way: start sends the first chunk, each continue the next ones.
    let progress = t.em.scriptRun('startImport', { mode: 'selected' }) as { state: string; jobId: string };
    while (progress.state === 'running')
      progress = t.em.scriptRun('continueImport', progress.jobId) as typeof progress;
    expect(progress.state).toBe('done');

    // 1,200 rows in chunks of 400: a chunk's rows are asked about just before its requests, never
    // the whole selection up front. A chunk whose questions used up a call's time budget is
    // asked again by the next call (its hidden rows are already Skipped), so at most one chunk
    // per sidebar call is asked twice.
    const asked = t.em.counters['Sheet.isRowHiddenByFilter'];
    expect(asked).toBeGreaterThanOrEqual(1200);
    expect(asked).toBeLessThanOrEqual(1200 + 400 * (t.em.executions.length - 1));
    expect(beforeEachFetch[0]).toBe(400);
    const rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Imported: 600, Skipped: 600 });
    expect(rows.filter((r) => r.status === 'Skipped').every((r) => r.row % 2 === 1)).toBe(true);
    expect(rows.find((r) => r.status === 'Skipped')!.details).toContain('Hidden by a filter');
    expect((await imports()).flatMap(namesIn)).toHaveLength(600);
  });

  it('a visible-colour filter and a hidden value together: the value is decided at once, the colour row by row', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(20)]);
    saveToken(t.em);
    const model = t.em.spreadsheet.requireSheet(SHEET);
    for (const row of [4, 5, 6]) model.cellForWrite(row, 1).background = '#ff0000';
    t.em.user.createFilter(SHEET, 'A1:D21', {
      A: { visibleBackgroundColor: '#ffffff' },
      B: { hiddenValues: ['+91 9800000010'] },
    });
    expect(hiddenByFilter()).toEqual([4, 5, 6, 12]);
    t.em.user.select(SHEET, ['A2:D21']);
    t.em.resetCounters();
    t.em.run('menuImportSelected');
    const skipped = statuses(t.em)
      .filter((r) => r.status === 'Skipped')
      .map((r) => r.row);
    expect(skipped).toEqual([4, 5, 6, 12]);
    // Row 12 was skipped when the import started; the 19 others were asked about once each.
    expect(t.em.counters['Sheet.isRowHiddenByFilter']).toBe(19);
    expect((await imports()).flatMap(namesIn)).toHaveLength(16);
  });
});
