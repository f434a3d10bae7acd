/**
 * "Import new rows automatically": installable triggers that run the importer without anyone at
 * the sheet. Every hour a time-driven trigger imports the rows that are new, changed or still
 * Queued (the 'auto' mode; Failed rows wait for Retry); when the spreadsheet receives Google Form
 * responses, an onFormSubmit trigger also imports each response in the execution it arrives in.
 *
 * Apps Script lets an editor add-on have one trigger of each event type per user per document,
 * so one user's trigger serves every sheet they switched on: the document properties hold, per
 * trigger id, the sheets it serves, and per sheet, whose it is and how its last run went. A run
 * that finds the token rejected or the day's URL Fetch quota used up turns the switch off (its
 * triggers are deleted) and leaves a note the sidebar shows.
 */

import { MENU_RUN_BUDGET_MS } from '../core/limits';
import { noToken } from '../core/messages';
import type { AutoImportView, ImportProgress } from '../shared/contracts';
import { t } from '../shared/i18n';
import { UserError } from './errors';
import { quotaResetText } from './fetch-meter';
import { runWholeImport } from './importer';
import { userMessage } from './menu';
import { accountForSheet } from './partner';
import { handleOptOutsAutomatically, optOutsNote } from './removal-auto';
import { sentNothing, turnsAutoImportOff } from './run-log';
import { formatTime, loadContext, requirePhoneColumn } from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Trigger = GoogleAppsScript.Script.Trigger;

/** Names of the global functions the triggers call (exported from main.ts). */
const HOURLY_HANDLER = 'autoImportHourly';
const FORM_HANDLER = 'autoImportOnFormSubmit';

const SHEET_KEY = 'bp.auto.sheet.';
const TRIGGER_KEY = 'bp.auto.trigger.';
/** Below this, a run would not get through one wave of requests; the next trigger goes on. */
const MIN_RUN_MS = 30_000;

interface SheetAutoState {
  on: boolean;
  owner: string;
  kind: 'form' | 'hourly';
  lastRun: string | null;
  note: string | null;
}

interface TriggerRecord {
  owner: string;
  sheetIds: number[];
}

const documentStore = () => PropertiesService.getDocumentProperties();
const me = () => Session.getEffectiveUser().getEmail();
const spreadsheet = () => SpreadsheetApp.getActiveSpreadsheet();

function readJson<T>(key: string): T | null {
  const raw = documentStore().getProperty(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}

function readSheetState(sheetId: number): SheetAutoState | null {
  const state = readJson<SheetAutoState>(SHEET_KEY + sheetId);
  return state && typeof state.owner === 'string' ? state : null;
}

function saveSheetState(sheetId: number, state: SheetAutoState): void {
  documentStore().setProperty(SHEET_KEY + sheetId, JSON.stringify(state));
}

function readTriggerRecord(uid: string): TriggerRecord | null {
  const record = readJson<TriggerRecord>(TRIGGER_KEY + uid);
  return record && Array.isArray(record.sheetIds) ? record : null;
}

const needsTriggerPermission = () => t('auto.needsPermission');

/** This user's triggers of this document that call our handlers. */
function myTriggers(): Trigger[] {
  return ScriptApp.getUserTriggers(spreadsheet()).filter((t) =>
    [HOURLY_HANDLER, FORM_HANDLER].includes(t.getHandlerFunction()),
  );
}

/** Trigger calls refused for a missing scope become a sentence saying which permission to grant. */
function withTriggerPermission<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (/permission/i.test(String(error))) throw new UserError(needsTriggerPermission());
    throw error;
  }
}

/** Removes a sheet from this user's triggers; a trigger left serving no sheet is deleted. */
function detachSheet(sheetId: number, triggers = myTriggers()): void {
  for (const trigger of triggers) {
    const uid = trigger.getUniqueId();
    const record = readTriggerRecord(uid);
    const sheetIds = (record?.sheetIds ?? []).filter((id) => id !== sheetId);
    if (sheetIds.length > 0) {
      documentStore().setProperty(TRIGGER_KEY + uid, JSON.stringify({ owner: me(), sheetIds }));
    } else {
      ScriptApp.deleteTrigger(trigger);
      documentStore().deleteProperty(TRIGGER_KEY + uid);
    }
  }
}

