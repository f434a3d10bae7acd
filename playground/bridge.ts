/**
 * Serves the built dist/Sidebar.html to a real browser with a stand-in for Apps Script's client
 * library: `google.script.run` POSTs each call to this server, which runs it in the emulator
 * (against the built dist/Code.js) and answers with the result or the error's message.
 *
 * The sidebar is the page the bundle's Open sidebar shows (the user's language and its words put
 * in), else the file itself. The stand-in is injected right after <head> when the page is served;
 * the file on disk and the shipped sidebar stay untouched. The emulator is synchronous, so calls are answered one at a time,
 * in arrival order, which is also how a single Apps Script user's executions tend to line up.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The part of the emulator the bridge needs: google.script.run semantics for one call. */
interface ScriptRunTarget {
  scriptRun(name: string, ...args: unknown[]): unknown;
  /**
   * With these, the sidebar is served as Open sidebar serves it (in the user's language, with
   * that language's words put in by the bundle): the bridge runs menuOpenSidebar and serves the
   * page it showed.
   */
  run?(name: string): unknown;
  ui?: { readonly sidebars: readonly { html: string }[] };
}

/** The page Open sidebar shows, built by the bundle; null when the target cannot open it. */
function openSidebarPage(emulator: ScriptRunTarget): string | null {
  if (!emulator.run || !emulator.ui) return null;
  emulator.run('menuOpenSidebar');
  const shown = emulator.ui.sidebars;
  return shown.length ? shown[shown.length - 1].html : null;
}

export interface BridgeOptions {
  emulator: ScriptRunTarget;
  /** Folder holding Sidebar.html; the file is re-read on every page load, so rebuilds show up. */
  distDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Page served at `/`; defaults to Sidebar.html. */
  page?: string;
  /**
   * Awaited before each call runs: a test can hold a call (e.g. the next continueImport) to act
   * at a precise moment; a playground can add think time.
   */
  beforeCall?: (fn: string, args: unknown[]) => Promise<void> | void;
}

interface BridgeCall {
  fn: string;
  args: unknown[];
  ok: boolean;
  /** The error's message when ok is false. */
  message?: string;
  ms: number;
}

interface HostCall {
  /** "close", "editor.focus", "setHeight", "setWidth". */
  method: string;
  args: unknown[];
}

export interface Bridge {
  /** http://127.0.0.1:<port>/ */
  url: string;
  /** Every google.script.run call so far, in the order the server answered them. */
  calls(): BridgeCall[];
  /** google.script.host calls the page made (they do nothing here). */
  hostCalls(): HostCall[];
  close(): Promise<void>;
}

const RUN_PATH = '/__gas/run';
const HOST_PATH = '/__gas/host';

/**
 * Runs in the page before the sidebar's own script. Mirrors google.script.run: a fresh runner per
 * chain, any function name, handlers called asynchronously, arguments limited to what the real
 * library carries (it rejects Dates, functions and other non-plain objects before sending).
 */
