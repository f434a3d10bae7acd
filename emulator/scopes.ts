/**
 * Which service calls need authorization, and which OAuth scopes: the one table the emulator
 * checks every counted service call against (Runtime.call). Sources: each method's
 * "Authorization" section in Google's Apps Script reference, and the editor add-on
 * authorization guide (AuthMode.NONE allows only calls that need no authorization).
 */
import { MESSAGES } from './messages';

const SCOPE = 'https://www.googleapis.com/auth/';
export const SCOPES = {
  spreadsheetsCurrentOnly: `${SCOPE}spreadsheets.currentonly`,
  spreadsheets: `${SCOPE}spreadsheets`,
  externalRequest: `${SCOPE}script.external_request`,
  containerUi: `${SCOPE}script.container.ui`,
  scriptApp: `${SCOPE}script.scriptapp`,
  userinfoEmail: `${SCOPE}userinfo.email`,
} as const;

interface Requirement {
  /** Any one of these scopes suffices; empty = authorization needed but no scope (Properties...). */
  anyOf: string[];
}

const CURRENT_SPREADSHEET: Requirement = { anyOf: [SCOPES.spreadsheetsCurrentOnly, SCOPES.spreadsheets] };
const ANY_SPREADSHEET: Requirement = { anyOf: [SCOPES.spreadsheets] };
const EXTERNAL_REQUEST: Requirement = { anyOf: [SCOPES.externalRequest] };
const CONTAINER_UI: Requirement = { anyOf: [SCOPES.containerUi] };
const SCRIPT_APP: Requirement = { anyOf: [SCOPES.scriptApp] };
// Session reference, getActiveUser() / getEffectiveUser(), "Authorization": userinfo.email.
// getActiveUserLocale, getScriptTimeZone and getTemporaryActiveUserKey list no scope.
const USER_EMAIL: Requirement = { anyOf: [SCOPES.userinfoEmail] };
const AUTHORIZED_NO_SCOPE: Requirement = { anyOf: [] };

/** Exact call kinds (counter names) and the kinds' prefixes that need authorization. */
const BY_KIND: Record<string, Requirement> = {
  'SpreadsheetApp.getActive': CURRENT_SPREADSHEET,
  'SpreadsheetApp.getActiveSpreadsheet': CURRENT_SPREADSHEET,
  'SpreadsheetApp.getActiveSheet': CURRENT_SPREADSHEET,
  'SpreadsheetApp.getActiveRange': CURRENT_SPREADSHEET,
  'SpreadsheetApp.getActiveRangeList': CURRENT_SPREADSHEET,
  'SpreadsheetApp.openById': ANY_SPREADSHEET,
  'SpreadsheetApp.openByUrl': ANY_SPREADSHEET,
  'UrlFetchApp.fetch': EXTERNAL_REQUEST,
  'UrlFetchApp.fetchAll': EXTERNAL_REQUEST,
  'Ui.alert': CONTAINER_UI,
  'Ui.prompt': CONTAINER_UI,
  'Ui.showSidebar': CONTAINER_UI,
  'Ui.showModalDialog': CONTAINER_UI,
  'Ui.showModelessDialog': CONTAINER_UI,
  'HtmlService.createHtmlOutputFromFile': CONTAINER_UI,
  'HtmlService.createTemplateFromFile': CONTAINER_UI,
  'HtmlService.createHtmlOutput': CONTAINER_UI,
  'ScriptApp.TriggerBuilder.create': SCRIPT_APP,
  'ScriptApp.getUserTriggers': SCRIPT_APP,
  'ScriptApp.getProjectTriggers': SCRIPT_APP,
  'ScriptApp.deleteTrigger': SCRIPT_APP,
  'Session.getActiveUser': USER_EMAIL,
  'Session.getEffectiveUser': USER_EMAIL,
};
const BY_PREFIX: [string, Requirement][] = [
  ['PropertiesService.', AUTHORIZED_NO_SCOPE],
  ['CacheService.', AUTHORIZED_NO_SCOPE],
  ['LockService.', AUTHORIZED_NO_SCOPE],
];

function requirementOf(kind: string): Requirement | null {
  const exact = BY_KIND[kind];
  if (exact) return exact;
  for (const [prefix, requirement] of BY_PREFIX) if (kind.startsWith(prefix)) return requirement;
  return null;
}

/** Calls that need a user interface: they throw in trigger executions. */
const NEEDS_UI = new Set(['SpreadsheetApp.getUi', 'Spreadsheet.toast']);

/**
 * The scopes the user granted: the manifest's oauthScopes (all scopes when the manifest lists
 * none, as Apps Script then detects them from the code), minus the ones revoked through
 * `em.auth.revoke` (granular consent: the user unticked one).
 */
export class Authorization {
  /** Per user: each user grants the add-on's scopes for themselves. */
  private readonly revoked = new Map<string, Set<string>>();
  constructor(
    private readonly manifestScopes: string[] | null,
    /** The user whose authority the running execution has (the trigger's owner in a trigger). */
    private readonly currentUser: () => string = () => '',
  ) {}

  private revokedOf(user: string): Set<string> {
    let set = this.revoked.get(user);
    if (!set) {
      set = new Set();
      this.revoked.set(user, set);
    }
    return set;
  }
  revoke(scope: string, user = this.currentUser()): void {
    this.revokedOf(user).add(scope);
  }
  grant(scope: string, user = this.currentUser()): void {
    this.revokedOf(user).delete(scope);
  }
  has(scope: string, user = this.currentUser()): boolean {
    if (this.revokedOf(user).has(scope)) return false;
    return this.manifestScopes === null || this.manifestScopes.includes(scope);
  }
  /** What ScriptApp.getAuthorizationInfo reports: the manifest's scopes this user has not granted. */
  missing(user = this.currentUser()): string[] {
    return (this.manifestScopes ?? []).filter((scope) => !this.has(scope, user));
  }

  /** Returns the error text for a refused call, or null when the call may go ahead. */
  refusal(kind: string, authMode: string | undefined, hasUi: boolean): string | null {
    if (!hasUi && NEEDS_UI.has(kind)) return MESSAGES.noUiContext;
    const requirement = requirementOf(kind);
    if (!requirement) return null;
    const missingScope = requirement.anyOf.length > 0 && !requirement.anyOf.some((scope) => this.has(scope));
    if (authMode === 'NONE' || missingScope) return MESSAGES.noPermission(kind, requirement.anyOf);
    return null;
  }
}
