/** What the sidebar's Columns section shows: headers, detected and saved mapping, problems. */
import { detectMapping, explainColumns, resolveMapping, SAMPLE_ROWS } from '../core/mapping';
import type { ColumnsView } from '../shared/contracts';
import { getSheetSettings } from './settings';
import { headerText, recoverPhonesTypedAsFormulas, type SheetData } from './sheet';
import { dataHeaders, headerRowOf } from './sheet-context';

export function getColumnsView(sheet: GoogleAppsScript.Spreadsheet.Sheet): ColumnsView {
  const settings = getSheetSettings(sheet.getSheetId());
  const headerRow = headerRowOf(sheet, settings);
  const data = readHeaderAndSample(sheet, headerRow);
  const headers = dataHeaders(data.headers);
  const sample = data.rows;
  const resolved = resolveMapping(headers, settings.mapping, sample);
  return {
    sheetName: sheet.getName(),
    headerRow,
    headers: headers.filter((h) => h !== ''),
    detected: detectMapping(headers, sample),
    saved: settings.mapping,
    effective: resolved.mapping,
    problems: resolved.problems,
    explanations: explainColumns(headers, resolved, sample),
  };
}

/** The header row and the first rows below it: what detection looks at, in one read. */
function readHeaderAndSample(sheet: GoogleAppsScript.Spreadsheet.Sheet, headerRow: number): SheetData {
  const lastRow = Math.min(sheet.getLastRow(), headerRow + SAMPLE_ROWS);
  const lastColumn = sheet.getLastColumn();
  if (lastColumn === 0 || lastRow < headerRow) {
    return { headerRow, lastRow, lastColumn, headers: [], statusColumn: -1, detailsColumn: -1, rows: [] };
  }
  const values = sheet.getRange(headerRow, 1, lastRow - headerRow + 1, lastColumn).getValues();
  const headers = values[0].map(headerText);
  const data = {
    headerRow,
    lastRow,
    lastColumn,
    headers,
    statusColumn: -1,
    detailsColumn: -1,
    rows: values.slice(1),
  };
  recoverPhonesTypedAsFormulas(sheet, data);
  return data;
}
