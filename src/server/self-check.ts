/**
 * "Check this installation": asks the real Apps Script what no test here can — the scopes this
 * user granted, what a one-off time-driven run sees, whether a plain-text cell keeps a leading
 * apostrophe, whether the API host passes the manifest's allowlist, what fetchAll does when
 * one request fails, and whether module state survives into a later execution — and writes each answer to the run log in the user's language. The answers
 * the code depends on are kept as platform facts (platform-facts.ts).
 */
import { readFetchException } from '../core/responses';
import { t } from '../shared/i18n';
import { ADDON_NAME } from './config';
import { noteFetchRequests } from './fetch-meter';
import { type PlatformFacts, readPlatformFacts, savePlatformFacts } from './platform-facts';
import { logSelfCheck } from './run-log';
import { getApiHost } from './settings';

const SELF_CHECK_HANDLER = 'selfCheckTrigger';
/** The one-off trigger runs at least this long after the check (ClockTriggerBuilder.after). */
const TRIGGER_DELAY_MS = 60_000;
/** A path the API does not have: its request fails with an HTTP error. */
const MISSING_PATH = 'sheets-add-on-self-check/not-a-page';
const PROBE_TEXT = "'0012 self-check";
/** Set by the menu's check; the trigger's run a minute later looks for it (moduleStateAnswer). */
let moduleStateMark: string | null = null;

/** The menu item: every check that can run now, and the one-off trigger for the rest. */
export function checkInstallation(): void {
  const answers = [
    scopesAnswer(),
    apostropheAnswer(),
    ...fetchAnswers(),
    ...lastTriggerAnswers(),
    scheduleTriggerCheck(),
  ];
  leaveModuleStateMark();
  logSelfCheck('menu', answers);
  const ui = SpreadsheetApp.getUi();
  ui.alert(ADDON_NAME, t('check.done', { answers: answers.join('\n') }), ui.ButtonSet.OK);
}

type AuthorizationInfo = GoogleAppsScript.Script.AuthorizationInfo & {
  getAuthorizedScopes(): string[] | null;
};

/**
 * AuthMode.FULL: REQUIRED when some scope of the manifest is not granted (granular consent lets a
 * user untick one). The bundle names no scope (it fetches no URL it does not list), so a missing
 * one is told as the scopes that are granted, by their last part.
 */
