/**
 * In-memory Apps Script emulator: loads a bundle into a node:vm context with Apps Script's
 * services (see README.md), on a virtual clock with a 6-minute limit per execution.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import vm from 'node:vm';
import { type CellValue, displayValue } from './cell-values';
import { applyFilter, columnPosition, type FilterCriteriaSpec } from './filter';
import { HttpBridge } from './http-bridge';
import { DEFAULT_CPU_FACTOR, type LatencyModel, resolveLatency } from './latency';
import { MESSAGES } from './messages';
import { PendingWrites } from './pending-writes';
import { createRealm, isDate, isPlainObject, toRealm } from './realm';
import {
  type ExecutionKind,
  type ExecutionRecord,
  Runtime,
  type ServiceCallHook,
  VirtualClock,
} from './runtime';
import { Authorization } from './scopes';
import { parseA1, type SheetModel, SpreadsheetModel } from './spreadsheet-model';
import { createSpreadsheetApp, RangeFacade, SpreadsheetFacade } from './spreadsheet-service';
import {
  CacheFacade,
  CacheStore,
  LockFacade,
  LockRegistry,
  PropertiesFacade,
  type PropertyScope,
  PropertyStore,
} from './stores';
import { createTriggerApi } from './trigger-runner';
import { UiRecorder } from './ui';
import { type AccountType, type HttpLogEntry, UrlFetchService } from './url-fetch';
import { type UserOptions, Users } from './users';
import {
  AUTH_MODE,
  createHtmlService,
  createLogging,
  createScriptApp,
  createSession,
  createUtilities,
  type LogEntry,
  type TriggerRecord,
} from './utilities';

export type { FilterCriteriaSpec } from './filter';
export type { LatencyModel } from './latency';
export { DEFAULT_CPU_FACTOR, DEFAULT_LATENCY, EXECUTION_LIMIT_MS } from './latency';
export { MESSAGES, STRICT } from './messages';
export type { ExecutionKind, ExecutionRecord, ServiceCallEvent, ServiceCallHook } from './runtime';
export { SCOPES } from './scopes';
export type { AlertRecord, DialogRecord, MenuRecord, ToastRecord } from './ui';
export { BUTTON, BUTTON_SET } from './ui';
export { URL_FETCH_DAILY_QUOTA, VIRTUAL_LATENCY_HEADER } from './url-fetch';
export type { UserOptions } from './users';
export { DAILY_QUOTAS } from './users';
export { AUTH_MODE } from './utilities';

export interface EmulatorOptions {
  bundlePath?: string;
  bundleSource?: string;
  htmlDir?: string;
  manifest?: Record<string, unknown>;
  hostRoutes?: Record<string, string>;
  timeZone?: string;
  userEmail?: string;
  /** What Session.getActiveUserLocale() returns: the user's Google language, e.g. "es", "pt_BR". Default "en". */
  userLocale?: string;
  latency?: Partial<LatencyModel>;
  fetchTimeoutMs?: number;
  /** Virtual clock start (ms since epoch). Default 2025-01-06T09:00:00Z. */
  startTime?: number;
  spreadsheetName?: string;
  /** Print Logger/console output to stderr as well as capturing it. */
  debug?: boolean;
  /** Virtual ms charged per ms of the bundle's own CPU time (default DEFAULT_CPU_FACTOR = 3;
   * 0 makes plain JavaScript free, for tests that assert exact virtual times). */
  cpuFactor?: number;
  /** Daily URL Fetch quota: 'consumer' 20,000 (default) or 'workspace' 100,000 calls. */
  accountType?: AccountType;
  /** URL Fetch calls the user already made today (Pacific day of startTime). */
  urlFetchUsedToday?: number;
  /** Editor add-on rules for installable triggers (default true: this is an add-on). */
  addOn?: boolean;
  /**
   * Whether a time-driven trigger's execution sees its document: an active spreadsheet, the
   * document's properties and a document lock. Google's pages do not say (REFERENCE: "Not
   * documented"); default true, false runs the stricter reading.
   */
  clockTriggersSeeDocument?: boolean;
  /**
   * Whether ScriptApp.getUserTriggers in a time-driven execution lists the CLOCK triggers, its
   * own among them. Not documented; default true, false runs the stricter reading.
   */
  clockTriggersListThemselves?: boolean;
  /**
   * Whether module state survives from one execution to the next, whoever runs it. Google's pages
   * promise neither; default false (the whole project evaluated afresh for every execution), true
   * runs the other reading: one global reused by every top-level execution.
   */
  moduleStateSurvives?: boolean;
  /** Whether a plain-text ('@') cell keeps a written leading apostrophe. Not documented; default false. */
  plainTextKeepsApostrophe?: boolean;
  /**
   * What UrlFetchApp.fetchAll does when one request gets an HTTP error and muteHttpExceptions is
   * false: 'throws' (default, the whole call) or 'per-request' (each request's response).
   */
  fetchAllOnHttpError?: 'throws' | 'per-request';
  /** Other users of the document (the default user is `userEmail`); see asUser. */
  users?: Record<string, UserOptions>;
  /** The default user's options (locale comes from userLocale). */
  user?: UserOptions;
}

