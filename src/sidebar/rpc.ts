/**
 * A typed Promise wrapper over google.script.run. The function names and types come from
 * ServerApi, so a renamed or re-typed server function breaks the sidebar's build too.
 */

import type { ServerApi } from '../shared/contracts';
import { t } from '../shared/i18n';

/** What google.script.run can carry: primitives and plain objects/arrays of them. */
type Transportable<T> = T extends string | number | boolean | null | undefined
  ? true
  : T extends (...args: never[]) => unknown
    ? false
    : T extends readonly (infer Item)[]
      ? Transportable<Item>
      : T extends object
        ? // Dates and class instances fail here through their methods.
          { [K in keyof T]-?: Transportable<T[K]> }[keyof T] extends true
          ? true
          : false
        : false;

type AllTrue<T extends Record<string, boolean>> = T[keyof T] extends true ? true : false;
type Assert<T extends true> = T;

/**
 * Compile-time proof that every ServerApi argument and result can cross google.script.run.
 * @public (exported only so that it is type-checked as used)
 */
export type ServerApiIsTransportable = Assert<
  AllTrue<{
    [K in keyof ServerApi]: Transportable<Parameters<ServerApi[K]>> extends true
      ? Transportable<ReturnType<ServerApi[K]>>
      : false;
  }>
>;

type ServerFunctions = { [K in keyof ServerApi]: (...args: Parameters<ServerApi[K]>) => void };

/** google.script.run as Apps Script's client library provides it, narrowed to ServerApi. */
interface ScriptRunner extends ServerFunctions {
  withSuccessHandler(handler: (value: unknown, userObject?: unknown) => void): ScriptRunner;
  withFailureHandler(handler: (error: Error, userObject?: unknown) => void): ScriptRunner;
  withUserObject(userObject: unknown): ScriptRunner;
}

interface ScriptHost {
  close(): void;
  editor: { focus(): void };
}

declare global {
  interface Window {
    google?: { script?: { run?: ScriptRunner; host?: ScriptHost } };
  }
}

export type ServerClient = {
  [K in keyof ServerApi]: (...args: Parameters<ServerApi[K]>) => Promise<ReturnType<ServerApi[K]>>;
};

/**
 * With several Google accounts signed in, google.script.run can run as an account that has not
 * authorised the add-on, and fails with PERMISSION_DENIED or "Authorization is required to perform
 * that action" (Google issue tracker 69270374). The text helps no one; this says what to do.
 */
const SEVERAL_ACCOUNTS_FAILURE = /PERMISSION_DENIED|Authorization is required to perform that action/i;

/** Apps Script's own words when it stops a call at its 6-minute limit (Quotas page). */
const TIME_LIMIT_FAILURE = /Exceeded maximum execution time/i;

/**
 * Turns whatever the failure handler received into one sentence a marketer can act on: drops the
 * "Error:"/"Exception:" prefixes Apps Script adds and any stack lines that slipped through.
 */
export function toSentence(error: unknown): string {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  if (SEVERAL_ACCOUNTS_FAILURE.test(raw)) return t('sidebar.severalAccounts');
  if (TIME_LIMIT_FAILURE.test(raw)) return t('sidebar.timeLimit');
  const firstLine = raw.split('\n')[0].trim();
  const text = firstLine.replace(/^(?:(?:Script)?Error|Exception|TypeError|ReferenceError):\s*/i, '').trim();
  if (/^NetworkError\b|HTTP 0\b/i.test(text)) return t('sidebar.lostContact');
  if (!text || /^\s*at\s/.test(text)) return t('sidebar.serverError');
  return text;
}

function scriptRunner(): ScriptRunner | null {
  return window.google?.script?.run ?? null;
}

function call<K extends keyof ServerApi>(
  name: K,
  args: Parameters<ServerApi[K]>,
): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    const run = scriptRunner();
    if (!run) {
      reject(new Error(t('sidebar.notInSheets')));
      return;
    }
    const runner = run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler((error) => reject(new Error(toSentence(error))));
    (runner[name] as (...callArgs: Parameters<ServerApi[K]>) => void)(...args);
  });
}

export const server: ServerClient = {
  getSettings: () => call('getSettings', []),
  saveSettings: (...args) => call('saveSettings', args),
  testConnection: () => call('testConnection', []),
  getColumns: () => call('getColumns', []),
  previewSelection: () => call('previewSelection', []),
  startImport: (...args) => call('startImport', args),
  continueImport: (...args) => call('continueImport', args),
  cancelImport: (...args) => call('cancelImport', args),
  startExport: (...args) => call('startExport', args),
  continueExport: (...args) => call('continueExport', args),
  getSheetSummary: () => call('getSheetSummary', []),
  selectRowsWithStatus: (...args) => call('selectRowsWithStatus', args),
  clearStatusOfSelection: () => call('clearStatusOfSelection', []),
  getAccountTags: (...args) => call('getAccountTags', args),
  openLog: () => call('openLog', []),
  getAutoImport: () => call('getAutoImport', []),
  setAutoImport: (...args) => call('setAutoImport', args),
  getUrlFetchUsage: () => call('getUrlFetchUsage', []),
  testPartnerConnection: () => call('testPartnerConnection', []),
  listCustomers: (...args) => call('listCustomers', args),
  chooseCustomer: (...args) => call('chooseCustomer', args),
  getOptOutCount: () => call('getOptOutCount', []),
  getOptOutSettings: () => call('getOptOutSettings', []),
  saveOptOutSettings: (...args) => call('saveOptOutSettings', args),
  planRemoval: (...args) => call('planRemoval', args),
  startRemoval: (...args) => call('startRemoval', args),
  continueRemoval: (...args) => call('continueRemoval', args),
  cancelRemoval: (...args) => call('cancelRemoval', args),
};
