/**
 * Import jobs: selected rows → statuses → batched sends → statuses, chunk by chunk.
 *
 * The sheet itself holds the job's state. When a job starts, every row to send is marked Queued
 * with a token in its Details cell ("import 3f9a1c #12"). Each chunk finds its rows by that token,
 * sends them, re-reads the status columns and writes each outcome to the row that now carries the
 * token. So a sort, an insert or a deletion during the run cannot put a status on the wrong row, a
 * closed sidebar leaves honest Queued rows behind, and no row is sent by two jobs.
 */
import { contactFingerprint, type PipelineSettings, processRows, type RowOutcome } from '../core/contacts';
import { chooseHeaderRow, type ResolvedColumns, resolveMapping } from '../core/mapping';
import { DEFAULT_POLICY, type SendItem, type SendPolicy, sendProfiles } from '../core/sender';
import { BRAND } from '../shared/brand';
import type {
  ColumnMapping,
  ImportMode,
  ImportOptions,
  ImportProgress,
  InvalidRowSample,
  SelectionPreview,
  StatusCounts,
} from '../shared/contracts';
import { DETAILS_HEADER, STATUS, STATUS_HEADER } from '../shared/contracts';
import { chunkRows, LOCK_WAIT_MS } from './config';
import { createImportTransport } from './http';
import { getApiHost, getSheetSettings, getToken, type SheetSettings, UserError } from './settings';
import {
  ensureStatusColumns,
  readSheet,
  readStatusColumns,
  recoverPhonesTypedAsFormulas,
  rowsHiddenByFilter,
  type SheetData,
  type StatusUpdate,
  selectedRowNumbers,
  writeStatuses,
} from './sheet';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const JOB_KEY_PREFIX = 'bp.job.';
const IMPORTED_REF = /\bref ([0-9a-f]{6,})\b/;
const QUEUED_TOKEN = /\bimport ([0-9a-f]{6}) #(\d+)\b/;
const PREVIOUS_STATUS = /\bwas (Imported|Invalid|Failed|Skipped|Queued|Valid)\b/;

interface JobRecord {
  id: string;
  sheetId: number;
  mode: ImportMode;
  force: boolean;
  total: number;
  counts: StatusCounts;
  requests: number;
  startedAt: number;
  /** Time spent sending and rows sent, for the remaining-time estimate. */
  sendMs: number;
  rowsSent: number;
}

const emptyCounts = (): StatusCounts => ({
  imported: 0,
  invalid: 0,
  failed: 0,
  skipped: 0,
  queued: 0,
  valid: 0,
});

// ---------------------------------------------------------------------------------------------
// Reading a sheet into row outcomes (shared by preview, start and every chunk)

interface SheetContext {
  timeZone: string;
  sheet: Sheet;
  settings: SheetSettings;
  data: SheetData;
  columns: ResolvedColumns;
  mapping: ColumnMapping;
  pipeline: PipelineSettings;
}

function timeZone(): string {
  return SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone();
}

/** Times in Details are in the spreadsheet's time zone, as its users read them. */
export function formatTime(date: Date, zone = timeZone()): string {
  return Utilities.formatDate(date, zone, 'yyyy-MM-dd HH:mm');
}

/** Headers the mapping sees: the add-on's own columns are not contact data. */
export function dataHeaders(headers: string[]): string[] {
  return headers.map((h) => (h === STATUS_HEADER || h === DETAILS_HEADER ? '' : h));
}

function loadContext(sheet: Sheet): SheetContext {
  const settings = getSheetSettings(sheet.getSheetId());
  const headerRow = chooseHeaderRow(sheet.getFrozenRows(), settings.headerRow);
  const data = readSheet(sheet, headerRow);
  const resolved = resolveMapping(dataHeaders(data.headers), settings.mapping);
  recoverPhonesTypedAsFormulas(sheet, data, resolved.columns.fields.phone);
  const tz = timeZone();
  return {
    timeZone: tz,
    sheet,
    settings,
    data,
    columns: resolved.columns,
    mapping: resolved.mapping,
    pipeline: {
      defaultCountry: settings.defaultCountry,
      defaultTags: settings.defaultTags,
      formatDate: (d: Date) => Utilities.formatDate(d, tz, 'yyyy-MM-dd'),
    },
  };
}

