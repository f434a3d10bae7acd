/**
 * The sidebar's view of the status column: counts by status word (its cheap poll), selecting the
 * rows with one word so the marketer can fix them, and clearing the status of selected rows.
 */
import * as say from '../core/messages';
import type {
  ClearStatusResult,
  ProblemRowKind,
  RowSelectionResult,
  SheetStatusCounts,
  SheetSummary,
} from '../shared/contracts';
import { STATUS } from '../shared/contracts';
import { withDocumentLock } from './job-store';
import { lastRunOfSpreadsheet } from './last-run';
import { columnLetter, findStatusColumns, headerText, readSheetHeaders, selectedRowNumbers } from './sheet';
import { headerRowOf } from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const WORD_OF: Record<ProblemRowKind, string> = {
  invalid: STATUS.invalid,
  failed: STATUS.failed,
  phoneChanged: STATUS.phoneChanged,
};

interface StatusColumn {
  headerRow: number;
  lastRow: number;
  lastColumn: number;
  /** As findStatusColumns gives them: 0-based, −1 when missing. */
  status: number;
  details: number;
  /** Status words of rows headerRow+1..lastRow. */
  words: string[];
}

/** Two reads: the header row, then the status column (when there is one). */
function readStatusColumn(sheet: Sheet): StatusColumn {
  const headerRow = headerRowOf(sheet);
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  const empty = { headerRow, lastRow, lastColumn, status: -1, details: -1, words: [] };
  if (lastColumn === 0 || lastRow < headerRow) return empty;
  const { status, details } = findStatusColumns(readSheetHeaders(sheet, headerRow, lastColumn));
  if (status < 0 || lastRow === headerRow) return { ...empty, status, details };
  const words = sheet
    .getRange(headerRow + 1, status + 1, lastRow - headerRow, 1)
    .getValues()
    .map((row) => headerText(row[0]));
  return { headerRow, lastRow, lastColumn, status, details, words };
}

function countWords(words: string[]): SheetStatusCounts {
  const counts: SheetStatusCounts = {
    imported: 0,
    invalid: 0,
    failed: 0,
    skipped: 0,
    queued: 0,
    valid: 0,
    phoneChanged: 0,
    optedOut: 0,
    removed: 0,
    optOutTagged: 0,
    notRemoved: 0,
  };
  const keyOf = new Map(Object.entries(STATUS).map(([key, word]) => [word, key as keyof SheetStatusCounts]));
  for (const word of words) {
    const key = keyOf.get(word as never);
    if (key) counts[key]++;
  }
  return counts;
}

/** Past this many selected rows the summary does not read them: Refresh and focus still do. */
const CONTENT_HASH_MAX_ROWS = 1000;

/** FNV-1a over the text: equal cells give equal hashes; a changed cell almost surely does not. */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

/** The selected rows' cells (whole rows, any cell of a row selects it), one read per range. */
function selectionContent(
  sheet: Sheet,
  ranges: GoogleAppsScript.Spreadsheet.Range[],
  lastColumn: number,
): string {
  const rows = ranges.reduce((total, range) => total + range.getNumRows(), 0);
  if (rows === 0 || rows > CONTENT_HASH_MAX_ROWS || lastColumn === 0) return '';
  const values = ranges.map((range) =>
    sheet.getRange(range.getRow(), 1, range.getNumRows(), lastColumn).getValues(),
  );
  return hashText(JSON.stringify(values));
}

export function sheetSummary(sheet: Sheet): SheetSummary {
  const column = readStatusColumn(sheet);
  const active = sheet.getActiveRangeList();
  const ranges = active ? active.getRanges() : [];
  return {
    sheetName: sheet.getName(),
    selection: ranges.map((range) => range.getA1Notation()),
    selectionContent: selectionContent(sheet, ranges, column.lastColumn),
    statusCounts: countWords(column.words),
    lastRun: lastRunOfSpreadsheet(),
  };
}

/** Sorted row numbers → [first, last] blocks of consecutive rows. */
function rowBlocks(rows: number[]): [number, number][] {
  const blocks: [number, number][] = [];
  for (const row of rows) {
    const last = blocks[blocks.length - 1];
    if (last && row === last[1] + 1) last[1] = row;
    else blocks.push([row, row]);
  }
  return blocks;
}

/** Makes the rows with this status word the selection: one range per block of rows. */
export function selectRowsWithStatus(sheet: Sheet, kind: ProblemRowKind): RowSelectionResult {
  const word = WORD_OF[kind];
  if (!word) throw new Error(`Unknown kind of rows "${kind}".`);
  const column = readStatusColumn(sheet);
  const rows = column.words.flatMap((w, i) => (w === word ? [column.headerRow + 1 + i] : []));
  if (rows.length === 0) {
    return { rows: 0, ranges: [], message: say.noRowsWithStatus(word, sheet.getName()) };
  }
  const last = columnLetter(column.lastColumn);
  const ranges = rowBlocks(rows).map(([first, end]) => `A${first}:${last}${end}`);
  sheet.getRangeList(ranges).activate();
  return { rows: rows.length, ranges, message: say.rowsSelected(rows.length, word) };
}

/** Empties BotPenguin Status and Details of the selected rows: the next import treats them as new. */
export function clearStatusOfSelection(sheet: Sheet): ClearStatusResult {
  return withDocumentLock(
    () => ({ rows: 0, message: say.sheetBusy() }),
    () => {
      const column = readStatusColumn(sheet);
      const rows = selectedRowNumbers(sheet, column.headerRow, column.lastRow);
      if (column.status < 0 || rows.length === 0) {
        return { rows: 0, message: say.nothingToClear(rows.length) };
      }
      const withStatus = rows.filter((row) => column.words[row - column.headerRow - 1] !== '');
      for (const [first, end] of rowBlocks(rows)) {
        const blank = Array.from({ length: end - first + 1 }, () => ['']);
        sheet.getRange(first, column.status + 1, blank.length, 1).setValues(blank);
        if (column.details >= 0) sheet.getRange(first, column.details + 1, blank.length, 1).setValues(blank);
      }
      return { rows: withStatus.length, message: say.statusCleared(withStatus.length) };
    },
  );
}
