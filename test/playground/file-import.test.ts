/**
 * The playground's File → Import (and a file dropped on the page) in Chromium on `npm start`'s
 * page: CSV and TSV, `,` `;` or tab detected, UTF-8 with or without BOM and UTF-16 with BOM,
 * each into a new tab, cells converted as Sheets converts imported text. The command-line file
 * is read the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridSnapshot } from '../../playground/protocol';
import { EXPORT_FORMATS, type ExportFormat, exportFile } from '../../tools/fixtures/exports/index';
import { ROOT } from '../../tools/paths';
import { launchChromium } from '../support/chromium';

let server: ChildProcess;
let baseUrl: string;
let browser: Browser;
let page: Page;
let dir: string;

const format = (id: string): ExportFormat => {
  const found = EXPORT_FORMATS.find((f) => f.id === id);
  if (!found) throw new Error(id);
  return found;
};

function startServer(args: string[]): Promise<string> {
  server = spawn(process.execPath, ['--import', 'tsx', 'playground/server.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    server.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /playground: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    server.once('exit', () => reject(new Error('playground exited')));
  });
}

async function grid(): Promise<GridSnapshot> {
  return (await (await fetch(new URL('api/grid', baseUrl))).json()) as GridSnapshot;
}

function fileOf(f: ExportFormat, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, exportFile(f));
  return path;
}

describe('File → Import in the playground', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bp-import-'));
    // The command line takes a UTF-16, tab-separated file too.
    baseUrl = await startServer([fileOf(format('meta-lead-ads'), 'leads.tsv'), '--port', '0']);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      await new Promise<void>((resolve) => {
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
      });
    }
  });

  it('reads the command-line file by its BOM and delimiter', async () => {
    const snapshot = await grid();
    expect(snapshot.sheetName).toBe('leads');
    expect(snapshot.cells[0].slice(0, 15)).toEqual(format('meta-lead-ads').headers);
    expect(snapshot.cells[1]).toContain('p:+919876543212');
  });

  it.each([
    ['european-excel', 'contacts-fr.csv'],
    ['meta-lead-ads', 'Meta leads.csv'],
    ['shopify', 'customers_export.csv'],
  ])('imports %s (%s) into a new tab, cells as Sheets stores them', async (id, name) => {
    await page.goto(baseUrl);
    await expect.poll(() => page.locator('#grid tbody tr').count()).toBeGreaterThan(1);
    await page.locator('#file-input').setInputFiles(fileOf(format(id), name));
    const tab = name.replace(/\.csv$/, '');
    await expect.poll(async () => (await grid()).sheetName).toBe(tab);
    const snapshot = await grid();
    const f = format(id);
    expect(snapshot.cells[0].slice(0, f.headers.length)).toEqual(f.headers);
    expect(snapshot.sheets).toContain(tab);
    await expect.poll(() => page.locator('#toasts').textContent()).toContain(`into the tab "${tab}"`);
    if (id === 'european-excel') {
      // "06 12 34 56 79" stays text: Sheets converts only what reads as a number or date.
      expect(snapshot.cells[1][2]).toBe('06 12 34 56 79');
      expect(snapshot.cells[1][1]).toBe('Camille');
    }
    if (id === 'shopify') {
      // "+14165550123" as Sheets turns it: a number cell, shown without its "+".
      const phone = f.headers.indexOf('Phone');
      expect(snapshot.cells[1][phone]).toBe('14165550123');
    }
  });

  it('a file dropped on the page imports the same way', async () => {
    await page.goto(baseUrl);
    const bytes = [...exportFile(format('hubspot'))];
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'hubspot-contacts.csv', { type: 'text/csv' }));
      return transfer;
    }, bytes);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await expect.poll(async () => (await grid()).sheetName).toBe('hubspot-contacts');
    expect((await grid()).cells[0].slice(0, 9)).toEqual(format('hubspot').headers);
  });
});
