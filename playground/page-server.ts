/**
 * The playground page's HTTP server, on a worker thread. The engine (main thread) runs the add-on
 * synchronously and blocks while an import waits on the network; this thread keeps answering the
 * page meanwhile, from the last grid snapshot the engine posted (it posts one after every sheet
 * write), so the status columns fill in chunk by chunk as they do in Sheets.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import {
  type ContactView,
  type EngineMessage,
  type EngineRequest,
  type GridSnapshot,
  type MockFaults,
  NO_FAULTS,
  type PageServerConfig,
  type PageServerMessage,
  type RunResult,
} from './protocol';

const config = workerData as PageServerConfig;
const engine = parentPort;
if (!engine) throw new Error('page-server.ts runs as a worker thread');

let grid: GridSnapshot | null = null;
let nextRequestId = 1;
const waiting = new Map<number, (result: RunResult) => void>();

engine.on('message', (message: EngineMessage) => {
  if (message.kind === 'grid') grid = message.grid;
  else waiting.get(message.id)?.(message.result);
  if (message.kind === 'reply') waiting.delete(message.id);
});

function post(message: PageServerMessage): void {
  engine?.postMessage(message);
}

type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

function ask(request: Unnumbered<EngineRequest>): Promise<RunResult> {
  const id = nextRequestId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    post({ kind: 'request', request: { ...request, id } });
  });
}

interface MockContact {
  name?: string;
  prefix?: string;
  number?: string;
  email?: string;
  tags?: string[];
  importCount?: number;
  customer?: string;
}

async function mockContacts(): Promise<ContactView[] | null> {
  if (!config.mockUrl) return null;
  const response = await fetch(new URL('/__mock/contacts', config.mockUrl));
  const contacts = (await response.json()) as MockContact[];
  return contacts.map((c) => ({
    name: c.name ?? '',
    phone: `+${c.prefix ?? ''} ${c.number ?? ''}`,
    email: c.email ?? '',
    tags: c.tags ?? [],
    importCount: c.importCount ?? 0,
    customer: c.customer ?? '',
  }));
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch (error) {
        reject(error);
      }
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

const sendJson = (response: ServerResponse, status: number, body: unknown) =>
  send(response, status, 'application/json', JSON.stringify(body));

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

let faults: MockFaults = NO_FAULTS;

/** The panel's state as sent, checked field by field; null when anything is off. */
function readFaults(value: unknown): MockFaults | null {
  const f = value as Partial<MockFaults> | null;
  if (!f || typeof f !== 'object') return null;
  const seconds = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n >= 0 && n <= 300;
  if (!seconds(f.slowSeconds) || !seconds(f.retryAfterSeconds)) return null;
  if (f.down !== 'up' && f.down !== 'refused' && f.down !== 'hanging') return null;
  if (!isStringArray(f.refuseNumbers)) return null;
  if (![f.rateLimit, f.html, f.rejectToken].every((b) => typeof b === 'boolean')) return null;
  return {
    slowSeconds: f.slowSeconds as number,
    down: f.down,
    refuseNumbers: f.refuseNumbers,
    rateLimit: f.rateLimit as boolean,
    retryAfterSeconds: f.retryAfterSeconds as number,
    html: f.html as boolean,
    rejectToken: f.rejectToken as boolean,
  };
}

function isCellMatrix(value: unknown): value is string[][] {
  return Array.isArray(value) && value.length > 0 && value.length <= 5000 && value.every(isStringArray);
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const method = request.method ?? 'GET';
  if (method === 'GET' && path === '/') return send(response, 200, 'text/html', config.pageHtml);
  if (method === 'GET' && path === '/app.js')
    return send(response, 200, 'text/javascript', config.pageScript);
  if (method === 'GET' && path === '/app.css') return send(response, 200, 'text/css', config.pageStyles);
  if (method === 'GET' && path === '/api/session') return sendJson(response, 200, config.session);
  if (method === 'GET' && path === '/api/grid') return sendJson(response, 200, grid);
  if (method === 'GET' && path === '/api/contacts') return sendJson(response, 200, await mockContacts());
  if (method === 'POST' && path === '/api/select') {
    const body = (await readJson(request)) as { ranges?: unknown } | null;
    if (!isStringArray(body?.ranges))
      return sendJson(response, 400, { error: 'Expected {ranges: string[]}' });
    return sendJson(response, 200, await ask({ kind: 'select', ranges: body.ranges }));
  }
  if (method === 'POST' && path === '/api/activate') {
    const body = (await readJson(request)) as { sheetName?: unknown } | null;
    if (typeof body?.sheetName !== 'string')
      return sendJson(response, 400, { error: 'Expected {sheetName}' });
    return sendJson(response, 200, await ask({ kind: 'activate', sheetName: body.sheetName }));
  }
  if (method === 'GET' && path === '/api/faults') return sendJson(response, 200, faults);
  if (method === 'POST' && path === '/api/faults') {
    const next = readFaults(await readJson(request));
    if (!next || !config.mockUrl) return sendJson(response, 400, { error: 'Expected the fault panel state' });
    const result = await ask({ kind: 'faults', faults: next });
    if (result.ok) faults = next;
    return sendJson(response, 200, result);
  }
  if (method === 'POST' && path === '/api/edit') {
    const body = (await readJson(request)) as { top?: unknown; left?: unknown; values?: unknown } | null;
    const { top, left, values } = body ?? {};
    if (!Number.isInteger(top) || !Number.isInteger(left) || (top as number) < 1 || (left as number) < 1)
      return sendJson(response, 400, { error: 'Expected {top, left, values}' });
    if (!isCellMatrix(values)) return sendJson(response, 400, { error: 'Expected values: string[][]' });
    return sendJson(
      response,
      200,
      await ask({ kind: 'edit', top: top as number, left: left as number, values }),
    );
  }
  if (method === 'POST' && path === '/api/import') {
    const body = (await readJson(request)) as { name?: unknown; values?: unknown } | null;
    const name = typeof body?.name === 'string' ? body.name.slice(0, 100) : '';
    if (!name || !isCellMatrix(body?.values))
      return sendJson(response, 400, { error: 'Expected {name, values}' });
    return sendJson(response, 200, await ask({ kind: 'import', name, values: body.values as string[][] }));
  }
  if (method === 'POST' && path === '/api/form-submit') {
    return sendJson(response, 200, await ask({ kind: 'form-submit' }));
  }
  if (method === 'POST' && path === '/api/run') {
    const body = (await readJson(request)) as { functionName?: unknown } | null;
    if (typeof body?.functionName !== 'string')
      return sendJson(response, 400, { error: 'Expected {functionName}' });
    return sendJson(response, 200, await ask({ kind: 'run', functionName: body.functionName }));
  }
  send(response, 404, 'text/plain', 'Not found');
}

const server = createServer((request, response) => {
  handle(request, response).catch((error: unknown) => {
    if (!response.headersSent) sendJson(response, 500, { error: String(error) });
    else response.end();
  });
});
server.once('error', (error: NodeJS.ErrnoException) => {
  post({ kind: 'listen-failed', port: config.port, code: error.code ?? String(error) });
});
server.listen(config.port, '127.0.0.1', () => {
  post({ kind: 'listening', port: (server.address() as AddressInfo).port });
});
