/**
 * Utilities, Blob, Logger/console, Session, ScriptApp and HtmlService.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { MESSAGES } from './messages';
import { isDate, toRealm } from './realm';
import type { Runtime } from './runtime';
import { formatSimpleDate, isValidTimeZone } from './time-format';

const SLEEP_LIMIT_MS = 300_000; // Utilities.sleep reference: maximum 300000 ms (5 minutes)
const TRIGGERS_PER_USER_LIMIT = 20; // quotas page: 20 triggers per user per script

function signedBytes(buffer: Buffer): number[] {
  return [...buffer].map((b) => (b > 127 ? b - 256 : b));
}

function toBuffer(value: unknown): Buffer {
  if (Array.isArray(value)) return Buffer.from(value.map((b: unknown) => Number(b) & 255));
  if (value instanceof BlobFacade) return value.bytes;
  return Buffer.from(String(value), 'utf8');
}

export class BlobFacade {
  constructor(
    private readonly runtime: Runtime,
    readonly bytes: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {}
  getDataAsString(): string {
    return this.bytes.toString('utf8');
  }
  getBytes(): unknown {
    return toRealm(this.runtime.realm, signedBytes(this.bytes));
  }
  getContentType(): string | null {
    return this.contentType;
  }
  setContentType(contentType: string): this {
    this.contentType = contentType;
    return this;
  }
  getName(): string | null {
    return this.name;
  }
  setName(name: string): this {
    this.name = name;
    return this;
  }
  setDataFromString(text: string): BlobFacade {
    return new BlobFacade(this.runtime, Buffer.from(text, 'utf8'), this.contentType, this.name);
  }
  copyBlob(): BlobFacade {
    return new BlobFacade(this.runtime, Buffer.from(this.bytes), this.contentType, this.name);
  }
}

const DIGEST_NODE_NAMES: Record<string, string> = {
  MD2: 'md2',
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

export function createUtilities(runtime: Runtime) {
  const local = <T>(method: string, operation: () => T): T =>
    runtime.call(`Utilities.${method}`, runtime.latency.localMs, operation);
  const realmBytes = (buffer: Buffer) => toRealm(runtime.realm, signedBytes(buffer));
  return {
    Charset: { US_ASCII: 'US_ASCII', UTF_8: 'UTF_8' },
    DigestAlgorithm: {
      MD2: 'MD2',
      MD5: 'MD5',
      SHA_1: 'SHA_1',
      SHA_256: 'SHA_256',
      SHA_384: 'SHA_384',
      SHA_512: 'SHA_512',
    },
    MacAlgorithm: {
      HMAC_MD5: 'HMAC_MD5',
      HMAC_SHA_1: 'HMAC_SHA_1',
      HMAC_SHA_256: 'HMAC_SHA_256',
      HMAC_SHA_512: 'HMAC_SHA_512',
    },
    sleep(milliseconds: number): void {
      runtime.call('Utilities.sleep', 0, () => {
        if (typeof milliseconds !== 'number' || milliseconds < 0 || milliseconds > SLEEP_LIMIT_MS) {
          throw runtime.exception(MESSAGES.sleepTooLong);
        }
        runtime.clock.advance(milliseconds);
      });
    },
    formatDate(date: unknown, timeZone: string, format: string): string {
      return local('formatDate', () => {
        if (!isDate(date)) throw runtime.exception(MESSAGES.invalidArgument('date'));
        if (!isValidTimeZone(String(timeZone))) throw runtime.exception(MESSAGES.invalidArgument('timeZone'));
        try {
          return formatSimpleDate(new Date(date.getTime()), String(timeZone), String(format));
        } catch {
          throw runtime.exception(MESSAGES.invalidArgument('format'));
        }
      });
    },
    computeDigest(algorithm: string, value: unknown): unknown {
      return local('computeDigest', () => {
        const nodeName = DIGEST_NODE_NAMES[String(algorithm)];
        if (!nodeName) throw runtime.exception(MESSAGES.invalidArgument('algorithm'));
        return realmBytes(createHash(nodeName).update(toBuffer(value)).digest());
      });
    },
    computeHmacSha256Signature(value: unknown, key: unknown): unknown {
      return local('computeHmacSha256Signature', () =>
        realmBytes(createHmac('sha256', toBuffer(key)).update(toBuffer(value)).digest()),
      );
    },
    base64Encode(data: unknown): string {
      return local('base64Encode', () => toBuffer(data).toString('base64'));
    },
    base64EncodeWebSafe(data: unknown): string {
      return local('base64EncodeWebSafe', () =>
        toBuffer(data).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
      );
    },
    base64Decode(encoded: string): unknown {
      return local('base64Decode', () => realmBytes(Buffer.from(String(encoded), 'base64')));
    },
    base64DecodeWebSafe(encoded: string): unknown {
      return local('base64DecodeWebSafe', () =>
        realmBytes(Buffer.from(String(encoded).replace(/-/g, '+').replace(/_/g, '/'), 'base64')),
      );
    },
    getUuid(): string {
      return local('getUuid', () => randomUUID());
    },
    newBlob(data: unknown, contentType?: string, name?: string): BlobFacade {
      return local(
        'newBlob',
        () => new BlobFacade(runtime, toBuffer(data ?? ''), contentType ?? null, name ?? null),
      );
    },
  };
}

export interface LogEntry {
  level: 'log' | 'info' | 'warn' | 'error' | 'Logger';
  message: string;
  at: number;
}

function formatLogArgs(args: unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === 'string') return arg;
      if (isDate(arg)) return new Date(arg.getTime()).toISOString();
      try {
        return JSON.stringify(arg);
      } catch {
        return String(arg);
      }
    })
    .join(' ');
}

export function createLogging(runtime: Runtime, logs: LogEntry[], debug: boolean) {
  const record = (level: LogEntry['level'], message: string) => {
    logs.push({ level, message, at: runtime.clock.now() });
    if (debug) process.stderr.write(`[emulator ${level}] ${message}\n`);
  };
  const consoleMethod =
    (level: 'log' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      runtime.call(`console.${level}`, 0, () => record(level, formatLogArgs(args)));
  const logger = {
    log(format: unknown, ...values: unknown[]) {
      return runtime.call('Logger.log', 0, () => {
        let message = formatLogArgs([format]);
        // Logger.log('x=%s', v) substitutes %s placeholders in order.
        if (typeof format === 'string' && values.length) {
          let index = 0;
          message = format.replace(/%s/g, () => formatLogArgs([values[index++]]));
        }
        record('Logger', message);
        return logger;
      });
    },
    getLog: () =>
      logs
        .filter((e) => e.level === 'Logger')
        .map((e) => e.message)
        .join('\n'),
    clear: () => {
      for (let i = logs.length - 1; i >= 0; i--) if (logs[i].level === 'Logger') logs.splice(i, 1);
    },
  };
  return {
    Logger: logger,
    console: {
      log: consoleMethod('log'),
      info: consoleMethod('info'),
      warn: consoleMethod('warn'),
      error: consoleMethod('error'),
    },
  };
}

/** Who Session reports: the user whose authority the execution runs with. */
export interface SessionUser {
  email: string;
  locale: string;
  visibleEmail(): string;
}

