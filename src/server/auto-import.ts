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
 *
 * Several people edit one document; each trigger runs with its creator's authority (Session
 * reference, getEffectiveUser). Users are told apart by identity.ts's key (user properties), never
 * by email, which Google may leave blank. An automatic run continues only the Queued rows of jobs
 * its owner started (job-store.ts), never rows another person's run left Queued.
 * Add-on triggers send no failure email, so every failure is recorded where the owner looks: the
 * sheet's record (the sidebar's Automation section), the run log, and when the execution cannot
 * see the document at all, the owner's user properties.
 */

import { MENU_RUN_BUDGET_MS } from '../core/limits';
import { noToken } from '../core/messages';
import type { AutoImportView, ImportProgress } from '../shared/contracts';
import { t } from '../shared/i18n';
import { planRunBudget, recordRunTime, runtimeUsage } from './daily-runtime';
import { UserError } from './errors';
import { quotaResetText } from './fetch-meter';
import { myEmail, myKey } from './identity';
import { runWholeImport } from './importer';
import { userMessage } from './menu';
import { accountForSheet } from './partner';
import { clockListsOwnTrigger } from './platform-facts';
import { handleOptOutsAutomatically, optOutsNote } from './removal-auto';
import { logFailedAutomaticRun, sentNothing, turnsAutoImportOff } from './run-log';
import { removeCheckTriggers } from './self-check';
import { sheetById } from './sheet';
import { formatTime, loadContext, requirePhoneColumn } from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
type Trigger = GoogleAppsScript.Script.Trigger;

/** Names of the global functions the triggers call (exported from main.ts). */
const HOURLY_HANDLER = 'autoImportHourly';
const FORM_HANDLER = 'autoImportOnFormSubmit';

const SHEET_KEY = 'bp.auto.sheet.';
const TRIGGER_KEY = 'bp.auto.trigger.';
/** In the owner's user properties: a run that could not reach the document says why here. */
const PROBLEM_KEY = 'bp.auto.problem';
/** An hourly trigger that has not run for this long is shown as not running (owner lost access,
 * trigger removed, or its runs fail before they start). */
const STALE_AFTER_MS = 3 * 60 * 60 * 1000;

interface SheetAutoState {
  on: boolean;
  /** identity.ts key of the user whose trigger serves the sheet. */
  owner: string;
  /** Their email when Google showed it ('' when hidden), for the collaborators' sidebar. */
  ownerEmail?: string;
  kind: 'form' | 'hourly';
  lastRun: string | null;
  /** When it last ran and when it was switched on (ms), to tell a trigger that stopped running. */
  lastRunAt?: number;
  onSince?: number;
  note: string | null;
}

interface TriggerRecord {
  owner: string;
  sheetIds: number[];
}

const documentStore = () => PropertiesService.getDocumentProperties();
const me = () => myKey();
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

/**
 * The sentence for a switch-on that failed: the trigger permission only when Apps Script refused a
 * ScriptApp call for its scope, the 20-trigger limit with what to do, else the error as vetted.
 */
