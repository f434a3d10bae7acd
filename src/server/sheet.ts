/**
 * SpreadsheetApp adapter. Every read and write here is one call for many rows: Sheets calls cost
 * orders of magnitude more than JavaScript, so nothing in here is called once per row.
 */
import type { CellValue } from '../core/contacts';
import { DETAILS_HEADER, STATUS, STATUS_HEADER } from '../shared/contracts';
import { cellText } from './cell-text';
import { rowsKnownHiddenByFilter } from './filter';
import { activeSpreadsheet, sheetIdOf } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SheetData {
  headerRow: number;
  lastRow: number;
  lastColumn: number;
  /** Header texts, one per column up to lastColumn. */
  headers: string[];
  /** 0-based columns of the add-on's status columns, or -1 when missing. */
  statusColumn: number;
  detailsColumn: number;
  /** Raw values of rows headerRow+1..lastRow, all columns. rows[i] is row headerRow+1+i. */
  rows: CellValue[][];
}

/** A tab of the active spreadsheet by its id (ids survive renames and moves); null when deleted. */
export function sheetById(sheetId: number, sheets: Sheet[] = activeSpreadsheet().getSheets()): Sheet | null {
  return sheets.find((s) => sheetIdOf(s) === sheetId) ?? null;
}

/** A tab's name, from the tab the caller holds or else by its id; null once the tab is deleted. */
export function sheetNameOf(sheetId: number, sheet?: Sheet): string | null {
  return nameOf(sheet) ?? sheetById(sheetId)?.getName() ?? null;
}

/** A tab's name; null when it was deleted since it was found (Sheets then refuses the call). */
function nameOf(sheet: Sheet | undefined): string | null {
  try {
    return sheet ? sheet.getName() : null;
  } catch {
    return null;
  }
}

export function headerText(value: unknown): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

/** Where the status columns are: 0-based indexes into the header row, −1 for a missing one. The
 * one rule for finding them, by header wherever the user moved them. */
export interface StatusColumnIndexes {
  status: number;
  details: number;
}

export function findStatusColumns(headers: readonly string[]): StatusColumnIndexes {
  return { status: headers.indexOf(STATUS_HEADER), details: headers.indexOf(DETAILS_HEADER) };
}

/** One read of the whole used range. */
export function readSheet(sheet: Sheet, headerRow: number): SheetData {
  const lastRow = sheet.getLastRow();
  const lastColumn = sheet.getLastColumn();
  if (lastRow < headerRow || lastColumn === 0) {
    return { headerRow, lastRow, lastColumn, headers: [], statusColumn: -1, detailsColumn: -1, rows: [] };
  }
  // Range.getValues gives only strings, numbers, booleans and Dates: exactly CellValue.
  const values: CellValue[][] = sheet.getRange(headerRow, 1, lastRow - headerRow + 1, lastColumn).getValues();
  const headers = values[0].map(headerText);
  const found = findStatusColumns(headers);
  return {
    headerRow,
    lastRow,
    lastColumn,
    headers,
    statusColumn: found.status,
    detailsColumn: found.details,
    rows: values.slice(1),
  };
}