function clientLibrary(runPath: string, hostPath: string): void {
  type Handler = ((value: unknown, userObject: unknown) => void) | null;

  const describeUnsupported = (value: unknown, depth: number): string | null => {
    if (value === null || value === undefined) return null;
    const kind = typeof value;
    if (kind === 'string' || kind === 'number' || kind === 'boolean') return null;
    if (kind === 'function') return 'a function';
    if (kind !== 'object' || depth > 64) return `a ${kind}`;
    if (Array.isArray(value)) {
      for (const item of value) {
        const problem = describeUnsupported(item, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) {
      return value instanceof Date ? 'a Date' : 'an object that is not a plain object';
    }
    for (const item of Object.values(value as Record<string, unknown>)) {
      const problem = describeUnsupported(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  };

  // Calls sent and not yet handled, for tests that move the page's clock: read in the page, it
  // counts a call from the moment the sidebar makes it, where a network event lands later.
  let callsInFlight = 0;
  Object.defineProperty(window, '__gasCallsInFlight', { get: () => callsInFlight });

  const post = (path: string, body: unknown): Promise<Response> =>
    fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const runner = (success: Handler, failure: Handler, userObject: unknown): unknown =>
    new Proxy(
      {},
      {
        get(_target, name) {
          // Not thenable, not serialisable: only function names and the three chain methods.
          if (typeof name !== 'string' || name === 'then' || name === 'toJSON') return undefined;
          if (name === 'withSuccessHandler')
            return (handler: Handler) => runner(handler, failure, userObject);
          if (name === 'withFailureHandler')
            return (handler: Handler) => runner(success, handler, userObject);
          if (name === 'withUserObject') return (value: unknown) => runner(success, failure, value);
          return (...args: unknown[]) => {
            const fail = (message: string) => {
              if (failure) failure(new Error(message), userObject);
              else console.error(message);
            };
            const problem = describeUnsupported(args, 0);
            if (problem) {
              setTimeout(() => fail(`Invalid argument: ${name} was called with ${problem}.`), 0);
              return;
            }
            callsInFlight += 1;
            post(runPath, { fn: name, args })
              .then((response) => response.json())
              .then(
                (reply: { ok: boolean; value?: unknown; message?: string }) => {
                  if (!reply.ok) fail(reply.message ?? 'Unknown error');
                  else if (success) success(reply.value, userObject);
                },
                () => fail('NetworkError: Connection failure due to HTTP 0'),
              )
              // After the handler, so a call it makes is counted before this one ends.
              .finally(() => {
                callsInFlight -= 1;
              });
          };
        },
      },
    );

  const host =
    (method: string) =>
    (...args: unknown[]) => {
      void post(hostPath, { method, args });
    };

  Object.defineProperty(window, 'google', {
    value: {
      script: {
        get run() {
          return runner(null, null, undefined);
        },
        host: {
          origin: window.location.origin,
          close: host('close'),
          setHeight: host('setHeight'),
          setWidth: host('setWidth'),
          editor: { focus: host('editor.focus') },
        },
      },
    },
    configurable: false,
    writable: false,
  });
}

/** The <script> element added to the served page. */
function injectedScript(): string {
  // tsx/esbuild may wrap named functions in __name(...) when keeping names; the page has no such helper.
  const source = `var __name = function (target) { return target; };\n(${clientLibrary.toString()})(${JSON.stringify(RUN_PATH)}, ${JSON.stringify(HOST_PATH)});`;
  return `<script>${source.replace(/<\/(script)/gi, '<\\/$1')}</script>`;
}

/** Inserts the stand-in right after the opening <head> tag, leaving the rest byte for byte. */
export function injectIntoHtml(html: string): string {
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (!head) return injectedScript() + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + injectedScript() + html.slice(at);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const pageFile = join(options.distDir, options.page ?? 'Sidebar.html');
  const calls: BridgeCall[] = [];
  const hostCalls: HostCall[] = [];

  const runCall = (fn: string, args: unknown[]) => {
    const started = Date.now();
    try {
      const value = options.emulator.scriptRun(fn, ...args);
      calls.push({ fn, args, ok: true, ms: Date.now() - started });
      return { ok: true, value };
    } catch (error) {
      const message = errorMessage(error);
      calls.push({ fn, args, ok: false, message, ms: Date.now() - started });
      return { ok: false, message };
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method === 'GET' && (path === '/' || path === `/${options.page ?? 'Sidebar.html'}`)) {
      const served = options.page === undefined ? openSidebarPage(options.emulator) : null;
      const html = injectIntoHtml(served ?? (await readFile(pageFile, 'utf8')));
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(html);
      return;
    }
    if (request.method === 'POST' && path === RUN_PATH) {
      const body = JSON.parse(await readBody(request)) as { fn?: unknown; args?: unknown };
      if (typeof body.fn !== 'string' || !Array.isArray(body.args)) {
        sendJson(response, 400, { ok: false, message: 'Expected {fn: string, args: array}' });
        return;
      }
      await options.beforeCall?.(body.fn, body.args);
      sendJson(response, 200, runCall(body.fn, body.args));
      return;
    }
    if (request.method === 'POST' && path === HOST_PATH) {
      const body = JSON.parse(await readBody(request)) as { method?: unknown; args?: unknown };
      hostCalls.push({ method: String(body.method), args: Array.isArray(body.args) ? body.args : [] });
      sendJson(response, 200, { ok: true });
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('Not found');
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, message: errorMessage(error) });
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/`,
    calls: () => calls.slice(),
    hostCalls: () => hostCalls.slice(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
