/**
 * In-memory spreadsheet: sheets of rows of cells, selection, filters. No Apps Script surface here;
 * spreadsheet-service.ts wraps it in the objects the bundle sees, and em.user edits it directly.
 */
import { AUTOMATIC_FORMAT, type CellValue, interpretInput } from './cell-values';
import type { FilterCriteriaSpec } from './filter';

export interface Cell {
  value: CellValue;
  formula: string;
  note: string;
  background: string;
  fontColor: string;
  fontWeight: string;
  numberFormat: string;
}

export interface Row {
  cells: (Cell | undefined)[];
  hiddenByFilter: boolean;
  hiddenByUser: boolean;
}

export interface GridRange {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

export const DEFAULT_BACKGROUND = '#ffffff';
const DEFAULT_FONT_COLOR = '#000000';

export function emptyCell(): Cell {
  return {
    value: '',
    formula: '',
    note: '',
    background: DEFAULT_BACKGROUND,
    fontColor: DEFAULT_FONT_COLOR,
    fontWeight: 'normal',
    numberFormat: AUTOMATIC_FORMAT,
  };
}

function emptyRow(): Row {
  return { cells: [], hiddenByFilter: false, hiddenByUser: false };
}

function columnLetters(column: number): string {
  let out = '';
  let n = column;
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function a1Of(range: GridRange): string {
  const start = `${columnLetters(range.column)}${range.row}`;
  if (range.numRows === 1 && range.numColumns === 1) return start;
  const end = `${columnLetters(range.column + range.numColumns - 1)}${range.row + range.numRows - 1}`;
  return `${start}:${end}`;
}

/** Splits "'My Sheet'!A1:B2" into sheet name (or null) and the A1 part. */
export function splitSheetPrefix(a1: string): { sheetName: string | null; ref: string } {
  const bang = a1.lastIndexOf('!');
  if (bang < 0) return { sheetName: null, ref: a1 };
  let name = a1.slice(0, bang);
  if (name.startsWith("'") && name.endsWith("'")) name = name.slice(1, -1).replace(/''/g, "'");
  return { sheetName: name, ref: a1.slice(bang + 1) };
}

/** Parses A1 notation (A1, A1:C3, A:C, 2:5, A2:C) against a sheet's size; null if invalid. */
export function parseA1(ref: string, maxRows: number, maxColumns: number): GridRange | null {
  const match = /^\$?([A-Za-z]*)\$?(\d*)(?::\$?([A-Za-z]*)\$?(\d*))?$/.exec(ref.trim());
  if (!match) return null;
  const [, c1, r1, c2, r2] = match;
  const hasEnd = match[0].includes(':');
  if (!c1 && !r1) return null;
  if (!hasEnd) {
    if (!c1 || !r1) return null;
    return { row: Number(r1), column: lettersToColumn(c1), numRows: 1, numColumns: 1 };
  }
  const startColumn = c1 ? lettersToColumn(c1) : 1;
  const startRow = r1 ? Number(r1) : 1;
  const endColumn = c2 ? lettersToColumn(c2) : c1 && !r1 ? startColumn : maxColumns;
  const endRow = r2 ? Number(r2) : maxRows;
  if (!c2 && !r2) return null;
  const top = Math.min(startRow, endRow);
  const left = Math.min(startColumn, endColumn);
  return {
    row: top,
    column: left,
    numRows: Math.abs(endRow - startRow) + 1,
    numColumns: Math.abs(endColumn - startColumn) + 1,
  };
}

/** Sheets' width of a column nobody resized, in pixels. */
const DEFAULT_COLUMN_WIDTH = 100;

export interface FilterModel {
  range: GridRange;
  /** Criteria by 1-based column position (see filter.ts). */
  criteria: Map<number, FilterCriteriaSpec>;
}

export interface ConditionalRuleModel {
  kind: 'textEqualTo' | 'other';
  text: string;
  background: string | null;
  fontColor: string | null;
  ranges: { sheetId: number; range: GridRange }[];
}

export class SheetModel {
  rows: Row[];
  maxColumns: number;
  frozenRows = 0;
  frozenColumns = 0;
  filter: FilterModel | null = null;
  conditionalRules: ConditionalRuleModel[] = [];
  /** Pixel widths set with setColumnWidth, by 1-based column; others are Sheets' default. */
  columnWidths = new Map<number, number>();
  /** Whether a plain-text ('@') cell keeps a written leading apostrophe (see SpreadsheetModel). */
  plainTextKeepsApostrophe: () => boolean = () => false;

  constructor(
    public name: string,
    readonly sheetId: number,
    private readonly timeZone: () => string,
    maxRows = 1000,
    maxColumns = 26,
  ) {
    this.rows = Array.from({ length: maxRows }, emptyRow);
    this.maxColumns = maxColumns;
  }

  get maxRows(): number {
    return this.rows.length;
  }

  cell(row: number, column: number): Cell | undefined {
    return this.rows[row - 1]?.cells[column - 1];
  }

  /** The cell, created if needed (for writes). */
  cellForWrite(row: number, column: number): Cell {
    const target = this.rows[row - 1];
    if (!target) throw new Error(`row ${row} outside sheet ${this.name}`);
    let cell = target.cells[column - 1];
    if (!cell) {
      cell = emptyCell();
      target.cells[column - 1] = cell;
    }
    return cell;
  }

  hasContent(cell: Cell | undefined): boolean {
    return !!cell && (cell.value !== '' || cell.formula !== '');
  }

  lastRow(): number {
    for (let r = this.rows.length; r >= 1; r--) {
      if (this.rows[r - 1].cells.some((cell) => this.hasContent(cell))) return r;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      for (let c = row.cells.length; c > last; c--) {
        if (this.hasContent(row.cells[c - 1])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  contains(range: GridRange): boolean {
    return (
      range.row >= 1 &&
      range.column >= 1 &&
      range.numRows >= 1 &&
      range.numColumns >= 1 &&
      range.row + range.numRows - 1 <= this.maxRows &&
      range.column + range.numColumns - 1 <= this.maxColumns
    );
  }

  /** Writes one value with Sheets input semantics (formula, apostrophe, number parsing). */
  writeInput(row: number, column: number, input: unknown): void {
    const cell = this.cellForWrite(row, column);
    const stored = interpretInput(input, cell.numberFormat, this.timeZone(), this.plainTextKeepsApostrophe());
    cell.value = stored.value;
    cell.formula = stored.formula;
  }

  insertRows(beforeRow: number, count: number): void {
    // A loop, not splice(..., ...fresh): spreading 125,000+ items overflows the call stack.
    const before = this.rows.slice(0, beforeRow - 1);
    for (let i = 0; i < count; i++) before.push(emptyRow());
    for (let i = beforeRow - 1; i < this.rows.length; i++) before.push(this.rows[i]);
    this.rows = before;
    this.shiftRowReferences(beforeRow, count);
  }

  deleteRows(row: number, count: number): void {
    this.rows.splice(row - 1, count);
    this.shiftRowReferences(row + count, -count);
  }

  private shiftRowReferences(fromRow: number, delta: number): void {
    if (this.filter) {
      const range = this.filter.range;
      if (range.row >= fromRow) range.row += delta;
      else if (range.row + range.numRows - 1 >= fromRow) range.numRows += delta;
    }
  }

  insertColumns(afterColumn: number, count: number): void {
    for (const row of this.rows) {
      if (row.cells.length > afterColumn) {
        const cells = row.cells.slice(0, afterColumn);
        for (let i = 0; i < count; i++) cells.push(undefined);
        for (let i = afterColumn; i < row.cells.length; i++) cells.push(row.cells[i]);
        row.cells = cells;
      }
    }
    this.maxColumns += count;
    // Widths move with their columns, as in Sheets.
    const widths = [...this.columnWidths];
    this.columnWidths = new Map(widths.map(([c, w]) => [c > afterColumn ? c + count : c, w]));
  }

  columnWidth(column: number): number {
    return this.columnWidths.get(column) ?? DEFAULT_COLUMN_WIDTH;
  }

  /** Sorts rows startRow..last content row (or the given range) by one column, like Sheets:
   * empty cells last, numbers before text, text case-insensitive. */
  sortRows(column: number, ascending: boolean, startRow: number, endRow = this.lastRow()): void {
    if (endRow < startRow) return;
    const block = this.rows.slice(startRow - 1, endRow);
    const keyOf = (row: Row) => row.cells[column - 1]?.value ?? '';
    block.sort((a, b) => {
      const ka = keyOf(a);
      const kb = keyOf(b);
      if (ka === '' && kb === '') return 0;
      if (ka === '') return 1;
      if (kb === '') return -1;
      const order = compareCellValues(ka, kb);
      return ascending ? order : -order;
    });
    for (let i = 0; i < block.length; i++) this.rows[startRow - 1 + i] = block[i];
  }
}

function typeRank(value: CellValue): number {
  if (typeof value === 'number' || value instanceof Date) return 0;
  if (typeof value === 'boolean') return 2;
  return 1;
}

function compareCellValues(a: CellValue, b: CellValue): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'string' && typeof b === 'string') {
    return a.localeCompare(b, 'en', { sensitivity: 'base' });
  }
  const na = a instanceof Date ? a.getTime() : Number(a);
  const nb = b instanceof Date ? b.getTime() : Number(b);
  return na - nb;
}

export class SpreadsheetModel {
  readonly sheets: SheetModel[] = [];
  activeSheetName: string;
  /** Active ranges (A1, without sheet name) on the active sheet; the first is the active range. */
  activeRanges: string[] = ['A1'];
  /** The Google Form whose responses this spreadsheet receives (getFormUrl), or null. */
  formUrl: string | null = null;
  /**
   * Whether a leading apostrophe written to a plain-text ('@') cell is kept as part of its text.
   * Google's pages do not say; false (Sheets' typing rule: the apostrophe marks text and is not
   * stored) is the default, true the other answer (option plainTextKeepsApostrophe).
   */
  plainTextKeepsApostrophe = false;
  private nextSheetId = 0;

  constructor(
    readonly id: string,
    public name: string,
    public timeZone: string,
  ) {
    this.activeSheetName = this.addSheet('Sheet1').name;
  }

  addSheet(name: string, index?: number): SheetModel {
    const sheet = new SheetModel(name, this.nextSheetId, () => this.timeZone);
    sheet.plainTextKeepsApostrophe = () => this.plainTextKeepsApostrophe;
    // Sheets gives the first sheet gid 0; later ones get large ids. Deterministic here.
    this.nextSheetId = this.nextSheetId === 0 ? 1_000_001 : this.nextSheetId + 1;
    if (index === undefined) this.sheets.push(sheet);
    else this.sheets.splice(index, 0, sheet);
    return sheet;
  }

  sheet(name: string): SheetModel | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  requireSheet(name: string): SheetModel {
    const sheet = this.sheet(name);
    if (!sheet) throw new Error(`No sheet named ${name}`);
    return sheet;
  }

  activeSheet(): SheetModel {
    return this.sheet(this.activeSheetName) ?? this.sheets[0];
  }
}
