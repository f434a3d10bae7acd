/**
 * `npm start` end to end: the playground server as a child process (exactly what npm start runs, read
 * from package.json, minus the build, which vitest's global setup did), Chromium on its page. Selects rows in two
 * ranges, imports them from the add-on menu, sets the demo token through the real sidebar,
 * imports from the sidebar and watches the status columns fill in, and checks the mock's panel.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactView, GridSnapshot } from '../../playground/protocol';
import { npmScriptNodeArgs } from '../../tools/npm-script';
import { ROOT } from '../../tools/paths';
import { launchChromium } from '../support/chromium';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'playground');
const README_SCREENSHOT = join(ROOT, 'docs', 'playground.png');
/** The Marketplace store listing's screenshots: 1280×800 (docs/publishing.md). */
const MARKETPLACE_DIR = join(ROOT, 'docs', 'marketplace');
const MARKETPLACE_SIZE = { width: 1280, height: 800 };

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(path);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** A store-listing screenshot at exactly 1280×800, copied to docs/marketplace/ when asked. */
async function marketplaceShot(name: string): Promise<void> {
  const path = join(ARTIFACTS, `marketplace-${name}.png`);
  await page.screenshot({ path });
  expect(pngSize(path)).toEqual(MARKETPLACE_SIZE);
  if (process.env.UPDATE_MARKETPLACE_SCREENSHOTS === '1') {
    mkdirSync(MARKETPLACE_DIR, { recursive: true });
    copyFileSync(path, join(MARKETPLACE_DIR, `${name}.png`));
  }
}
const STATUS_WORDS = ['Imported', 'Invalid', 'Failed', 'Skipped', 'Queued', 'Valid'];

let server: ChildProcess;
let baseUrl: string;
let browser: Browser;
let page: Page;

function startServer(extraArgs: string[] = []): Promise<string> {
  server = spawn(process.execPath, [...npmScriptNodeArgs('start'), '--port', '0', ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    server.once('exit', (code) => reject(new Error(`playground exited (${code}): ${stderr}`)));
  });
}

function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}

async function grid(): Promise<GridSnapshot> {
  const response = await fetch(new URL('api/grid', baseUrl));
  return (await response.json()) as GridSnapshot;
}

async function contacts(): Promise<ContactView[]> {
  const response = await fetch(new URL('api/contacts', baseUrl));
  return (await response.json()) as ContactView[];
}

/** Rows whose status cell says Queued in a grid snapshot (what the page draws next). */
function queuedIn(snapshot: GridSnapshot): number {
  const column = snapshot.cells[0].indexOf('BotPenguin Status');
  return column < 0 ? 0 : snapshot.cells.filter((row) => row[column] === 'Queued').length;
}

/** Status cell text per sheet row (1-based), read from what the page shows. */
async function pageStatuses(): Promise<Map<number, string>> {
  const headers = await page.locator('#grid tbody tr').first().locator('td').allTextContents();
  const column = headers.indexOf('BotPenguin Status');
  const out = new Map<number, string>();
  if (column < 0) return out;
  const texts = await page.locator(`#grid tbody tr td:nth-child(${column + 2})`).allTextContents();
  texts.forEach((text, i) => {
    if (i > 0 && text) out.set(i + 1, text);
  });
  return out;
}

async function clickMenu(caption: string, addOn = 'BotPenguin Contacts'): Promise<void> {
  await page.getByRole('button', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: addOn }).hover();
  await page.getByRole('menuitem', { name: caption, exact: true }).click();
}

