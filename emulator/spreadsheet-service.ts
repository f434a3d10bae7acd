/**
 * SpreadsheetApp as the bundle sees it: Spreadsheet, Sheet, Range, RangeList, Filter and
 * conditional-format facades over the SpreadsheetModel. Every method is a counted service call.
 */
import { displayValue } from './cell-values';
import { BooleanCriteria, FilterCriteriaFacade } from './filter';
import { MESSAGES } from './messages';
import type { PendingWrites } from './pending-writes';
import { toRealm } from './realm';
import type { Runtime } from './runtime';
import {
  a1Of,
  type Cell,
  type ConditionalRuleModel,
  DEFAULT_BACKGROUND,
  emptyCell,
  type GridRange,
  parseA1,
  type SheetModel,
  type SpreadsheetModel,
  splitSheetPrefix,
} from './spreadsheet-model';
import { UiFacade, type UiRecorder } from './ui';

interface Deps {
  runtime: Runtime;
  model: SpreadsheetModel;
  ui: UiRecorder;
  /** Script writes wait here until a flush (see pending-writes.ts). */
  pending: PendingWrites;
}

function cellsOf(range: GridRange): number {
  return range.numRows * range.numColumns;
}

export class RangeFacade {
  constructor(
    private readonly deps: Deps,
    readonly sheet: SheetModel,
    readonly grid: GridRange,
  ) {}

  private get runtime(): Runtime {
    return this.deps.runtime;
  }

  private read<T>(kind: string, pick: (cell: Cell | undefined) => T): unknown {
    const latency = this.runtime.latency;
    return this.runtime.call(
      `Range.${kind}`,
      latency.sheetReadBaseMs + cellsOf(this.grid) * latency.sheetReadPerCellMs,
      () => {
        this.deps.pending.flushBeforeReading(this.sheet);
        return toRealm(this.runtime.realm, this.grid2d(pick));
      },
    );
  }

  private grid2d<T>(pick: (cell: Cell | undefined) => T): T[][] {
    const out: T[][] = [];
    for (let r = 0; r < this.grid.numRows; r++) {
      const row: T[] = [];
      for (let c = 0; c < this.grid.numColumns; c++) {
        row.push(pick(this.sheet.cell(this.grid.row + r, this.grid.column + c)));
      }
      out.push(row);
    }
    return out;
  }

  private checkDimensions(data: unknown): unknown[][] {
    if (!Array.isArray(data) || !data.every((row) => Array.isArray(row))) {
      throw this.runtime.exception(MESSAGES.invalidArgument('values'));
    }
    const rows = data as unknown[][];
    if (rows.length !== this.grid.numRows) {
      throw this.runtime.exception(MESSAGES.rowsMismatch(rows.length, this.grid.numRows));
    }
    for (const row of rows) {
      if (row.length !== this.grid.numColumns) {
        throw this.runtime.exception(MESSAGES.columnsMismatch(row.length, this.grid.numColumns));
      }
    }
    return rows;
  }

  private write(
    kind: string,
    data: unknown,
    apply: (cell: Cell, value: unknown, r: number, c: number) => void,
  ): this {
    const latency = this.runtime.latency;
    this.runtime.call(
      `Range.${kind}`,
      latency.sheetWriteBaseMs + cellsOf(this.grid) * latency.sheetWritePerCellMs,
      () => {
        // Copied now: the script may change its arrays before the write is applied.
        const rows = this.checkDimensions(data).map((row) => row.slice());
        const { sheet, grid } = this;
        this.deps.pending.add(sheet, () => {
          for (let r = 0; r < rows.length; r++) {
            for (let c = 0; c < rows[r].length; c++) {
              const rowNumber = grid.row + r;
              const columnNumber = grid.column + c;
              apply(sheet.cellForWrite(rowNumber, columnNumber), rows[r][c], rowNumber, columnNumber);
            }
          }
        });
      },
    );
    return this;
  }

  private fill(value: unknown): unknown[][] {
    return Array.from({ length: this.grid.numRows }, () =>
      Array.from({ length: this.grid.numColumns }, () => value),
    );
  }