const FORMULA_PARSE_ERROR = '#ERROR!';
/** "=+91 98765 43210", "=+34 612… ::: +34 912…": a number typed with its "+", not a formula. */
const TYPED_NUMBER_FORMULA = /^=\s*\+\s*\(?\d[^=]*$/;

/**
 * Typing "+91 98765 43210" into Sheets makes a formula that shows #ERROR!. The number is still in
 * the formula's text, so read it back from there, in every column (exports put numbers in
 * several): one getFormulas call per column that has such cells, none otherwise.
 */
export function recoverPhonesTypedAsFormulas(sheet: Sheet, data: SheetData): void {
  for (let column = 0; column < data.lastColumn; column++) {
    if (!data.rows.some((r) => r[column] === FORMULA_PARSE_ERROR)) continue;
    const formulas = sheet.getRange(data.headerRow + 1, column + 1, data.rows.length, 1).getFormulas();
    data.rows.forEach((row, i) => {
      const formula = formulas[i][0];
      if (row[column] === FORMULA_PARSE_ERROR && TYPED_NUMBER_FORMULA.test(formula)) {
        row[column] = formula.slice(1).trim();
      }
    });
  }
}

/** Rows of the active selection below the header, each once, in sheet order. */
export function selectedRowNumbers(sheet: Sheet, headerRow: number, lastRow: number): number[] {
  const rangeList = sheet.getActiveRangeList();
  const ranges = rangeList ? rangeList.getRanges() : [];
  const rows = new Set<number>();
  for (const range of ranges) {
    const first = Math.max(range.getRow(), headerRow + 1);
    const last = Math.min(range.getRow() + range.getNumRows() - 1, lastRow);
    for (let row = first; row <= last; row++) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

/** Rows the sheet's filter hides, decided from its criteria without per-row calls (filter.ts). */
export function rowsHiddenByFilter(sheet: Sheet, rowNumbers: number[]): Set<number> {
  return rowsKnownHiddenByFilter(sheet, rowNumbers);
}

/**
 * One fill per status, from Sheets' own palette: all eleven tell apart (CIE76 ΔE ≥ 16.8 between
 * any two and from white) and Sheets' default black text keeps ≥ 7:1 contrast on each
 * (test/server/status-colours.test.ts computes both).
 */
const STATUS_COLOURS: [string, string][] = [
  [STATUS.imported, '#b6d7a8'],
  [STATUS.valid, '#a4c2f4'],
  [STATUS.invalid, '#f9cb9c'],
  [STATUS.failed, '#ea9999'],
  [STATUS.skipped, '#cccccc'],
  [STATUS.queued, '#ffe599'],
  [STATUS.phoneChanged, '#d5a6bd'],
  [STATUS.optedOut, '#f6b26b'],
  [STATUS.removed, '#999999'],
  [STATUS.optOutTagged, '#76a5af'],
  [STATUS.notRemoved, '#dd7e6b'],
];
/** Pixel widths given once, on creation: the header and the start of a Details sentence show. */
const STATUS_COLUMN_WIDTHS = { status: 140, details: 340 };

/**
 * Finds the status columns by header wherever the user moved them; creates the missing ones after
 * the last used column, as plain-text columns with one conditional-format rule per status word
 * (colours without per-row calls).
 */
export function ensureStatusColumns(sheet: Sheet, data: SheetData): SheetData {
  if (data.statusColumn >= 0 && data.detailsColumn >= 0) return data;
  const missing = [
    data.statusColumn < 0 ? STATUS_HEADER : null,
    data.detailsColumn < 0 ? DETAILS_HEADER : null,
  ].filter((h): h is string => h !== null);
  const firstNew = data.lastColumn + 1;
  const needed = firstNew + missing.length - 1 - sheet.getMaxColumns();
  if (needed > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), needed);
  sheet.getRange(data.headerRow, firstNew, 1, missing.length).setValues([missing]).setFontWeight('bold');
  const maxRows = sheet.getMaxRows();
  const newColumns = sheet.getRange(
    data.headerRow + 1,
    firstNew,
    Math.max(1, maxRows - data.headerRow),
    missing.length,
  );
  // Plain text, so nothing written later is read as a number, date or formula.
  newColumns.setNumberFormat('@');
  missing.forEach((header, i) => {
    sheet.setColumnWidth(
      firstNew + i,
      header === STATUS_HEADER ? STATUS_COLUMN_WIDTHS.status : STATUS_COLUMN_WIDTHS.details,
    );
  });

  const headers = [...data.headers, ...missing];
  const found = findStatusColumns(headers);
  const statusColumn = found.status;
  if (missing.includes(STATUS_HEADER)) {
    const statusRange = sheet.getRange(
      data.headerRow + 1,
      statusColumn + 1,
      Math.max(1, maxRows - data.headerRow),
      1,
    );
    const rules = sheet.getConditionalFormatRules();
    for (const [word, colour] of STATUS_COLOURS) {
      rules.push(
        SpreadsheetApp.newConditionalFormatRule()
          .whenTextEqualTo(word)
          .setBackground(colour)
          .setRanges([statusRange])
          .build(),
      );
    }
    sheet.setConditionalFormatRules(rules);
  }
  return {
    ...data,
    lastColumn: data.lastColumn + missing.length,
    headers,
    statusColumn,
    detailsColumn: found.details,
    rows: data.rows.map((r) => [...r, ...missing.map(() => '')]),
  };
}

/** The header row's texts as they are now (the user may have moved columns during a run). */
export function readSheetHeaders(
  sheet: Sheet,
  headerRow: number,
  lastColumn = sheet.getLastColumn(),
): string[] {
  if (lastColumn === 0) return [];
  return sheet.getRange(headerRow, 1, 1, lastColumn).getValues()[0].map(headerText);
}

/** Where the status columns are now, or null when the user deleted one of them. */
export function statusColumnsNow(sheet: Sheet, headerRow: number): StatusColumnIndexes | null {
  const found = findStatusColumns(readSheetHeaders(sheet, headerRow));
  return found.status < 0 || found.details < 0 ? null : found;
}

export interface StatusColumns {
  /** status[i], details[i] belong to row firstRow + i. */
  firstRow: number;
  status: string[];
  details: string[];
  /** The two-column range read, when the columns are side by side: a write of the same block
   * reuses it instead of asking for it again. */
  range?: GoogleAppsScript.Spreadsheet.Range;
}

/** The first and last of `rows` (not empty), by a loop: spreading 125,000+ arguments into
 * Math.min overflows the call stack. */
export function spanOf(rows: Iterable<number>): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row < first) first = row;
    if (row > last) last = row;
  }
  return [first, last];
}