function requirePhoneColumn(ctx: SheetContext): void {
  if (ctx.data.headers.length === 0) {
    throw new UserError(
      `The sheet "${ctx.sheet.getName()}" is empty. Put contacts in it under a header row (Name, Phone, Email…).`,
    );
  }
  if (!ctx.mapping.fields.phone) {
    throw new UserError(
      `No phone column found in row ${ctx.data.headerRow} of "${ctx.sheet.getName()}". Name a column "Phone" (or "WhatsApp", "Mobile"), or choose it under Columns in the sidebar.`,
    );
  }
}

function rowValues(ctx: SheetContext, row: number): unknown[] {
  return ctx.data.rows[row - ctx.data.headerRow - 1] ?? [];
}

function cellAt(ctx: SheetContext, row: number, column: number): string {
  if (column < 0) return '';
  const value = rowValues(ctx, row)[column];
  return value === null || value === undefined ? '' : String(value);
}

function outcomesFor(ctx: SheetContext, rows: number[]): Map<number, RowOutcome> {
  const results = processRows(
    rows.map((rowNumber) => ({ rowNumber, values: rowValues(ctx, rowNumber) as never })),
    ctx.columns,
    ctx.pipeline,
  );
  return new Map(rows.map((row, i) => [row, results[i]]));
}

function candidateRows(ctx: SheetContext, mode: ImportMode): number[] {
  const { data } = ctx;
  if (mode === 'selected' || mode === 'validate') {
    return selectedRowNumbers(ctx.sheet, data.headerRow, data.lastRow);
  }
  const all: number[] = [];
  for (let row = data.headerRow + 1; row <= data.lastRow; row++) all.push(row);
  if (mode === 'all') return all;
  // retry: what failed, and what an earlier run left queued
  return all.filter((row) => {
    const status = cellAt(ctx, row, data.statusColumn);
    return status === STATUS.failed || status === STATUS.queued;
  });
}

interface Classified {
  row: number;
  /** 'send' rows are queued; 'keep' rows are already imported and left untouched. */
  action: 'send' | 'keep' | 'write';
  update: StatusUpdate;
  counted: keyof StatusCounts | 'alreadyImported' | 'duplicate';
  outcome: RowOutcome;
}

function isUnchangedSinceImport(ctx: SheetContext, row: number, fingerprint: string): boolean {
  if (cellAt(ctx, row, ctx.data.statusColumn) !== STATUS.imported) return false;
  const match = IMPORTED_REF.exec(cellAt(ctx, row, ctx.data.detailsColumn));
  return match !== null && match[1] === fingerprint;
}

function sentences(reasons: string[]): string {
  return reasons.map((r) => (/[.!?]$/.test(r) ? r : `${r}.`)).join(' ');
}

function phoneLabel(outcome: RowOutcome): string {
  return 'label' in outcome ? outcome.label : '';
}

