/**
 * Export contacts from BotPenguin into a new tab, a page of contacts at a time.
 *
 * The export's state (filters, tab, next page, attribute columns) lives in the document
 * properties, so an export that outlives one execution (a sidebar call's 20 s, a menu run's 4.5
 * minutes) resumes from the next page with continueExport. Each page is one number-format call and
 * one setValues, status columns included: every row is written as Imported with the `ref` the
 * importer would compute, so importing the tab back sends nothing.
 */

import { leftQueuedByStop } from '../core/messages';
import { classify, type TransportResult } from '../core/responses';
import { nextRetry } from '../core/retry';
import { DEFAULT_POLICY } from '../core/sender';
import type { ExportOptions, ExportProgress, ExportState } from '../shared/contracts';
import { t } from '../shared/i18n';
import { plainTextCells } from './cell-text';
import { USERS_LIST_PATH } from './config';
import { UserError } from './errors';
import { attributesOf, type BotPenguinUser, exportMapping, headerRow, pageRows } from './export-rows';
import { postJsonWithToken } from './http';
import { withDocumentLock } from './job-store';
import {
  accountForRun,
  copySheetCustomer,
  customerForNewRun,
  type JobCustomer,
  sendWithTokenCheck,
} from './partner';
import { applySettingsPatch, getSheetSettings, splitIntoPieces } from './settings';
import { sheetById } from './sheet';
import { dayFormatter, formatTime } from './sheet-context';
import { spreadsheetTimeZone } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const EXPORT_KEY_PREFIX = 'bp.export.';
const TEXT_FORMAT = '@';
const DATE_FORMAT = 'yyyy-mm-dd hh:mm';

interface ExportRecord {
  id: string;
  sheetId: number;
  sheetName: string;
  tag: string;
  searchText: string;
  /** The page to fetch next (1-based). */
  nextPage: number;
  contacts: number;
  /** Attribute keys in column order (first seen first). */
  attributeKeys: string[];
  startedAt: number;
  /** Partner mode: the customer whose contacts are exported (the sheet's customer at the start). */
  customer?: JobCustomer;
}

/** Fetching a page failed for good (after retries) or the token was rejected. */
interface PageFailure {
  kind: 'auth' | 'failed';
  message: string;
}

// ---------------------------------------------------------------------------------------------
// State

/**
 * Attribute keys come from the account and are unbounded in number and length; past
 * KEYS_INLINE_BYTES they are stored in pieces (bp.exportKeys.<id>.1 … .N, each under 9 KB) and
 * the record holds only their count, so the record itself always fits (issue 22).
 */
const KEYS_INLINE_BYTES = 4 * 1024;
const KEYS_PREFIX = 'bp.exportKeys.';
const keysPieceKey = (exportId: string, n: number) => `${KEYS_PREFIX}${exportId}.${n}`;

interface StoredExportRecord extends ExportRecord {
  /** The attribute keys are in this many pieces (attributeKeys is then empty). */
  keyPieces?: number;
}

function saveRecord(record: ExportRecord): void {
  const props = PropertiesService.getDocumentProperties();
  const keysJson = JSON.stringify(record.attributeKeys);
  let stored: StoredExportRecord = record;
  if (keysJson.length * 3 > KEYS_INLINE_BYTES) {
    const pieces = splitIntoPieces(keysJson);
    const values: Record<string, string> = {};
    pieces.forEach((piece, i) => {
      values[keysPieceKey(record.id, i + 1)] = piece;
    });
    props.setProperties(values);
    stored = { ...record, attributeKeys: [], keyPieces: pieces.length };
  }
  props.setProperty(EXPORT_KEY_PREFIX + record.id, JSON.stringify(stored));
}

function loadRecord(exportId: string): ExportRecord | null {
  if (!/^[0-9a-f]{6}$/.test(String(exportId))) return null;
  const props = PropertiesService.getDocumentProperties();
  const raw = props.getProperty(EXPORT_KEY_PREFIX + exportId);
  const stored = raw ? (JSON.parse(raw) as StoredExportRecord) : null;
  if (!stored?.keyPieces) return stored;
  let keysJson = '';
  for (let n = 1; n <= stored.keyPieces; n++) keysJson += props.getProperty(keysPieceKey(exportId, n)) ?? '';
  const { keyPieces: _pieces, ...record } = stored;
  return { ...record, attributeKeys: JSON.parse(keysJson) as string[] };
}

