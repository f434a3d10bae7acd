/** The add-on menu and what its items do. */

import { MENU_RUN_BUDGET_MS } from '../core/limits';
import { unexpectedError } from '../core/messages';
import { vetException } from '../core/vetting';
import { BRAND } from '../shared/brand';
import type { ExportProgress, ImportOptions, ImportProgress } from '../shared/contracts';
import { currentLanguage, type MessageKey, t } from '../shared/i18n';
import { ADDON_NAME } from './config';
import { UserError } from './errors';
import { runWholeExport, unfinishedExport } from './export';
import { runWholeImport } from './importer';
import { pageInLanguage } from './language';
import { confirmRequestsLeft } from './quota-check';
import { activeSpreadsheet } from './this-execution';

const MENU_ITEMS: [caption: MessageKey | '', functionName: string][] = [
  ['menu.importSelected', 'menuImportSelected'],
  ['menu.importAll', 'menuImportAll'],
  ['menu.validateSelected', 'menuValidateSelected'],
  ['menu.retryFailed', 'menuRetryFailed'],
  ['menu.forceImportSelected', 'menuForceImportSelected'],
  ['', ''],
  ['menu.handleOptOuts', 'menuHandleOptOuts'],
  ['menu.removeSelected', 'menuRemoveSelected'],
  ['', ''],
  ['menu.exportContacts', 'menuExportContacts'],
  ['', ''],
  ['menu.openSidebar', 'menuOpenSidebar'],
  ['menu.help', 'menuHelp'],
  ['menu.checkInstallation', 'menuCheckInstallation'],
];

/**
 * Builds the menu. In AuthMode.NONE (installed but not yet used in this document) Apps Script
 * allows nothing else, so nothing else is touched here in any mode.
 */
export function buildMenu(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const [caption, functionName] of MENU_ITEMS) {
    if (caption) menu.addItem(t(caption), functionName);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function showSidebar(): void {
  const html = HtmlService.createHtmlOutputFromFile('Sidebar').setTitle(BRAND.sidebarTitle);
  // The page starts in the user's language, with its words (getSettings confirms it).
  html.setContent(pageInLanguage(html.getContent(), currentLanguage()));
  SpreadsheetApp.getUi().showSidebar(html);
}

/** Runs a whole import from a menu click and tells the user how it went. */
export function runFromMenu(options: ImportOptions): void {
  const ui = SpreadsheetApp.getUi();
  const spreadsheet = activeSpreadsheet();
  let progress: ImportProgress;
  try {
    const sheet = spreadsheet.getActiveSheet();
    if (!confirmRequestsLeft(sheet, options)) return;
    progress = runWholeImport(sheet, options, MENU_RUN_BUDGET_MS);
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

/**
 * Export from the menu: continues an unfinished export if the user says so, else asks for an
 * optional tag, then runs until done or the time budget is spent, and says how it went.
 */
export function runExportFromMenu(): void {
  const ui = SpreadsheetApp.getUi();
  const spreadsheet = activeSpreadsheet();
  let start: { tag: string } | { resume: string } | null = null;
  const unfinished = unfinishedExport();
  if (unfinished) {
    const answer = ui.alert(
      ADDON_NAME,
      t('export.continueQuestion', { tab: unfinished.sheetName, count: unfinished.contacts }),
      ui.ButtonSet.YES_NO_CANCEL,
    );
    if (answer === ui.Button.CANCEL || answer === ui.Button.CLOSE) return;
    if (answer === ui.Button.YES) start = { resume: unfinished.id };
  }
  if (!start) {
    const reply = ui.prompt(t('export.promptTitle'), t('export.prompt'), ui.ButtonSet.OK_CANCEL);
    if (reply.getSelectedButton() !== ui.Button.OK) return;
    start = { tag: reply.getResponseText().trim() };
  }
  let progress: ExportProgress;
  try {
    progress = runWholeExport(start, MENU_RUN_BUDGET_MS);
  } catch (error) {
    ui.alert(ADDON_NAME, userMessage(error), ui.ButtonSet.OK);
    return;
  }
  if (progress.state === 'done') spreadsheet.toast(progress.message, ADDON_NAME, 10);
  else ui.alert(ADDON_NAME, progress.message, ui.ButtonSet.OK);
}

/** What a marketer may see of an error: our own sentences as they are, anything else explained. */
export function userMessage(error: unknown): string {
  if (error instanceof UserError) return error.message;
  const vetted = vetException(error instanceof Error ? error.message : String(error));
  return unexpectedError(
    vetted.kind === 'recognised'
      ? vetted.text
      : t('error.unexpectedAnswer', { source: 'Apps Script', excerpt: vetted.excerpt }),
  );
}
