/**
 * Every error text the emulator throws into the bundle, in one place.
 *
 * Source notes: "seen" = quoted in public issue threads of real Apps Script projects;
 * "assumed" = not found verbatim in public material, chosen to be strict and easy to change here.
 */
export const MESSAGES = {
  // seen: alpatania/sassafras#8, boilermaker-ben/...#27
  rowsMismatch: (dataRows: number, rangeRows: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${dataRows} but the range has ${rangeRows}.`,
  columnsMismatch: (dataCols: number, rangeCols: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${dataCols} but the range has ${rangeCols}.`,
  // seen: benlcollins/apps_script#1 and many others
  executionTimeExceeded: 'Exceeded maximum execution time',
  // seen (format): "Request failed for https://x returned code 401. Truncated server response: ... (use muteHttpExceptions option to examine full response)"
  httpFailed: (url: string, code: number, truncatedBody: string) =>
    `Request failed for ${url} returned code ${code}. Truncated server response: ${truncatedBody} (use muteHttpExceptions option to examine full response)`,
  // seen: ttsukagoshi/website-monitoring-by-gas#134 ("Exception: Address unavailable: https://...")
  addressUnavailable: (url: string) => `Address unavailable: ${url}`,
  // seen: bradjasper/ImportJSON#78 ("DNS error: http://undefined")
  dnsError: (url: string) => `DNS error: ${url}`,
  // assumed: same "<kind>: <url>" shape as the two above
  timeout: (url: string) => `Timeout: ${url}`,
  // seen: diegomanuel/binance-to-google-sheets#82, grahamearley/FirestoreGoogleAppsScript#135
  notAllowlisted: (url: string) =>
    `Request to ${url} failed because the URL has not been whitelisted in the script manifest.`,
  // seen: nuadi/googlecrestscript#36, Blacksmoke16/GESI#108, joseballester/muFunds#98
  // ("Exception: Service invoked too many times for one day: urlfetch.")
  urlFetchDailyQuota: 'Service invoked too many times for one day: urlfetch.',
  // seen: enuchi/React-Google-Apps-Script#44 ("You do not have permission to call UrlFetchApp.fetch"),
  // oshliaer/google-apps-script-snippets#18 ("You do not have permission to call Ui.showSidebar.
  // Required permissions: https://www.googleapis.com/auth/script.container.ui"). Several
  // alternative scopes are shown as "(a || b)" — assumed from the same family of messages.
  noPermission: (call: string, scopes: string[]) =>
    scopes.length === 0
      ? `You do not have permission to call ${call}`
      : `You do not have permission to call ${call}. Required permissions: ${
          scopes.length === 1 ? scopes[0] : `(${scopes.join(' || ')})`
        }`,
  // seen: benlcollins/SheetSizer#1, davepar/gcalendarsync#93 (time-based trigger)
  noUiContext: 'Cannot call SpreadsheetApp.getUi() from this context.',
  // assumed (shape of the message Apps Script gives for an id it cannot open)
  spreadsheetNotFound: (method: string) =>
    `Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`,
  // assumed: editor add-on trigger restrictions (Google's "Triggers for editor add-ons" page)
  // are documented, the exception texts are not
  addonTriggerExists: (eventType: string) =>
    `This add-on already has a ${eventType} trigger for this user in this document. An add-on can have only one trigger of each type per user per document.`,
  addonClockTooFrequent: 'Add-ons can only create time-based triggers that run at most once per hour.',
  // assumed: Google documents the 2 KB limit (2,082 chars in the fetch reference) but not the text
  urlTooLong: (length: number) => `Limit Exceeded: URLFetch URL Length. (${length} characters)`,
  tooManyHeaders: 'Limit Exceeded: URLFetch headers.',
  invalidUrl: (url: string) => `Invalid argument: ${url}`,
  // seen: joseballester/muFunds#13 (CacheService); assumed identical for PropertiesService values
  argumentTooLarge: (name: string) => `Argument too large: ${name}`,
  // seen: webdigi/GmailScheduler#31, btoews/OctoGAS#16 (time-based triggers past the daily
  // "Triggers total runtime" quota: 90 min/day consumer, 6 h/day Workspace, quotas page)
  triggerRuntimeDaily: 'Service using too much computer time for one day',
  // seen for writes: googleworkspace/apps-script-oauth2#217 ("Service invoked too many times for
  // one day: graphite property writes."); assumed the same text for reads (quotas page:
  // "Properties read/write" 50,000/day consumer, 500,000 Workspace, counted together here)
  propertiesDaily: (kind: 'reads' | 'writes') =>
    `Service invoked too many times for one day: graphite property ${kind}.`,
  // seen: lucasvtiradentes/gcal-sync#115
  propertyQuota: 'You have exceeded the property storage quota. Please remove some properties and try again.',
  // assumed (widely quoted text, not found in this library's corpus)
  lockTimeout: 'Lock timeout: another process was holding the lock for too long.',
  // assumed (widely quoted text)
  tooManyTriggers:
    'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
  // assumed
  sleepTooLong: 'Invalid argument: milliseconds. Utilities.sleep accepts at most 300000 ms.',
  invalidArgument: (name: string) => `Invalid argument: ${name}`,
  rangeNotFound: 'Range not found',
  outOfBounds: 'The coordinates of the range are outside the dimensions of the sheet.',
  sheetNameExists: (name: string) =>
    `A sheet with the name "${name}" already exists. Please enter another name.`,
  htmlFileNotFound: (name: string) => `No HTML file named ${name} was found.`,
  // google.script.run: assumed texts of the client-side failures (the client gets an Error)
  scriptRunNotAFunction: (name: string) => `google.script.run.${name} is not a function`,
  scriptRunIllegalValue: (path: string) => `Failed due to illegal value in property: ${path}`,
  scriptRunIllegalReturn: (path: string) => `Failed due to illegal value in returned property: ${path}`,
} as const;

/**
 * Strict readings where Google's behaviour is unknown or varies. Changing one of these flags
 * is the only edit needed to relax the emulator.
 */
export const STRICT = {
  /** A string starting with '+' or '-' that is not a plain number is stored as a formula
   * ('=' + text), as the Sheets UI does when typing it; its value becomes '#ERROR!'. */
  plusMinusStringsAreFormulas: true,
  /** Once an execution passed 6 minutes, every later service call in it throws, and em.run
   * rethrows even if the bundle caught the error (Apps Script kills the execution). */
  timeLimitKillsExecution: true,
  /** Formulas are not evaluated: a '=' formula cell reads back as '' from getValues. */
  formulasReadAsEmpty: true,
  /** onOpen in AuthMode.NONE may not use Properties/Url fetch (authorization needed). */
  authModeNoneBlocksAuthorizedServices: true,
} as const;