async function screenshot(name: string): Promise<string> {
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

function sidebar(): FrameLocator {
  return page.frameLocator('#sidebar-frame');
}

describe('npm start playground', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    baseUrl = await startServer();
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stopServer();
  });

  it('shows the sample sheet, the add-on menu as onOpen built it, and the mock target', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#grid tbody tr').count()).toBeGreaterThan(200);
    const header = await page.locator('#grid tbody tr').first().locator('td').allTextContents();
    expect(header.slice(0, 4)).toEqual(['Name', 'WhatsApp Number', 'Country Code', 'Email']);
    // A phone number loaded as a number cell shows as Sheets shows it, right-aligned.
    expect(await page.locator('#grid td.number', { hasText: 'E+11' }).count()).toBeGreaterThan(5);
    // A bare "+91 …" string became a formula error, as typed into Sheets.
    expect(await page.locator('#grid td.error', { hasText: '#ERROR!' }).count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Extensions' }).click();
    await page.getByRole('menuitem', { name: 'BotPenguin Contacts' }).hover();
    const items = await page
      .getByRole('menu', { name: 'BotPenguin Contacts' })
      .getByRole('menuitem')
      .allTextContents();
    expect(items).toEqual([
      'Import selected rows',
      'Import all new or changed rows',
      'Validate selected rows (no import)',
      'Retry failed rows',
      'Re-send selected rows, even if already imported',
      'Handle opt-outs (withdrawn consent)…',
      'Remove selected contacts from BotPenguin…',
      'Export contacts from BotPenguin…',
      'Open sidebar',
      'Help',
      'Check this installation',
    ]);
    await page.keyboard.press('Escape');
    await page.locator('#doc-name').click();
    expect(await page.locator('#demo-token').textContent()).toBe('playground-demo-token-0001');
  });

  it('imports two selected ranges from the menu once the token is set in the sidebar', async () => {
    // Rows 2–6, then ctrl-click row 10 and shift-click row 12 for a second range.
    await page.locator('th.row-header', { hasText: /^2$/ }).click();
    await page.locator('th.row-header', { hasText: /^6$/ }).click({ modifiers: ['Shift'] });
    await page.locator('th.row-header', { hasText: /^10$/ }).click({ modifiers: ['Control'] });
    await page.locator('th.row-header', { hasText: /^12$/ }).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('#name-box').textContent()).toBe('A2:L6, A10:L12');
    await expect.poll(async () => (await grid()).selection).toEqual(['A2:L6', 'A10:L12']);

    // No token yet: the add-on says so in an alert.
    await clickMenu('Import selected rows');
    await expect.poll(() => page.locator('#alert-dialog').isVisible()).toBe(true);
    expect(await page.locator('#alert-message').textContent()).toMatch(/token/i);
    await screenshot('01-no-token-alert');
    await page.getByRole('button', { name: 'OK' }).click();

    await clickMenu('Open sidebar');
    await expect.poll(() => page.locator('#sidebar').isVisible()).toBe(true);
    const token = (await page.locator('#demo-token').textContent()) ?? '';
    await sidebar().getByLabel('API token').fill(token);
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => sidebar().locator('#token-state').textContent())
      .toBe('Token set, ending in 0001.');

    await clickMenu('Import selected rows');
    // Rows show Queued while the run is under way; wait for all eight to reach their outcome.
    const settled = async () => {
      const now = await pageStatuses();
      return now.size === 8 && ![...now.values()].includes('Queued');
    };
    await expect.poll(settled, { timeout: 30_000 }).toBe(true);
    const statuses = await pageStatuses();
    expect([...statuses.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 10, 11, 12]);
    for (const status of statuses.values()) expect(STATUS_WORDS).toContain(status);
    const imported = [...statuses.values()].filter((s) => s === 'Imported').length;
    expect(imported, [...statuses.values()].join()).toBeGreaterThan(0);
    // The run told its result in a toast (all fine) or an alert (some invalid).
    await expect
      .poll(
        async () =>
          (await page.locator('#alert-dialog').isVisible()) || (await page.locator('.toast').count()) > 0,
      )
      .toBe(true);
    await screenshot('02-menu-import');
    if (await page.locator('#alert-dialog').isVisible())
      await page.getByRole('button', { name: 'OK' }).click();

    const received = await contacts();
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(imported);
    await expect.poll(() => page.locator('#mock-rows tr').count()).toBe(received.length);
    expect(await page.locator('#mock-summary').textContent()).toContain(`${received.length} contact`);
  });

  it('imports every row from the sidebar while the status column fills in chunk by chunk', async () => {
    await page.locator('th.row-header', { hasText: /^2$/ }).click();
    await page.locator('th.row-header', { hasText: /^201$/ }).click({ modifiers: ['Shift'] });
    await expect.poll(async () => (await grid()).selection.join()).toMatch(/^A2:[A-Z]+201$/);
    // The sample's opt-in column is often blank: let blank mean yes (sidebar → Defaults), so
    // enough rows are ready for the import to take several chunks.
    await sidebar().locator('#defaults-section > summary').click();
    await sidebar().locator('#blank-consent').selectOption('yes');
    await sidebar().getByRole('button', { name: 'Save defaults' }).click();
    await expect.poll(() => sidebar().locator('#defaults-result').textContent()).toContain('Defaults saved');
    await sidebar().getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect.poll(() => sidebar().locator('#preview-message').textContent()).toMatch(/rows? selected/);

    await sidebar().getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => sidebar().locator('#progress-panel').isVisible()).toBe(true);

    // Sample the page while the import runs: rows go Queued first, then chunk by chunk to their
    // outcome, so some sample must catch a part of the rows still Queued.
    const queuedCounts: number[] = [];
    const deadline = Date.now() + 60_000;
    let capturedRunning = false;
    while (Date.now() < deadline) {
      const queued = queuedIn(await grid());
      queuedCounts.push(queued);
      if (!capturedRunning && queued > 0 && queued < Math.max(...queuedCounts)) {
        capturedRunning = true;
        await screenshot('03-sidebar-import-running');
      }
      if ((await sidebar().locator('#result-message').textContent())?.trim()) break;
      await page.waitForTimeout(25);
    }
    const resultMessage = (await sidebar().locator('#result-message').textContent()) ?? '';
    expect(resultMessage).toMatch(/Imported \d+ rows?/);
    const most = Math.max(...queuedCounts);
    expect(most).toBeGreaterThan(40);
    expect(
      queuedCounts.some((count) => count > 0 && count < most),
      queuedCounts.join(' '),
    ).toBe(true);
    // The page polls the grid, so its last redraw may trail the sidebar's result a little.
    await expect
      .poll(async () => [...(await pageStatuses()).values()].filter((s) => s === 'Queued').length)
      .toBe(0);

    const statuses = await pageStatuses();
    const blankRows = (await grid()).cells
      .slice(1, 201)
      .filter((row) => row.every((cell) => cell === '')).length;
    expect(statuses.size).toBe(200 - blankRows);
    const received = await contacts();
    const importedNow = [...statuses.values()].filter((s) => s === 'Imported').length;
    expect(received.length).toBeGreaterThan(50);
    expect(received.length).toBeLessThanOrEqual(importedNow);
    await expect
      .poll(() => page.locator('#mock-summary').textContent())
      .toContain(`${received.length} contacts`);

    // The README picture: the top of the sheet with its status columns, the sidebar's result.
    await page.locator('#grid-wrap').evaluate((wrap) => {
      wrap.scrollTo(0, 0);
    });
    await sidebar().locator('#result-panel').scrollIntoViewIfNeeded();
    const final = await screenshot('04-sidebar-import-done');
    // Refreshing the README's picture is a deliberate act, not a side effect of every test run.
    if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(final, README_SCREENSHOT);
  });

  it("Help opens the add-on's dialog with version, links and host; the listing screenshots are 1280×800", async () => {
    await page.setViewportSize(MARKETPLACE_SIZE);
    // The listing shows the add-on, not the playground's mock panel; the grid scrolled to the
    // status columns.
    if (await page.locator('#mock-body').isVisible()) await page.locator('#mock-toggle').click();
    await page.locator('#grid-wrap').evaluate((wrap) => {
      wrap.scrollTo(wrap.scrollWidth, 0);
    });
    await marketplaceShot('01-statuses-and-sidebar');

    await page.getByRole('button', { name: 'Extensions' }).click();
    await page.getByRole('menuitem', { name: 'BotPenguin Contacts' }).hover();
    await marketplaceShot('02-menu');
    await page.getByRole('menuitem', { name: 'Help', exact: true }).click();

    await expect.poll(() => page.locator('#html-dialog').isVisible()).toBe(true);
    expect(await page.locator('#html-dialog-title').textContent()).toBe('BotPenguin Contacts: help');
    const help = page.frameLocator('#html-dialog-frame');
    await expect.poll(() => help.locator('#version').textContent()).toMatch(/^Version \d+\.\d+\.\d+$/);
    expect(await help.locator('#privacy a').getAttribute('href')).toBe(
      'https://botpenguin.com/privacy-policy',
    );
    expect(await help.locator('#api-host code').textContent()).toBe('https://api-v7.express-chat.com/');
    await marketplaceShot('03-help');
    await help.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.locator('#html-dialog').isVisible()).toBe(false);
  });

  it('shows the log tab, exports from the mock into a new tab, and imports a simulated form response', async () => {
    const tabs = page.locator('#sheet-tabs .tab');
    const source = (await grid()).sheetName;
    // Earlier imports wrote the run log: its tab is there, and shows one row per run.
    await expect.poll(() => tabs.allTextContents()).toContain('BotPenguin log');
    await tabs.filter({ hasText: 'BotPenguin log' }).click();
    await expect.poll(async () => (await grid()).sheetName).toBe('BotPenguin log');
    const log = await grid();
    expect(log.cells[0].slice(0, 3)).toEqual(['Started', 'Ended', 'Started from']);
    expect(log.cells.filter((row) => row[2] === 'Menu' || row[2] === 'Sidebar').length).toBeGreaterThan(1);
    await screenshot('05-log-tab');

    // Export: the menu item creates a tab of the mock's contacts and shows it.
    await tabs.filter({ hasText: source }).click();
    await expect.poll(async () => (await grid()).sheetName).toBe(source);
    await clickMenu('Export contacts from BotPenguin…');
    await expect
      .poll(async () => (await grid()).sheetName, { timeout: 20_000 })
      .toMatch(/^BotPenguin export /);
    await expect
      .poll(async () => (await grid()).cells[0].slice(0, 4), { timeout: 20_000 })
      .toEqual(['Name', 'Phone', 'Email', 'Tags']);
    const inMock = (await contacts()).length;
    await expect
      .poll(async () => (await grid()).cells.filter((row, i) => i > 0 && row[1].startsWith('+')).length, {
        timeout: 20_000,
      })
      .toBe(inMock);
    // The menu run showed its prompt (an alert here) and its result (a toast or an alert).
    const alerts: string[] = [];
    await expect
      .poll(
        async () => {
          if (await page.locator('#alert-dialog').evaluate((d) => (d as HTMLDialogElement).open)) {
            alerts.push((await page.locator('#alert-message').textContent()) ?? '');
            await page.locator('#alert-ok').click();
          }
          const toasts = (await page.locator('#toasts').textContent()) ?? '';
          return [...alerts, toasts].some((text) => /Exported \d+ contacts/.test(text));
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await screenshot('06-export-tab');

    // Automatic import on: a form response is imported by its trigger, in the same execution.
    await tabs.filter({ hasText: source }).click();
    await expect.poll(async () => (await grid()).sheetName).toBe(source);
    await sidebar().locator('#auto-import').check();
    await expect.poll(() => sidebar().locator('#auto-state').textContent()).toMatch(/\S/);
    await page.getByRole('button', { name: 'Simulate a form response' }).click();
    const rowOf = async () => (await grid()).cells.findIndex((row) => row.includes('Form lead 1')) + 1;
    await expect.poll(rowOf).toBeGreaterThan(1);
    const row = await rowOf();
    await expect.poll(async () => (await pageStatuses()).get(row)).toBe('Imported');
    expect((await contacts()).some((c) => c.name === 'Form lead 1')).toBe(true);
    await screenshot('07-form-response-imported');
  });
});