export type { TriggerRun } from './trigger-runner';

export interface SortOptions {
  column: number;
  ascending?: boolean;
  startRow?: number;
}

export type Emulator = ReturnType<typeof createEmulator>;

const DEFAULT_START = Date.UTC(2025, 0, 6, 9, 0, 0);

/** Replaces the context's Date with one reading the virtual clock; instances stay ordinary Dates. */
function installVirtualDate(context: vm.Context, now: () => number): void {
  const install = vm.runInContext(
    `(function (now) {
      var RealDate = Date;
      function VirtualDate(a, b, c, d, e, f, g) {
        if (!new.target) return new RealDate(now()).toString();
        switch (arguments.length) {
          case 0: return new RealDate(now());
          case 1: return new RealDate(a);
          default: return new RealDate(a, b, c === undefined ? 1 : c, d || 0, e || 0, f || 0, g || 0);
        }
      }
      VirtualDate.prototype = RealDate.prototype;
      Object.defineProperty(RealDate.prototype, 'constructor', { value: VirtualDate, writable: true, configurable: true });
      VirtualDate.now = function () { return now(); };
      VirtualDate.parse = RealDate.parse;
      VirtualDate.UTC = RealDate.UTC;
      Object.defineProperty(globalThis, 'Date', { value: VirtualDate, writable: true, configurable: true, enumerable: false });
    })`,
    context,
  ) as (now: () => number) => void;
  install(now);
}

/**
 * A new vm context whose global object is an ordinary one, as in Apps Script's V8. A contextified
 * object (`vm.createContext({})`) answers every global lookup of the bundle (Math, JSON, Object,
 * SpreadsheetApp...) through a C++ interceptor, tens of times slower than a plain lookup: that is
 * Node's overhead, not the script's, and it was charged to the bundle as CPU time. Node without
 * DONT_CONTEXTIFY (older than 20.18) gets the contextified object.
 */
function newGlobal(): vm.Context {
  // Typed as always there; undefined at run time on an older Node.
  const plain: typeof vm.constants.DONT_CONTEXTIFY | undefined = vm.constants?.DONT_CONTEXTIFY;
  return plain === undefined ? vm.createContext({}) : vm.createContext(plain);
}

/** google.script.run's rules for arguments and return values; returns a host-realm copy. */
function cloneForScriptRun(
  value: unknown,
  path: string,
  illegal: (path: string) => string,
  topLevel: boolean,
): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value === undefined) {
    if (topLevel) throw new Error(illegal(path));
    return null;
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => cloneForScriptRun(item, `${path}.${index}`, illegal, false));
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      out[key] = cloneForScriptRun(item, `${path}.${key}`, illegal, false);
    }
    return out;
  }
  throw new Error(illegal(path));
}

/** SpreadsheetApp whose getActive* calls return null while `blind()` holds (a CLOCK execution
 * that does not see its document). */
