/**
 * Real-browser harness: Debian's Chromium (through playwright-core) loads the built
 * dist/Sidebar.html from the playground bridge, whose google.script.run runs each call in the
 * emulator against the built dist/Code.js, which talks HTTP to the BotPenguin mock.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { createEmulator, type Emulator, type LatencyModel } from '../../emulator/index';
import { type MockBotPenguin, startMockBotPenguin } from '../../mock-api/index';
import { type Bridge, startBridge } from '../../playground/bridge';
import { DIST, ROOT } from '../../tools/paths';

export const ADDON_STYLESHEET = 'https://ssl.gstatic.com/docs/script/css/add-ons1.css';
export const OTHER_HOST = 'https://api.v7.botpenguin.com/';
const SHEET = 'Sheet1';
const ARTIFACTS = join(ROOT, 'test-artifacts', 'browser');
export const SIDEBAR_WIDTH = 300;

import { launchChromium } from '../support/chromium';

/** What a sidebar test file shares: one browser and one mock; each test opens its sessions. */
export interface SidebarSuite {
  readonly browser: Browser;
  readonly mock: MockBotPenguin;
  /** Opens a sidebar on the suite's browser and mock; it is checked and closed after the test. */
  open(options: Omit<SessionOptions, 'mock'> & { mock?: MockBotPenguin }): Promise<SidebarSession>;
}

/**
 * The browser set-up of a sidebar test file: Chromium and a mock accepting `token` for the whole
 * file (both stopped after it), the mock reset before each test, and after each every session the
 * test opened closed, having requested nothing outside its own origin (Google's add-on stylesheet
 * excepted), raised no page error and, with `checkWidth`, not widened the 300 px sidebar (longer
 * words must wrap).
 */
export function useSidebarSuite(token: string, options: { checkWidth?: boolean } = {}): SidebarSuite {
  let browser: Browser | undefined;
  let mock: MockBotPenguin | undefined;
  let opened: SidebarSession[] = [];
  const suite: SidebarSuite = {
    get browser() {
      if (!browser) throw new Error('the browser starts in beforeAll');
      return browser;
    },
    get mock() {
      if (!mock) throw new Error('the mock starts in beforeAll');
      return mock;
    },
    async open(sessionOptions) {
      const session = await openSidebar(suite.browser, { mock: suite.mock, ...sessionOptions });
      opened.push(session);
      return session;
    },
  };
  beforeAll(async () => {
    [browser, mock] = await Promise.all([launchChromium(), startMockBotPenguin({ tokens: [token] })]);
  });
  afterAll(async () => {
    await browser?.close();
    await mock?.stop();
  });
  beforeEach(async () => {
    await suite.mock.reset();
    await suite.mock.configure({ tokens: [token], latencyMs: 0 });
  });
  afterEach(async () => {
    const sessions = opened;
    opened = [];
    try {
      for (const session of sessions) {
        const origin = new URL(session.bridge.url).origin;
        const foreign = session.requests.filter((url) => !url.startsWith(origin) && url !== ADDON_STYLESHEET);
        expect(foreign).toEqual([]);
        expect(session.pageErrors).toEqual([]);
        if (options.checkWidth) {
          const width = await session.page.evaluate(() => document.documentElement.scrollWidth);
          expect(width).toBeLessThanOrEqual(SIDEBAR_WIDTH);
        }
      }
    } finally {
      for (const session of sessions) await session.close();
    }
  });
  return suite;
}

export type Cell = string | number | boolean;

export const HEADERS = ['Name', 'Phone', 'Country', 'Email', 'Tags', 'City'];

/**
 * A valid Indian mobile per index, written the way sheets usually hold them: national digits
 * next to a Country column ("+91 …" typed into a cell would become a formula, as in Sheets).
 */
function phoneFor(index: number): string {
  const digits = String(765_40_000 + index);
  return `98${digits.slice(0, 3)} ${digits.slice(3)}`;
}

/** The digits BotPenguin's import sees for phoneFor(index): prefix + number. */
export function phoneDigits(index: number): string {
  return `9198${765_40_000 + index}`;
}

export function contactRow(index: number, name = `Contact ${String(index).padStart(2, '0')}`): Cell[] {
  return [name, phoneFor(index), 'India', `contact${index}@example.com`, 'lead, sheets', 'Pune'];
}

export function contactRows(count: number): Cell[][] {
  return Array.from({ length: count }, (_, i) => contactRow(i + 1));
}

function columnLetter(index: number): string {
  return String.fromCharCode(65 + index);
}

export interface SessionOptions {
  mock: MockBotPenguin;
  headers?: string[];
  rows: Cell[][];
  /** A1 ranges selected in the sheet; default: every data row. */
  selection?: string[];
  /** Saved before the page opens (through google.script.run, as the sidebar would). */
  settings?: Record<string, unknown>;
  latency?: Partial<LatencyModel>;
  viewportHeight?: number;
  beforeCall?: (fn: string, args: unknown[]) => Promise<void> | void;
  /** A brand's build (dist/<id>/); default dist/. Its first API host is routed to the mock. */
  distDir?: string;
  /** The user's Google locale (Session.getActiveUserLocale), e.g. "es"; default "en". */
  userLocale?: string;
  /** The sidebar's timers on a virtual clock: installed before the page loads and paused once it
   * is ready, so its poll, focus gap and tickers move only with `session.advance` (no real waits).
   * axe-core waits on timers too: a test that runs it keeps the real clock. */
  clock?: boolean;
}