describe('npm start -- --brand brands/acme.json', () => {
  beforeAll(async () => {
    await stopServer();
    baseUrl = await startServer(['--brand', 'brands/acme.json']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stopServer();
  });

  it('shows the partner menu, sidebar and statuses, and no BotPenguin in what the add-on shows', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#grid tbody tr').count()).toBeGreaterThan(200);
    expect(await page.title()).toBe('Acme Chat Contacts — local playground');
    await page.getByRole('button', { name: 'Extensions' }).click();
    expect(await page.getByRole('menuitem', { name: 'BotPenguin Contacts' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.locator('#doc-name').click();

    await clickMenu('Open sidebar', 'Acme Chat Contacts');
    await expect.poll(() => page.locator('#sidebar').isVisible()).toBe(true);
    expect(await page.locator('#sidebar-title').textContent()).toBe('Acme Chat Contacts');
    const token = (await page.locator('#demo-token').textContent()) ?? '';
    await sidebar().getByLabel('API token').fill(token);
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => sidebar().locator('#token-state').textContent())
      .toBe('Token set, ending in 0001.');
    expect(await sidebar().locator('body').textContent()).not.toMatch(/botpenguin/i);

    await page.locator('th.row-header', { hasText: /^2$/ }).click();
    await page.locator('th.row-header', { hasText: /^4$/ }).click({ modifiers: ['Shift'] });
    await clickMenu('Import selected rows', 'Acme Chat Contacts');
    const header = async () => (await grid()).cells[0];
    await expect.poll(header, { timeout: 30_000 }).toContain('Acme Chat Status');
    expect(await header()).not.toContain('BotPenguin Status');
    await expect.poll(async () => (await contacts()).length, { timeout: 30_000 }).toBeGreaterThan(0);
  });
});

describe('npm start -- --locale es', () => {
  beforeAll(async () => {
    await stopServer();
    baseUrl = await startServer(['--locale', 'es']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await stopServer();
  });

  it('speaks Spanish: menu, sidebar, the toast or alert after an import, and Details', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#grid tbody tr').count()).toBeGreaterThan(200);
    await clickMenu('Abrir barra lateral');
    await expect.poll(() => page.locator('#sidebar').isVisible()).toBe(true);
    await expect.poll(() => sidebar().locator('#selection-title').textContent()).toBe('Selección');
    const token = (await page.locator('#demo-token').textContent()) ?? '';
    await sidebar().getByLabel('Token de API').fill(token);
    await sidebar().getByRole('button', { name: 'Guardar', exact: true }).click();
    await expect
      .poll(() => sidebar().locator('#token-state').textContent())
      .toBe('Token guardado, termina en 0001.');

    await page.locator('th.row-header', { hasText: /^2$/ }).click();
    await page.locator('th.row-header', { hasText: /^4$/ }).click({ modifiers: ['Shift'] });
    await clickMenu('Importar filas seleccionadas');
    // Details of the rows just imported are Spanish sentences; the status words stay English.
    // Rows whose outcome is known at once (Invalid, Skipped) are written before the send: wait
    // for the sent row's own outcome.
    const importedInSpanish = async () => {
      const snapshot = await grid();
      const details = snapshot.cells[0].indexOf('BotPenguin Details');
      const texts = snapshot.cells.slice(1, 4).map((row) => row[details]);
      return texts.some((text) => /^Importado \d{4}-\d\d-\d\d \d\d:\d\d como \+/.test(text));
    };
    await expect.poll(importedInSpanish, { timeout: 30_000 }).toBe(true);
    // The run told its result in Spanish, in a toast (all fine) or an alert (some invalid).
    const said = async () =>
      (await page.locator('#alert-dialog').isVisible())
        ? await page.locator('#alert-message').textContent()
        : ((await page.locator('.toast').allTextContents())[0] ?? '');
    await expect.poll(said).toMatch(/^Se import(ó|aron) \d+ filas? en BotPenguin\./);
    await screenshot('08-spanish');
  });
});