export function createSession(runtime: Runtime, user: () => SessionUser, timeZone: () => string) {
  const userObject = () => {
    const email = user().visibleEmail();
    return { getEmail: () => email, toString: () => email };
  };
  const local = <T>(method: string, operation: () => T): T =>
    runtime.call(`Session.${method}`, runtime.latency.localMs, operation);
  return {
    getActiveUser: () => local('getActiveUser', userObject),
    getEffectiveUser: () => local('getEffectiveUser', userObject),
    getScriptTimeZone: () => local('getScriptTimeZone', timeZone),
    getActiveUserLocale: () => local('getActiveUserLocale', () => user().locale),
    // Session reference: unique per user and script, rotates every 30 days; needs no scope.
    getTemporaryActiveUserKey: () =>
      local('getTemporaryActiveUserKey', () =>
        createHash('sha256').update(user().email).digest('base64url').slice(0, 40),
      ),
  };
}

export type TriggerEventType = 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_FORM_SUBMIT';

export interface TriggerRecord {
  id: string;
  handlerFunction: string;
  eventType: TriggerEventType;
  /** CLOCK for time-driven triggers, SPREADSHEETS for the spreadsheet's events. */
  source: 'CLOCK' | 'SPREADSHEETS';
  /** The spreadsheet a SPREADSHEETS trigger watches; the document an add-on's CLOCK trigger runs for. */
  documentId: string;
  user: string;
  /** Time-driven: interval and the next virtual time it is due. */
  everyMs?: number;
  nextDueAt?: number;
}

