/** What the sidebar's Columns section shows: headers, detected and saved mapping, problems. */
import { chooseHeaderRow, detectMapping, resolveMapping } from '../core/mapping';
import type { ColumnsView } from '../shared/contracts';
import { dataHeaders } from './importer';
import { getSheetSettings } from './settings';
import { headerText } from './sheet';

export function getColumnsView(sheet: GoogleAppsScript.Spreadsheet.Sheet): ColumnsView {
  const settings = getSheetSettings(sheet.getSheetId());
  const headerRow = chooseHeaderRow(sheet.getFrozenRows(), settings.headerRow);
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