/** Decides what happens to each candidate row before anything is sent. */
function classifyRows(ctx: SheetContext, rows: number[], mode: ImportMode, force: boolean): Classified[] {
  const hidden = rowsHiddenByFilter(ctx.sheet, rows);
  const visible = rows.filter((r) => !hidden.has(r));
  const outcomes = outcomesFor(ctx, visible);
  const result: Classified[] = [];
  for (const row of rows) {
    if (hidden.has(row)) {
      const outcome = outcomesFor(ctx, [row]).get(row)!;
      if (outcome.kind === 'blank') continue;
      result.push({
        row,
        action: 'write',
        update: [
          STATUS.skipped,
          'Hidden by a filter, so not imported. Clear the filter to include this row.',
        ],
        counted: 'skipped',
        outcome,
      });
      continue;
    }
    const outcome = outcomes.get(row)!;
    switch (outcome.kind) {
      case 'blank':
        continue;
      case 'invalid':
        result.push({
          row,
          action: 'write',
          update: [STATUS.invalid, `${sentences(outcome.reasons)} Fix the row, then import it again.`],
          counted: 'invalid',
          outcome,
        });
        continue;
      case 'duplicate':
        result.push({
          row,
          action: 'write',
          update: [STATUS.skipped, sentences(outcome.reasons)],
          counted: 'duplicate',
          outcome,
        });
        continue;
      case 'valid': {
        const fingerprint = contactFingerprint(outcome.payload);
        if (!force && isUnchangedSinceImport(ctx, row, fingerprint)) {
          result.push({ row, action: 'keep', update: ['', ''], counted: 'alreadyImported', outcome });
        } else if (mode === 'validate') {
          result.push({
            row,
            action: 'write',
            update: [STATUS.valid, `Ready to import: ${outcome.label}.`],
            counted: 'valid',
            outcome,
          });
        } else {
          result.push({ row, action: 'send', update: ['', ''], counted: 'queued', outcome });
        }
      }
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Preview

export function previewSelection(sheet: Sheet): SelectionPreview {
  const ctx = loadContext(sheet);
  requirePhoneColumn(ctx);
  const rows = selectedRowNumbers(sheet, ctx.data.headerRow, ctx.data.lastRow);
  const classified = classifyRows(ctx, rows, 'selected', false);
  const count = (what: Classified['counted']) => classified.filter((c) => c.counted === what).length;
  const samples: InvalidRowSample[] = classified
    .filter((c) => c.outcome.kind === 'invalid')
    .slice(0, 5)
    .map((c) => ({
      row: c.row,
      label: phoneLabel(c.outcome),
      reasons: (c.outcome as { reasons: string[] }).reasons,
    }));
  const preview: SelectionPreview = {
    sheetName: sheet.getName(),
    rowsSelected: classified.length,
    ready: count('queued'),
    invalid: count('invalid'),
    alreadyImported: count('alreadyImported'),
    duplicates: count('duplicate'),
    hiddenByFilter: classified.filter((c) => c.counted === 'skipped').length,
    invalidSamples: samples,
    message: '',
  };
  preview.message = previewMessage(preview);
  return preview;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function previewMessage(p: SelectionPreview): string {
  if (p.rowsSelected === 0) {
    return 'No contact rows selected. Select the rows to import (any cell of a row selects it); the header row is never imported.';
  }
  const parts = [`${p.ready} ready`, `${p.invalid} invalid`, `${p.alreadyImported} already imported`];
  if (p.duplicates) parts.push(plural(p.duplicates, 'duplicate'));
  if (p.hiddenByFilter) parts.push(`${p.hiddenByFilter} hidden by a filter`);
  return `${plural(p.rowsSelected, 'row')} selected: ${parts.join(', ')}.`;
}

// ---------------------------------------------------------------------------------------------
// Jobs

function newJobId(): string {
  return Utilities.getUuid().replace(/-/g, '').slice(0, 6).toLowerCase();
}

function saveJob(job: JobRecord): void {
  PropertiesService.getDocumentProperties().setProperty(JOB_KEY_PREFIX + job.id, JSON.stringify(job));
}

function loadJob(jobId: string): JobRecord | null {
  if (!/^[0-9a-f]{6}$/.test(String(jobId))) return null;
  const raw = PropertiesService.getDocumentProperties().getProperty(JOB_KEY_PREFIX + jobId);
  return raw ? (JSON.parse(raw) as JobRecord) : null;
}

function deleteJob(jobId: string): void {
  PropertiesService.getDocumentProperties().deleteProperty(JOB_KEY_PREFIX + jobId);
}

/** A job whose sidebar was closed mid-run leaves its record behind; its rows stay Queued for Retry. */
const STALE_JOB_MS = 6 * 60 * 60 * 1000;

function pruneStaleJobs(now: number): void {
  const store = PropertiesService.getDocumentProperties();
  const all = store.getProperties();
  for (const key of Object.keys(all)) {
    if (!key.startsWith(JOB_KEY_PREFIX)) continue;
    try {
      if ((JSON.parse(all[key]) as JobRecord).startedAt < now - STALE_JOB_MS) store.deleteProperty(key);
    } catch {
      store.deleteProperty(key);
    }
  }
}

function withDocumentLock<T>(onBusy: () => T, work: () => T): T {
  const lock = LockService.getDocumentLock();
  // Outside a document there is no document lock; an editor add-on always has one.
  if (lock && !lock.tryLock(LOCK_WAIT_MS)) return onBusy();
  try {
    return work();
  } finally {
    lock?.releaseLock();
  }
}

function busyProgress(mode: ImportMode): ImportProgress {
  return {
    jobId: '',
    state: 'busy',
    mode,
    total: 0,
    done: 0,
    counts: emptyCounts(),
    requests: 0,
    elapsedMs: 0,
    estimatedRemainingMs: null,
    message:
      'Another import is running in this spreadsheet right now (yours or a collaborator’s). Wait for it to finish, then try again. Nothing was sent.',
  };
}

function requireToken(): string {
  const token = getToken();
  if (!token) {
    throw new UserError(
      `No ${BRAND.serviceName} API token is saved yet. Open the sidebar (Extensions → ${BRAND.menuTitle} → Open sidebar), paste your token from ${BRAND.tokenLocation}, and save.`,
    );
  }
  return token;
}

function resolveSheet(sheetId: number): Sheet {
  const sheet = SpreadsheetApp.getActiveSpreadsheet()
    .getSheets()
    .find((s) => s.getSheetId() === sheetId);
  if (!sheet)
    throw new UserError('The sheet this import was reading from was deleted. Nothing more will be sent.');
  return sheet;
}

export function startImport(sheet: Sheet, options: ImportOptions, budgetMs: number): ImportProgress {
  const mode: ImportMode = options?.mode ?? 'selected';
  if (!['selected', 'all', 'retry', 'validate'].includes(mode))
    throw new UserError(`Unknown import mode "${mode}".`);
  const force = options?.force === true;
  const callStarted = Date.now();
  return withDocumentLock(
    () => busyProgress(mode),
    () => {
      if (mode !== 'validate') requireToken();
      pruneStaleJobs(callStarted);
      let ctx = loadContext(sheet);
      requirePhoneColumn(ctx);
      const rows = candidateRows(ctx, mode);
      const classified = classifyRows(ctx, rows, mode, force);
      const job: JobRecord = {
        id: newJobId(),
        sheetId: sheet.getSheetId(),
        mode,
        force,
        total: classified.length,
        counts: emptyCounts(),
        requests: 0,
        startedAt: callStarted,
        sendMs: 0,
        rowsSent: 0,
      };
      if (classified.length === 0) return nothingProgress(job, rows.length);

      ctx = { ...ctx, data: ensureStatusColumns(sheet, ctx.data) };
      const now = formatTime(new Date(callStarted), ctx.timeZone);
      const updates = new Map<number, StatusUpdate>();
      let token = 0;
      for (const c of classified) {
        if (c.counted === 'alreadyImported' || c.counted === 'duplicate') job.counts.skipped++;
        else job.counts[c.counted]++;
        if (c.action === 'write') updates.set(c.row, [c.update[0], `${c.update[1]} (${now})`]);
        if (c.action === 'send') {
          const previous = cellAt(ctx, c.row, ctx.data.statusColumn);
          const was = previous ? ` · was ${previous}` : '';
          updates.set(c.row, [STATUS.queued, `Waiting to be sent · import ${job.id} #${++token}${was}`]);
        }
      }
      const firstRow = ctx.data.headerRow + 1;
      const current = { firstRow, status: [] as string[], details: [] as string[] };
      for (let row = firstRow; row <= ctx.data.lastRow; row++) {
        current.status.push(cellAt(ctx, row, ctx.data.statusColumn));
        current.details.push(cellAt(ctx, row, ctx.data.detailsColumn));
      }
      writeStatuses(sheet, ctx.data.statusColumn, ctx.data.detailsColumn, current, updates);
      if (job.counts.queued === 0) return finish(job, 'done');
      saveJob(job);
      return runChunks(sheet, job, callStarted + budgetMs);
    },
  );
}

/**
 * A menu run: one execution does the whole job until its time budget is spent; what is left stays
 * Queued for Retry, because Apps Script stops every execution at 6 minutes.
 */
export function runWholeImport(sheet: Sheet, options: ImportOptions, budgetMs: number): ImportProgress {
  const deadline = Date.now() + budgetMs;
  let progress = startImport(sheet, options, budgetMs);
  while (progress.state === 'running' && Date.now() < deadline) {
    progress = continueImport(progress.jobId, deadline - Date.now());
  }
  if (progress.state === 'running') {
    const job = loadJob(progress.jobId);
    if (job) {
      explainLeftQueued(sheet, job, 'Apps Script allows 6 minutes per run and this import needed more');
      progress = finish(job, 'running');
      progress.message = `Imported ${progress.counts.imported} contacts so far. ${plural(progress.counts.queued, 'row is', 'rows are')} still Queued because Apps Script stops every run after 6 minutes: choose Retry failed rows to send them.`;
    }
  }
  return progress;
}

export function continueImport(jobId: string, budgetMs: number): ImportProgress {
  const callStarted = Date.now();
  return withExistingJob(jobId, (job) => runChunks(resolveSheet(job.sheetId), job, callStarted + budgetMs));
}

export function cancelImport(jobId: string): ImportProgress {
  return withExistingJob(jobId, (job) => {
    explainLeftQueued(resolveSheet(job.sheetId), job, 'the import was cancelled before this row was sent');
    return finish(job, 'cancelled');
  });
}

/** Continue and Cancel act on a job that is still open, under the document lock. */
function withExistingJob(jobId: string, work: (job: JobRecord) => ImportProgress): ImportProgress {
  return withDocumentLock(
    () => busyProgress('selected'),
    () => {
      const job = loadJob(jobId);
      if (!job) {
        throw new UserError(
          `That import has already finished or was cancelled. Check the ${BRAND.statusHeader} column.`,
        );
      }
      return work(job);
    },
  );
}

function nothingProgress(job: JobRecord, candidates: number): ImportProgress {
  const progress = finish(job, 'nothing');
  progress.message =
    job.mode === 'retry'
      ? 'There are no Failed or Queued rows to retry in this sheet.'
      : candidates === 0
        ? 'No contact rows selected. Select the rows to import (any cell of a row selects it); the header row is never imported.'
        : 'The selected rows are blank: there is nothing to import.';
  return progress;
}

/**
 * Sends chunks of this job's queued rows until none are left, the token fails, or time runs out.
 * The sheet is read once per call; each chunk then reads and writes only its own block of status
 * cells, unless rows have moved (a sort, an insert), when the status columns are scanned again.
 */
function runChunks(sheet: Sheet, job: JobRecord, deadline: number): ImportProgress {
  const transport = createImportTransport(getApiHost(), requireToken());
  const ctx = loadContext(sheet);
  const queued = queuedRowsOfJob(ctx, job.id);
  const positions = new Map(queued.map((q) => [q.token, q.row]));
  const chunkSize = chunkRows(ctx.settings.batchSize, ctx.settings.parallelRequests);
  const policy: SendPolicy = {
    ...DEFAULT_POLICY,
    batchSize: ctx.settings.batchSize,
    parallel: ctx.settings.parallelRequests,
  };

  for (let next = 0; next < queued.length; next += chunkSize) {
    if (Date.now() >= deadline) return progressOf(job, 'running');
    const chunk = queued.slice(next, next + chunkSize);
    const outcomes = processRows(
      chunk.map((q) => ({ rowNumber: q.row, values: rowValues(ctx, q.row) as never })),
      ctx.columns,
      ctx.pipeline,
    );

    const items: SendItem[] = [];
    const byToken = new Map<number, { fingerprint: string; update?: StatusUpdate }>();
    chunk.forEach((q, i) => {
      const outcome = outcomes[i];
      if (outcome.kind === 'valid') {
        items.push({ id: q.token, json: JSON.stringify(outcome.payload) });
        byToken.set(q.token, { fingerprint: contactFingerprint(outcome.payload) });
      } else {
        // Edited since it was queued and no longer importable: say why instead of sending it.
        const reasons = 'reasons' in outcome ? sentences(outcome.reasons) : 'The row is now blank.';
        byToken.set(q.token, {
          fingerprint: '',
          update: [STATUS.invalid, `${reasons} Fix the row, then import it again.`],
        });
        job.counts.queued--;
        job.counts.invalid++;
      }
    });

    const sendStarted = Date.now();
    const report = sendProfiles(items, transport, policy, deadline);
    job.requests += report.requests;
    job.sendMs += Date.now() - sendStarted;
    job.rowsSent += report.outcomes.size;

    const at = formatTime(new Date(), ctx.timeZone);
    for (const [id, outcome] of report.outcomes) {
      const entry = byToken.get(id)!;
      job.counts.queued--;
      if (outcome.kind === 'imported') {
        job.counts.imported++;
        entry.update = [
          STATUS.imported,
          `Imported into ${BRAND.serviceName} on ${at} · ref ${entry.fingerprint}`,
        ];
      } else {
        job.counts.failed++;
        entry.update = [
          STATUS.failed,
          `${outcome.reason}. ${failedAdvice(report.authFailure !== null)} (${at})`,
        ];
      }
    }
    const decide = (token: number) => byToken.get(token)?.update;
    writeChunkStatuses(sheet, ctx.data.headerRow, job.id, positions, chunk, decide);

    if (report.authFailure !== null) {
      // Not sent because the token was rejected: every other row keeps the status it had before.
      updateQueuedRows(sheet, ctx.data.headerRow, job.id, (_token, details) => {
        const previous = PREVIOUS_STATUS.exec(details)?.[1] ?? '';
        return [
          previous,
          previous ? `Not sent in the last import: ${BRAND.serviceName} rejected the API token.` : '',
        ];
      });
      job.counts.queued = 0;
      return finish(job, 'stopped');
    }
    saveJob(job);
    if (report.unsent.length > 0) return progressOf(job, 'running');
  }
  return finish(job, 'done');
}

function failedAdvice(tokenRejected: boolean): string {
  return tokenRejected
    ? `Open the sidebar → Connection, paste a new token from ${BRAND.tokenLocation}, then choose Retry failed rows`
    : 'Choose Retry failed rows to try again';
}

interface QueuedRow {
  row: number;
  token: number;
}

function queuedRowsOfJob(ctx: SheetContext, jobId: string): QueuedRow[] {
  const found: QueuedRow[] = [];
  const { data } = ctx;
  if (data.statusColumn < 0 || data.detailsColumn < 0) return found;
  for (let i = 0; i < data.rows.length; i++) {
    const row = data.headerRow + 1 + i;
    if (cellAt(ctx, row, data.statusColumn) !== STATUS.queued) continue;
    const match = QUEUED_TOKEN.exec(cellAt(ctx, row, data.detailsColumn));
    if (match && match[1] === jobId) found.push({ row, token: Number(match[2]) });
  }
  return found.sort((a, b) => a.token - b.token);
}

/**
 * Re-reads the status columns just before writing, and puts each outcome on the row that carries
 * its token now, wherever a sort or an insert moved it. A row deleted meanwhile simply has no
 * place left to write to.
 */
/**
 * Scans the status columns for this job's queued rows and applies `decide` to each; returns where
 * each token is now.
 */
function updateQueuedRows(
  sheet: Sheet,
  headerRow: number,
  jobId: string,
  decide: (token: number, details: string) => StatusUpdate | undefined,
): Map<number, number> {
  const positions = new Map<number, number>();
  const columns = statusColumnsNow(sheet, headerRow);
  if (!columns) return positions;
  const current = readStatusColumns(
    sheet,
    headerRow + 1,
    sheet.getLastRow(),
    columns.status,
    columns.details,
  );
  const updates = new Map<number, StatusUpdate>();
  current.details.forEach((details, i) => {
    const token = jobTokenOf(current.status[i], details, jobId);
    if (token === null) return;
    const row = current.firstRow + i;
    positions.set(token, row);
    const update = decide(token, details);
    if (update) updates.set(row, update);
  });
  writeStatuses(sheet, columns.status, columns.details, current, updates);
  return positions;
}

function jobTokenOf(status: string, details: string, jobId: string): number | null {
  if (status !== STATUS.queued) return null;
  const match = QUEUED_TOKEN.exec(details);
  return match && match[1] === jobId ? Number(match[2]) : null;
}

/** The status columns as they are now: the user may have moved them during the run. */
function statusColumnsNow(sheet: Sheet, headerRow: number): { status: number; details: number } | null {
  const headers = readSheetHeaders(sheet, headerRow);
  const status = headers.indexOf(STATUS_HEADER);
  const details = headers.indexOf(DETAILS_HEADER);
  return status < 0 || details < 0 ? null : { status, details };
}

/**
 * Puts each outcome on the row that carries its token now. Reads just the chunk's block when the
 * rows are still where they were; otherwise (sorted, inserted, deleted) scans the status columns
 * and learns the new positions of the rows still to come. A row deleted meanwhile simply has no
 * place left to write to.
 */
function writeChunkStatuses(
  sheet: Sheet,
  headerRow: number,
  jobId: string,
  positions: Map<number, number>,
  chunk: QueuedRow[],
  decide: (token: number) => StatusUpdate | undefined,
): void {
  const columns = statusColumnsNow(sheet, headerRow);
  if (!columns) return;
  const rows = chunk.map((q) => positions.get(q.token) ?? -1);
  if (rows.every((r) => r > headerRow)) {
    const first = Math.min(...rows);
    const block = readStatusColumns(sheet, first, Math.max(...rows), columns.status, columns.details);
    const inPlace = chunk.every((q, i) => {
      const at = rows[i] - first;
      return jobTokenOf(block.status[at], block.details[at], jobId) === q.token;
    });
    if (inPlace) {
      const updates = new Map<number, StatusUpdate>();
      chunk.forEach((q, i) => {
        const update = decide(q.token);
        if (update) updates.set(rows[i], update);
      });
      writeStatuses(sheet, columns.status, columns.details, block, updates);
      return;
    }
  }
  const inChunk = new Set(chunk.map((q) => q.token));
  const now = updateQueuedRows(sheet, headerRow, jobId, (token) =>
    inChunk.has(token) ? decide(token) : undefined,
  );
  positions.clear();
  for (const [token, row] of now) positions.set(token, row);
}

/** Rows a job leaves unsent stay Queued, with a sentence saying why and what to do. */
function explainLeftQueued(sheet: Sheet, job: JobRecord, why: string): void {
  const headerRow = chooseHeaderRow(sheet.getFrozenRows(), getSheetSettings(sheet.getSheetId()).headerRow);
  const at = formatTime(new Date());
  updateQueuedRows(sheet, headerRow, job.id, () => [
    STATUS.queued,
    `Not sent yet: ${why}. Choose Retry failed rows to send it. (${at})`,
  ]);
}

function readSheetHeaders(sheet: Sheet, headerRow: number): string[] {
  const lastColumn = sheet.getLastColumn();
  if (lastColumn === 0) return [];
  return sheet
    .getRange(headerRow, 1, 1, lastColumn)
    .getValues()[0]
    .map((v) => String(v).trim());
}

function finish(job: JobRecord, state: ImportProgress['state']): ImportProgress {
  deleteJob(job.id);
  return progressOf(job, state);
}

function progressOf(job: JobRecord, state: ImportProgress['state']): ImportProgress {
  const elapsedMs = Date.now() - job.startedAt;
  const perRow = job.rowsSent > 0 ? job.sendMs / job.rowsSent : null;
  return {
    jobId: job.id,
    state,
    mode: job.mode,
    total: job.total,
    done: job.total - job.counts.queued,
    counts: { ...job.counts },
    requests: job.requests,
    elapsedMs,
    estimatedRemainingMs:
      state === 'running' && perRow !== null ? Math.round(perRow * job.counts.queued) : null,
    message: progressMessage(job, state),
  };
}

export function progressMessage(job: JobRecord, state: ImportProgress['state']): string {
  const c = job.counts;
  const rest: string[] = [];
  if (c.invalid) rest.push(`${plural(c.invalid, 'row is', 'rows are')} invalid`);
  if (c.failed) rest.push(`${plural(c.failed, 'row', 'rows')} failed`);
  if (c.skipped)
    rest.push(`${plural(c.skipped, 'row was', 'rows were')} skipped (already imported, duplicate or hidden)`);
  const tail = rest.length ? ` ${rest.join(', ')}; see the ${BRAND.statusHeader} column.` : '';
  switch (state) {
    case 'running':
      return `Imported ${c.imported} of ${c.imported + c.failed + c.queued} contacts so far…`;
    case 'done':
      if (job.mode === 'validate')
        return `Checked ${plural(job.total, 'row')}: ${c.valid} ready to import.${tail}`;
      return `Imported ${plural(c.imported, 'contact')} into ${BRAND.serviceName}.${tail}${c.failed ? ' Choose Retry failed rows to try the failed ones again.' : ''}`;
    case 'cancelled':
      return `Import cancelled: ${plural(c.imported, 'contact')} imported; ${plural(c.queued, 'row stays', 'rows stay')} Queued. Choose Retry failed rows to send them.${tail}`;
    case 'stopped':
      return `${BRAND.serviceName} rejected the API token, so the import stopped and nothing more was sent (${plural(c.imported, 'contact')} imported before that). Open the sidebar → Connection, paste a new token from ${BRAND.tokenLocation}, then choose Retry failed rows.`;
    default:
      return '';
  }
}
