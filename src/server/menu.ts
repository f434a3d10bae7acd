/** The add-on menu and what its items do. */

import { BRAND } from '../shared/brand';
import type { ImportOptions, ImportProgress } from '../shared/contracts';
import { ADDON_NAME, MENU_RUN_BUDGET_MS } from './config';
import { runWholeImport } from './importer';
import { UserError } from './settings';

export const MENU_ITEMS: [caption: string, functionName: string][] = [
  ['Import selected rows', 'menuImportSelected'],
  ['Import all new or changed rows', 'menuImportAll'],
  ['Validate selected rows (no import)', 'menuValidateSelected'],
  ['Retry failed rows', 'menuRetryFailed'],
  ['Re-send selected rows, even if already imported', 'menuForceImportSelected'],
  ['', ''],
  ['Open sidebar', 'menuOpenSidebar'],
  ['Help', 'menuHelp'],
];

/**
 * Builds the menu. In AuthMode.NONE (installed but not yet used in this document) Apps Script
 * allows nothing else, so nothing else is touched here in any mode.
 */
export function buildMenu(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const [caption, functionName] of MENU_ITEMS) {
    if (caption) menu.addItem(caption, functionName);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(BRAND.sidebarTitle);
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Runs a whole import from a menu click and tells the user how it went. */
export function runFromMenu(options: ImportOptions): void {
  const ui = SpreadsheetApp.getUi();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  let progress: ImportProgress;
  try {
    progress = runWholeImport(spreadsheet.getActiveSheet(), options, MENU_RUN_BUDGET_MS);
  } catch (error) {
    ui.alert(ADDON_NAME, userMessage(error), ui.ButtonSet.OK);
    return;
  }
  if (progress.state === 'done' && progress.counts.failed === 0 && progress.counts.invalid === 0) {
    spreadsheet.toast(progress.message, ADDON_NAME, 10);
  } else {
    ui.alert(ADDON_NAME, progress.message, ui.ButtonSet.OK);
  }
}

/** What a marketer may see of an error: our own sentences as they are, anything else explained. */
export function userMessage(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const detail = error instanceof Error ? error.message : String(error);
  return `Something went wrong in the add-on: ${detail}. Nothing was lost: rows keep the status they show. Try again; if it happens again, send this message to the add-on's support (Extensions → ${BRAND.menuTitle} → Help).`;
}