/** 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/**
 * The side-by-side status columns' blocks a run is about to read and write, as Ranges got in one
 * Sheet.getRangeList call instead of one getRange per chunk (15 ms each). A Range is its
 * coordinates, so one got earlier for the same cells is the same; a block whose rows or columns
 * have moved since is not found here and is asked for as before.
 */
export class StatusBlocks {
  private readonly ranges = new Map<string, GoogleAppsScript.Spreadsheet.Range>();

  constructor(private readonly sheet: Sheet) {}

  /** One call for all of `blocks` ([firstRow, lastRow] each), when the columns are side by side
   * (as readStatusColumns reads them); otherwise nothing to get ahead. */
  prefetch(blocks: [number, number][], columns: { status: number; details: number }): void {
    const left = sideBySideLeft(columns.status, columns.details);
    if (left === null) return;
    const wanted = blocks.filter(
      ([first, last]) => last >= first && !this.ranges.has(key(first, last, left)),
    );
    // Sheet.getRangeList takes a non-empty list.
    if (wanted.length === 0) return;
    const [from, to] = [columnLetter(left + 1), columnLetter(left + 2)];
    const ranges = this.sheet
      .getRangeList(wanted.map(([first, last]) => `${from}${first}:${to}${last}`))
      .getRanges();
    for (const [i, [first, last]] of wanted.entries()) this.ranges.set(key(first, last, left), ranges[i]);
  }

  /** The block's Range, once: a later chunk on the same cells asks the sheet again. */
  take(first: number, last: number, left: number): GoogleAppsScript.Spreadsheet.Range | undefined {
    const k = key(first, last, left);
    const range = this.ranges.get(k);
    this.ranges.delete(k);
    return range;
  }
}

const key = (first: number, last: number, left: number) => `${first}:${last}:${left}`;

/** The first (0-based) of the two status columns when they are side by side, read as one block. */
function sideBySideLeft(statusColumn: number, detailsColumn: number): number | null {
  if (statusColumn < 0 || detailsColumn < 0 || Math.abs(statusColumn - detailsColumn) !== 1) return null;
  return Math.min(statusColumn, detailsColumn);
}

/**
 * Reads the two status columns for rows firstRow..lastRow (one call when they are side by side).
 * `blocks`: Ranges got ahead for a run's chunks (StatusBlocks).
 */
export function readStatusColumns(
  sheet: Sheet,
  firstRow: number,
  lastRow: number,
  statusColumn: number,
  detailsColumn: number,
  blocks?: StatusBlocks,
): StatusColumns {
  const count = lastRow - firstRow + 1;
  if (count <= 0) return { firstRow, status: [], details: [] };
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const left = sideBySideLeft(statusColumn, detailsColumn);
  if (left !== null) {
    const range = blocks?.take(firstRow, lastRow, left) ?? sheet.getRange(firstRow, left + 1, count, 2);
    const values = range.getValues();
    const statusOffset = statusColumn - left;
    return {
      range,
      firstRow,
      status: values.map((r) => text(r[statusOffset])),
      details: values.map((r) => text(r[1 - statusOffset])),
    };
  }
  const status = sheet.getRange(firstRow, statusColumn + 1, count, 1).getValues();
  const details = sheet.getRange(firstRow, detailsColumn + 1, count, 1).getValues();
  return { firstRow, status: status.map((r) => text(r[0])), details: details.map((r) => text(r[0])) };
}

export type StatusUpdate = [status: string, details: string];

/**
 * Writes statuses for many rows at once: one block from the first to the last changed row of the
 * status columns (unchanged rows inside the block are written back as they were just read).
 */
export function writeStatuses(
  sheet: Sheet,
  statusColumn: number,
  detailsColumn: number,
  current: StatusColumns,
  updates: Map<number, StatusUpdate>,
): void {
  if (updates.size === 0) return;
  const [first, last] = spanOf(updates.keys());
  const block: StatusUpdate[] = [];
  for (let row = first; row <= last; row++) {
    const update = updates.get(row);
    const index = row - current.firstRow;
    block.push(
      update
        ? [update[0], cellText(update[1])]
        : [cellText(current.status[index] ?? ''), cellText(current.details[index] ?? '')],
    );
  }
  const sameBlock =
    current.range !== undefined && first === current.firstRow && block.length === current.status.length;
  const pair = (left: number) =>
    sameBlock ? current.range! : sheet.getRange(first, left + 1, block.length, 2);
  if (detailsColumn === statusColumn + 1) {
    pair(statusColumn).setValues(block);
  } else if (statusColumn === detailsColumn + 1) {
    pair(detailsColumn).setValues(block.map(([s, d]) => [d, s]));
  } else {
    sheet.getRange(first, statusColumn + 1, block.length, 1).setValues(block.map(([s]) => [s]));
    sheet.getRange(first, detailsColumn + 1, block.length, 1).setValues(block.map(([, d]) => [d]));
  }
  // Apps Script holds writes until a flush, a read or the end of the execution: without this the
  // marketer would not see a wave's statuses while the next wave is on the wire.
  SpreadsheetApp.flush();
}