  private meta<T>(kind: string, operation: () => T): T {
    return this.runtime.call(`Range.${kind}`, 0, operation);
  }

  getValues(): unknown {
    return this.read('getValues', (cell) => cell?.value ?? '');
  }
  getValue(): unknown {
    return this.readSingle('getValue', (cell) => cell?.value ?? '');
  }
  private readSingle(kind: string, pick: (cell: Cell | undefined) => unknown): unknown {
    const latency = this.runtime.latency;
    return this.runtime.call(`Range.${kind}`, latency.sheetReadBaseMs + latency.sheetReadPerCellMs, () => {
      this.deps.pending.flushBeforeReading(this.sheet);
      return toRealm(this.runtime.realm, pick(this.sheet.cell(this.grid.row, this.grid.column)));
    });
  }
  private display(cell: Cell | undefined): string {
    return cell ? displayValue(cell.value, cell.numberFormat, this.deps.model.timeZone) : '';
  }
  getDisplayValues(): unknown {
    return this.read('getDisplayValues', (cell) => this.display(cell));
  }
  getDisplayValue(): unknown {
    return this.readSingle('getDisplayValue', (cell) => this.display(cell));
  }
  getFormulas(): unknown {
    return this.read('getFormulas', (cell) => cell?.formula ?? '');
  }
  getFormula(): unknown {
    return this.readSingle('getFormula', (cell) => cell?.formula ?? '');
  }
  getNotes(): unknown {
    return this.read('getNotes', (cell) => cell?.note ?? '');
  }
  getNote(): unknown {
    return this.readSingle('getNote', (cell) => cell?.note ?? '');
  }
  getBackgrounds(): unknown {
    return this.read('getBackgrounds', (cell) => cell?.background ?? DEFAULT_BACKGROUND);
  }
  getBackground(): unknown {
    return this.readSingle('getBackground', (cell) => cell?.background ?? DEFAULT_BACKGROUND);
  }
  getNumberFormats(): unknown {
    return this.read('getNumberFormats', (cell) => (cell ?? emptyCell()).numberFormat);
  }
  getNumberFormat(): unknown {
    return this.readSingle('getNumberFormat', (cell) => (cell ?? emptyCell()).numberFormat);
  }
  getFontWeights(): unknown {
    return this.read('getFontWeights', (cell) => cell?.fontWeight ?? 'normal');
  }
  getFontColors(): unknown {
    return this.read('getFontColors', (cell) => (cell ?? emptyCell()).fontColor);
  }

