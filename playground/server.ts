/**
 * `npm start`: the built add-on (dist/Code.js) in the Apps Script emulator, a local spreadsheet
 * page with the add-on's menu and its real sidebar, and the BotPenguin mock it imports into.
 *
 *   node --import tsx playground/server.ts [contacts.csv] [--port 8080] [--real] [--batch-size 10]
 *     [--brand brands/<id>.json]   (or BRAND=...: that brand is built into dist/<id>/ and shown)
 *     [--locale es]                (or LOCALE=...: the user's Google locale, so the add-on speaks Spanish)
 *     [--timeout 10]               (seconds a hanging request waits before it is a fetch timeout)
 *
 * Threads: this (main) thread owns the emulator and the sidebar bridge, because the emulator is
 * synchronous and blocks while UrlFetchApp waits. The page's own server runs on a worker thread
 * (page-server.ts) so the grid keeps refreshing while an import is blocked on the network; the
 * mock runs in a child process.
 */
import { readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { createEmulator, type Emulator, isDate } from '../emulator/index';
import {
  type Fault,
  type MockBotPenguin,
  type MockConfigPatch,
  startMockBotPenguin,
} from '../mock-api/index';
// @ts-expect-error: the build scripts are plain JavaScript without type declarations.
import { loadBrand } from '../scripts/brand.mjs';
// @ts-expect-error: the build scripts are plain JavaScript without type declarations.
import { build as buildBrand } from '../scripts/build.mjs';
import type { Brand } from '../src/shared/brand';
import { decodeFile, parseDelimited } from '../tools/fixtures/exports/csv';
import { startBridge } from './bridge';
import type {
  EngineMessage,
  EngineRequest,
  GridSnapshot,
  MenuView,
  MockFaults,
  NoticeView,
  PageServerConfig,
  PageServerMessage,
  RunResult,
  SessionView,
} from './protocol';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const DIST = join(ROOT, 'dist');
type BrandNames = Pick<Brand, 'addOnName' | 'menuTitle' | 'sidebarTitle' | 'serviceName'>;
export const SAMPLE_CSV = join(HERE, 'sample-contacts.csv');

/** Accepted by the embedded mock only; shown on the page so a visitor can paste it into the sidebar. */
export const DEMO_TOKEN = 'playground-demo-token-0001';
/** `--partner`: the agency key the mock accepts, and its three demo customers (each its own token). */
export const DEMO_PARTNER_KEY = 'playground-demo-partner-key-0001';
export const DEMO_CUSTOMERS = [
  { _id: '65a1f0c2a1e4d3b2c1a00001', name: 'Asha Foods', email: 'owner@ashafoods.example' },
  { _id: '65a1f0c2a1e4d3b2c1a00002', name: 'Bela Travel', email: 'ops@belatravel.example' },
  { _id: '65a1f0c2a1e4d3b2c1a00003', name: 'Chai Corner', email: 'hello@chaicorner.example' },
].map((c, i) => ({ ...c, token: `playground-customer-token-000${i + 1}` }));
/** Wall time the mock takes per request: roughly a real import call, and slow enough to watch. */
const MOCK_LATENCY_MS = 400;
/** The sample's batch size: 10 profiles × 4 parallel requests = 40 rows per chunk. */
const DEFAULT_PLAYGROUND_BATCH = 10;
/**
 * One clock for the whole page: the emulator's clock starts now and follows the wall clock, and
 * a request costs no simulated time of its own (the mock's real latency is the wait), so the
 * sidebar's elapsed and remaining times, the statuses' times and the exports' dates all agree.
 */
const REAL_TIME_LATENCY = { fetchBaseMs: 0, fetchServerMs: 0, fetchPerContactMs: 0, fetchPerKbMs: 0 };
/** Throttle for grid snapshots posted during an execution. */
const SNAPSHOT_INTERVAL_MS = 100;

export interface PlaygroundOptions {
  csvPath?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Send imports to the real API hosts instead of the embedded mock. */
  real?: boolean;
  batchSize?: number;
  /** A brand file (brands/<id>.json): built into dist/<id>/ and shown instead of dist/. */
  brand?: string;
  /** The user's Google locale in the emulator (Session.getActiveUserLocale), e.g. "es", "pt_BR", "hi". */
  locale?: string;
  /** The mock plays a partner: a demo partner key on the page, three demo customers. */
  partner?: boolean;
  /** Seconds a request to the mock may hang before it ends as Apps Script's fetch timeout
   * (default 10; with --real, 60 as in Apps Script). */
  timeoutSeconds?: number;
}

export interface Playground {
  /** The brand's add-on name. */
  addOnName: string;
  url: string;
  bridgeUrl: string;
  mockUrl: string | null;
  em: Emulator;
  stop(): Promise<void>;
}

function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Puts the CSV into the sheet the way typing (or File → Import with conversion) does in Sheets:
 * numbers become number cells, "+91 98765 43210" becomes a formula error, a leading apostrophe
 * keeps text. The emulator's user.setValues implements exactly those rules.
 */
function loadCsv(em: Emulator, sheetName: string, rows: string[][]): void {
  const width = Math.max(1, ...rows.map((row) => row.length));
  const sheet = em.spreadsheet.requireSheet(sheetName);
  if (rows.length + 50 > sheet.maxRows)
    em.user.insertRows(sheetName, sheet.maxRows, rows.length + 50 - sheet.maxRows);
  // Room for the two status columns the add-on adds after the last one.
  if (width + 4 > sheet.maxColumns) sheet.insertColumns(sheet.maxColumns, width + 4 - sheet.maxColumns);
  const padded = rows.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
  if (padded.length > 0) em.user.setValues(sheetName, `A1:${columnLetter(width)}${padded.length}`, padded);
  em.user.setFrozenRows(sheetName, 1);
  em.user.select(sheetName, ['A1']);
}

function snapshot(em: Emulator, version: number): GridSnapshot {
  const sheet = em.spreadsheet.activeSheet();
  const rowCount = Math.min(sheet.maxRows, Math.max(sheet.lastRow() + 25, 60));
  const columnCount = Math.min(sheet.maxColumns, Math.max(sheet.lastColumn() + 2, 12));
  const a1 = `A1:${columnLetter(columnCount)}${rowCount}`;
  const cells = em.user.getDisplayValues(sheet.name, a1);
  const styles: GridSnapshot['styles'] = [];
  const numeric: [number, number][] = [];
  const styleAt = new Map<string, { background: string | null; color: string | null }>();
  for (let r = 1; r <= rowCount; r++) {
    for (let c = 1; c <= columnCount; c++) {
      const cell = sheet.cell(r, c);
      if (!cell) continue;
      if (typeof cell.value === 'number' || isDate(cell.value)) numeric.push([r, c]);
      if (cell.background !== '#ffffff' || cell.fontColor !== '#000000')
        styleAt.set(`${r}:${c}`, {
          background: cell.background === '#ffffff' ? null : cell.background,
          color: cell.fontColor === '#000000' ? null : cell.fontColor,
        });
    }
  }
  // Conditional formats the add-on set (one "text is exactly" rule per status word).
  for (const rule of sheet.conditionalRules) {
    if (rule.kind !== 'textEqualTo') continue;
    for (const { range } of rule.ranges) {
      for (let r = range.row; r < Math.min(range.row + range.numRows, rowCount + 1); r++) {
        for (let c = range.column; c < Math.min(range.column + range.numColumns, columnCount + 1); c++) {
          if (cells[r - 1]?.[c - 1] !== rule.text) continue;
          styleAt.set(`${r}:${c}`, { background: rule.background, color: rule.fontColor });
        }
      }
    }
  }
  for (const [key, style] of styleAt) {
    const [row, column] = key.split(':').map(Number);
    styles.push({ row, column, ...style });
  }
  return {
    version,
    sheetName: sheet.name,
    sheets: em.spreadsheet.sheets.map((s) => s.name),
    rowCount,
    columnCount,
    frozenRows: sheet.frozenRows,
    cells,
    styles,
    numeric,
    selection: em.spreadsheet.activeSheetName === sheet.name ? [...em.spreadsheet.activeRanges] : [],
    columnWidths: Array.from({ length: columnCount }, (_, i) => sheet.columnWidth(i + 1)),
  };
}

function menusOf(em: Emulator): MenuView[] {
  return em.ui.menus.map((menu) => ({
    title: menu.title,
    items: menu.items.map((item) =>
      'caption' in item ? { caption: item.caption, functionName: item.functionName } : null,
    ),
  }));
}

function runMenuItem(em: Emulator, functionName: string): RunResult {
  const alertsBefore = em.ui.alerts.length;
  const toastsBefore = em.ui.toasts.length;
  const dialogsBefore = em.ui.dialogs.length;
  let error: string | undefined;
  try {
    em.run(functionName);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  const notices: NoticeView[] = [
    ...em.ui.alerts
      .slice(alertsBefore)
      .map((a) => ({ kind: 'alert' as const, title: a.title, message: a.prompt })),
    ...em.ui.toasts
      .slice(toastsBefore)
      .map((t) => ({ kind: 'toast' as const, title: t.title, message: t.message })),
  ];
  const shown = em.ui.dialogs.slice(dialogsBefore);
  const openSidebar = shown.some((d) => d.kind === 'sidebar');
  const last = shown.filter((d) => d.kind !== 'sidebar').at(-1);
  const dialog = last && { title: last.title, html: last.html, width: last.width, height: last.height };
  return error === undefined
    ? { ok: true, notices, openSidebar, ...(dialog ? { dialog } : {}) }
    : { ok: false, notices, openSidebar, error, ...(dialog ? { dialog } : {}) };
}

/**
 * A Google Form response arriving: Forms appends the row to the contacts tab at once, then every
 * form-submit trigger runs (automatic import, when switched on in the sidebar). The answers are
 * made up, one new WhatsApp contact per response, under the tab's own headers.
 */
function submitFormResponse(em: Emulator, sheetName: string, n: number): RunResult {
  const sheet = em.spreadsheet.requireSheet(sheetName);
  const headers = em.user.getValues(sheetName, `A1:${columnLetter(sheet.lastColumn())}1`)[0].map(String);
  const answers: Record<string, string> = {
    name: `Form lead ${n}`,
    phone: `'+91 98${String(76_500_000 + n).padStart(8, '0')}`,
    email: `lead${n}@example.com`,
    tags: 'form',
    opt: 'TRUE',
  };
  const row = headers.map((header) => {
    const h = header.toLowerCase();
    if (/whatsapp|phone|mobile/.test(h)) return answers.phone;
    if (/mail/.test(h)) return answers.email;
    if (/name/.test(h)) return answers.name;
    if (/tag/.test(h)) return answers.tags;
    if (/opt|consent/.test(h)) return answers.opt;
    return '';
  });
  const alertsBefore = em.ui.alerts.length;
  const runs = em.triggers.fireFormSubmit(sheetName, row);
  const notices: NoticeView[] = [];
  if (runs.length === 0) {
    notices.push({
      kind: 'toast',
      title: 'Form response',
      message: `Row ${sheet.lastRow()} arrived from the form. Switch on "Import new rows automatically" in the sidebar to import responses as they arrive.`,
    });
  } else {
    const failed = runs.find((r) => r.error);
    notices.push({
      kind: 'toast',
      title: 'Form response',
      message: failed
        ? `Row ${sheet.lastRow()} arrived; the automatic import failed: ${failed.error}`
        : `Row ${sheet.lastRow()} arrived and the form-submit trigger ran: see its status.`,
    });
  }
  // A trigger has no UI; anything it tried to show would be an error, not an alert.
  for (const a of em.ui.alerts.slice(alertsBefore))
    notices.push({ kind: 'alert', title: a.title, message: a.prompt });
  return { ok: true, notices, openSidebar: false };
}

/** Keeps the emulator's clock from falling behind the wall clock (it may run ahead: a timeout). */
function followWallClock(em: Emulator): () => void {
  const catchUp = () => {
    const behind = Date.now() - em.clock.now();
    if (behind > 0) em.clock.advance(behind);
  };
  em.onServiceCall(catchUp);
  return catchUp;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');

/** The fault panel's state as the mock's configuration. */
function mockPatchFor(faults: MockFaults): MockConfigPatch {
  const list: Fault[] = [];
  if (faults.html) list.push({ effect: { kind: 'html', status: 503 } });
  if (faults.rateLimit)
    list.push({ effect: { kind: 'status', status: 429, retryAfterSeconds: faults.retryAfterSeconds } });
  return {
    latencyMs: MOCK_LATENCY_MS + Math.round(faults.slowSeconds * 1000),
    down: faults.down === 'up' ? null : faults.down,
    invalidPhones: faults.refuseNumbers.map(digitsOf).filter((d) => d.length > 0),
    tokens: faults.rejectToken ? [] : [DEMO_TOKEN],
    faults: list,
  };
}

/** Typed or pasted text into the active tab, as typing into Sheets converts it; the grid grows to fit. */
function editCells(em: Emulator, top: number, left: number, values: string[][]): RunResult {
  const sheet = em.spreadsheet.activeSheet();
  const width = Math.max(...values.map((row) => row.length));
  const padded = values.map((row) => [...row, ...Array<string>(width - row.length).fill('')]);
  const bottom = top + padded.length - 1;
  const right = left + width - 1;
  if (bottom > sheet.maxRows) em.user.insertRows(sheet.name, sheet.maxRows, bottom - sheet.maxRows);
  if (right > sheet.maxColumns) sheet.insertColumns(sheet.maxColumns, right - sheet.maxColumns);
  const a1 = `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
  em.user.setValues(sheet.name, a1, padded);
  return { ok: true, notices: [], openSidebar: false };
}

/**
 * File → Import → Insert new sheet(s): the rows go into a new tab named after the file (a second
 * import of the same name gets " (2)"), converted as Sheets converts imported text.
 */
function importFile(em: Emulator, fileName: string, values: string[][]): RunResult {
  const base = basename(fileName, extname(fileName)).trim() || 'Imported';
  let name = base;
  for (let n = 2; em.spreadsheet.sheet(name); n++) name = `${base} (${n})`;
  em.user.addSheet(name);
  loadCsv(em, name, values);
  return {
    ok: true,
    notices: [
      {
        kind: 'toast',
        title: 'File → Import',
        message: `Imported ${values.length} rows from ${fileName} into the tab "${name}".`,
      },
    ],
    openSidebar: false,
  };
}

async function buildPage(): Promise<Pick<PageServerConfig, 'pageHtml' | 'pageScript' | 'pageStyles'>> {
  const result = await build({
    entryPoints: [join(HERE, 'page', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
  });
  return {
    pageHtml: readFileSync(join(HERE, 'page', 'index.html'), 'utf8'),
    pageScript: result.outputFiles[0].text,
    pageStyles: readFileSync(join(HERE, 'page', 'styles.css'), 'utf8'),
  };
}

export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const csvPath = options.csvPath ?? SAMPLE_CSV;
  const rows = parseDelimited(decodeFile(readFileSync(csvPath)));
  // The default build is dist/ (npm start builds it first); a chosen brand is built here.
  const built = options.brand
    ? await buildBrand({ brandPath: options.brand })
    : { brand: await loadBrand(), dist: DIST };
  const { brand, dist } = built as { brand: BrandNames; dist: string };
  const manifest = JSON.parse(readFileSync(join(dist, 'appsscript.json'), 'utf8')) as {
    urlFetchWhitelist?: string[];
  };
  const apiHosts = (manifest.urlFetchWhitelist ?? []).map((prefix) => new URL(prefix).host);

  let mock: MockBotPenguin | null = null;
  const hostRoutes: Record<string, string> = {};
  if (options.real) {
    // Each allow-listed host routed to itself: the emulator's fetch worker then does real HTTPS.
    for (const host of apiHosts) hostRoutes[host] = `https://${host}`;
  } else {
    mock = await startMockBotPenguin({ tokens: [DEMO_TOKEN], latencyMs: MOCK_LATENCY_MS });
    if (options.partner)
      await mock.configure({ partner: { keys: [DEMO_PARTNER_KEY], customers: DEMO_CUSTOMERS } });
    for (const host of apiHosts) hostRoutes[host] = mock.url;
  }

  const em = createEmulator({
    bundlePath: join(dist, 'Code.js'),
    htmlDir: dist,
    manifest,
    hostRoutes,
    fetchTimeoutMs: (options.timeoutSeconds ?? (options.real ? 60 : 10)) * 1000,
    latency: options.real ? {} : REAL_TIME_LATENCY,
    startTime: Date.now(),
    cpuFactor: 1,
    userLocale: options.locale ?? 'en',
  });
  const sheetName = basename(csvPath, extname(csvPath)) || 'Contacts';
  em.user.renameSheet(em.spreadsheet.activeSheet().name, sheetName);
  loadCsv(em, sheetName, rows);
  // The playground's spreadsheet plays one that receives a Google Form's responses, so
  // automatic import installs its form-submit trigger and "Simulate a form response" fires it.
  em.spreadsheet.formUrl = 'https://docs.google.com/forms/d/e/playground/viewform';
  // Sheets shows an add-on's menu under its name.
  em.ui.addonName = brand.menuTitle;
  em.runWithEvent('onOpen', { authMode: 'NONE' });
  em.scriptRun('saveSettings', { batchSize: options.batchSize ?? DEFAULT_PLAYGROUND_BATCH });

  const bridge = await startBridge({ emulator: em, distDir: dist });
  const session: SessionView = {
    menus: menusOf(em),
    sidebarUrl: bridge.url,
    sidebarTitle: brand.sidebarTitle,
    addOnName: brand.addOnName,
    serviceName: brand.serviceName,
    target: options.real ? 'real' : 'mock',
    sourceName: basename(csvPath),
    demoToken: options.real ? null : DEMO_TOKEN,
    demoPartnerKey: options.real || !options.partner ? null : DEMO_PARTNER_KEY,
  };

  const worker = new Worker(new URL('./page-server-worker.mjs', import.meta.url), {
    workerData: {
      port: options.port ?? 8080,
      session,
      mockUrl: mock?.url ?? null,
      ...(await buildPage()),
    } satisfies PageServerConfig,
  });

  // Grid snapshots: after every sheet write (throttled) and once more when the thread is free.
  let version = 0;
  let formResponses = 0;
  let lastPost = 0;
  let trailingPending = false;
  const postGrid = () => {
    lastPost = Date.now();
    worker.postMessage({ kind: 'grid', grid: snapshot(em, ++version) } satisfies EngineMessage);
  };
  em.onServiceCall(({ kind, phase }) => {
    if (phase !== 'after' || !/^(Range\.(set|clear)|Sheet\.|SpreadsheetApp\.flush)/.test(kind)) return;
    if (Date.now() - lastPost >= SNAPSHOT_INTERVAL_MS) postGrid();
    if (trailingPending) return;
    trailingPending = true;
    setImmediate(() => {
      trailingPending = false;
      postGrid();
    });
  });
  postGrid();

  const catchUp = followWallClock(em);
  const answer = async (request: EngineRequest): Promise<RunResult> => {
    catchUp();
    if (request.kind === 'faults') {
      if (!mock)
        return { ok: false, notices: [], openSidebar: false, error: 'No mock: imports go to the real API' };
      await mock.configure(mockPatchFor(request.faults));
      return { ok: true, notices: [], openSidebar: false, faults: request.faults };
    }
    if (request.kind === 'edit') {
      try {
        return editCells(em, request.top, request.left, request.values);
      } catch (error) {
        return { ok: false, notices: [], openSidebar: false, error: String(error) };
      } finally {
        postGrid();
      }
    }
    if (request.kind === 'select') {
      try {
        em.user.select(em.spreadsheet.activeSheet().name, request.ranges);
        return { ok: true, notices: [], openSidebar: false };
      } catch (error) {
        return { ok: false, notices: [], openSidebar: false, error: String(error) };
      } finally {
        postGrid();
      }
    }
    if (request.kind === 'activate') {
      const ok = em.spreadsheet.sheet(request.sheetName) !== undefined;
      if (ok) em.user.select(request.sheetName, ['A1']);
      postGrid();
      return ok
        ? { ok: true, notices: [], openSidebar: false }
        : { ok: false, notices: [], openSidebar: false, error: `No tab named ${request.sheetName}` };
    }
    if (request.kind === 'import') {
      try {
        return importFile(em, request.name, request.values);
      } catch (error) {
        return { ok: false, notices: [], openSidebar: false, error: String(error) };
      } finally {
        postGrid();
      }
    }
    if (request.kind === 'form-submit') {
      const result = submitFormResponse(em, sheetName, ++formResponses);
      postGrid();
      return result;
    }
    const result = runMenuItem(em, request.functionName);
    postGrid();
    return result;
  };

  const portOrFailure = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: PageServerMessage) => {
      if (message.kind === 'listening') resolve(message.port);
      else if (message.kind === 'listen-failed') reject(new Error(listenFailure(message.port, message.code)));
      else
        void answer(message.request).then((result) =>
          worker.postMessage({ kind: 'reply', id: message.request.id, result } satisfies EngineMessage),
        );
    });
    worker.once('error', reject);
  });
  let port: number;
  try {
    port = await portOrFailure;
  } catch (error) {
    await bridge.close();
    await worker.terminate();
    em.dispose();
    await mock?.stop();
    throw error;
  }

  let stopped = false;
  return {
    addOnName: brand.addOnName,
    url: `http://127.0.0.1:${port}/`,
    bridgeUrl: bridge.url,
    mockUrl: mock?.url ?? null,
    em,
    async stop() {
      if (stopped) return;
      stopped = true;
      await bridge.close();
      await worker.terminate();
      em.dispose();
      await mock?.stop();
    },
  };
}

