/**
 * What one execution reads at most once: the active spreadsheet, its time zone, tab ids and the
 * user's properties. Every call to Apps Script costs tens of milliseconds, and a run asks the
 * same questions at its start, per chunk and at its end. Module state may survive into the next
 * execution, which may run as another user in another document, so everything here is forgotten
 * at the start of every execution (main.ts `entry`, and the two functions that do not go
 * through it): nothing here ever answers for another execution, user or document.
 */

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const resets: (() => void)[] = [];

/** Forgets everything below: called first by every execution. */
export function forgetThisExecution(): void {
  for (const reset of resets) reset();
}

/** `read`'s answer, asked once per execution. */
function oncePerExecution<T>(read: () => T): () => T {
  let known: { value: T } | null = null;
  resets.push(() => {
    known = null;
  });
  return () => {
    known ??= { value: read() };
    return known.value;
  };
}

/** A map of answers (per tab, say) that is emptied at the start of every execution. */
export function perExecutionMap<K, V>(): Map<K, V> {
  const map = new Map<K, V>();
  resets.push(() => map.clear());
  return map;
}

/** The spreadsheet the add-on runs in; asked again while there is none (no document open). */
let spreadsheet: Spreadsheet | null = null;
resets.push(() => {
  spreadsheet = null;
});
export function activeSpreadsheet(): Spreadsheet {
  spreadsheet ??= SpreadsheetApp.getActiveSpreadsheet();
  return spreadsheet;
}

/** The spreadsheet's time zone, as its users read times; the script's when it has none. */
export const spreadsheetTimeZone = oncePerExecution(
  () => activeSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone(),
);

/** A tab's id (it never changes, whatever the tab is renamed or moved to). */
const sheetIds = perExecutionMap<Sheet, number>();
export function sheetIdOf(sheet: Sheet): number {
  let id = sheetIds.get(sheet);
  if (id === undefined) {
    id = sheet.getSheetId();
    sheetIds.set(sheet, id);
  }
  return id;
}

/**
 * The user's properties, all read in one call when the first is asked for. The user's own keys
 * that are read here are written through setUserProperty/deleteUserProperty, which keep this copy
 * in step. A value another execution of the same user may change meanwhile and that is updated
 * from its current value (the URL Fetch meter) is read afresh by its module instead.
 */
let userValues: Record<string, string> | null = null;
resets.push(() => {
  userValues = null;
});
const userStore = () => PropertiesService.getUserProperties();

export function userProperty(key: string): string | null {
  // No prototype: a key is only ever what the store holds.
  userValues ??= Object.assign(Object.create(null) as Record<string, string>, userStore().getProperties());
  return userValues[key] ?? null;
}

export function setUserProperty(key: string, value: string): void {
  userStore().setProperty(key, value);
  if (userValues) userValues[key] = value;
}

export function deleteUserProperty(key: string): void {
  userStore().deleteProperty(key);
  if (userValues) delete userValues[key];
}