  setValues(values: unknown): this {
    return this.write('setValues', values, (_cell, value, r, c) => this.sheet.writeInput(r, c, value));
  }
  setValue(value: unknown): this {
    if (Array.isArray(value)) throw this.runtime.exception(MESSAGES.invalidArgument('value'));
    return this.write('setValue', this.fill(value), (_cell, v, r, c) => this.sheet.writeInput(r, c, v));
  }
  setFormula(formula: string): this {
    return this.write('setFormula', this.fill(formula), (_cell, v, r, c) =>
      this.sheet.writeInput(r, c, String(v)),
    );
  }
  setFormulas(formulas: unknown): this {
    return this.write('setFormulas', formulas, (_cell, v, r, c) => this.sheet.writeInput(r, c, String(v)));
  }
  setNotes(notes: unknown): this {
    return this.write('setNotes', notes, (cell, v) => {
      cell.note = v === null || v === undefined ? '' : String(v);
    });
  }
  setNote(note: unknown): this {
    return this.write('setNote', this.fill(note), (cell, v) => {
      cell.note = v === null || v === undefined ? '' : String(v);
    });
  }
  setBackgrounds(colors: unknown): this {
    return this.write('setBackgrounds', colors, (cell, v) => {
      cell.background = v === null || v === undefined || v === '' ? DEFAULT_BACKGROUND : String(v);
    });
  }
  setBackground(color: unknown): this {
    return this.write('setBackground', this.fill(color), (cell, v) => {
      cell.background = v === null || v === undefined || v === '' ? DEFAULT_BACKGROUND : String(v);
    });
  }
  setFontColor(color: unknown): this {
    return this.write('setFontColor', this.fill(color), (cell, v) => {
      cell.fontColor = String(v ?? '#000000');
    });
  }
  setNumberFormats(formats: unknown): this {
    return this.write('setNumberFormats', formats, (cell, v) => {
      cell.numberFormat = String(v);
    });
  }
  setNumberFormat(format: unknown): this {
    return this.write('setNumberFormat', this.fill(format), (cell, v) => {
      cell.numberFormat = String(v);
    });
  }
  setFontWeight(weight: unknown): this {
    return this.write('setFontWeight', this.fill(weight), (cell, v) => {
      cell.fontWeight = v === null ? 'normal' : String(v);
    });
  }
  setFontWeights(weights: unknown): this {
    return this.write('setFontWeights', weights, (cell, v) => {
      cell.fontWeight = v === null ? 'normal' : String(v);
    });
  }
  clearContent(): this {
    return this.write('clearContent', this.fill(''), (cell) => {
      cell.value = '';
      cell.formula = '';
    });
  }
  clearNote(): this {
    return this.write('clearNote', this.fill(''), (cell) => {
      cell.note = '';
    });
  }
  clearFormat(): this {
    return this.write('clearFormat', this.fill(''), (cell) => {
      const fresh = emptyCell();
      cell.background = fresh.background;
      cell.fontColor = fresh.fontColor;
      cell.fontWeight = fresh.fontWeight;
      cell.numberFormat = fresh.numberFormat;
    });
  }

  // Coordinates are known locally by the Range object: counted but free of virtual time.
  getRow(): number {
    return this.meta('getRow', () => this.grid.row);
  }
  getColumn(): number {
    return this.meta('getColumn', () => this.grid.column);
  }
  getNumRows(): number {
    return this.meta('getNumRows', () => this.grid.numRows);
  }
  getNumColumns(): number {
    return this.meta('getNumColumns', () => this.grid.numColumns);
  }
  getLastRow(): number {
    return this.meta('getLastRow', () => this.grid.row + this.grid.numRows - 1);
  }
  getLastColumn(): number {
    return this.meta('getLastColumn', () => this.grid.column + this.grid.numColumns - 1);
  }
  getA1Notation(): string {
    return this.meta('getA1Notation', () => a1Of(this.grid));
  }
  getSheet(): SheetFacade {
    return this.meta('getSheet', () => new SheetFacade(this.deps, this.sheet));
  }
  getGridId(): number {
    return this.meta('getGridId', () => this.sheet.sheetId);
  }
  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): RangeFacade {
    return this.meta('offset', () => {
      const grid: GridRange = {
        row: this.grid.row + rowOffset,
        column: this.grid.column + columnOffset,
        numRows: numRows ?? this.grid.numRows,
        numColumns: numColumns ?? this.grid.numColumns,
      };
      if (!this.deps.pending.contains(this.sheet, grid)) throw this.runtime.exception(MESSAGES.outOfBounds);
      return new RangeFacade(this.deps, this.sheet, grid);
    });
  }
  activate(): this {
    return this.meta('activate', () => {
      this.deps.model.activeSheetName = this.sheet.name;
      this.deps.model.activeRanges = [a1Of(this.grid)];
      return this;
    });
  }
}

export class RangeListFacade {
  constructor(
    private readonly deps: Deps,
    private readonly ranges: RangeFacade[],
  ) {}
  private get runtime(): Runtime {
    return this.deps.runtime;
  }
  getRanges(): unknown {
    return this.runtime.call('RangeList.getRanges', 0, () => toRealm(this.runtime.realm, [...this.ranges]));
  }
  /** Selects every range of the list (all on one sheet), that sheet becoming the active one. */
  activate(): this {
    return this.runtime.call('RangeList.activate', this.runtime.latency.sheetMetadataMs, () => {
      if (this.ranges.length === 0) return this;
      this.deps.model.activeSheetName = this.ranges[0].sheet.name;
      this.deps.model.activeRanges = this.ranges.map((range) => a1Of(range.grid));
      return this;
    });
  }
}

