/**
 * What the real Apps Script does where Google's pages are silent, as "Check this installation"
 * (self-check.ts) observed it on this deployment. The code asks here, never the platform
 * directly; with no stored answer each question gets the stricter reading. The answers are the
 * deployment's, not a user's or a document's: they live in script properties.
 */

const FACTS_KEY = 'platformFacts';

export interface PlatformFacts {
  /** When the answers were observed (ms since epoch). */
  checkedAt?: number;
  /** A time-driven execution has an active spreadsheet. */
  clockHasSpreadsheet?: boolean;
  /** ScriptApp.getUserTriggers(ss) in a time-driven execution lists the trigger that runs it. */
  clockListsOwnTrigger?: boolean;
  /** LockService.getDocumentLock() is not null in a time-driven execution. */
  clockHasDocumentLock?: boolean;
  /** A plain-text ('@') cell keeps a written leading apostrophe as part of its text. */
  plainTextKeepsApostrophe?: boolean;
  /** The mark the menu's check left in module state (moduleStateSurvives compares it). */
  moduleStateMark?: string;
  /** The one-off trigger's run still saw that mark: module state survived from one execution to
   * the next. Only reported: the code never relies on it either way (main.ts `entry`). */
  moduleStateSurvives?: boolean;
}

export function readPlatformFacts(): PlatformFacts {
  try {
    const raw = PropertiesService.getScriptProperties().getProperty(FACTS_KEY);
    const parsed = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object' ? (parsed as PlatformFacts) : {};
  } catch {
    return {};
  }
}

export function savePlatformFacts(patch: PlatformFacts): PlatformFacts {
  const facts = { ...readPlatformFacts(), ...patch };
  PropertiesService.getScriptProperties().setProperty(FACTS_KEY, JSON.stringify(facts));
  return facts;
}

/**
 * Whether a time-driven run may trust getUserTriggers to list the trigger that runs it.
 * Unknown: no (the run then identifies its trigger by the record written at switch-on).
 */
export function clockListsOwnTrigger(): boolean {
  return readPlatformFacts().clockListsOwnTrigger === true;
}

/**
 * The lock that serialises imports of this document. Where there is no document lock (unknown
 * for time-driven runs) the script lock stands in: it serialises more than needed, never less.
 */
export function documentLock(): GoogleAppsScript.Lock.Lock {
  return LockService.getDocumentLock() ?? LockService.getScriptLock();
}
