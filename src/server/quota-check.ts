/**
 * Before a run that needs more URL Fetch requests than are left of today's allowance, the user
 * decides: the menu asks with a Yes/No alert; the sidebar gets the estimate with its preview.
 */
import type { ImportOptions } from '../shared/contracts';
import { ADDON_NAME } from './config';
import { quotaQuestion, requestsFor, requestsLeftToday, urlFetchUsage } from './fetch-meter';
import { plannedCustomerId } from './partner';
import { candidateRows, planRows } from './row-plan';
import { getSheetSettings } from './settings';
import { loadContext } from './sheet-context';
import { sheetIdOf } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Requests a run would send: one per batch of the rows it would queue. */
function requestsNeeded(sheet: Sheet, options: ImportOptions): number {
  const ctx = loadContext(sheet);
  const rows = candidateRows(ctx, options.mode);
  const customerId = plannedCustomerId(sheetIdOf(sheet));
  const planned = planRows(ctx, rows, options.mode, options.force === true, customerId);
  return requestsFor(planned.filter((p) => p.action === 'send').length, ctx.settings.batchSize);
}

/** True to go ahead: enough requests are left, or the user said Yes. */
export function confirmRequestsLeft(sheet: Sheet, options: ImportOptions): boolean {
  if (options.mode === 'validate') return true;
  // The full usage (reset time, sentences) only when the user has to be asked.
  const left = requestsLeftToday();
  // Every data row in full batches bounds any run: most runs stop here without reading the rows.
  const bound = requestsFor(
    Math.max(0, sheet.getLastRow() - 1),
    getSheetSettings(sheetIdOf(sheet)).batchSize,
  );
  if (bound <= left) return true;
  let needed: number;
  try {
    needed = requestsNeeded(sheet, options);
  } catch {
    return true; // the run itself explains what is wrong with the sheet
  }
  if (needed <= left) return true;
  const usage = urlFetchUsage();
  const ui = SpreadsheetApp.getUi();
  return ui.alert(ADDON_NAME, quotaQuestion(needed, usage), ui.ButtonSet.YES_NO) === ui.Button.YES;
}