export class FilterFacade {
  constructor(
    private readonly deps: Deps,
    private readonly sheet: SheetModel,
  ) {}
  getRange(): RangeFacade {
    return this.deps.runtime.call('Filter.getRange', this.deps.runtime.latency.sheetMetadataMs, () => {
      this.deps.pending.flushBeforeReading(this.sheet);
      const filter = this.sheet.filter;
      if (!filter) throw this.deps.runtime.exception('The filter has been removed.');
      return new RangeFacade(this.deps, this.sheet, { ...filter.range });
    });
  }
  getColumnFilterCriteria(columnPosition: number): FilterCriteriaFacade | null {
    const { runtime } = this.deps;
    return runtime.call('Filter.getColumnFilterCriteria', runtime.latency.sheetMetadataMs, () => {
      const filter = this.sheet.filter;
      if (!filter) throw runtime.exception('The filter has been removed.');
      const { column, numColumns } = filter.range;
      if (
        typeof columnPosition !== 'number' ||
        columnPosition < column ||
        columnPosition >= column + numColumns
      )
        throw runtime.exception('The column position is outside the range of the filter.');
      const spec = filter.criteria.get(columnPosition);
      return spec ? new FilterCriteriaFacade(runtime, spec) : null;
    });
  }
}

class ConditionalFormatRuleFacade {
  constructor(readonly rule: ConditionalRuleModel) {}
  getRanges(): unknown[] {
    return [];
  }
  copy(): ConditionalFormatRuleBuilder {
    return new ConditionalFormatRuleBuilder({ ...this.rule, ranges: [...this.rule.ranges] });
  }
}

/** Builder steps are local (no server round trip): not counted. */
class ConditionalFormatRuleBuilder {
  constructor(
    private readonly rule: ConditionalRuleModel = {
      kind: 'other',
      text: '',
      background: null,
      fontColor: null,
      ranges: [],
    },
  ) {}
  whenTextEqualTo(text: string): this {
    this.rule.kind = 'textEqualTo';
    this.rule.text = String(text);
    return this;
  }
  setBackground(color: string | null): this {
    this.rule.background = color;
    return this;
  }
  setFontColor(color: string | null): this {
    this.rule.fontColor = color;
    return this;
  }
  setRanges(ranges: unknown): this {
    if (!Array.isArray(ranges)) throw new TypeError('setRanges expects an array of ranges');
    this.rule.ranges = ranges.map((range: unknown) => {
      if (!(range instanceof RangeFacade)) throw new TypeError('setRanges expects Range objects');
      return { sheetId: range.sheet.sheetId, range: { ...range.grid } };
    });
    return this;
  }
  build(): ConditionalFormatRuleFacade {
    return new ConditionalFormatRuleFacade({ ...this.rule, ranges: [...this.rule.ranges] });
  }
}

export class SheetFacade {
  constructor(
    private readonly deps: Deps,
    readonly model: SheetModel,
  ) {}
  private get runtime(): Runtime {
    return this.deps.runtime;
  }
  private metadata<T>(kind: string, operation: () => T): T {
    return this.runtime.call(`Sheet.${kind}`, this.runtime.latency.sheetMetadataMs, operation);
  }
  /** A read of the sheet's state: applies this execution's pending changes first. */
  private inspect<T>(kind: string, operation: () => T): T {
    return this.metadata(kind, () => {
      this.deps.pending.flushBeforeReading(this.model);
      return operation();
    });
  }
  private structure<T>(kind: string, operation: () => T): T {
    return this.runtime.call(`Sheet.${kind}`, this.runtime.latency.sheetStructureMs, operation);
  }
  /** A structural change, buffered like cell writes; returns the sheet for chaining. */
  private restructure(kind: string, change: () => void): this {
    return this.structure(kind, () => {
      this.deps.pending.add(this.model, change);
      return this;
    });
  }
  private rangeOrThrow(grid: GridRange): RangeFacade {
    if (!this.deps.pending.contains(this.model, grid)) throw this.runtime.exception(MESSAGES.outOfBounds);
    return new RangeFacade(this.deps, this.model, grid);
  }
  rangeFromA1(a1: string): RangeFacade {
    const { ref } = splitSheetPrefix(a1);
    const grid = parseA1(ref, this.model.maxRows, this.model.maxColumns);
    if (!grid) throw this.runtime.exception(MESSAGES.rangeNotFound);
    return this.rangeOrThrow(grid);
  }