/** What to do when the page's port cannot be opened, as a sentence. */
function listenFailure(port: number, code: string): string {
  if (code === 'EADDRINUSE')
    return `Port ${port} is already in use (another playground, or another program). Stop it, or start on another port: npm start -- --port ${port + 1}`;
  if (code === 'EACCES')
    return `Port ${port} may not be opened by this user. Start on another port: npm start -- --port 8080`;
  return `The playground could not open port ${port} (${code}). Start on another port: npm start -- --port 8081`;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      real: { type: 'boolean', default: false },
      'batch-size': { type: 'string' },
      brand: { type: 'string' },
      locale: { type: 'string' },
      partner: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(
      'Usage: npm start -- [contacts.csv] [--port 8080] [--real] [--batch-size 10] [--brand brands/<id>.json] [--locale es] [--partner] [--timeout 10]',
    );
    return;
  }
  const real = values.real || process.env.BOTPENGUIN_REAL === '1';
  const playground = await startPlayground({
    csvPath: positionals[0],
    port: Number(values.port ?? process.env.PORT ?? 8080),
    real,
    batchSize: values['batch-size'] === undefined ? undefined : Number(values['batch-size']),
    brand: values.brand ?? process.env.BRAND,
    locale: values.locale ?? process.env.LOCALE,
    partner: values.partner || process.env.PARTNER === '1',
    timeoutSeconds: values.timeout === undefined ? undefined : seconds(values.timeout),
  });
  console.log(`${playground.addOnName} playground: ${playground.url}`);
  if (real) console.error('Imports go to the real API hosts: paste your own token in the sidebar.');
  else console.error(`Imports go to the embedded mock (${playground.mockUrl}); demo token: ${DEMO_TOKEN}`);
  if (!real && (values.partner || process.env.PARTNER === '1'))
    console.error(
      `Partner mode: demo partner key ${DEMO_PARTNER_KEY} (customers ${DEMO_CUSTOMERS.map((c) => c.name).join(', ')})`,
    );
  console.error('Ctrl+C to stop.');
  const shutdown = () => {
    playground.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

/** `--timeout`: a positive number of seconds, or a sentence saying what to type. */
function seconds(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--timeout takes seconds, for example --timeout 10 (not "${text}").`);
  return value;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
