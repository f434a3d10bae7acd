/**
 * The playground plays faults, in Chromium on `npm start`'s page: the fault panel beside the
 * mock's contacts makes the mock slow, down (refused, hanging), refuse numbers, rate-limit, answer
 * with HTML or reject the token, and each shows in the add-on's statuses through the real sidebar.
 * The grid takes typing and tab-separated paste; its highlight always equals the add-on's
 * selection (after a tab switch, after "Select Invalid rows"); a taken port gets a sentence.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridSnapshot } from '../../playground/protocol';
import { ROOT } from '../../tools/paths';
import { launchChromium } from '../support/chromium';

const ROWS = 60;
const phone = (k: number) => `98765${String(40_000 + k).padStart(5, '0')}`;
/** Our own small sheet: national numbers with a country column, every contact opted in. */
const CSV = [
  'Name,WhatsApp,Country,Email,Opted In',
  ...Array.from({ length: ROWS }, (_, k) => `Person ${k},${phone(k)},India,p${k}@example.com,TRUE`),
].join('\n');

let server: ChildProcess;
let baseUrl: string;
let browser: Browser;
let page: Page;

function startServer(args: string[]): { process: ChildProcess; url: Promise<string>; exit: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'playground/server.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<string>((resolve) => child.once('exit', () => resolve(stderr)));
  const url = new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exit.then((text) => reject(new Error(`playground exited: ${text}`)));
  });
  return { process: child, url, exit };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function grid(): Promise<GridSnapshot> {
  return (await (await fetch(new URL('api/grid', baseUrl))).json()) as GridSnapshot;
}

function sidebar(): FrameLocator {
  return page.frameLocator('#sidebar-frame');
}

async function clickMenu(caption: string): Promise<void> {
  await page.getByRole('button', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'BotPenguin Contacts' }).hover();
  await page.getByRole('menuitem', { name: caption, exact: true }).click();
}

/** Status and Details of sheet row `row` (1-based), from the engine's snapshot. */
async function statusOf(row: number): Promise<{ status: string; details: string }> {
  const snapshot = await grid();
  const s = snapshot.cells[0].indexOf('BotPenguin Status');
  const d = snapshot.cells[0].indexOf('BotPenguin Details');
  return { status: snapshot.cells[row - 1]?.[s] ?? '', details: snapshot.cells[row - 1]?.[d] ?? '' };
}

/** Rows the page highlights (selected or active cells), as sheet row numbers. */
async function highlightedRows(): Promise<number[]> {
  return page.evaluate(() => {
    const rows = new Set<number>();
    for (const td of Array.from(document.querySelectorAll<HTMLElement>('#grid td.selected, #grid td.active')))
      rows.add(Number(td.dataset.row));
    return [...rows].sort((a, b) => a - b);
  });
}

function rowsOf(selection: string[]): number[] {
  const rows = new Set<number>();
  for (const a1 of selection) {
    const [from, to = from] = a1.split(':');
    const top = Number(/\d+/.exec(from)?.[0]);
    const bottom = Number(/\d+/.exec(to)?.[0]);
    for (let r = Math.min(top, bottom); r <= Math.max(top, bottom); r++) rows.add(r);
  }
  return [...rows].sort((a, b) => a - b);
}

async function selectRows(from: number, to: number): Promise<void> {
  await page.locator('th.row-header', { hasText: new RegExp(`^${from}$`) }).click();
  await page.locator('th.row-header', { hasText: new RegExp(`^${to}$`) }).click({ modifiers: ['Shift'] });
  await expect
    .poll(async () => rowsOf((await grid()).selection).join())
    .toBe(Array.from({ length: to - from + 1 }, (_, i) => from + i).join());
}

/** Sets the fault panel as a visitor would and waits for the mock to take it. */
async function setFaults(apply: () => Promise<void>, expected: RegExp): Promise<void> {
  await apply();
  await expect.poll(() => page.locator('#fault-state').textContent()).toMatch(expected);
}

async function clearFaults(): Promise<void> {
  for (const id of ['fault-slow', 'fault-refuse', 'fault-rate-limit', 'fault-html', 'fault-token']) {
    const box = page.locator(`#${id}`);
    if (await box.isChecked()) await box.uncheck();
  }
  await page.locator('input[name="fault-down"][value="up"]').check();
  await expect.poll(() => page.locator('#fault-state').textContent()).toBe('The mock answers normally.');
}

/** Import selected from the sidebar; resolves with its result sentence. */
async function importFromSidebar(): Promise<string> {
  // The button is held while the run goes on; when it is free again the result is this run's.
  await sidebar().getByRole('button', { name: 'Import selected' }).click();
  await expect.poll(() => sidebar().locator('#import-start').isDisabled(), { timeout: 120_000 }).toBe(false);
  return (await sidebar().locator('#result-message').textContent()) ?? '';
}