export const AUTH_MODE = {
  NONE: 'NONE',
  LIMITED: 'LIMITED',
  FULL: 'FULL',
  CUSTOM_FUNCTION: 'CUSTOM_FUNCTION',
} as const;

class TriggerFacade {
  constructor(readonly record: TriggerRecord) {}
  getUniqueId(): string {
    return this.record.id;
  }
  getHandlerFunction(): string {
    return this.record.handlerFunction;
  }
  getEventType(): string {
    return this.record.eventType;
  }
  getTriggerSource(): string {
    return this.record.source;
  }
  getTriggerSourceId(): string | null {
    return this.record.source === 'SPREADSHEETS' ? this.record.documentId : null;
  }
}

export interface ScriptAppContext {
  runtime: Runtime;
  triggers: TriggerRecord[];
  /** The user the running execution belongs to, and how many triggers they have elsewhere. */
  currentUser: () => { email: string; triggersElsewhere: number };
  /** Scopes of the manifest this user has not granted (ScriptApp.getAuthorizationInfo). */
  missingScopes: () => string[];
  documentId: string;
  /** Editor add-on rules: one trigger per event type per user per document; clock at most hourly. */
  addOn: boolean;
}

const HOUR_MS = 3_600_000;

export function createScriptApp(ctx: ScriptAppContext) {
  const { runtime, triggers } = ctx;
  let nextTriggerId = 1;
  const create = (record: Omit<TriggerRecord, 'id' | 'user' | 'documentId'>, documentId: string) =>
    runtime.call('ScriptApp.TriggerBuilder.create', runtime.latency.sheetStructureMs, () => {
      const user = ctx.currentUser();
      const mine = triggers.filter((t) => t.user === user.email);
      // Quotas page: 20 triggers per user per script, whichever documents they are in.
      if (mine.length + user.triggersElsewhere >= TRIGGERS_PER_USER_LIMIT)
        throw runtime.exception(MESSAGES.tooManyTriggers);
      if (ctx.addOn) {
        if (record.everyMs !== undefined && record.everyMs < HOUR_MS)
          throw runtime.exception(MESSAGES.addonClockTooFrequent);
        if (mine.some((t) => t.documentId === documentId && t.eventType === record.eventType))
          throw runtime.exception(MESSAGES.addonTriggerExists(record.eventType));
      }
      const full: TriggerRecord = {
        ...record,
        id: String(nextTriggerId++),
        user: user.email,
        documentId,
      };
      if (full.everyMs !== undefined) full.nextDueAt = runtime.clock.now() + full.everyMs;
      triggers.push(full);
      return new TriggerFacade(full);
    });
  const spreadsheetIdOf = (spreadsheet: unknown): string => {
    const getId = (spreadsheet as { getId?: unknown } | null)?.getId;
    if (typeof getId !== 'function') throw runtime.exception(MESSAGES.invalidArgument('sheet'));
    return String(getId.call(spreadsheet));
  };
  const listed = (kind: string, filter: (t: TriggerRecord) => boolean) =>
    runtime.call(kind, runtime.latency.propertiesMs, () =>
      toRealm(
        runtime.realm,
        triggers
          .filter((t) => t.user === ctx.currentUser().email && filter(t))
          .map((t) => new TriggerFacade(t)),
      ),
    );
  return {
    AuthMode: AUTH_MODE,
    EventType: { CLOCK: 'CLOCK', ON_OPEN: 'ON_OPEN', ON_EDIT: 'ON_EDIT', ON_FORM_SUBMIT: 'ON_FORM_SUBMIT' },
    TriggerSource: { CLOCK: 'CLOCK', SPREADSHEETS: 'SPREADSHEETS' },
    newTrigger(functionName: string) {
      const handlerFunction = String(functionName);
      return {
        timeBased() {
          let everyMs: number | undefined;
          const builder = {
            everyHours(hours: number) {
              everyMs = Number(hours) * HOUR_MS;
              return builder;
            },
            everyMinutes(minutes: number) {
              everyMs = Number(minutes) * 60_000;
              return builder;
            },
            create: () => {
              if (everyMs === undefined || !(everyMs > 0))
                throw runtime.exception(MESSAGES.invalidArgument('everyMs'));
              return create(
                { handlerFunction, eventType: 'CLOCK', source: 'CLOCK', everyMs },
                ctx.documentId,
              );
            },
          };
          return builder;
        },
        forSpreadsheet(spreadsheet: unknown) {
          const documentId = spreadsheetIdOf(spreadsheet);
          const on = (eventType: TriggerEventType) => () => ({
            create: () => create({ handlerFunction, eventType, source: 'SPREADSHEETS' }, documentId),
          });
          return { onOpen: on('ON_OPEN'), onEdit: on('ON_EDIT'), onFormSubmit: on('ON_FORM_SUBMIT') };
        },
      };
    },
    getProjectTriggers: () => listed('ScriptApp.getProjectTriggers', () => true),
    getUserTriggers: (spreadsheet: unknown) => {
      const documentId = spreadsheetIdOf(spreadsheet);
      return listed('ScriptApp.getUserTriggers', (t) => t.documentId === documentId);
    },
    deleteTrigger: (trigger: unknown) =>
      runtime.call('ScriptApp.deleteTrigger', runtime.latency.propertiesMs, () => {
        if (!(trigger instanceof TriggerFacade)) throw runtime.exception(MESSAGES.invalidArgument('trigger'));
        const index = triggers.findIndex((t) => t.id === trigger.record.id);
        if (index >= 0) triggers.splice(index, 1);
      }),
    /**
     * ScriptApp.getAuthorizationInfo(authMode[, scopes]) reference: getAuthorizationStatus()
     * REQUIRED or NOT_REQUIRED, getAuthorizationUrl() (null when nothing is missing), and
     * getAuthorizedScopes(scopes) (the ones of `scopes` already granted).
     */
    getAuthorizationInfo: (_authMode: unknown, scopes?: unknown) =>
      runtime.call('ScriptApp.getAuthorizationInfo', runtime.latency.localMs, () => {
        const missing = ctx.missingScopes();
        const asked = Array.isArray(scopes) ? scopes.map(String) : null;
        const relevant = asked ? missing.filter((scope) => asked.includes(scope)) : missing;
        return {
          getAuthorizationStatus: () => (relevant.length > 0 ? 'REQUIRED' : 'NOT_REQUIRED'),
          getAuthorizationUrl: () =>
            relevant.length > 0 ? 'https://script.google.com/macros/d/emulator-script-id/authorize' : null,
          getAuthorizedScopes: (list?: unknown) =>
            toRealm(
              runtime.realm,
              (Array.isArray(list) ? list.map(String) : []).filter((scope) => !missing.includes(scope)),
            ),
        };
      }),
    AuthorizationStatus: { REQUIRED: 'REQUIRED', NOT_REQUIRED: 'NOT_REQUIRED' },
    getOAuthToken: () =>
      runtime.call('ScriptApp.getOAuthToken', runtime.latency.localMs, () => 'emulator-oauth-token'),
    getScriptId: () =>
      runtime.call('ScriptApp.getScriptId', runtime.latency.localMs, () => 'emulator-script-id'),
  };
}