function withoutDocument<T extends object>(app: T, blind: () => boolean): T {
  const nulled = new Set(['getActive', 'getActiveSpreadsheet', 'getActiveSheet', 'getActiveRange']);
  return new Proxy(app, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver);
      if (typeof name !== 'string' || !nulled.has(name) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        return blind() ? null : result;
      };
    },
  });
}

export function createEmulator(options: EmulatorOptions = {}) {
  const manifest = options.manifest ?? {};
  const manifestTimeZone = typeof manifest.timeZone === 'string' ? manifest.timeZone : undefined;
  const timeZone = options.timeZone ?? manifestTimeZone ?? 'Etc/GMT';
  const userEmail = options.userEmail ?? 'user@example.com';
  const clock = new VirtualClock(options.startTime ?? DEFAULT_START);
  const users = new Users(userEmail, options.accountType ?? 'consumer', () => clock.now());
  users.add(userEmail, { ...options.user, locale: options.userLocale ?? options.user?.locale ?? 'en' });
  for (const [email, userOptions] of Object.entries(options.users ?? {})) users.add(email, userOptions);
  const clockSeesDocument = options.clockTriggersSeeDocument !== false;
  const authorization = new Authorization(
    Array.isArray(manifest.oauthScopes) ? manifest.oauthScopes.map((scope: unknown) => String(scope)) : null,
    () => users.current,
  );
  const runtime = new Runtime(
    clock,
    resolveLatency(options.latency),
    authorization,
    options.cpuFactor ?? DEFAULT_CPU_FACTOR,
  );
  // The default user's calls already made today (other users: UserOptions.urlFetchUsed).
  if (options.urlFetchUsedToday !== undefined)
    users.get(userEmail).urlFetchCalls.setUsed(options.urlFetchUsedToday);
  const pending = new PendingWrites(runtime);
  const model = new SpreadsheetModel(
    'emulated-spreadsheet-id',
    options.spreadsheetName ?? 'Contacts',
    timeZone,
  );
  model.plainTextKeepsApostrophe = options.plainTextKeepsApostrophe === true;
  const ui = new UiRecorder();
  const logs: LogEntry[] = [];
  const triggers: TriggerRecord[] = [];
  const documentProperties = new PropertyStore();
  const scriptProperties = new PropertyStore();
  /** User properties and user cache are the running user's (PropertiesService reference). */
  const storeOf = (scope: PropertyScope): PropertyStore =>
    scope === 'user'
      ? users.active().userProperties
      : scope === 'document'
        ? documentProperties
        : scriptProperties;
  const documentCache = new CacheStore();
  const scriptCache = new CacheStore();
  const cacheOf = (scope: 'user' | 'document' | 'script'): CacheStore =>
    scope === 'user' ? users.active().userCache : scope === 'document' ? documentCache : scriptCache;
  /** A time-driven execution that does not see its document (clockTriggersSeeDocument false). */
  const blindToDocument = () => {
    const kind = runtime.current()?.kind;
    if (kind === 'timeTrigger' && !clockSeesDocument) return true;
    // A trigger whose owner was removed from the document's sharing: assumed to see no document.
    return (kind === 'timeTrigger' || kind === 'formSubmitTrigger') && users.active().lostAccess;
  };
  const locks = new LockRegistry();
  const htmlDir = options.htmlDir ?? (options.bundlePath ? dirname(resolve(options.bundlePath)) : null);

  let bridge: HttpBridge | null = null;
  const getBridge = () => {
    bridge ??= new HttpBridge(options.hostRoutes ?? {}, options.fetchTimeoutMs ?? 5000);
    return bridge;
  };
  const allowlist = Array.isArray(manifest.urlFetchWhitelist)
    ? manifest.urlFetchWhitelist.map((prefix: unknown) => String(prefix))
    : null;
  const urlFetch = new UrlFetchService(runtime, getBridge, {
    allowlist,
    quota: () => users.active().urlFetchCalls,
    fetchAllAnswersEachRequest: options.fetchAllOnHttpError === 'per-request',
  });

  // The global object of the running execution: Apps Script gives every execution a fresh one.
  let context: vm.Context = vm.createContext({});

  const deps = { runtime, model, ui, pending };
  // Authorization (AuthMode.NONE, manifest scopes) is checked for every call in Runtime.call
  // against the table in scopes.ts.
  // Reads and writes count against the running user's daily allowance, whatever the store.
  const properties = (scope: PropertyScope) => () =>
    runtime.call(`PropertiesService.get${scope[0].toUpperCase()}${scope.slice(1)}Properties`, 0, () =>
      scope === 'document' && blindToDocument()
        ? null
        : new PropertiesFacade(runtime, storeOf(scope), scope, () => users.active().propertiesOps),
    );
  const cache = (scope: 'user' | 'document' | 'script', name: string) => () =>
    runtime.call(`CacheService.${name}`, 0, () =>
      scope === 'document' && blindToDocument() ? null : new CacheFacade(runtime, cacheOf(scope)),
    );
  const lock = (scope: 'document' | 'user' | 'script', name: string) => () =>
    runtime.call(`LockService.${name}`, 0, () =>
      scope === 'document' && blindToDocument() ? null : new LockFacade(runtime, locks, scope),
    );
  const logging = createLogging(runtime, logs, options.debug === true);

  const globals: Record<string, unknown> = {
    SpreadsheetApp: withoutDocument(createSpreadsheetApp(deps), blindToDocument),
    UrlFetchApp: {
      fetch: (url: unknown, params?: unknown) => urlFetch.fetch(url, params),
      fetchAll: (requests: unknown) => urlFetch.fetchAll(requests),
      getRequest: (url: unknown, params?: unknown) => urlFetch.getRequest(url, params),
    },
    PropertiesService: {
      getUserProperties: properties('user'),
      getDocumentProperties: properties('document'),
      getScriptProperties: properties('script'),
    },
    CacheService: {
      getUserCache: cache('user', 'getUserCache'),
      getDocumentCache: cache('document', 'getDocumentCache'),
      getScriptCache: cache('script', 'getScriptCache'),
    },
    LockService: {
      getDocumentLock: lock('document', 'getDocumentLock'),
      getUserLock: lock('user', 'getUserLock'),
      getScriptLock: lock('script', 'getScriptLock'),
    },
    HtmlService: createHtmlService(
      runtime,
      () => htmlDir,
      () => context,
    ),
    ScriptApp: createScriptApp({
      runtime,
      triggers,
      currentUser: () => users.active(),
      missingScopes: () => authorization.missing(),
      manifestScopes: () =>
        Array.isArray(manifest.oauthScopes)
          ? manifest.oauthScopes.map((scope: unknown) => String(scope))
          : [],
      documentId: model.id,
      addOn: options.addOn !== false,
      listsClockTriggersInClock: () => options.clockTriggersListThemselves !== false,
    }),
    Session: createSession(
      runtime,
      () => users.active(),
      () => timeZone,
    ),
    Utilities: createUtilities(runtime),
    Logger: logging.Logger,
    console: logging.console,
  };
  const source =
    options.bundleSource ?? (options.bundlePath ? readFileSync(resolve(options.bundlePath), 'utf8') : '');
  const script = new vm.Script(source, { filename: options.bundlePath ?? 'bundle.js' });

  /**
   * A new global object with the services and the bundle evaluated in it, for every execution
   * unless `moduleStateSurvives` (top-level const/let can be declared again in a new one).
   */
  const loadGlobal = (): vm.Context => {
    const fresh = newGlobal();
    // Apps Script documents no Intl API; node:vm already lacks URL, TextEncoder, setTimeout...
    vm.runInContext('delete globalThis.Intl;', fresh);
    installVirtualDate(fresh, () => clock.now());
    for (const [name, value] of Object.entries(globals)) {
      Object.defineProperty(fresh, name, { value, writable: true, configurable: true, enumerable: false });
    }
    context = fresh;
    runtime.realm = createRealm(fresh);
    script.runInContext(fresh);
    return fresh;
  };
  // Once now, so a broken bundle fails at creation and lookups before any run see its functions.
  loadGlobal();

  const lookupFunction = (name: string): ((...args: unknown[]) => unknown) | null => {
    const candidate: unknown = (context as Record<string, unknown>)[name];
    return typeof candidate === 'function' ? (candidate as (...args: unknown[]) => unknown) : null;
  };

  let runDepth = 0;
  /** One execution: fresh 6-minute budget, locks released at the end, logged in executions. */
  const execute = (
    fnName: string,
    args: unknown[],
    authMode: string,
    kind: ExecutionKind,
    makeArgs?: () => unknown[],
    asUser: string = users.current,
  ): unknown =>
    users.as(asUser, () => {
      // A run started from a hook inside another run gets its own global; the outer one resumes with its own.
      const outer = { context, realm: runtime.realm };
      if (!options.moduleStateSurvives || runDepth > 0) loadGlobal();
      runDepth++;
      try {
        return executeInCurrentGlobal(fnName, makeArgs ? makeArgs() : args, authMode, kind);
      } finally {
        runDepth--;
        context = outer.context;
        runtime.realm = outer.realm;
      }
    });

  const executeInCurrentGlobal = (
    fnName: string,
    args: unknown[],
    authMode: string,
    kind: ExecutionKind,
  ): unknown => {
    const fn = lookupFunction(fnName);
    if (!fn) throw new Error(`Script function not found: ${fnName}`);
    const execution = runtime.beginExecution(fnName, authMode, kind);
    const isTrigger = kind === 'timeTrigger' || kind === 'formSubmitTrigger';
    const runtimeQuota = users.active().triggerRuntime;
    if (isTrigger) execution.dailyLeftMs = runtimeQuota.left();
    let failure: unknown;
    try {
      // The day's trigger runtime is used up: Apps Script does not start the handler.
      if (isTrigger && runtimeQuota.left() <= 0) throw runtime.exception(MESSAGES.triggerRuntimeDaily);
      const result = fn(...args.map((arg) => toRealm(runtime.realm, arg)));
      if (execution.killed) throw runtime.exception(MESSAGES.executionTimeExceeded);
      return result;
    } catch (error) {
      // A killed execution ends with Apps Script's time-limit error, whatever the script threw
      // after catching it: the script's own catch cannot answer the caller.
      failure = execution.killed
        ? runtime.exception(execution.killedWith ?? MESSAGES.executionTimeExceeded)
        : error;
      throw failure;
    } finally {
      runtime.pauseCpu(execution);
      // Apps Script applies the script's pending spreadsheet changes when the execution ends.
      pending.flush('endOfExecution', execution.id);
      locks.releaseAllOf(execution.id);
      runtime.endExecution(execution, failure);
      if (isTrigger) runtimeQuota.charge(runtime.clock.now() - execution.startedAt);
    }
  };

  const sheetNamed = (name: string): SheetModel => model.requireSheet(name);
  const gridOf = (sheet: SheetModel, a1: string) => {
    const grid = parseA1(a1, sheet.maxRows, sheet.maxColumns);
    if (!grid) throw new Error(`Bad A1 notation: ${a1}`);
    return grid;
  };
  const readGrid = <T>(
    sheetName: string,
    a1: string,
    pick: (value: CellValue, sheet: SheetModel, r: number, c: number) => T,
  ): T[][] => {
    const sheet = sheetNamed(sheetName);
    const grid = gridOf(sheet, a1);
    const out: T[][] = [];
    for (let r = grid.row; r < grid.row + grid.numRows; r++) {
      const row: T[] = [];
      for (let c = grid.column; c < grid.column + grid.numColumns; c++)
        row.push(pick(sheet.cell(r, c)?.value ?? '', sheet, r, c));
      out.push(row);
    }
    return out;
  };

  /** The human at the keyboard: edits are immediate, uncounted and cost no virtual time. */
  const user = {
    select(sheetName: string, a1Ranges: string[]): void {
      const sheet = sheetNamed(sheetName);
      for (const a1 of a1Ranges) gridOf(sheet, a1);
      model.activeSheetName = sheetName;
      model.activeRanges = [...a1Ranges];
    },
    /** The sheet's selection as the user sees it: the active sheet and its ranges in A1. */
    selection: (): { sheetName: string; ranges: string[] } => ({
      sheetName: model.activeSheetName,
      ranges: [...model.activeRanges],
    }),
    setValues(sheetName: string, a1: string, values: unknown[][]): void {
      const sheet = sheetNamed(sheetName);
      const grid = gridOf(sheet, a1);
      if (values.length !== grid.numRows || values.some((row) => row.length !== grid.numColumns)) {
        throw new Error(`user.setValues: data is not ${grid.numRows}x${grid.numColumns}`);
      }
      values.forEach((row, r) => {
        row.forEach((value, c) => {
          sheet.writeInput(grid.row + r, grid.column + c, value);
        });
      });
    },
    getValues: (sheetName: string, a1: string): CellValue[][] => readGrid(sheetName, a1, (value) => value),
    getDisplayValues: (sheetName: string, a1: string): string[][] =>
      readGrid(sheetName, a1, (value, sheet, r, c) =>
        displayValue(value, sheet.cell(r, c)?.numberFormat ?? '', model.timeZone),
      ),
    getNotes: (sheetName: string, a1: string): string[][] =>
      readGrid(sheetName, a1, (_v, sheet, r, c) => sheet.cell(r, c)?.note ?? ''),
    getBackgrounds: (sheetName: string, a1: string): string[][] =>
      readGrid(sheetName, a1, (_v, sheet, r, c) => sheet.cell(r, c)?.background ?? '#ffffff'),
    getFormulas: (sheetName: string, a1: string): string[][] =>
      readGrid(sheetName, a1, (_v, sheet, r, c) => sheet.cell(r, c)?.formula ?? ''),
    sortRows(sheetName: string, sort: SortOptions): void {
      const sheet = sheetNamed(sheetName);
      sheet.sortRows(sort.column, sort.ascending ?? true, sort.startRow ?? sheet.frozenRows + 1);
    },
    insertRows(sheetName: string, beforeRow: number, count: number): void {
      sheetNamed(sheetName).insertRows(beforeRow, count);
    },
    deleteRows(sheetName: string, row: number, count: number): void {
      sheetNamed(sheetName).deleteRows(row, count);
    },
    createFilter(sheetName: string, a1: string, criteria: Record<string, FilterCriteriaSpec> = {}): void {
      const sheet = sheetNamed(sheetName);
      const range = gridOf(sheet, a1);
      const byColumn = new Map<number, FilterCriteriaSpec>();
      for (const [key, spec] of Object.entries(criteria)) {
        const column = columnPosition(key);
        if (column < range.column || column >= range.column + range.numColumns)
          throw new Error(`user.createFilter: column ${key} is outside ${a1}`);
        byColumn.set(column, spec);
      }
      sheet.filter = { range, criteria: byColumn };
      applyFilter(sheet, model.timeZone);
    },
    removeFilter(sheetName: string): void {
      const sheet = sheetNamed(sheetName);
      sheet.filter = null;
      for (const row of sheet.rows) row.hiddenByFilter = false;
    },
    hideRows(sheetName: string, rows: number[]): void {
      const sheet = sheetNamed(sheetName);
      for (const row of rows) sheet.rows[row - 1].hiddenByUser = true;
    },
    setFrozenRows(sheetName: string, rows: number): void {
      sheetNamed(sheetName).frozenRows = rows;
    },
    setNumberFormat(sheetName: string, a1: string, format: string): void {
      const sheet = sheetNamed(sheetName);
      const grid = gridOf(sheet, a1);
      for (let r = grid.row; r < grid.row + grid.numRows; r++) {
        for (let c = grid.column; c < grid.column + grid.numColumns; c++)
          sheet.cellForWrite(r, c).numberFormat = format;
      }
    },
    addSheet(name: string): void {
      if (model.sheet(name)) throw new Error(`Sheet ${name} exists`);
      model.addSheet(name);
    },
    renameSheet(from: string, to: string): void {
      sheetNamed(from).name = to;
      if (model.activeSheetName === from) model.activeSheetName = to;
    },
  };

  const triggerApi = createTriggerApi({
    triggers,
    clock,
    documentId: model.id,
    sheetNamed,
    rangeOf: (sheet, grid) => new RangeFacade(deps, sheet, grid),
    spreadsheetFacade: () => new SpreadsheetFacade(deps),
    execute: (fn, kind, makeEvent, user) => execute(fn, [], AUTH_MODE.FULL, kind, () => [makeEvent()], user),
  });

  return {
    spreadsheet: model,
    clock,
    counters: runtime.counters,
    resetCounters: () => runtime.resetCounters(),
    ui,
    user,
    logs,
    triggers: triggerApi,
    /** Granular consent: the user (default: the current one) may untick a scope the manifest asks for. */
    auth: {
      revoke: (scope: string, user?: string) => authorization.revoke(scope, user),
      grant: (scope: string, user?: string) => authorization.grant(scope, user),
      has: (scope: string, user?: string) => authorization.has(scope, user),
    },
    /**
     * Several people in one document: `users.add(email, options)` adds or changes one, and
     * `asUser(email, () => em.scriptRun(...))` makes the executions started inside run as them
     * (their user properties, cache, locale, scopes, triggers and quotas). Synchronous only.
     */
    users: {
      add: (email: string, userOptions: UserOptions = {}) => users.add(email, userOptions),
      get: (email: string) => users.get(email),
      current: () => users.current,
    },
    asUser: <T>(email: string, work: () => T): T => users.as(email, work),
    /** The current user's URL Fetch calls in the current 24 hours (see asUser), against their quota. */
    urlFetchQuota: {
      get limit(): number {
        return users.active().urlFetchCalls.limit;
      },
      used: () => users.active().urlFetchCalls.used(),
      setUsedToday: (count: number) => users.active().urlFetchCalls.setUsed(count),
    },
    /** Script writes not yet applied by the current execution (0 between executions). */
    pendingWriteCount: () => pending.pendingCount(),
    /** `user` is the current user's store (see asUser); `document` and `script` are shared. */
    properties: {
      get user(): PropertyStore {
        return users.active().userProperties;
      },
      document: documentProperties,
      script: scriptProperties,
    } as Record<PropertyScope, PropertyStore>,
    http: { log: urlFetch.log as HttpLogEntry[] },
    executions: runtime.executions as ExecutionRecord[],
    enums: { AuthMode: AUTH_MODE },
    /** The global object of the current (or last) execution's vm context. */
    get context(): vm.Context {
      return context;
    },
    onServiceCall: (hook: ServiceCallHook) => runtime.onServiceCall(hook),
    /** Calls a top-level function of the bundle as one new execution. */
    run: (fnName: string, ...args: unknown[]): unknown => execute(fnName, args, AUTH_MODE.FULL, 'run'),
    /** Calls a trigger-style function with an event object (authMode taken from the event). */
    runWithEvent: (fnName: string, event: Record<string, unknown>): unknown => {
      const authMode = typeof event.authMode === 'string' ? event.authMode : AUTH_MODE.FULL;
      return execute(fnName, [event], authMode, 'event');
    },
    /** google.script.run semantics: public functions only, plain data in and out. */
    scriptRun: (fnName: string, ...args: unknown[]): unknown => {
      if (fnName.endsWith('_') || !lookupFunction(fnName))
        throw new Error(MESSAGES.scriptRunNotAFunction(fnName));
      const cleanArgs = args.map((arg, index) =>
        cloneForScriptRun(arg, String(index), MESSAGES.scriptRunIllegalValue, true),
      );
      const result = execute(fnName, cleanArgs, AUTH_MODE.FULL, 'scriptRun');
      if (result === undefined) return undefined;
      return cloneForScriptRun(result, 'result', MESSAGES.scriptRunIllegalReturn, false);
    },
    /** The user changes their Google account's language: later executions see the new locale. */
    setUserLocale: (locale: string): void => {
      users.active().locale = locale;
    },
    dispose: (): void => {
      bridge?.dispose();
      bridge = null;
    },
  };
}

export { isDate };
