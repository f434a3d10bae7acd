/**
 * A sheet read once and understood: its settings, header row, rows, resolved columns and the
 * pipeline settings that turn a row into a contact. Preview, start and every chunk begin here.
 */
import { type CellValue, type PipelineSettings, processRows, type RowOutcome } from '../core/contacts';
import { dayPerMinute, wholeMinuteOf } from '../core/dates';
import { chooseHeaderRow, type ResolvedColumns, resolveMapping, SAMPLE_ROWS } from '../core/mapping';
import { emptySheet, noPhoneColumn, sheetDeleted } from '../core/messages';
import type { ColumnMapping } from '../shared/contracts';
import { DETAILS_HEADER, STATUS_HEADER } from '../shared/contracts';
import { UserError } from './errors';
import type { PropertyReader } from './job-store';
import { getSheetSettings, type SheetSettings } from './settings';
import { readSheet, recoverPhonesTypedAsFormulas, type SheetData, sheetById } from './sheet';
import { sheetIdOf, spreadsheetTimeZone } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SheetContext {
  timeZone: string;
  sheet: Sheet;
  settings: SheetSettings;
  data: SheetData;
  columns: ResolvedColumns;
  mapping: ColumnMapping;
  pipeline: PipelineSettings;
}

/** Times in Details are in the spreadsheet's time zone, as its users read them. */
export function formatTime(date: Date, zone = spreadsheetTimeZone()): string {
  const minute = wholeMinuteOf(date);
  // Every chunk of a run stamps its rows: the text changes once a minute, not once a chunk.
  if (minute !== null && lastTime.zone === zone && lastTime.minute === minute) return lastTime.text;
  const text = Utilities.formatDate(date, zone, 'yyyy-MM-dd HH:mm');
  lastTime = { zone, minute: minute ?? Number.NaN, text };
  return text;
}

/**
 * Date cells (names, tags, attributes) as their day in the zone ("2024-12-31"): one
 * Utilities.formatDate per minute of UTC that a sheet's dates fall in, not one per cell (a
 * signup-date column repeats its days; 10,000 rows made 10,000 calls).
 */
export function dayFormatter(zone: string): (date: Date) => string {
  return dayPerMinute((date) => Utilities.formatDate(date, zone, 'yyyy-MM-dd'));
}

/** The last time formatted: a pure function of zone and minute, the same for every user. */
let lastTime = { zone: '', minute: Number.NaN, text: '' };

/** The time of day only ("14:03"), for a moment earlier in the same run. */
export function formatClock(date: Date, zone = spreadsheetTimeZone()): string {
  return Utilities.formatDate(date, zone, 'HH:mm');
}

/** A job's tab by its id, or the sentence saying it was deleted. */
export function requireSheet(sheetId: number): Sheet {
  const sheet = sheetById(sheetId);
  if (!sheet) throw new UserError(sheetDeleted());
  return sheet;
}

/** The one rule for a sheet's header row: the configured one, else the last frozen row, else 1. */
export function headerRowOf(sheet: Sheet, settings = getSheetSettings(sheetIdOf(sheet))): number {
  return chooseHeaderRow(sheet.getFrozenRows(), settings.headerRow);
}

/** Headers the mapping sees: the add-on's own columns are not contact data. */
export function dataHeaders(headers: string[]): string[] {
  return headers.map((h) => (h === STATUS_HEADER || h === DETAILS_HEADER ? '' : h));
}

/** `props`: the document's properties as just read under the document lock, else asked for. */
export function loadContext(sheet: Sheet, props?: PropertyReader): SheetContext {
  const settings = getSheetSettings(sheetIdOf(sheet), props);
  const data = readSheet(sheet, headerRowOf(sheet, settings));
  recoverPhonesTypedAsFormulas(sheet, data);
  // Columns are confirmed by their first cells: the same rows every chunk of a run reads.
  const resolved = resolveMapping(
    dataHeaders(data.headers),
    settings.mapping,
    data.rows.slice(0, SAMPLE_ROWS),
  );
  const timeZone = spreadsheetTimeZone();
  return {
    timeZone,
    sheet,
    settings,
    data,
    columns: resolved.columns,
    mapping: resolved.mapping,
    pipeline: {
      defaultCountry: settings.defaultCountry,
      defaultTags: settings.defaultTags,
      formatDate: dayFormatter(timeZone),
      blankConsentMeans: settings.blankConsentMeans,
      invalidEmail: settings.invalidEmail,
    },
  };
}

export function requirePhoneColumn(ctx: SheetContext): void {
  if (ctx.data.headers.length === 0) throw new UserError(emptySheet(ctx.sheet.getName()));
  if (!ctx.mapping.fields.phone) throw new UserError(noPhoneColumn(ctx.data.headerRow, ctx.sheet.getName()));
}

function rowValues(ctx: SheetContext, row: number): CellValue[] {
  return ctx.data.rows[row - ctx.data.headerRow - 1] ?? [];
}

/** A cell as text ('' for empty or outside the sheet or a missing column). */
export function cellAt(ctx: SheetContext, row: number, column: number): string {
  if (column < 0) return '';
  const value = rowValues(ctx, row)[column];
  return value === null || value === undefined ? '' : String(value);
}

/** Runs rows through the contact pipeline; outcomes in the order of `rows`. */
export function outcomesOf(ctx: SheetContext, rows: number[]): RowOutcome[] {
  return processRows(
    rows.map((rowNumber) => ({ rowNumber, values: rowValues(ctx, rowNumber) })),
    ctx.columns,
    ctx.pipeline,
  );
}