  /** Apps Script: the selection "in the active sheet"; null here when this sheet is not active. */
  getActiveRange(): RangeFacade | null {
    return this.metadata('getActiveRange', () =>
      this.deps.model.activeSheet() === this.model ? (activeRanges(this.deps)[0] ?? null) : null,
    );
  }
  getActiveRangeList(): RangeListFacade | null {
    return this.metadata('getActiveRangeList', () => {
      if (this.deps.model.activeSheet() !== this.model) return null;
      const ranges = activeRanges(this.deps);
      return ranges.length ? new RangeListFacade(this.deps, ranges) : null;
    });
  }
  getName(): string {
    return this.metadata('getName', () => this.model.name);
  }
  setName(name: string): this {
    return this.structure('setName', () => {
      this.model.name = String(name);
      return this;
    });
  }
  getSheetId(): number {
    return this.metadata('getSheetId', () => this.model.sheetId);
  }
  getParent(): SpreadsheetFacade {
    return this.metadata('getParent', () => new SpreadsheetFacade(this.deps));
  }
  getRange(first: unknown, column?: number, numRows?: number, numColumns?: number): RangeFacade {
    return this.metadata('getRange', () => {
      if (typeof first === 'string') return this.rangeFromA1(first);
      if (typeof first !== 'number' || typeof column !== 'number') {
        throw this.runtime.exception(MESSAGES.invalidArgument('row'));
      }
      const grid = { row: first, column, numRows: numRows ?? 1, numColumns: numColumns ?? 1 };
      if (grid.numRows < 1 || grid.numColumns < 1) {
        throw this.runtime.exception(
          grid.numRows < 1
            ? 'The number of rows in the range must be at least 1.'
            : 'The number of columns in the range must be at least 1.',
        );
      }
      return this.rangeOrThrow(grid);
    });
  }
  getRangeList(a1s: unknown): RangeListFacade {
    return this.metadata('getRangeList', () => {
      // Its reference: "a non-empty list of A1 notations or R1C1 notations".
      if (!Array.isArray(a1s) || a1s.length === 0)
        throw this.runtime.exception(MESSAGES.invalidArgument('a1Notations'));
      return new RangeListFacade(
        this.deps,
        a1s.map((a1: unknown) => this.rangeFromA1(String(a1))),
      );
    });
  }
  getDataRange(): RangeFacade {
    return this.inspect('getDataRange', () => {
      const grid = {
        row: 1,
        column: 1,
        numRows: Math.max(1, this.model.lastRow()),
        numColumns: Math.max(1, this.model.lastColumn()),
      };
      return new RangeFacade(this.deps, this.model, grid);
    });
  }
  getLastRow(): number {
    return this.inspect('getLastRow', () => this.model.lastRow());
  }
  getLastColumn(): number {
    return this.inspect('getLastColumn', () => this.model.lastColumn());
  }
  getMaxRows(): number {
    return this.inspect('getMaxRows', () => this.model.maxRows);
  }
  getMaxColumns(): number {
    return this.inspect('getMaxColumns', () => this.model.maxColumns);
  }
  getFrozenRows(): number {
    return this.inspect('getFrozenRows', () => this.model.frozenRows);
  }
  setFrozenRows(rows: number): this {
    return this.restructure('setFrozenRows', () => {
      this.model.frozenRows = rows;
    });
  }
  getFrozenColumns(): number {
    return this.inspect('getFrozenColumns', () => this.model.frozenColumns);
  }
  getColumnWidth(columnPosition: number): number {
    return this.inspect('getColumnWidth', () => this.model.columnWidth(columnPosition));
  }
  setColumnWidth(columnPosition: number, width: number): this {
    return this.structure('setColumnWidth', () => {
      if (!Number.isInteger(columnPosition) || columnPosition < 1 || columnPosition > this.model.maxColumns)
        throw this.runtime.exception(MESSAGES.outOfBounds);
      if (!Number.isInteger(width) || width < 0)
        throw this.runtime.exception(MESSAGES.invalidArgument('width'));
      this.model.columnWidths.set(columnPosition, width);
      return this;
    });
  }
  insertColumnAfter(afterPosition: number): this {
    return this.restructure('insertColumnAfter', () => this.model.insertColumns(afterPosition, 1));
  }
  insertColumnsAfter(afterPosition: number, howMany: number): this {
    return this.restructure('insertColumnsAfter', () => this.model.insertColumns(afterPosition, howMany));
  }
  insertRowsAfter(afterPosition: number, howMany: number): this {
    return this.restructure('insertRowsAfter', () => this.model.insertRows(afterPosition + 1, howMany));
  }
  insertRowAfter(afterPosition: number): this {
    return this.restructure('insertRowAfter', () => this.model.insertRows(afterPosition + 1, 1));
  }
  deleteRows(rowPosition: number, howMany: number): void {
    this.restructure('deleteRows', () => this.model.deleteRows(rowPosition, howMany));
  }
  deleteRow(rowPosition: number): this {
    return this.restructure('deleteRow', () => this.model.deleteRows(rowPosition, 1));
  }
  appendRow(values: unknown): this {
    return this.runtime.call('Sheet.appendRow', this.runtime.latency.sheetWriteBaseMs, () => {
      if (!Array.isArray(values)) throw this.runtime.exception(MESSAGES.invalidArgument('rowContents'));
      const copy = values.slice();
      this.deps.pending.add(this.model, () => this.appendNow(copy));
      return this;
    });
  }
  private appendNow(values: unknown[]): void {
    let row = this.model.lastRow() + 1;
    if (row > this.model.maxRows) {
      this.model.insertRows(row, 1);
      row = this.model.maxRows;
    }
    if (values.length > this.model.maxColumns)
      this.model.insertColumns(this.model.maxColumns, values.length - this.model.maxColumns);
    values.forEach((value: unknown, index: number) => {
      this.model.writeInput(row, index + 1, value);
    });
  }
  getFilter(): FilterFacade | null {
    return this.inspect('getFilter', () =>
      this.model.filter ? new FilterFacade(this.deps, this.model) : null,
    );
  }
  isRowHiddenByFilter(rowPosition: number): boolean {
    return this.inspect(
      'isRowHiddenByFilter',
      () => this.model.rows[rowPosition - 1]?.hiddenByFilter ?? false,
    );
  }
  isRowHiddenByUser(rowPosition: number): boolean {
    return this.inspect('isRowHiddenByUser', () => this.model.rows[rowPosition - 1]?.hiddenByUser ?? false);
  }
  hideRows(rowIndex: number, numRows = 1): void {
    this.restructure('hideRows', () => {
      for (let r = rowIndex; r < rowIndex + numRows; r++) {
        const row = this.model.rows[r - 1];
        if (row) row.hiddenByUser = true;
      }
    });
  }
  showRows(rowIndex: number, numRows = 1): void {
    this.restructure('showRows', () => {
      for (let r = rowIndex; r < rowIndex + numRows; r++) {
        const row = this.model.rows[r - 1];
        if (row) row.hiddenByUser = false;
      }
    });
  }
  sort(columnPosition: number, ascending = true): this {
    return this.restructure('sort', () => {
      this.model.sortRows(columnPosition, ascending, this.model.frozenRows + 1);
    });
  }
  getConditionalFormatRules(): unknown {
    return this.inspect('getConditionalFormatRules', () =>
      toRealm(
        this.runtime.realm,
        this.model.conditionalRules.map((rule) => new ConditionalFormatRuleFacade(rule)),
      ),
    );
  }
  setConditionalFormatRules(rules: unknown): void {
    this.structure('setConditionalFormatRules', () => {
      if (!Array.isArray(rules)) throw this.runtime.exception(MESSAGES.invalidArgument('rules'));
      const models = rules.map((rule: unknown) => {
        if (!(rule instanceof ConditionalFormatRuleFacade)) {
          throw this.runtime.exception(MESSAGES.invalidArgument('rules'));
        }
        return rule.rule;
      });
      this.deps.pending.add(this.model, () => {
        this.model.conditionalRules = models;
      });
    });
  }
  activate(): this {
    return this.metadata('activate', () => {
      this.deps.model.activeSheetName = this.model.name;
      return this;
    });
  }
}