/** False when the user removed their trigger elsewhere (Apps Script's Triggers page). */
function stillInstalled(sheetId: number): boolean {
  try {
    return myTriggers().some((t) => readTriggerRecord(t.getUniqueId())?.sheetIds.includes(sheetId));
  } catch {
    return true; // triggers cannot be listed without the permission: say what was saved
  }
}

function viewOf(sheet: Sheet): AutoImportView {
  const state = readSheetState(sheet.getSheetId());
  const on = state?.on === true && (state.owner !== me() || stillInstalled(sheet.getSheetId()));
  return {
    sheetName: sheet.getName(),
    on,
    owner: on ? state.owner : null,
    mine: on && state.owner === me(),
    kind: on ? state.kind : null,
    lastRun: state?.lastRun ?? null,
    note: state?.note ?? null,
    optOuts: on ? optOutsNote(sheet) : null,
  };
}

export function getAutoImport(sheet: Sheet): AutoImportView {
  return viewOf(sheet);
}

/**
 * Switches the sheet's automatic import on (creating this user's triggers once) or off (deleting
 * them when no other sheet uses them).
 */
export function setAutoImport(sheet: Sheet, on: boolean): AutoImportView {
  return withTriggerPermission(() => switchAutoImport(sheet, on));
}

function switchAutoImport(sheet: Sheet, on: boolean): AutoImportView {
  const sheetId = sheet.getSheetId();
  const previous = readSheetState(sheetId);
  if (!on) {
    detachSheet(sheetId);
    if (previous) saveSheetState(sheetId, { ...previous, on: false, note: null });
    return viewOf(sheet);
  }
  // The account its runs will use: the token, or in partner mode the sheet's customer.
  accountForSheet(sheetId);
  requirePhoneColumn(loadContext(sheet));
  const withForm = Boolean(spreadsheet().getFormUrl());
  const handlers = withForm ? [FORM_HANDLER, HOURLY_HANDLER] : [HOURLY_HANDLER];
  const existing = myTriggers();
  for (const handler of handlers) {
    let trigger = existing.find((t) => t.getHandlerFunction() === handler);
    if (!trigger) {
      const builder = ScriptApp.newTrigger(handler);
      trigger =
        handler === FORM_HANDLER
          ? builder.forSpreadsheet(spreadsheet()).onFormSubmit().create()
          : builder.timeBased().everyHours(1).create();
    }
    const uid = trigger.getUniqueId();
    const sheetIds = readTriggerRecord(uid)?.sheetIds ?? [];
    if (!sheetIds.includes(sheetId)) sheetIds.push(sheetId);
    documentStore().setProperty(TRIGGER_KEY + uid, JSON.stringify({ owner: me(), sheetIds }));
  }
  saveSheetState(sheetId, {
    on: true,
    owner: me(),
    kind: withForm ? 'form' : 'hourly',
    lastRun: previous?.lastRun ?? null,
    note: null,
  });
  return viewOf(sheet);
}

/** Trigger executions have no user interface: Apps Script refuses getUi() in them. */
function runsInTrigger(): boolean {
  try {
    SpreadsheetApp.getUi();
    return false;
  } catch {
    return true;
  }
}

/**
 * The trigger behind an event, when the event is one Apps Script made for one of this user's
 * triggers. Every global function can also be called from a browser through google.script.run:
 * such a call has a UI (a trigger run has none) and carries plain data only (a form event's
 * `range` has methods), and the event must name one of this user's triggers by its id.
 */
function triggerOf(event: unknown, handler: string): (TriggerRecord & { uid: string }) | null {
  const e = event as { triggerUid?: unknown; range?: { getSheet?: unknown } } | null;
  if (!e || typeof e !== 'object' || typeof e.triggerUid !== 'string') return null;
  if (!runsInTrigger()) return null;
  if (handler === FORM_HANDLER && typeof e.range?.getSheet !== 'function') return null;
  const uid = e.triggerUid;
  const trigger = myTriggers().find((t) => t.getUniqueId() === uid && t.getHandlerFunction() === handler);
  if (!trigger) return null;
  return { uid, owner: me(), sheetIds: readTriggerRecord(uid)?.sheetIds ?? [] };
}