function deleteRecord(exportId: string): void {
  const props = PropertiesService.getDocumentProperties();
  const raw = props.getProperty(EXPORT_KEY_PREFIX + exportId);
  const pieces = (raw ? parseRecord(raw) : null)?.keyPieces ?? 0;
  for (let n = 1; n <= pieces; n++) props.deleteProperty(keysPieceKey(exportId, n));
  props.deleteProperty(EXPORT_KEY_PREFIX + exportId);
}

/**
 * The most recent export that has not finished, for the menu. Records of exports whose tab was
 * deleted (or that cannot be read) are dropped on the way.
 */
export function unfinishedExport(): { id: string; sheetName: string; contacts: number } | null {
  const store = PropertiesService.getDocumentProperties();
  const all = store.getProperties();
  const open: ExportRecord[] = [];
  for (const key of Object.keys(all)) {
    if (!key.startsWith(EXPORT_KEY_PREFIX)) continue;
    const record = parseRecord(all[key]);
    if (record && sheetById(record.sheetId)) open.push(record);
    else if (record) deleteRecord(record.id);
    else store.deleteProperty(key);
  }
  return open.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null;
}

function parseRecord(raw: string): StoredExportRecord | null {
  try {
    return JSON.parse(raw) as StoredExportRecord;
  } catch {
    return null;
  }
}

/** The import's document lock: one import or export of a spreadsheet at a time. */
function underDocumentLock(work: () => ExportProgress): ExportProgress {
  return withDocumentLock(
    () => ({
      exportId: '',
      state: 'busy',
      sheetName: '',
      contacts: 0,
      pages: 0,
      attributeColumns: [],
      message: t('export.busy'),
    }),
    work,
  );
}

// ---------------------------------------------------------------------------------------------
// Public entry points

export function startExport(options: ExportOptions, budgetMs: number): ExportProgress {
  const callStarted = Date.now();
  const tag = String(options?.tag ?? '').trim();
  const searchText = String(options?.searchText ?? '').trim();
  return underDocumentLock(() => {
    const from = SpreadsheetApp.getActiveSpreadsheet().getActiveSheet().getSheetId();
    const customer = customerForNewRun(from);
    accountForRun(customer);
    const sheet = createExportTab(callStarted);
    // The tab imports back into the account it came from.
    if (customer) copySheetCustomer(from, sheet.getSheetId());
    const record: ExportRecord = {
      id: Utilities.getUuid().replace(/-/g, '').slice(0, 6).toLowerCase(),
      sheetId: sheet.getSheetId(),
      sheetName: sheet.getName(),
      tag,
      searchText,
      nextPage: 1,
      contacts: 0,
      attributeKeys: [],
      startedAt: callStarted,
      ...(customer ? { customer } : {}),
    };
    writeHeader(sheet, record);
    saveRecord(record);
    return runPages(sheet, record, callStarted + budgetMs);
  });
}

export function continueExport(exportId: string, budgetMs: number): ExportProgress {
  const callStarted = Date.now();
  return underDocumentLock(() => {
    const record = loadRecord(exportId);
    if (!record) {
      throw new UserError(t('export.finished'));
    }
    const sheet = sheetById(record.sheetId);
    if (!sheet) {
      deleteRecord(record.id);
      throw new UserError(t('export.tabDeleted', { tab: record.sheetName }));
    }
    return runPages(sheet, record, callStarted + budgetMs);
  });
}

/** A menu run: pages until done or the budget is spent (the state then waits for the next run). */
export function runWholeExport(start: ExportOptions | { resume: string }, budgetMs: number): ExportProgress {
  const deadline = Date.now() + budgetMs;
  let progress = 'resume' in start ? continueExport(start.resume, budgetMs) : startExport(start, budgetMs);
  while (progress.state === 'running' && Date.now() < deadline) {
    progress = continueExport(progress.exportId, deadline - Date.now());
  }
  if (progress.state === 'running') {
    progress.message = t('export.paused', {
      count: progress.contacts,
      tab: progress.sheetName,
      menuItem: t('menu.exportContacts'),
    });
  }
  return progress;
}

