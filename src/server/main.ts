/**
 * The add-on's global functions. Every export here becomes a top-level function in dist/Code.js
 * (scripts/build.mjs derives the list from these exports): the menu's triggers and handlers, and
 * the functions the sidebar calls through google.script.run. Each one delegates, through `entry`:
 * the one place where an execution is set up (language, run origin, URL Fetch meter) and where
 * errors become sentences.
 */
import { SIDEBAR_CALL_BUDGET_MS } from '../core/limits';
import { isSupportedRegion } from '../core/phone';
import type {
  AccountTags,
  AutoImportView,
  ClearStatusResult,
  ColumnsView,
  ConnectionResult,
  CustomerChoice,
  CustomerChoiceResult,
  CustomerPage,
  CustomerQuery,
  ExportOptions,
  ExportProgress,
  ImportOptions,
  ImportProgress,
  OptOutSettings,
  PartnerConnectionResult,
  ProblemRowKind,
  RemovalKind,
  RemovalPlan,
  RemovalProgress,
  RowSelectionResult,
  RunOrigin,
  SelectionPreview,
  ServerApi,
  SettingsPatch,
  SettingsView,
  SheetSummary,
  UrlFetchUsage,
} from '../shared/contracts';
import { accountTags } from './account-tags';
import * as autoImport from './auto-import';
import { getColumnsView } from './columns';
import * as connection from './connection';
import * as exporter from './export';
import { urlFetchUsage, withFetchMeter } from './fetch-meter';
import { showHelp } from './help';
import * as importer from './importer';
import { speakUserLanguage } from './language';
import { buildMenu, runExportFromMenu, runFromMenu, showSidebar, userMessage } from './menu';
import * as partner from './partner';
import { previewSelection as previewOf } from './preview';
import * as removal from './removal';
import { runRemovalFromMenu } from './removal-menu';
import * as optOutSettings from './removal-settings';
import { setRunOrigin, openLog as showLog } from './run-log';
import { checkInstallation, runTriggerCheck } from './self-check';
import { applySettingsPatch, settingsView } from './settings';
import * as statusRows from './status-rows';
import { activeSpreadsheet, forgetThisExecution } from './this-execution';

const activeSheet = () => activeSpreadsheet().getActiveSheet();

/**
 * Every global function runs through here. Module state may survive from one execution to the
 * next (Apps Script may reuse a runtime) or may not, so each execution sets what it depends on
 * afresh: what it reads once (this-execution.ts: the user's properties, the spreadsheet, its time
 * zone, tab ids; forgotten first, also by the two functions below that do not come through here),
 * their language, where the run came from, and the meter of its URL Fetch requests, saved when it
 * ends whatever happens. Module state that no execution sets afresh holds only what is the same
 * for every user and execution (phone metadata, word indexes, template parts). This is the
 * one comment on the question. `sentences`: errors reach the caller (the sidebar) as
 * sentences, never stack traces; menu handlers alert their own, triggers let Apps Script log them.
 */
function entry<T>(origin: RunOrigin, sentences: boolean, work: () => T): T {
  forgetThisExecution();
  speakUserLanguage();
  setRunOrigin(origin);
  try {
    return withFetchMeter(work);
  } catch (error) {
    if (sentences) throw new Error(userMessage(error));
    throw error;
  }
}

const forSidebar = <T>(work: () => T): T => entry('sidebar', true, work);
const forMenu = (work: () => void): void => entry('menu', false, work);
const forTrigger = (work: () => void): void => entry('automatic', false, work);

export function onOpen(_event?: GoogleAppsScript.Events.SheetsOnOpen): void {
  forMenu(buildMenu);
}

