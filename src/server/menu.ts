/** The add-on menu and what its items do. */

import { MENU_RUN_BUDGET_MS } from '../core/limits';
import { unexpectedError } from '../core/messages';
import type { ImportOptions, ImportProgress } from '../shared/contracts';
import { TOKEN_SOURCE } from '../shared/text';
import { ADDON_NAME } from './config';
import { UserError } from './errors';
import { explainQuotaReset, withFetchMeter } from './fetch-meter';
import { runWholeImport } from './importer';
import { confirmRequestsLeft } from './quota-check';
import { setRunOrigin } from './run-log';

const MENU_ITEMS: [caption: string, functionName: string][] = [
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
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(ADDON_NAME);
  SpreadsheetApp.getUi().showSidebar(html);
}

export function showHelp(): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    `${ADDON_NAME}: help`,
    [
      `1. Open sidebar → Connection: paste your API token from ${TOKEN_SOURCE}, then Test connection.`,
      '2. Put one contact per row under a header row (Name, Phone, Country, Email, Tags; other columns become attributes).',
      '3. Select the rows and choose Import selected rows. The BotPenguin Status column says what happened to each row: Imported, Invalid, Failed, Skipped or Queued, with the reason in BotPenguin Details.',
      '4. Fix Invalid rows and import them again; choose Retry failed rows for Failed and Queued rows.',
    ].join('\n\n'),
    ui.ButtonSet.OK,
  );
}

/** Runs a whole import from a menu click and tells the user how it went. */
export function runFromMenu(options: ImportOptions): void {
  const ui = SpreadsheetApp.getUi();
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  let progress: ImportProgress;
  setRunOrigin('menu');
  try {
    const sheet = spreadsheet.getActiveSheet();
    if (!confirmRequestsLeft(sheet, options)) return;
    progress = explainQuotaReset(withFetchMeter(() => runWholeImport(sheet, options, MENU_RUN_BUDGET_MS)));
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
  return unexpectedError(detail);
}
