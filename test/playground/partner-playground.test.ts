/**
 * `npm start -- --partner`: the playground's mock plays a partner agency. The page shows a demo
 * partner key next to the demo token; pasted into the real sidebar it lists three demo customers,
 * one is chosen for the sheet, and the menu's import lands in that customer's account (the mock's
 * panel says whose).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactView } from '../../playground/protocol';
import { ROOT } from '../../tools/paths';
import { launchChromium } from '../support/chromium';

const ARTIFACTS = join(ROOT, 'test-artifacts', 'playground');
let server: ChildProcess;
let browser: Browser;
let page: Page;
let baseUrl: string;

function startServer(): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', 'playground/server.ts', '--port', '0', '--partner'], {
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

async function clickMenu(caption: string): Promise<void> {
  await page.getByRole('button', { name: 'Extensions' }).click();
  await page.getByRole('menuitem', { name: 'BotPenguin Contacts' }).hover();
  await page.getByRole('menuitem', { name: caption, exact: true }).click();
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  baseUrl = await startServer();
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
});

afterAll(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  }
});

describe('playground in partner mode', () => {
  it('imports the sheet into the demo customer chosen in the sidebar', async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#grid tbody tr').count()).toBeGreaterThan(200);
    const key = (await page.locator('#demo-partner-key').textContent()) ?? '';
    expect(key).toBe('playground-demo-partner-key-0001');

    await clickMenu('Open sidebar');
    await expect.poll(() => page.locator('#sidebar').isVisible()).toBe(true);
    const sidebar = page.frameLocator('#sidebar-frame');
    await sidebar.getByLabel('Partner key', { exact: true }).fill(key);
    await sidebar.getByLabel('Partner key', { exact: true }).press('Enter');
    await expect
      .poll(() => sidebar.locator('#partner-key-state').textContent())
      .toBe('Partner key set, ending in 0001.');
    const search = sidebar.getByRole('combobox', { name: 'Find a customer' });
    await search.focus();
    await expect
      .poll(() => sidebar.locator('#customer-list .bp-option-name').allTextContents())
      .toEqual(['Asha Foods', 'Bela Travel', 'Chai Corner']);
    // The first option is active once listed: down to Bela, back up to Asha, Enter chooses.
    await search.press('ArrowDown');
    await search.press('ArrowUp');
    await search.press('Enter');
    await expect
      .poll(() => sidebar.locator('#customer-current').textContent())
      .toBe('Imports into Asha Foods (owner@ashafoods.example)');

    // Two rows of the sample that import (4 and 5), selected in the grid, imported from the menu.
    await page.locator('th.row-header', { hasText: /^4$/ }).click();
    await page.locator('th.row-header', { hasText: /^5$/ }).click({ modifiers: ['Shift'] });
    await clickMenu('Import selected rows');
    const received = async () =>
      ((await (await fetch(new URL('api/contacts', baseUrl))).json()) as ContactView[]).length;
    await expect.poll(received, { timeout: 30_000 }).toBeGreaterThan(0);
    const contacts = (await (await fetch(new URL('api/contacts', baseUrl))).json()) as ContactView[];
    expect(new Set(contacts.map((c) => c.customer))).toEqual(new Set(['Asha Foods']));
    await expect.poll(() => page.locator('#mock-account-head').isVisible()).toBe(true);
    if (await page.locator('#alert-dialog').isVisible())
      await page.getByRole('button', { name: 'OK' }).click();
    const path = join(ARTIFACTS, 'partner-playground.png');
    await page.screenshot({ path });
    if (process.env.DOCS_SCREENSHOTS) copyFileSync(path, join(ROOT, 'docs', 'playground-partner.png'));
  });
});