function switchOnFailure(error: unknown): UserError {
  const text = String(error instanceof Error ? error.message : error);
  if (error instanceof UserError) return error;
  if (/permission to call ScriptApp|script\.scriptapp/i.test(text))
    return new UserError(needsTriggerPermission());
  // Quotas page: 20 triggers per user per script (the user's other spreadsheets count too).
  if (/too many triggers/i.test(text)) return new UserError(t('auto.tooManyTriggers'));
  return new UserError(t('auto.switchOnFailed', { reason: userMessage(error) }));
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

/** What the owner's last run could not record in the document (no active spreadsheet). */
function readProblem(): { at: number; text: string } | null {
  const raw = PropertiesService.getUserProperties().getProperty(PROBLEM_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as { at?: unknown; text?: unknown };
    return typeof value.at === 'number' && typeof value.text === 'string'
      ? { at: value.at, text: value.text }
      : null;
  } catch {
    return null;
  }
}

function viewOf(sheet: Sheet): AutoImportView {
  const state = readSheetState(sheet.getSheetId());
  const key = me();
  const mine = state?.owner === key;
  const on = state?.on === true && (!mine || stillInstalled(sheet.getSheetId()));
  const lastRan = state?.lastRunAt ?? state?.onSince ?? null;
  const stale = on && lastRan !== null && Date.now() - lastRan > STALE_AFTER_MS;
  const problem = on && mine ? readProblem() : null;
  return {
    sheetName: sheet.getName(),
    on,
    owner: on ? (state.ownerEmail ?? '') : null,
    mine: on && mine,
    kind: on ? state.kind : null,
    lastRun: state?.lastRun ?? null,
    note: state?.note ?? null,
    notRunningSince: stale && lastRan !== null ? formatTime(new Date(lastRan)) : null,
    problem: problem && (lastRan === null || problem.at > lastRan) ? problem.text : null,
    runtime: on && mine ? runtimeUsage() : null,
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
  const sheetId = sheet.getSheetId();
  if (!on) {
    try {
      detachSheet(sheetId);
    } catch (error) {
      throw switchOnFailure(error);
    }
    const previous = readSheetState(sheetId);
    if (previous && previous.owner === me()) saveSheetState(sheetId, { ...previous, on: false, note: null });
    return viewOf(sheet);
  }
  // The account its runs will use: the token, or in partner mode the sheet's customer.
  accountForSheet(sheetId);
  requirePhoneColumn(loadContext(sheet));
  switchOn(sheet);
  return viewOf(sheet);
}

/**
 * All or nothing: a failure part way (a scope not granted, the 20-trigger limit, a quota) deletes
 * the triggers this call created and puts back the records it changed, so no trigger is left
 * running that nobody switched on.
 */
function switchOn(sheet: Sheet): void {
  const sheetId = sheet.getSheetId();
  const previous = readSheetState(sheetId);
  const created: Trigger[] = [];
  const written = new Map<string, string | null>();
  const store = documentStore();
  const write = (key: string, value: string) => {
    if (!written.has(key)) written.set(key, store.getProperty(key));
    store.setProperty(key, value);
  };
  try {
    const withForm = Boolean(spreadsheet().getFormUrl());
    const handlers = withForm ? [FORM_HANDLER, HOURLY_HANDLER] : [HOURLY_HANDLER];
    const existing = myTriggers();
    // An add-on has one time-driven trigger per user and document: a check's one-off trigger
    // (spent, or not yet run) gives way to the hourly import.
    if (!existing.some((t) => t.getHandlerFunction() === HOURLY_HANDLER)) removeCheckTriggers(spreadsheet());
    for (const handler of handlers) {
      let trigger = existing.find((t) => t.getHandlerFunction() === handler);
      if (!trigger) {
        const builder = ScriptApp.newTrigger(handler);
        trigger =
          handler === FORM_HANDLER
            ? builder.forSpreadsheet(spreadsheet()).onFormSubmit().create()
            : builder.timeBased().everyHours(1).create();
        created.push(trigger);
      }
      const uid = trigger.getUniqueId();
      const sheetIds = readTriggerRecord(uid)?.sheetIds ?? [];
      if (!sheetIds.includes(sheetId)) sheetIds.push(sheetId);
      write(TRIGGER_KEY + uid, JSON.stringify({ owner: me(), sheetIds }));
    }
    const state: SheetAutoState = {
      on: true,
      owner: me(),
      ownerEmail: myEmail(),
      kind: withForm ? 'form' : 'hourly',
      lastRun: previous?.lastRun ?? null,
      onSince: Date.now(),
      note: null,
    };
    write(SHEET_KEY + sheetId, JSON.stringify(state));
    PropertiesService.getUserProperties().deleteProperty(PROBLEM_KEY);
  } catch (error) {
    undoSwitchOn(created, written);
    throw switchOnFailure(error);
  }
}

function undoSwitchOn(created: Trigger[], written: Map<string, string | null>): void {
  try {
    for (const trigger of created) ScriptApp.deleteTrigger(trigger);
    const store = documentStore();
    for (const [key, value] of written) {
      if (value === null) store.deleteProperty(key);
      else store.setProperty(key, value);
    }
  } catch (undoError) {
    // Left for the next switch-on to find and reuse; the user sees the first error.
    console.warn(`Switching automatic import on failed and could not be fully undone: ${String(undoError)}`);
  }
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
function isTriggerEvent(event: unknown): event is { triggerUid: string } {
  const e = event as { triggerUid?: unknown } | null;
  return !!e && typeof e === 'object' && typeof e.triggerUid === 'string';
}

function triggerOf(event: unknown, handler: string): (TriggerRecord & { uid: string }) | null {
  const e = event as { triggerUid?: unknown; range?: { getSheet?: unknown } } | null;
  if (!e || typeof e !== 'object' || typeof e.triggerUid !== 'string') return null;
  if (handler === FORM_HANDLER && typeof e.range?.getSheet !== 'function') return null;
  const uid = e.triggerUid;
  const trigger = myTriggers().find((t) => t.getUniqueId() === uid && t.getHandlerFunction() === handler);
  const record = readTriggerRecord(uid);
  // Google does not say whether a time-driven run's getUserTriggers lists its own trigger; until
  // "Check this installation" saw it does, the record this user wrote at switch-on vouches for it.
  const vouched = handler === HOURLY_HANDLER && !clockListsOwnTrigger() && record?.owner === me();
  if (!trigger && !vouched) return null;
  return { uid, owner: me(), sheetIds: record?.sheetIds ?? [] };
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

/** The sheet's record after a run: what happened and when. */
function afterRun(state: SheetAutoState, lastRun: string): SheetAutoState {
  return { ...state, lastRun, lastRunAt: Date.now() };
}

/** A failure before or outside an import, recorded on the sheet and in the run log. */
function recordFailure(sheet: Sheet | null, sheetId: number, state: SheetAutoState, reason: string): void {
  const line = t('auto.runFailed', { at: formatTime(new Date()), reason });
  saveSheetState(sheetId, afterRun(state, line));
  logFailedAutomaticRun(sheet, sheetId, reason);
}

/** One automatic run over the given sheets, within the day's trigger runtime. No UI is touched. */
function runSheets(sheetIds: number[]): void {
  const plan = planRunBudget(MENU_RUN_BUDGET_MS);
  const deadline = Date.now() + plan.budgetMs;
  const sheets = spreadsheet().getSheets();
  const user = me();
  for (const sheetId of sheetIds) {
    const state = readSheetState(sheetId);
    const sheet = sheetById(sheetId, sheets);
    if (!state?.on || state.owner !== user || !sheet) {
      detachSheet(sheetId);
      continue;
    }
    if (plan.skip) {
      // Saying so once per sheet is enough; the next run with time left goes on.
      saveSheetState(sheetId, afterRun(state, plan.skip));
      continue;
    }
    if (deadline - Date.now() < plan.minRunMs) return;
    let progress: ImportProgress;
    try {
      progress = runWholeImport(sheet, { mode: 'auto' }, deadline - Date.now());
    } catch (error) {
      if (error instanceof UserError && error.message === noToken()) {
        turnOffEverything(offNote(null));
        return;
      }
      recordFailure(sheet, sheetId, state, userMessage(error));
      continue;
    }
    saveSheetState(sheetId, afterRun(state, lastRunText(progress)));
    if (turnsAutoImportOff(progress)) {
      turnOffEverything(offNote(progress));
      return;
    }
    // BotPenguin is not answering: opt-outs and the other sheets would only spend attempts on it too.
    const optOuts =
      progress.stopReason === 'outage' ? null : handleOptOutsAutomatically(sheet, deadline - Date.now());
    if (optOuts) saveSheetState(sheetId, afterRun(state, `${lastRunText(progress)} ${optOuts}`));
    if (progress.stopReason === 'outage') return;
  }
}

/**
 * A trigger run that cannot see its document (no active spreadsheet: Google does not document
 * whether an add-on's time-driven run has one; or the owner lost access) records why in the
 * owner's user properties, which the sidebar shows them, instead of failing unseen.
 */
function documentMissing(): boolean {
  let missing: boolean;
  try {
    missing = !spreadsheet() || !documentStore();
  } catch {
    missing = true;
  }
  if (missing) {
    const text = t('auto.noDocument', {
      at: Utilities.formatDate(new Date(), Session.getScriptTimeZone(), 'yyyy-MM-dd HH:mm'),
    });
    PropertiesService.getUserProperties().setProperty(PROBLEM_KEY, JSON.stringify({ at: Date.now(), text }));
    console.warn(text);
  }
  return missing;
}

/** Every automatic run: its time is recorded against the day's trigger runtime, whatever happens. */
function automaticRun(work: () => void): void {
  const started = Date.now();
  try {
    if (documentMissing()) return;
    work();
  } finally {
    recordRunTime(Date.now() - started);
  }
}

/** The hourly trigger: every sheet this trigger serves. */
export function runHourly(event: unknown): void {
  if (!runsInTrigger() || !isTriggerEvent(event)) {
    console.warn(`${HOURLY_HANDLER} was called without its trigger's event; nothing was done.`);
    return;
  }
  automaticRun(() => {
    const trigger = triggerOf(event, HOURLY_HANDLER);
    if (!trigger) {
      console.warn(`${HOURLY_HANDLER} was called without its trigger's event; nothing was done.`);
      return;
    }
    runSheets(trigger.sheetIds);
  });
}

/** A Google Form response arrived: import its sheet now, if this trigger serves that sheet. */
export function runOnFormSubmit(event: unknown): void {
  if (!runsInTrigger() || !isTriggerEvent(event)) {
    console.warn(`${FORM_HANDLER} was called without a form response event; nothing was done.`);
    return;
  }
  automaticRun(() => {
    const trigger = triggerOf(event, FORM_HANDLER);
    if (!trigger) {
      console.warn(`${FORM_HANDLER} was called without a form response event; nothing was done.`);
      return;
    }
    const range = (event as unknown as { range: GoogleAppsScript.Spreadsheet.Range }).range;
    const sheetId = range.getSheet().getSheetId();
    if (trigger.sheetIds.includes(sheetId)) runSheets([sheetId]);
  });
}