// ---------------------------------------------------------------------------------------------
// The tab

/** "BotPenguin export 2026-11-25 14:03" in the spreadsheet's time zone; " (2)"… when taken. */
function createExportTab(now: number): Sheet {
  const spreadsheet = SpreadsheetApp.getActiveSpreadsheet();
  const base = t('export.tabName', {
    date: Utilities.formatDate(new Date(now), spreadsheetTimeZone(), 'yyyy-MM-dd HH:mm'),
  });
  let name = base;
  for (let n = 2; spreadsheet.getSheetByName(name); n++) name = `${base} (${n})`;
  const sheet = spreadsheet.insertSheet(name, spreadsheet.getSheets().length);
  sheet.activate();
  return sheet;
}

/** Row 1 as it must be for the attribute keys known so far; also saves the tab's mapping. */
function writeHeader(sheet: Sheet, record: ExportRecord): void {
  const headers = headerRow(record.attributeKeys);
  ensureSize(sheet, 1, headers.length);
  const range = sheet.getRange(1, 1, 1, headers.length);
  range.setNumberFormat(TEXT_FORMAT);
  const plainText = plainTextCells();
  range.setValues([headers.map(plainText.write)]);
  if (sheet.getFrozenRows() !== 1) sheet.setFrozenRows(1);
  applySettingsPatch(sheet, { mapping: exportMapping(record.attributeKeys, plainText) }, () => true);
}

function ensureSize(sheet: Sheet, lastRow: number, lastColumn: number): void {
  const maxRows = sheet.getMaxRows();
  if (lastRow > maxRows) sheet.insertRowsAfter(maxRows, lastRow - maxRows);
  const maxColumns = sheet.getMaxColumns();
  if (lastColumn > maxColumns) sheet.insertColumnsAfter(maxColumns, lastColumn - maxColumns);
}

/** New attribute keys go after the existing attribute columns (before Created), in first-seen order. */
function addAttributeColumns(sheet: Sheet, record: ExportRecord, users: BotPenguinUser[]): void {
  const known = new Set(record.attributeKeys);
  const added: string[] = [];
  for (const user of users) {
    for (const { key } of attributesOf(user)) {
      if (!known.has(key)) {
        known.add(key);
        added.push(key);
      }
    }
  }
  if (added.length === 0) return;
  // Inserting after the last attribute column (or after Tags) shifts Created… to the right.
  sheet.insertColumnsAfter(4 + record.attributeKeys.length, added.length);
  record.attributeKeys.push(...added);
  writeHeader(sheet, record);
}

function writePage(sheet: Sheet, record: ExportRecord, users: BotPenguinUser[], exportedAt: string): void {
  addAttributeColumns(sheet, record, users);
  const firstRow = 2 + record.contacts;
  const tz = spreadsheetTimeZone();
  const settings = getSheetSettings(sheet.getSheetId());
  const rows = pageRows(
    users,
    record.attributeKeys,
    firstRow,
    {
      defaultCountry: settings.defaultCountry,
      defaultTags: settings.defaultTags,
      formatDate: dayFormatter(tz),
    },
    exportedAt,
    record.customer?.id ?? null,
  );
  const width = rows[0].length;
  ensureSize(sheet, firstRow + rows.length - 1, width);
  const createdColumn = 4 + record.attributeKeys.length;
  const formats = rows.map(() =>
    Array.from({ length: width }, (_, c) => (c === createdColumn ? DATE_FORMAT : TEXT_FORMAT)),
  );
  const range = sheet.getRange(firstRow, 1, rows.length, width);
  range.setNumberFormats(formats);
  range.setValues(rows);
}

// ---------------------------------------------------------------------------------------------
// Pages

/** One page request: a body of the list's filters, the answer. */
type SendPage = (body: unknown) => TransportResult;