describe('the playground plays every fault', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bp-faults-'));
    const csv = join(dir, 'Contacts.csv');
    writeFileSync(csv, CSV);
    // Hanging requests time out after 4 s instead of the playground's 10 (the slow fault's 2 s still answer in time).
    const started = startServer([csv, '--port', '0', '--timeout', '4']);
    server = started.process;
    baseUrl = await started.url;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    page = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stop(server);
  });

  it('types into a cell and pastes tab-separated text into many cells', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#grid tbody tr').count()).toBeGreaterThan(ROWS);
    await clickMenu('Open sidebar');
    await sidebar()
      .getByLabel('API token')
      .fill((await page.locator('#demo-token').textContent()) ?? '');
    await sidebar().getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => sidebar().locator('#token-state').textContent(), { timeout: 10_000 })
      .toMatch(/^Token set/);

    // Row 2 is Person 0: type a new name over it.
    await page.locator('#grid td[data-row="2"][data-column="1"]').click();
    await page.keyboard.type('Asha Rao');
    await expect.poll(() => page.locator('#cell-editor').isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await grid()).cells[1][0]).toBe('Asha Rao');
    // Enter moved to the cell below, as in Sheets.
    await expect.poll(async () => (await grid()).selection).toEqual(['A3']);

    // Two new contacts pasted under the last row, as copied from another sheet.
    const first = ROWS + 2;
    await page.locator(`#grid td[data-row="${first}"][data-column="1"]`).click();
    await page.locator('#grid-wrap').evaluate((wrap, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      wrap.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, `Pasted One\t9876549001\tIndia\tone@example.com\tTRUE\nPasted "Two"\t9876549002\tIndia\ttwo@example.com\tTRUE\n`);
    await expect
      .poll(async () => (await grid()).cells.slice(first - 1, first + 1).map((r) => r.slice(0, 5)))
      .toEqual([
        ['Pasted One', '9876549001', 'India', 'one@example.com', 'TRUE'],
        ['Pasted "Two"', '9876549002', 'India', 'two@example.com', 'TRUE'],
      ]);
    await expect.poll(async () => (await grid()).selection).toEqual([`A${first}:E${first + 1}`]);
    await expect.poll(highlightedRows).toEqual([first, first + 1]);
  });

  it('each fault shows in the statuses through the real sidebar', async () => {
    // Refused numbers: rows 2 and 3 (Person 0 is now Asha Rao, same number).
    await selectRows(2, 11);
    await setFaults(async () => {
      await page.locator('#fault-refuse-numbers').fill(`+91 ${phone(0)}, 91${phone(1)}`);
      await page.locator('#fault-refuse').check();
    }, /refuses 2 numbers \(400\)/);
    let message = await importFromSidebar();
    expect(message).toMatch(/Imported 8 rows/);
    expect(await statusOf(2)).toMatchObject({
      status: 'Failed',
      details: expect.stringMatching(/rejected this contact/),
    });
    expect((await statusOf(4)).status).toBe('Imported');
    await clearFaults();

    // Slow: 2 s more a request, and the times the sidebar shows are real ones.
    await selectRows(12, 15);
    await setFaults(async () => {
      await page.locator('#fault-slow-seconds').fill('2');
      await page.locator('#fault-slow').check();
    }, /takes 2 s more per request/);
    const started = Date.now();
    message = await importFromSidebar();
    expect(message).toMatch(/Imported 4 rows/);
    expect(Date.now() - started).toBeGreaterThan(2_000);
    // One clock: the status says today's date, as the machine's clock does.
    const today = new Date().toISOString().slice(0, 10);
    expect((await statusOf(12)).details).toContain(today);
    await clearFaults();

    // Rate limit: every request gets 429 with Retry-After 1 s; the batch gives up and says why.
    await selectRows(16, 17);
    await setFaults(async () => {
      await page.locator('#fault-retry-after').fill('1');
      await page.locator('#fault-rate-limit').check();
    }, /rate-limits every request \(429, Retry-After 1 s\)/);
    await importFromSidebar();
    expect(await statusOf(16)).toMatchObject({
      status: 'Failed',
      details: expect.stringMatching(/limiting requests \(429\)/),
    });
    await clearFaults();

    // An HTML page instead of JSON.
    await selectRows(18, 19);
    await setFaults(() => page.locator('#fault-html').check(), /HTML error page \(503\)/);
    await importFromSidebar();
    expect(await statusOf(18)).toMatchObject({
      status: 'Failed',
      details: expect.stringMatching(/server error \(503/),
    });
    await clearFaults();

    // The token rejected: the run stops at once and says so.
    await selectRows(20, 21);
    await setFaults(() => page.locator('#fault-token').check(), /rejects the token \(401\)/);
    message = await importFromSidebar();
    expect(message).toMatch(/rejected the API token/);
    await clearFaults();

    // Down, refusing connections: enough rows for the circuit breaker to stop the run.
    await selectRows(22, 61);
    await setFaults(
      () => page.locator('input[name="fault-down"][value="refused"]').check(),
      /refuses every connection/,
    );
    message = await importFromSidebar();
    expect(message).toMatch(/could not be reached since \d\d:\d\d \(8 attempts\)/);
    expect(message).toContain('Choose Retry failed rows when it is back.');
    expect(await statusOf(22)).toMatchObject({
      status: 'Queued',
      details: expect.stringMatching(/Not sent yet/),
    });
    await clearFaults();

    // Down, hanging: each request waits until the timeout; the breaker stops the run after two rounds.
    await setFaults(() => page.locator('input[name="fault-down"][value="hanging"]').check(), /never answers/);
    await sidebar()
      .getByRole('button', { name: /^Retry failed rows/ })
      .click();
    await expect
      .poll(() => sidebar().locator('#result-message').textContent(), { timeout: 120_000 })
      .toMatch(/has not answered since \d\d:\d\d \(\d+ attempts timed out\)/);
    await clearFaults();

    // Back up: Retry imports what is left, each contact once.
    await sidebar()
      .getByRole('button', { name: /^Retry failed rows/ })
      .click();
    await expect
      .poll(() => sidebar().locator('#result-message').textContent(), { timeout: 120_000 })
      .toMatch(/^Imported \d+ rows/);
    const contacts = (await (await fetch(new URL('api/contacts', baseUrl))).json()) as {
      importCount: number;
    }[];
    expect(contacts.every((c) => c.importCount === 1)).toBe(true);
  }, 400_000);

  it('the highlight equals the add-on’s selection after "Select Invalid rows" and a tab switch', {
    timeout: 120_000,
  }, async () => {
    // Make two rows invalid by typing over their numbers, then let the sidebar select them.
    for (const row of [30, 33]) {
      // Something outside the grid (the sidebar redrawing, a toast) may take the keyboard while the
      // editor is open; the editor then commits on blur and closes, as a cell editor does. So each
      // attempt opens the editor by double-click, types through its own short-timeout locator and
      // commits with Enter, until the grid holds the text.
      const editor = page.locator('#cell-editor');
      const cell = page.locator(`#grid td[data-row="${row}"][data-column="2"]`);
      await expect
        .poll(
          async () => {
            if ((await grid()).cells[row - 1][1] === '12') return true;
            await cell.dblclick({ timeout: 5_000 }).catch(() => undefined);
            await editor.fill('12', { timeout: 2_000 }).catch(() => undefined);
            await editor.press('Enter', { timeout: 2_000 }).catch(() => undefined);
            return false;
          },
          { timeout: 60_000, interval: 500 },
        )
        .toBe(true);
    }
    await selectRows(28, 35);
    await expect.poll(async () => (await grid()).cells[29][1], { timeout: 10_000 }).toBe('12');
    await sidebar().getByRole('button', { name: 'Validate only' }).click();
    const selectInvalid = sidebar().locator('#select-invalid');
    await expect.poll(() => selectInvalid.textContent(), { timeout: 30_000 }).toBe('Select Invalid rows (2)');
    await selectInvalid.click();
    await expect.poll(async () => rowsOf((await grid()).selection)).toEqual([30, 33]);
    await expect.poll(highlightedRows).toEqual([30, 33]);

    // To the log tab and back: the highlight follows the add-on's selection each time.
    await page.locator('#sheet-tabs .tab', { hasText: 'BotPenguin log' }).click();
    await expect.poll(async () => (await grid()).sheetName).toBe('BotPenguin log');
    // The log tab's own selection (A1), highlighted there: not the contacts tab's rows.
    const same = async () => rowsOf((await grid()).selection).join() === (await highlightedRows()).join();
    await expect.poll(same).toBe(true);
    expect(await highlightedRows()).toEqual([1]);
    await page.locator('#sheet-tabs .tab', { hasText: 'Contacts' }).click();
    await expect.poll(async () => (await grid()).sheetName).toBe('Contacts');
    const theirs = rowsOf((await grid()).selection);
    await expect.poll(highlightedRows).toEqual(theirs);
  });
});

describe('npm start on a taken port', () => {
  it('says which port and to use --port', async () => {
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)),
    );
    try {
      const started = startServer(['--port', String(port)]);
      await expect(started.url).rejects.toThrow(/playground exited/);
      const stderr = await started.exit;
      expect(stderr).toContain(`Port ${port} is already in use`);
      expect(stderr).toContain(`npm start -- --port ${port + 1}`);
      expect(stderr).not.toContain('EADDRINUSE');
    } finally {
      taken.close();
    }
  }, 60_000);
});
