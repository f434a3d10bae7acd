/** What the sidebar's Columns section shows: headers, detected and saved mapping, problems. */
import { detectMapping, resolveMapping } from '../core/mapping';
import type { ColumnsView } from '../shared/contracts';
import { getSheetSettings } from './settings';
import { headerText } from './sheet';
import { dataHeaders, headerRowOf } from './sheet-context';

export function getColumnsView(sheet: GoogleAppsScript.Spreadsheet.Sheet): ColumnsView {
  const settings = getSheetSettings(sheet.getSheetId());
  const headerRow = headerRowOf(sheet, settings);
  const lastColumn = sheet.getLastColumn();
  const headers =
    lastColumn > 0 && sheet.getLastRow() >= headerRow
      ? dataHeaders(sheet.getRange(headerRow, 1, 1, lastColumn).getValues()[0].map(headerText))
      : [];
  const resolved = resolveMapping(headers, settings.mapping);
  return {
    sheetName: sheet.getName(),
    headerRow,
    headers: headers.filter((h) => h !== ''),
    detected: detectMapping(headers),
    saved: settings.mapping,
    effective: resolved.mapping,
    problems: resolved.problems,
  };
}
