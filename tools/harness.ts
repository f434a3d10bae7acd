/**
 * The built add-on (dist/Code.js) in the emulator, talking real HTTP to the BotPenguin mock on
 * 127.0.0.1. Both documented API hosts are routed to the mock, so the bundle keeps its real URLs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index';
import { type MockBotPenguin, type RecordedRequest, startMockBotPenguin } from '../mock-api/index';
import { CODE_JS, DIST, MANIFEST } from './paths';

export const TOKEN = 'bp-test-token-0001-a1b2';
export const SHEET = 'Contacts';

export async function startMock(): Promise<MockBotPenguin> {
  return startMockBotPenguin({ tokens: [TOKEN] });
}

/** The bundle of dist/ (or of a brand's dist/<id>/ given as `dist`) with every allow-listed host routed to the mock. */
export function emulatorFor(
  mock: MockBotPenguin,
  options: Partial<EmulatorOptions> = {},
  dist = DIST,
): Emulator {
  const manifest = JSON.parse(readFileSync(dist === DIST ? MANIFEST : join(dist, 'appsscript.json'), 'utf8'));
  const hostRoutes: Record<string, string> = {};
  for (const entry of manifest.urlFetchWhitelist as string[]) hostRoutes[new URL(entry).host] = mock.url;
  return createEmulator({
    bundlePath: dist === DIST ? CODE_JS : join(dist, 'Code.js'),
    htmlDir: dist,
    manifest,
    hostRoutes,
    fetchTimeoutMs: 3000,
    ...options,
  });
}

/** A sheet of contacts: headers in row 1, then the rows. */
export function loadSheet(em: Emulator, rows: unknown[][], sheet = SHEET): void {
  // A loop, not Math.max(...rows): spreading 125,000+ rows overflows the call stack.
  let width = 0;
  for (const row of rows) if (row.length > width) width = row.length;
  const padded = rows.map((r) => [...r, ...Array(width - r.length).fill('')]);
  if (!em.spreadsheet.sheet(sheet)) em.user.addSheet(sheet);
  em.user.select(sheet, ['A1']);
  // Like pasting into Sheets: the grid grows to fit.
  const model = em.spreadsheet.requireSheet(sheet);
  if (padded.length > model.maxRows)
    em.user.insertRows(sheet, model.maxRows + 1, padded.length - model.maxRows);
  // Exports are wide (Google Contacts writes 30+ columns): the grid grows to the right too.
  if (width > model.maxColumns) model.insertColumns(model.maxColumns, width - model.maxColumns);
  em.user.setValues(sheet, `A1:${columnLetter(width)}${padded.length}`, padded);
}

export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

export function saveToken(em: Emulator, token = TOKEN): void {
  em.scriptRun('saveSettings', { token });
}

export interface RowStatus {
  row: number;
  values: unknown[];
  status: string;
  details: string;
}

/** Every data row with its status columns, found by header as a user would. */
export function statuses(
  em: Emulator,
  sheet = SHEET,
  columns = { status: 'BotPenguin Status', details: 'BotPenguin Details' },
): RowStatus[] {
  const model = em.spreadsheet.requireSheet(sheet);
  const lastRow = model.lastRow();
  const lastColumn = model.lastColumn();
  if (lastRow < 1) return [];
  const all = em.user.getValues(sheet, `A1:${columnLetter(lastColumn)}${lastRow}`);
  const headers = all[0].map(String);
  const s = headers.indexOf(columns.status);
  const d = headers.indexOf(columns.details);
  return all.slice(1).map((values, i) => ({
    row: i + 2,
    values,
    status: s >= 0 ? String(values[s]) : '',
    details: d >= 0 ? String(values[d]) : '',
  }));
}

export function countBy<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** n realistic, distinct, valid Indian mobile contacts. */
export function contactRows(n: number, start = 0): unknown[][] {
  return Array.from({ length: n }, (_, i) => {
    const k = start + i;
    return [
      `Contact ${k}`,
      `'+91 98${String(k).padStart(8, '0')}`,
      `c${k}@example.com`,
      k % 3 === 0 ? 'vip, lead' : 'lead',
    ];
  });
}

export const HEADERS = ['Name', 'Phone', 'Email', 'Tags'];

export interface AddOnUnderTest {
  mock: MockBotPenguin;
  /** A fresh emulator with the bundle for every test; a test may replace it (dispose the old one). */
  em: Emulator;
}

/**
 * Registers the hooks every server test file needs: one mock for the file, reset before each
 * test, and a fresh emulator loaded with dist/Code.js per test.
 */
export function useAddOnUnderTest(emulatorOptions: Partial<EmulatorOptions> = {}): AddOnUnderTest {
  const state = {} as AddOnUnderTest;
  beforeAll(async () => {
    state.mock = await startMock();
  });
  afterAll(async () => {
    await state.mock.stop();
  });
  beforeEach(async () => {
    await state.mock.reset();
    await state.mock.configure({ faults: [], invalidPhones: [], maxBatch: null, tokens: [TOKEN] });
    state.em = emulatorFor(state.mock, emulatorOptions);
  });
  afterEach(() => {
    state.em.dispose();
  });
  return state;
}

/** The import requests the mock received, in order. */
export async function importRequests(mock: MockBotPenguin): Promise<RecordedRequest[]> {
  return (await mock.requests()).filter((r) => r.path === '/inbox/users/import');
}

/** Phones in an import request's body, as prefix+number. */
export function phonesIn(request: RecordedRequest): string[] {
  const body = request.body as {
    profile: { userDetails: { contact: { phone: { prefix: string; number: string } } } };
  }[];
  return body.map(
    (p) => p.profile.userDetails.contact.phone.prefix + p.profile.userDetails.contact.phone.number,
  );
}