/** Why the switch turned itself off, as the sidebar shows it. */
function offNote(progress: ImportProgress | null): string {
  const at = formatTime(new Date());
  if (!progress) return t('auto.offNoToken', { at, reason: noToken() });
  if (progress.stopReason === 'quota') return t('auto.offQuota', { at, resetsAt: quotaResetText() });
  return t('auto.offToken', { at });
}

/** The token and the quota are the user's: when either fails, every sheet their triggers serve stops. */
function turnOffEverything(note: string): void {
  for (const trigger of myTriggers()) {
    const uid = trigger.getUniqueId();
    for (const sheetId of readTriggerRecord(uid)?.sheetIds ?? []) {
      const state = readSheetState(sheetId);
      if (state && state.owner === me()) saveSheetState(sheetId, { ...state, on: false, note });
    }
    ScriptApp.deleteTrigger(trigger);
    documentStore().deleteProperty(TRIGGER_KEY + uid);
  }
}

function lastRunText(progress: ImportProgress): string {
  const what = sentNothing(progress)
    ? t('auto.lastRunNothingNew')
    : progress.state === 'busy'
      ? t('auto.lastRunBusy')
      : progress.message;
  return `${formatTime(new Date())}: ${what}`;
}

/** One automatic run over the given sheets, within one execution's time budget. No UI is touched. */
function runSheets(sheetIds: number[]): void {
  const deadline = Date.now() + MENU_RUN_BUDGET_MS;
  const sheets = spreadsheet().getSheets();
  const user = me();
  for (const sheetId of sheetIds) {
    const state = readSheetState(sheetId);
    const sheet = sheets.find((s) => s.getSheetId() === sheetId);
    if (!state?.on || state.owner !== user || !sheet) {
      detachSheet(sheetId);
      continue;
    }
    if (deadline - Date.now() < MIN_RUN_MS) return;
    let progress: ImportProgress;
    try {
      progress = runWholeImport(sheet, { mode: 'auto' }, deadline - Date.now());
    } catch (error) {
      if (error instanceof UserError && error.message === noToken()) {
        turnOffEverything(offNote(null));
        return;
      }
      saveSheetState(sheetId, { ...state, lastRun: `${formatTime(new Date())}: ${userMessage(error)}` });
      continue;
    }
    if (turnsAutoImportOff(progress)) {
      saveSheetState(sheetId, { ...state, lastRun: lastRunText(progress) });
      turnOffEverything(offNote(progress));
      return;
    }
    // BotPenguin is not answering: opt-outs and the other sheets would only spend attempts on it too.
    const optOuts =
      progress.stopReason === 'outage' ? null : handleOptOutsAutomatically(sheet, deadline - Date.now());
    saveSheetState(sheetId, { ...state, lastRun: lastRunText(progress) + (optOuts ? ` ${optOuts}` : '') });
    if (progress.stopReason === 'outage') return;
  }
}

/** The hourly trigger: every sheet this trigger serves. */
export function runHourly(event: unknown): void {
  const trigger = triggerOf(event, HOURLY_HANDLER);
  if (!trigger) {
    console.warn(`${HOURLY_HANDLER} was called without its trigger's event; nothing was done.`);
    return;
  }
  runSheets(trigger.sheetIds);
}

/** A Google Form response arrived: import its sheet now, if this trigger serves that sheet. */
export function runOnFormSubmit(event: unknown): void {
  const trigger = triggerOf(event, FORM_HANDLER);
  if (!trigger) {
    console.warn(`${FORM_HANDLER} was called without a form response event; nothing was done.`);
    return;
  }
  const range = (event as { range: GoogleAppsScript.Spreadsheet.Range }).range;
  const sheetId = range.getSheet().getSheetId();
  if (trigger.sheetIds.includes(sheetId)) runSheets([sheetId]);
}