function runPages(sheet: Sheet, record: ExportRecord, deadline: number): ExportProgress {
  const account = accountForRun(record.customer);
  // A customer's token refused is asked for once more, as an import does.
  const send = sendWithTokenCheck(
    account,
    (token, bodies: unknown[]) =>
      bodies.map((body) => postJsonWithToken(account.host, USERS_LIST_PATH, token, body)),
    (error) => {
      throw error;
    },
  );
  const sendPage: SendPage = (body) => send([body])[0];
  const exportedAt = formatTime(new Date());
  while (Date.now() < deadline) {
    const page = fetchPage(sendPage, record, deadline);
    if ('kind' in page) {
      // The record stays: continueExport (or the menu's Yes) resumes from this page.
      return progressOf(record, 'stopped', page);
    }
    if (page.users.length === 0) {
      deleteRecord(record.id);
      return progressOf(record, 'done');
    }
    writePage(sheet, record, page.users, exportedAt);
    record.contacts += page.users.length;
    record.nextPage++;
    saveRecord(record);
  }
  return progressOf(record, 'running');
}

/** One page, retried like an import batch on 429, 5xx and network errors. */
function fetchPage(
  sendPage: SendPage,
  record: ExportRecord,
  deadline: number,
): { users: BotPenguinUser[] } | PageFailure {
  // BotPenguin expects every filter field, with empty values for the unused ones.
  const body = {
    searchText: record.searchText,
    tags: record.tag ? [record.tag] : [],
    segments: [],
    page: record.nextPage,
  };
  for (let attempt = 1; ; attempt++) {
    const result = sendPage(body);
    const verdict = classify(result, Date.now());
    if (verdict.kind === 'ok') {
      const data = result.kind === 'response' ? parseData(result.body) : null;
      if (data) return { users: data };
      return {
        kind: 'failed',
        message: t('export.unreadable'),
      };
    }
    if (verdict.kind === 'auth') return { kind: 'auth', message: verdict.message };
    if (verdict.kind === 'stop') {
      return {
        kind: 'failed',
        message: t('export.appsScriptStopped', { reason: leftQueuedByStop(verdict.reason.kind) }),
      };
    }
    if (verdict.kind !== 'retry') return { kind: 'failed', message: verdict.message };
    const step = nextRetry(verdict, attempt, DEFAULT_POLICY);
    // A wait past the call's deadline gives up too; the record stays, so the export resumes here.
    if (step.kind === 'giveUp' || Date.now() + step.ms >= deadline) {
      return { kind: 'failed', message: t('export.gaveUp', { reason: verdict.message, count: attempt }) };
    }
    Utilities.sleep(step.ms);
  }
}

function parseData(body: string): BotPenguinUser[] | null {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return Array.isArray(parsed?.data) ? (parsed.data as BotPenguinUser[]) : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Progress

function filterText(record: ExportRecord): string {
  const parts: string[] = [];
  if (record.tag) parts.push(t('export.withTag', { tag: record.tag }));
  if (record.searchText) parts.push(t('export.matching', { text: record.searchText }));
  return parts.length ? ` ${parts.join(t('list.and'))}` : '';
}

function progressOf(record: ExportRecord, state: ExportState, failure?: PageFailure): ExportProgress {
  return {
    exportId: record.id,
    state,
    sheetName: record.sheetName,
    contacts: record.contacts,
    pages: record.nextPage - 1,
    attributeColumns: [...record.attributeKeys],
    message: exportMessage(record, state, failure),
  };
}

function exportMessage(record: ExportRecord, state: ExportState, failure?: PageFailure): string {
  const tab = record.sheetName;
  const count = record.contacts;
  const filter = filterText(record);
  const menuItem = t('menu.exportContacts');
  const sofar = t('export.soFar', { count, tab });
  switch (state) {
    case 'done':
      return count === 0 ? t('export.none', { filter, tab }) : t('export.done', { count, filter, tab });
    case 'running':
      return t('export.running', { count, tab });
    case 'stopped':
      return failure?.kind === 'auth'
        ? t('export.tokenRejected', { sofar, menuItem })
        : t('export.pageFailed', {
            page: record.nextPage,
            reason: failure?.message ?? t('export.noAnswer'),
            sofar,
            menuItem,
          });
    default:
      return '';
  }
}