export interface SidebarSession {
  em: Emulator;
  bridge: Bridge;
  page: Page;
  /** Dialogs the page opened (alert/confirm): an XSS payload firing would land here. */
  dialogs: string[];
  /** Every URL the page requested. */
  requests: string[];
  pageErrors: string[];
  /** With `clock`: moves the sidebar's time on by `ms` in steps of at most 1 s, each timer firing
   * as it falls due, and lets the server calls each step starts be answered before the next. */
  advance(ms: number): Promise<void>;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Stops the page's clock a moment ahead of its own time. pauseAt cannot go back, and on a loaded
 * machine the page's time can pass the moment read before the pause lands: read again, further
 * ahead. */
async function pauseSoon(page: Page): Promise<void> {
  for (let ahead = 50; ; ahead *= 2) {
    try {
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + ahead);
      return;
    } catch (error) {
      if (ahead >= 1600 || !String(error).includes('to the past')) throw error;
    }
  }
}

async function openSidebar(browser: Browser, options: SessionOptions): Promise<SidebarSession> {
  const dist = options.distDir ?? DIST;
  const manifest = JSON.parse(readFileSync(join(dist, 'appsscript.json'), 'utf8')) as {
    urlFetchWhitelist: string[];
  };
  const em = createEmulator({
    bundlePath: join(dist, 'Code.js'),
    htmlDir: dist,
    manifest,
    // The second allow-listed host is deliberately not routed: it plays an unreachable host.
    hostRoutes: { [new URL(manifest.urlFetchWhitelist[0]).host]: options.mock.url },
    latency: options.latency,
    userLocale: options.userLocale,
  });
  const headers = options.headers ?? HEADERS;
  const lastColumn = columnLetter(headers.length - 1);
  em.user.setValues(SHEET, `A1:${lastColumn}1`, [headers]);
  if (options.rows.length > 0) {
    em.user.setValues(SHEET, `A2:${lastColumn}${options.rows.length + 1}`, options.rows);
  }
  em.user.select(SHEET, options.selection ?? [`A2:${lastColumn}${options.rows.length + 1}`]);
  if (options.settings) em.scriptRun('saveSettings', options.settings);

  const bridge = await startBridge({ emulator: em, distDir: dist, beforeCall: options.beforeCall });
  const context = await browser.newContext({
    viewport: { width: SIDEBAR_WIDTH, height: options.viewportHeight ?? 900 },
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // No internet here: Google's add-on stylesheet fails to load, and the sidebar must not need it.
  await page.route(ADDON_STYLESHEET, (route) => route.abort('internetdisconnected'));
  if (options.clock) await page.clock.install();
  await page.goto(bridge.url);
  await page.locator('main[aria-busy="false"]').waitFor();
  if (options.clock) await pauseSoon(page);

  /** Real time for a step's calls: until the page has none on its way (it counts them itself, see
   * the bridge, from the moment the sidebar makes one), their handlers run. */
  const settle = () =>
    expect
      .poll(
        () => page.evaluate(() => (window as unknown as { __gasCallsInFlight: number }).__gasCallsInFlight),
        {
          timeout: 20_000,
          interval: 10,
        },
      )
      .toBe(0);

  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    em,
    bridge,
    page,
    dialogs,
    requests,
    pageErrors,
    async advance(ms) {
      if (!options.clock) throw new Error('advance() needs the session opened with clock: true');
      for (let left = ms; left > 0; left -= 1000) {
        await page.clock.runFor(Math.min(left, 1000));
        await settle();
      }
    },
    async screenshot(name) {
      const path = join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      await bridge.close();
      em.dispose();
    },
  };
}

/** Status column values of data rows 2..(count+1), as the user sees them in the sheet. */
export function statusColumn(em: Emulator, count: number, header = 'BotPenguin Status'): string[] {
  const headers = em.user.getDisplayValues(SHEET, 'A1:Z1')[0];
  const column = headers.indexOf(header);
  if (column < 0) return [];
  const letter = columnLetter(column);
  return em.user.getDisplayValues(SHEET, `${letter}2:${letter}${count + 1}`).map((row) => row[0]);
}

/** Records every aria-valuenow the progress bar takes, from now on. */
export async function watchProgress(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const bar = document.getElementById('progress-bar');
    const seen: number[] = [];
    (window as unknown as { __progressSeen: number[] }).__progressSeen = seen;
    if (!bar) return;
    new MutationObserver(() => seen.push(Number(bar.getAttribute('aria-valuenow')))).observe(bar, {
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
  });
  return () =>
    page.evaluate(() => (window as unknown as { __progressSeen: number[] }).__progressSeen.slice());
}

/** Holds calls to one server function until released: lets a test act between two chunks. */
export function callGate(fnName: string) {
  let release: () => void = () => {};
  let held: Promise<void> | null = null;
  let arrived: () => void = () => {};
  const arrival = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  return {
    beforeCall(fn: string): Promise<void> | undefined {
      if (fn !== fnName || held === null) return undefined;
      arrived();
      return held;
    },
    /** From now on, calls to fnName wait. */
    close(): void {
      held = new Promise((resolve) => {
        release = resolve;
      });
    },
    /** Resolves once a call to fnName is waiting at the gate. */
    arrival: () => arrival,
    open(): void {
      held = null;
      release();
    },
  };
}