class HtmlOutputFacade {
  private title = '';
  private width: number | null = null;
  private height: number | null = null;
  constructor(private content: string) {}
  getContent(): string {
    return this.content;
  }
  setContent(content: string): this {
    this.content = String(content);
    return this;
  }
  append(html: string): this {
    this.content += String(html);
    return this;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): this {
    this.title = String(title);
    return this;
  }
  getWidth(): number | null {
    return this.width;
  }
  setWidth(width: number): this {
    this.width = width;
    return this;
  }
  getHeight(): number | null {
    return this.height;
  }
  setHeight(height: number): this {
    this.height = height;
    return this;
  }
  setSandboxMode(): this {
    return this;
  }
  setXFrameOptionsMode(): this {
    return this;
  }
  addMetaTag(): this {
    return this;
  }
  setFaviconUrl(): this {
    return this;
  }
}

/** Compiles <? code ?>, <?= escaped ?> and <?!= raw ?> scriptlets into a function run in the
 * bundle's context, so templates see the bundle's globals and the template's own properties. */
function compileTemplate(source: string, context: vm.Context): (self: Record<string, unknown>) => string {
  let code = 'var __out = "";\n';
  const pattern = /<\?(!=|=)?([\s\S]*?)\?>/g;
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    code += `__out += ${JSON.stringify(source.slice(last, match.index))};\n`;
    if (match[1] === '=') code += `__out += __escape(${match[2]});\n`;
    else if (match[1] === '!=') code += `__out += String(${match[2]});\n`;
    else code += `${match[2]}\n`;
    last = pattern.lastIndex;
  }
  code += `__out += ${JSON.stringify(source.slice(last))};\nreturn __out;`;
  const factory = vm.runInContext(
    `(function (__self, __escape) { with (__self) { return (function () { ${code} })(); } })`,
    context,
  ) as (self: Record<string, unknown>, escapeHtml: (value: unknown) => string) => string;
  const escapeHtml = (value: unknown) => String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return (self) => factory(self, escapeHtml);
}