export class SpreadsheetFacade {
  constructor(private readonly deps: Deps) {}
  private get runtime(): Runtime {
    return this.deps.runtime;
  }
  private metadata<T>(kind: string, operation: () => T): T {
    return this.runtime.call(`Spreadsheet.${kind}`, this.runtime.latency.sheetMetadataMs, operation);
  }
  getId(): string {
    return this.metadata('getId', () => this.deps.model.id);
  }
  getName(): string {
    return this.metadata('getName', () => this.deps.model.name);
  }
  getUrl(): string {
    return this.metadata('getUrl', () => `https://docs.google.com/spreadsheets/d/${this.deps.model.id}/edit`);
  }
  getSpreadsheetTimeZone(): string {
    return this.metadata('getSpreadsheetTimeZone', () => this.deps.model.timeZone);
  }
  getFormUrl(): string | null {
    return this.metadata('getFormUrl', () => this.deps.model.formUrl);
  }
  getSheets(): unknown {
    return this.metadata('getSheets', () =>
      toRealm(
        this.runtime.realm,
        this.deps.model.sheets.map((sheet) => new SheetFacade(this.deps, sheet)),
      ),
    );
  }
  getSheetByName(name: string): SheetFacade | null {
    return this.metadata('getSheetByName', () => {
      const sheet = this.deps.model.sheet(String(name));
      return sheet ? new SheetFacade(this.deps, sheet) : null;
    });
  }
  getSheetById(id: number): SheetFacade | null {
    return this.metadata('getSheetById', () => {
      const sheet = this.deps.model.sheets.find((s) => s.sheetId === id);
      return sheet ? new SheetFacade(this.deps, sheet) : null;
    });
  }
  insertSheet(name?: string, index?: number): SheetFacade {
    return this.runtime.call('Spreadsheet.insertSheet', this.runtime.latency.sheetStructureMs, () => {
      const sheetName = name ?? `Sheet${this.deps.model.sheets.length + 1}`;
      if (this.deps.model.sheet(sheetName)) throw this.runtime.exception(MESSAGES.sheetNameExists(sheetName));
      const sheet = this.deps.model.addSheet(sheetName, index);
      this.deps.model.activeSheetName = sheet.name;
      this.deps.model.activeRanges = ['A1'];
      return new SheetFacade(this.deps, sheet);
    });
  }
  /** Spreadsheet.deleteSheet(sheet): the last sheet cannot go (Sheets keeps at least one). */
  deleteSheet(sheet: unknown): void {
    this.runtime.call('Spreadsheet.deleteSheet', this.runtime.latency.sheetStructureMs, () => {
      if (!(sheet instanceof SheetFacade)) throw this.runtime.exception(MESSAGES.invalidArgument('sheet'));
      const sheets = this.deps.model.sheets;
      const index = sheets.indexOf(sheet.model);
      if (index < 0) throw this.runtime.exception(MESSAGES.invalidArgument('sheet'));
      if (sheets.length === 1) throw this.runtime.exception(MESSAGES.invalidArgument('sheet'));
      this.deps.pending.flushBeforeReading(sheet.model);
      sheets.splice(index, 1);
      if (this.deps.model.activeSheetName === sheet.model.name) {
        this.deps.model.activeSheetName = sheets[Math.max(0, index - 1)].name;
        this.deps.model.activeRanges = ['A1'];
      }
    });
  }
  getActiveSheet(): SheetFacade {
    return this.metadata('getActiveSheet', () => new SheetFacade(this.deps, this.deps.model.activeSheet()));
  }
  getActiveRange(): RangeFacade | null {
    return this.metadata('getActiveRange', () => activeRanges(this.deps)[0] ?? null);
  }
  getActiveRangeList(): RangeListFacade | null {
    return this.metadata('getActiveRangeList', () => {
      const ranges = activeRanges(this.deps);
      return ranges.length ? new RangeListFacade(this.deps, ranges) : null;
    });
  }
  getRange(a1: string): RangeFacade {
    return this.metadata('getRange', () => {
      const { sheetName, ref } = splitSheetPrefix(String(a1));
      const sheet = sheetName === null ? this.deps.model.activeSheet() : this.deps.model.sheet(sheetName);
      if (!sheet) throw this.runtime.exception(MESSAGES.rangeNotFound);
      return new SheetFacade(this.deps, sheet).rangeFromA1(ref);
    });
  }
  toast(message: unknown, title?: unknown, timeoutSeconds?: number): void {
    this.runtime.call('Spreadsheet.toast', this.runtime.latency.uiMs, () => {
      this.deps.ui.toasts.push({
        message: String(message),
        title: title === undefined ? '' : String(title),
        timeoutSeconds: timeoutSeconds ?? 5,
      });
    });
  }
}