export function onInstall(event?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(event as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

export function menuImportSelected(): void {
  forMenu(() => runFromMenu({ mode: 'selected' }));
}

export function menuImportAll(): void {
  forMenu(() => runFromMenu({ mode: 'all' }));
}

export function menuValidateSelected(): void {
  forMenu(() => runFromMenu({ mode: 'validate' }));
}

export function menuRetryFailed(): void {
  forMenu(() => runFromMenu({ mode: 'retry' }));
}

export function menuForceImportSelected(): void {
  forMenu(() => runFromMenu({ mode: 'selected', force: true }));
}

export function menuExportContacts(): void {
  forMenu(() => runExportFromMenu());
}

export function menuHandleOptOuts(): void {
  forMenu(() => runRemovalFromMenu('optOuts'));
}

export function menuRemoveSelected(): void {
  forMenu(() => runRemovalFromMenu('selected'));
}

export function menuOpenSidebar(): void {
  forMenu(() => showSidebar());
}

export function menuHelp(): void {
  forMenu(() => showHelp());
}

export function menuCheckInstallation(): void {
  forgetThisExecution();
  speakUserLanguage();
  checkInstallation();
}

export function getSettings(): SettingsView {
  return forSidebar(() => settingsView(activeSheet()));
}

export function saveSettings(patch: SettingsPatch): SettingsView {
  return forSidebar(() => applySettingsPatch(activeSheet(), patch, isSupportedRegion));
}

export function testConnection(): ConnectionResult {
  return forSidebar(() => connection.testConnection());
}

export function getColumns(): ColumnsView {
  return forSidebar(() => getColumnsView(activeSheet()));
}

export function previewSelection(): SelectionPreview {
  return forSidebar(() => previewOf(activeSheet()));
}

export function startImport(options: ImportOptions): ImportProgress {
  return forSidebar(() => importer.startImport(activeSheet(), options, SIDEBAR_CALL_BUDGET_MS));
}

export function continueImport(jobId: string): ImportProgress {
  return forSidebar(() => importer.continueImport(jobId, SIDEBAR_CALL_BUDGET_MS));
}

export function cancelImport(jobId: string): ImportProgress {
  return forSidebar(() => importer.cancelImport(jobId));
}

export function startExport(options: ExportOptions): ExportProgress {
  return forSidebar(() => exporter.startExport(options ?? {}, SIDEBAR_CALL_BUDGET_MS));
}

export function continueExport(exportId: string): ExportProgress {
  return forSidebar(() => exporter.continueExport(exportId, SIDEBAR_CALL_BUDGET_MS));
}

export function getSheetSummary(): SheetSummary {
  return forSidebar(() => statusRows.sheetSummary(activeSheet()));
}

export function selectRowsWithStatus(kind: ProblemRowKind): RowSelectionResult {
  return forSidebar(() => statusRows.selectRowsWithStatus(activeSheet(), kind));
}

export function clearStatusOfSelection(): ClearStatusResult {
  return forSidebar(() => statusRows.clearStatusOfSelection(activeSheet()));
}

export function getAccountTags(refresh: boolean): AccountTags {
  return forSidebar(() => accountTags(refresh === true));
}

export function openLog(): string {
  return forSidebar(() => showLog());
}

export function getAutoImport(): AutoImportView {
  return forSidebar(() => autoImport.getAutoImport(activeSheet()));
}

export function setAutoImport(on: boolean): AutoImportView {
  return forSidebar(() => autoImport.setAutoImport(activeSheet(), on === true));
}

export function getUrlFetchUsage(): UrlFetchUsage {
  return forSidebar(() => urlFetchUsage());
}

export function testPartnerConnection(): PartnerConnectionResult {
  return forSidebar(() => partner.testPartnerConnection());
}

export function listCustomers(query: CustomerQuery): CustomerPage {
  return forSidebar(() => partner.listCustomers(query));
}

export function chooseCustomer(choice: CustomerChoice): CustomerChoiceResult {
  return forSidebar(() => partner.chooseCustomer(activeSheet(), choice));
}

export function getOptOutCount(): number {
  return forSidebar(() => removal.optOutCount(activeSheet()));
}

export function getOptOutSettings(): OptOutSettings {
  return forSidebar(() => optOutSettings.getOptOutSettings(activeSheet().getSheetId()));
}

export function saveOptOutSettings(patch: Partial<OptOutSettings>): OptOutSettings {
  return forSidebar(() => optOutSettings.saveOptOutSettings(activeSheet().getSheetId(), patch));
}

export function planRemoval(kind: RemovalKind): RemovalPlan {
  return forSidebar(() => removal.planRemoval(activeSheet(), kind));
}

export function startRemoval(kind: RemovalKind, confirmation: string): RemovalProgress {
  return forSidebar(() =>
    removal.startRemoval(activeSheet(), kind, String(confirmation ?? ''), SIDEBAR_CALL_BUDGET_MS),
  );
}

export function continueRemoval(jobId: string): RemovalProgress {
  return forSidebar(() => removal.continueRemoval(jobId, SIDEBAR_CALL_BUDGET_MS));
}

export function cancelRemoval(jobId: string): RemovalProgress {
  return forSidebar(() => removal.cancelRemoval(jobId));
}

/**
 * Trigger handlers (installed by setAutoImport). Like every global function they can be called
 * through google.script.run too; they act only on an event Apps Script made for one of the
 * caller's own triggers.
 */
export function autoImportHourly(event?: GoogleAppsScript.Events.TimeDriven): void {
  forTrigger(() => autoImport.runHourly(event));
}

export function autoImportOnFormSubmit(event?: GoogleAppsScript.Events.SheetsOnFormSubmit): void {
  forTrigger(() => autoImport.runOnFormSubmit(event));
}

/** The one-off trigger "Check this installation" creates. */
export function selfCheckTrigger(event?: GoogleAppsScript.Events.TimeDriven): void {
  forgetThisExecution();
  speakUserLanguage();
  runTriggerCheck(event);
}

/** Fails to compile when these exports drift from the contract the sidebar is typed against. */
type Implements<T extends ServerApi> = T;
export type ServerApiCheck = Implements<typeof import('./main')>;