export function createHtmlService(runtime: Runtime, htmlDir: () => string | null, context: () => vm.Context) {
  const readFile = (name: string): string => {
    const dir = htmlDir();
    const fileName = String(name).endsWith('.html') ? String(name) : `${name}.html`;
    try {
      if (!dir) throw new Error('no htmlDir');
      const text = readFileSync(join(dir, fileName), 'utf8');
      // Per file, so tests can tell which files an execution read.
      runtime.count(`HtmlService.file ${fileName}`);
      return text;
    } catch {
      throw runtime.exception(MESSAGES.htmlFileNotFound(String(name)));
    }
  };
  const makeTemplate = (source: string) => {
    const template: Record<string, unknown> = {};
    Object.defineProperty(template, 'evaluate', {
      enumerable: false,
      value: () =>
        runtime.call('HtmlTemplate.evaluate', runtime.latency.localMs, () => {
          const render = compileTemplate(source, context());
          return new HtmlOutputFacade(render(template));
        }),
    });
    Object.defineProperty(template, 'getRawContent', { enumerable: false, value: () => source });
    return template;
  };
  return {
    SandboxMode: { EMULATED: 'EMULATED', IFRAME: 'IFRAME', NATIVE: 'NATIVE' },
    XFrameOptionsMode: { ALLOWALL: 'ALLOWALL', DEFAULT: 'DEFAULT' },
    createHtmlOutput: (html?: string) =>
      runtime.call(
        'HtmlService.createHtmlOutput',
        runtime.latency.localMs,
        () => new HtmlOutputFacade(html ?? ''),
      ),
    createHtmlOutputFromFile: (name: string) =>
      runtime.call(
        'HtmlService.createHtmlOutputFromFile',
        runtime.latency.localMs,
        () => new HtmlOutputFacade(readFile(name)),
      ),
    createTemplate: (html: string) =>
      runtime.call('HtmlService.createTemplate', runtime.latency.localMs, () => makeTemplate(String(html))),
    createTemplateFromFile: (name: string) =>
      runtime.call('HtmlService.createTemplateFromFile', runtime.latency.localMs, () =>
        makeTemplate(readFile(name)),
      ),
  };
}