function activeRanges(deps: Deps): RangeFacade[] {
  const sheet = deps.model.activeSheet();
  return deps.model.activeRanges.map((a1) => {
    const grid = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    if (!grid) throw new Error(`bad active range ${a1}`);
    return new RangeFacade(deps, sheet, grid);
  });
}

export function createSpreadsheetApp(deps: Deps) {
  const spreadsheet = () => new SpreadsheetFacade(deps);
  const { runtime } = deps;
  const metadataMs = runtime.latency.sheetMetadataMs;
  return {
    getActive: () => runtime.call('SpreadsheetApp.getActive', metadataMs, spreadsheet),
    getActiveSpreadsheet: () => runtime.call('SpreadsheetApp.getActiveSpreadsheet', metadataMs, spreadsheet),
    getActiveSheet: () =>
      runtime.call(
        'SpreadsheetApp.getActiveSheet',
        metadataMs,
        () => new SheetFacade(deps, deps.model.activeSheet()),
      ),
    getActiveRange: () =>
      runtime.call('SpreadsheetApp.getActiveRange', metadataMs, () => activeRanges(deps)[0] ?? null),
    getActiveRangeList: () =>
      runtime.call('SpreadsheetApp.getActiveRangeList', metadataMs, () => {
        const ranges = activeRanges(deps);
        return ranges.length ? new RangeListFacade(deps, ranges) : null;
      }),
    // Only this spreadsheet exists in the emulator; opening it by id or URL needs the full
    // spreadsheets scope (scopes.ts).
    openById: (id: unknown) =>
      runtime.call('SpreadsheetApp.openById', metadataMs, () => {
        if (String(id) !== deps.model.id) throw runtime.exception(MESSAGES.spreadsheetNotFound('openById'));
        return spreadsheet();
      }),
    openByUrl: (url: unknown) =>
      runtime.call('SpreadsheetApp.openByUrl', metadataMs, () => {
        if (!String(url).includes(`/d/${deps.model.id}`))
          throw runtime.exception(MESSAGES.spreadsheetNotFound('openByUrl'));
        return spreadsheet();
      }),
    getUi: () => runtime.call('SpreadsheetApp.getUi', 0, () => new UiFacade(runtime, deps.ui)),
    flush: () =>
      runtime.call('SpreadsheetApp.flush', runtime.latency.flushMs, () => deps.pending.flush('explicit')),
    newConditionalFormatRule: () => new ConditionalFormatRuleBuilder(),
    BooleanCriteria,
  };
}