function scopesAnswer(): string {
  // getAuthorizedScopes() is in Google's reference (AuthorizationInfo) but not yet in
  // @types/google-apps-script.
  const info = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL) as AuthorizationInfo;
  if (info.getAuthorizationStatus() !== ScriptApp.AuthorizationStatus.REQUIRED) return t('check.scopesAll');
  const granted = (info.getAuthorizedScopes() ?? []).map((scope) => scope.replace(/^.*\//, ''));
  return t('check.scopesMissing', { scopes: granted.join(', ') || '-' });
}

/** Writes an apostrophe-led text to a plain-text cell of a temporary tab and reads it back. */
function apostropheAnswer(): string {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const active = spreadsheet.getActiveSheet();
  const probe = spreadsheet.insertSheet(`${ADDON_NAME} check ${Date.now()}`);
  try {
    const cell = probe.getRange(1, 1).setNumberFormat('@');
    cell.setValue(PROBE_TEXT);
    SpreadsheetApp.flush();
    const kept = String(cell.getValue()) === PROBE_TEXT;
    savePlatformFacts({ plainTextKeepsApostrophe: kept, checkedAt: Date.now() });
    return t(kept ? 'check.apostropheKept' : 'check.apostropheDropped');
  } finally {
    spreadsheet.deleteSheet(probe);
    active.activate();
  }
}

/** The allowlist (one request) and fetchAll with one failing request, to the API host. */
function fetchAnswers(): string[] {
  const host = getApiHost();
  try {
    UrlFetchApp.fetch(host + MISSING_PATH, { muteHttpExceptions: true, followRedirects: false });
    noteFetchRequests(1);
  } catch (error) {
    const reason = String(error instanceof Error ? error.message : error);
    const read = readFetchException(reason);
    const refused = read.kind === 'refused-by-apps-script' && read.reason === 'host-not-allowed';
    return [t(refused ? 'check.hostRefused' : 'check.hostUnreachable', { host, reason })];
  }
  const allowed = t('check.hostAllowed', { host });
  // Both requests reach the host whether or not fetchAll throws: the meter counts them either way.
  noteFetchRequests(2);
  try {
    const responses = UrlFetchApp.fetchAll([
      { url: host + MISSING_PATH, muteHttpExceptions: false, followRedirects: false },
      { url: host + MISSING_PATH, muteHttpExceptions: true, followRedirects: false },
    ]);
    return [allowed, t('check.fetchAllPerRequest', { status: responses[0].getResponseCode() })];
  } catch {
    return [allowed, t('check.fetchAllThrows')];
  }
}

/**
 * Creates the one-off trigger whose run records what a time-driven execution sees. An add-on has
 * one trigger of each kind per user and document, so with automatic import on here it waits.
 */
function scheduleTriggerCheck(): string {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  removeCheckTriggers(spreadsheet);
  const clock = ScriptApp.getUserTriggers(spreadsheet).filter(
    (trigger) => trigger.getEventType() === ScriptApp.EventType.CLOCK,
  );
  if (clock.length > 0) return t('check.triggerBusy');
  try {
    ScriptApp.newTrigger(SELF_CHECK_HANDLER).timeBased().after(TRIGGER_DELAY_MS).create();
  } catch (error) {
    return t('check.triggerNotCreated', { reason: String(error instanceof Error ? error.message : error) });
  }
  return t('check.triggerScheduled');
}

/** A mark in module state and in the platform facts: the trigger's run compares the two. */
function leaveModuleStateMark(): void {
  moduleStateMark = Utilities.getUuid();
  savePlatformFacts({ moduleStateMark, moduleStateSurvives: undefined });
}

/** Deletes this user's check triggers in this document: a spent one, or one not yet run. */
export function removeCheckTriggers(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  for (const trigger of ScriptApp.getUserTriggers(spreadsheet))
    if (trigger.getHandlerFunction() === SELF_CHECK_HANDLER) ScriptApp.deleteTrigger(trigger);
}

/**
 * The one-off trigger's run: records what it sees, deletes itself (found in the list, or else by
 * its id among the project's triggers), and logs the answers when it can see the document.
 */
export function runTriggerCheck(event: unknown): void {
  const uid = (event as { triggerUid?: unknown } | null)?.triggerUid;
  // Like every global function it can be called from the sidebar's page: only a run with no UI
  // (a trigger's) may record what a trigger sees.
  if (typeof uid !== 'string' || hasUi()) return;
  let spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
  try {
    spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  } catch {
    spreadsheet = null;
  }
  let listed: GoogleAppsScript.Script.Trigger[] = [];
  try {
    listed = spreadsheet ? ScriptApp.getUserTriggers(spreadsheet) : [];
  } catch {
    listed = [];
  }
  const own = listed.find((trigger) => trigger.getUniqueId() === uid);
  let lock: GoogleAppsScript.Lock.Lock | null = null;
  try {
    lock = LockService.getDocumentLock();
  } catch {
    lock = null;
  }
  const stored = readPlatformFacts().moduleStateMark;
  const facts: PlatformFacts = {
    ...(stored ? { moduleStateSurvives: moduleStateMark === stored } : {}),
    clockHasSpreadsheet: spreadsheet !== null,
    clockListsOwnTrigger: own !== undefined,
    clockHasDocumentLock: lock !== null,
    checkedAt: Date.now(),
  };
  savePlatformFacts(facts);
  const self = own ?? ScriptApp.getProjectTriggers().find((trigger) => trigger.getUniqueId() === uid);
  if (self) ScriptApp.deleteTrigger(self);
  const answers = lastTriggerAnswers();
  console.log(answers.join('\n'));
  if (spreadsheet) logSelfCheck('automatic', answers);
}

function hasUi(): boolean {
  try {
    SpreadsheetApp.getUi();
    return true;
  } catch {
    return false;
  }
}

/** What the last one-off trigger run saw, for the menu's answers (it may not see the log tab). */
function lastTriggerAnswers(): string[] {
  const facts = readPlatformFacts();
  if (facts.clockListsOwnTrigger === undefined) return [];
  return [
    t(facts.clockHasSpreadsheet ? 'check.clockSpreadsheetYes' : 'check.clockSpreadsheetNo'),
    t(facts.clockListsOwnTrigger ? 'check.clockListsYes' : 'check.clockListsNo'),
    t(facts.clockHasDocumentLock ? 'check.clockLockYes' : 'check.clockLockNo'),
    ...(facts.moduleStateSurvives === undefined
      ? []
      : [t(facts.moduleStateSurvives ? 'check.moduleStateKept' : 'check.moduleStateFresh')]),
  ];
}
