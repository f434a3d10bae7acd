/**
 * Removal jobs: Handle opt-outs (imported rows whose opt-in now says no: remove their contacts
 * from BotPenguin or tag them, by the sheet's choice) and Remove selected contacts.
 *
 * Like an import, the sheet holds the job's state: when a job starts, every row to act on gets a
 * token before its Details ("removal 3f9a1c #12 · Imported … ref …"), its status unchanged. Each
 * call finds its rows by that token wherever a sort moved them, looks each contact up, removes (or
 * tags) exactly the one contact the row recorded, and writes the outcome to the row that carries
 * the token then. A row's outcome replaces its token, so nothing is done twice; a job that outlives
 * a call (the sidebar's 20 s, the menu's 4.5 minutes) goes on from the rows still carrying one.
 */
import { type CellValue, processRows } from '../core/contacts';
import { chunkRows, MENU_RUN_BUDGET_MS } from '../core/limits';
import * as say from '../core/messages';
import type { ImportProfile } from '../core/payload';
import {
  CONFIRMATION_SAMPLES,
  type ListedUser,
  lookupVerdict,
  MAX_LOOKUP_PAGES,
  matchingIds,
  notFoundDetails,
  optOutTaggedDetails,
  REMOVAL_IDS_PER_REQUEST,
  type RecordedNumber,
  recordedNumberOf,
  removalFailedDetails,
  removalQueuedDetails,
  removalSentDetails,
  removalTokenOf,
  removalWasSent,
  removedDetails,
  searchBody,
  severalContactsDetails,
  statusUpdateBody,
  withoutRemovalToken,
} from '../core/removal';
import { classify, type StopReason, type TransportResult } from '../core/responses';
import { nextRetry } from '../core/retry';
import { DEFAULT_POLICY, type SendItem, sendProfiles } from '../core/sender';
import { failureReason } from '../core/status-details';
import type {
  JobState,
  OptOutHandling,
  RemovalCounts,
  RemovalKind,
  RemovalPlan,
  RemovalProgress,
  RunOrigin,
  StopKind,
} from '../shared/contracts';
import { STATUS } from '../shared/contracts';
import { t } from '../shared/i18n';
import { STATUS_UPDATE_PATH, USERS_LIST_PATH } from './config';
import { UserError } from './errors';
import { requestsFor } from './fetch-meter';
import { fetchAllJsonWithToken, type JsonCall } from './http';
import { withDocumentLock } from './job-store';
import {
  accountForRun,
  createRunTransport,
  customerForNewRun,
  type JobCustomer,
  type RunAccount,
} from './partner';
import { getOptOutSettings } from './removal-settings';
import { currentRunOrigin, logRemovalRun } from './run-log';
import { getToken } from './settings';
import {
  readStatusColumns,
  type StatusUpdate,
  selectedRowNumbers,
  sheetById,
  statusColumnsNow,
  writeStatuses,
} from './sheet';
import {
  cellAt,
  formatTime,
  loadContext,
  requirePhoneColumn,
  requireSheet,
  type SheetContext,
} from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const JOB_KEY_PREFIX = 'bp.removal.';
/** A job nobody continued for this long is over; its rows are free again (their tokens ignored). */
const STALE_JOB_MS = 6 * 60 * 60 * 1000;

/** Statuses of rows whose contact is in BotPenguin as the row recorded it. */
const IN_BOTPENGUIN: readonly string[] = [
  STATUS.imported,
  STATUS.optedOut,
  STATUS.notRemoved,
  STATUS.phoneChanged,
  STATUS.optOutTagged,
];
/** Of those, the ones Handle opt-outs acts on (a tagged contact is handled already). */
const OPT_OUT_CANDIDATES = IN_BOTPENGUIN.filter((s) => s !== STATUS.optOutTagged);

interface RemovalJob {
  id: string;
  sheetId: number;
  kind: RemovalKind;
  handling: OptOutHandling;
  tag: string;
  total: number;
  counts: RemovalCounts;
  requests: number;
  startedAt: number;
  origin: RunOrigin;
  stopReason?: StopKind;
  /** Partner mode: the customer whose account the rows were imported into; the job acts there only. */
  customer?: JobCustomer | null;
}

const emptyCounts = (): RemovalCounts => ({
  removed: 0,
  tagged: 0,
  notFound: 0,
  several: 0,
  failed: 0,
  skipped: 0,
  left: 0,
});

// ---------------------------------------------------------------------------------------------
// Job records

const store = () => PropertiesService.getDocumentProperties();

function saveJob(job: RemovalJob): void {
  store().setProperty(JOB_KEY_PREFIX + job.id, JSON.stringify(job));
}

function loadJob(jobId: string): RemovalJob | null {
  if (!/^[0-9a-f]{6}$/.test(String(jobId))) return null;
  const raw = store().getProperty(JOB_KEY_PREFIX + jobId);
  if (!raw) return null;
  try {
    const job = JSON.parse(raw) as RemovalJob;
    return job && typeof job.id === 'string' && job.counts ? job : null;
  } catch {
    return null;
  }
}

function deleteJob(jobId: string): void {
  store().deleteProperty(JOB_KEY_PREFIX + jobId);
}

/** Open removal jobs of a sheet, newest first; stale records are dropped on the way. */
function openJobs(sheetId: number, now = Date.now()): RemovalJob[] {
  const all = store().getProperties();
  const open: RemovalJob[] = [];
  for (const key of Object.keys(all)) {
    if (!key.startsWith(JOB_KEY_PREFIX)) continue;
    const job = loadJob(key.slice(JOB_KEY_PREFIX.length));
    if (!job || job.startedAt < now - STALE_JOB_MS) store().deleteProperty(key);
    else if (job.sheetId === sheetId) open.push(job);
  }
  return open.sort((a, b) => b.startedAt - a.startedAt);
}

/** The unfinished removal of this kind on the sheet, for the menu to continue. */
export function unfinishedRemoval(sheet: Sheet, kind: RemovalKind): { id: string; left: number } | null {
  const job = openJobs(sheet.getSheetId()).find((j) => j.kind === kind);
  return job ? { id: job.id, left: job.counts.left } : null;
}

const newJobId = () => Utilities.getUuid().replace(/-/g, '').slice(0, 6).toLowerCase();

// ---------------------------------------------------------------------------------------------
// Which rows

interface Target {
  row: number;
  number: RecordedNumber;
}

/** Details as they are without a token of a live job (a token of a finished job is ignored). */
function detailsWithoutOpenTokens(
  details: string,
  liveJobs: ReadonlySet<string>,
): { details: string; busy: boolean } {
  for (const id of liveJobs) if (removalTokenOf(details, id) !== null) return { details, busy: true };
  return { details: withoutRemovalToken(details), busy: false };
}

/** Rows whose opt-in now says no (the pipeline's own consent check), among `rows`. */
function withdrawnRows(ctx: SheetContext, rows: number[]): Set<number> {
  if (ctx.columns.fields.consent === undefined) return new Set();
  const outcomes = processRows(
    rows.map((rowNumber) => ({ rowNumber, values: ctx.data.rows[rowNumber - ctx.data.headerRow - 1] ?? [] })),
    ctx.columns,
    ctx.pipeline,
  );
  return new Set(rows.filter((_, i) => outcomes[i].kind === 'no-consent'));
}

interface Eligibility {
  targets: Target[];
  looked: number;
}

function eligibleRows(ctx: SheetContext, kind: RemovalKind, liveJobs: ReadonlySet<string>): Eligibility {
  const { data } = ctx;
  if (data.statusColumn < 0 || data.detailsColumn < 0) {
    const looked =
      kind === 'selected' ? selectedRowNumbers(ctx.sheet, data.headerRow, data.lastRow).length : 0;
    return { targets: [], looked };
  }
  const rows =
    kind === 'selected'
      ? selectedRowNumbers(ctx.sheet, data.headerRow, data.lastRow)
      : Array.from({ length: data.rows.length }, (_, i) => data.headerRow + 1 + i);
  const statuses = kind === 'selected' ? IN_BOTPENGUIN : OPT_OUT_CANDIDATES;
  const candidates: Target[] = [];
  for (const row of rows) {
    if (!statuses.includes(cellAt(ctx, row, data.statusColumn))) continue;
    const { details, busy } = detailsWithoutOpenTokens(cellAt(ctx, row, data.detailsColumn), liveJobs);
    if (busy) continue;
    const number = recordedNumberOf(details);
    if (number) candidates.push({ row, number });
  }
  if (kind === 'selected') return { targets: candidates, looked: rows.length };
  const withdrawn = withdrawnRows(
    ctx,
    candidates.map((c) => c.row),
  );
  return { targets: candidates.filter((c) => withdrawn.has(c.row)), looked: candidates.length };
}

/** How the sheet's opt-outs are handled: removal of selected rows is always a removal. */
function handlingOf(sheet: Sheet, kind: RemovalKind): { handling: OptOutHandling; tag: string } {
  const settings = getOptOutSettings(sheet.getSheetId());
  return { handling: kind === 'selected' ? 'remove' : settings.handling, tag: settings.tag };
}

/** What the confirmation names, as one string: a sheet that changed since gives another. */
function confirmationOf(kind: RemovalKind, handling: OptOutHandling, targets: Target[]): string {
  let hash = 0x811c9dc5;
  const text = `${kind}|${handling}|${targets.map((x) => `${x.row}:${x.number.prefix}${x.number.number}`).join(',')}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${targets.length}-${hash.toString(16)}`;
}

function liveJobIds(sheet: Sheet): Set<string> {
  return new Set(openJobs(sheet.getSheetId()).map((j) => j.id));
}

/** Imported rows whose opt-in now says no: the sidebar's count. */
export function optOutCount(sheet: Sheet): number {
  const ctx = loadContext(sheet);
  if (ctx.data.headers.length === 0) return 0;
  return eligibleRows(ctx, 'optOuts', liveJobIds(sheet)).targets.length;
}

/** The dry run: what would be done, and the sentence the confirmation asks. Sends nothing. */
export function planRemoval(sheet: Sheet, kind: RemovalKind): RemovalPlan {
  if (kind !== 'optOuts' && kind !== 'selected') throw new UserError(say.unknownMode(String(kind)));
  const ctx = loadContext(sheet);
  requirePhoneColumn(ctx);
  const { handling, tag } = handlingOf(sheet, kind);
  const { targets, looked } = eligibleRows(ctx, kind, liveJobIds(sheet));
  const samples = targets.slice(0, CONFIRMATION_SAMPLES).map((x) => x.number.text);
  const estimatedRequests =
    handling === 'tag' ? requestsFor(targets.length, ctx.settings.batchSize) : targets.length * 3;
  return {
    kind,
    handling,
    tag,
    sheetName: sheet.getName(),
    eligible: targets.length,
    sampleNumbers: samples,
    ineligible: looked - targets.length,
    estimatedRequests,
    confirmation: confirmationOf(kind, handling, targets),
    message: planMessage(ctx, kind, handling, tag, targets, looked),
  };
}

function planMessage(
  ctx: SheetContext,
  kind: RemovalKind,
  handling: OptOutHandling,
  tag: string,
  targets: Target[],
  looked: number,
): string {
  const count = targets.length;
  if (count === 0) {
    if (kind === 'selected')
      return looked === 0 ? t('import.noRowsSelected') : t('removal.nothingSelected', { count: looked });
    if (ctx.columns.fields.consent === undefined) return t('removal.noConsentColumn');
    return t('removal.nothingOptOuts', { sheet: ctx.sheet.getName() });
  }
  const shown = targets
    .slice(0, CONFIRMATION_SAMPLES)
    .map((x) => x.number.text)
    .join(t('list.comma'));
  const numbers =
    count > CONFIRMATION_SAMPLES
      ? t('removal.andMore', { numbers: shown, count: count - CONFIRMATION_SAMPLES })
      : shown;
  if (kind === 'selected') return t('removal.confirmSelected', { count, numbers });
  if (handling === 'tag') return t('removal.confirmTag', { count, numbers, tag });
  return t('removal.confirmRemove', { count, numbers });
}

// ---------------------------------------------------------------------------------------------
// Entry points

/**
 * The account a removal acts in: the sheet's customer in partner mode (its token, asked of the
 * partner API), else the user's own token. Found once at the start and kept by the job, like an
 * import's, so a change of customer mid-run cannot redirect it.
 */
function accountOf(job: Pick<RemovalJob, 'customer'>): RunAccount {
  if (!job.customer) {
    const token = getToken();
    if (!token) throw new UserError(say.noToken());
  }
  return accountForRun(job.customer);
}

function busyProgress(kind: RemovalKind): RemovalProgress {
  return {
    jobId: '',
    state: 'busy',
    kind,
    handling: 'remove',
    total: 0,
    done: 0,
    counts: emptyCounts(),
    requests: 0,
    message: say.sheetBusy(),
  };
}

/**
 * Starts the removal a dry run described. `confirmation` must be that plan's: when the rows changed
 * since (edited, sorted, another selection), nothing is done and the user is asked to look again.
 * null = no confirmation (the automatic import, whose switch the user turned on).
 */
export function startRemoval(
  sheet: Sheet,
  kind: RemovalKind,
  confirmation: string | null,
  budgetMs: number,
): RemovalProgress {
  const callStarted = Date.now();
  return withDocumentLock(
    () => busyProgress(kind),
    () => {
      const customer = customerForNewRun(sheet.getSheetId());
      accountOf({ customer });
      const ctx = loadContext(sheet);
      requirePhoneColumn(ctx);
      const { handling, tag } = handlingOf(sheet, kind);
      const { targets, looked } = eligibleRows(ctx, kind, liveJobIds(sheet));
      if (confirmation !== null && confirmation !== confirmationOf(kind, handling, targets)) {
        throw new UserError(t('removal.changed'));
      }
      const job: RemovalJob = {
        id: newJobId(),
        sheetId: sheet.getSheetId(),
        kind,
        handling,
        tag,
        total: targets.length,
        counts: { ...emptyCounts(), left: targets.length },
        requests: 0,
        startedAt: callStarted,
        origin: currentRunOrigin(),
        ...(customer ? { customer } : {}),
      };
      if (targets.length === 0) {
        const progress = progressOf(job, 'nothing');
        progress.message = planMessage(ctx, kind, handling, tag, targets, looked);
        return progress;
      }
      markTargets(ctx, job, targets);
      saveJob(job);
      return runChunks(sheet, job, callStarted + budgetMs);
    },
  );
}

export function continueRemoval(jobId: string, budgetMs: number): RemovalProgress {
  const callStarted = Date.now();
  return withExistingJob(jobId, (job) => runChunks(requireSheet(job.sheetId), job, callStarted + budgetMs));
}

/** Cancel: the rows not done yet get their Details back, as if never queued. */
export function cancelRemoval(jobId: string): RemovalProgress {
  return withExistingJob(jobId, (job) => {
    releaseRows(requireSheet(job.sheetId), job);
    return finish(job, 'cancelled');
  });
}

function withExistingJob(jobId: string, work: (job: RemovalJob) => RemovalProgress): RemovalProgress {
  return withDocumentLock(
    () => busyProgress('optOuts'),
    () => {
      const job = loadJob(jobId);
      if (!job) throw new UserError(t('removal.finished'));
      return work(job);
    },
  );
}

/** A menu run or an automatic one: calls until done or the budget is spent (the job then waits). */
export function runWholeRemoval(
  sheet: Sheet,
  start: { kind: RemovalKind; confirmation: string | null } | { resume: string },
  budgetMs = MENU_RUN_BUDGET_MS,
): RemovalProgress {
  const deadline = Date.now() + budgetMs;
  let progress =
    'resume' in start
      ? continueRemoval(start.resume, budgetMs)
      : startRemoval(sheet, start.kind, start.confirmation, budgetMs);
  while (progress.state === 'running' && Date.now() < deadline) {
    progress = continueRemoval(progress.jobId, deadline - Date.now());
  }
  if (progress.state === 'running') {
    const job = loadJob(progress.jobId);
    if (job) logRemovalRun(job, progress, sheetName(job));
    progress.message = t('removal.timeLimit', {
      parts: partsOf(progress.counts, progress.handling, job?.tag ?? ''),
    });
  }
  return progress;
}

// ---------------------------------------------------------------------------------------------
// Marking and writing rows

function markTargets(ctx: SheetContext, job: RemovalJob, targets: Target[]): void {
  const { data } = ctx;
  const updates = new Map<number, StatusUpdate>();
  targets.forEach((target, i) => {
    const status = cellAt(ctx, target.row, data.statusColumn);
    const details = withoutRemovalToken(cellAt(ctx, target.row, data.detailsColumn));
    updates.set(target.row, [status, removalQueuedDetails(job.id, i + 1, details)]);
  });
  const current = readStatusColumns(
    ctx.sheet,
    data.headerRow + 1,
    data.lastRow,
    data.statusColumn,
    data.detailsColumn,
  );
  writeStatuses(ctx.sheet, data.statusColumn, data.detailsColumn, current, updates);
}

interface QueuedTarget extends Target {
  token: number;
  status: string;
  /** Details without the token: what the row had before the job. */
  earlier: string;
  /** Its status update went out in an execution that did not live to write the answer. */
  sent: boolean;
}

/** The job's rows as the sheet holds them now, in token order. */
function queuedTargets(sheet: Sheet, headerRow: number, job: RemovalJob): QueuedTarget[] {
  const columns = statusColumnsNow(sheet, headerRow);
  if (!columns) return [];
  const current = readStatusColumns(
    sheet,
    headerRow + 1,
    sheet.getLastRow(),
    columns.status,
    columns.details,
  );
  const found: QueuedTarget[] = [];
  current.details.forEach((details, i) => {
    const token = removalTokenOf(details, job.id);
    if (token === null) return;
    const earlier = withoutRemovalToken(details);
    const number = recordedNumberOf(earlier);
    const row = current.firstRow + i;
    // A row whose record was edited away since it was queued keeps a null number: skipped below.
    const sent = removalWasSent(details);
    found.push({ row, token, status: current.status[i], earlier, sent, number: number as RecordedNumber });
  });
  return found.sort((a, b) => a.token - b.token);
}

/** Writes outcomes by token onto the rows that carry those tokens now (re-read just before). */
function writeByToken(
  sheet: Sheet,
  headerRow: number,
  job: RemovalJob,
  outcomes: Map<number, StatusUpdate>,
): void {
  if (outcomes.size === 0) return;
  const columns = statusColumnsNow(sheet, headerRow);
  if (!columns) return;
  const current = readStatusColumns(
    sheet,
    headerRow + 1,
    sheet.getLastRow(),
    columns.status,
    columns.details,
  );
  const updates = new Map<number, StatusUpdate>();
  current.details.forEach((details, i) => {
    const token = removalTokenOf(details, job.id);
    const update = token === null ? undefined : outcomes.get(token);
    if (update) updates.set(current.firstRow + i, update);
  });
  writeStatuses(sheet, columns.status, columns.details, current, updates);
}

/** Every row still carrying this job's token gets its Details back. */
function releaseRows(sheet: Sheet, job: RemovalJob): void {
  const ctx = loadContext(sheet);
  const at = formatTime(new Date(), ctx.timeZone);
  const outcomes = new Map<number, StatusUpdate>();
  for (const q of queuedTargets(sheet, ctx.data.headerRow, job)) {
    // A status update that went out unanswered may have removed it: the row says so.
    const unsure = q.sent && q.number;
    const reason = t('removal.notConfirmed');
    outcomes.set(
      q.token,
      unsure ? [STATUS.notRemoved, removalFailedDetails(at, q.number, reason, false)] : [q.status, q.earlier],
    );
  }
  writeByToken(sheet, ctx.data.headerRow, job, outcomes);
}

// ---------------------------------------------------------------------------------------------
// Lookups and removals

type Answer =
  | { kind: 'ok'; body: string }
  | { kind: 'failed'; reason: string; status: number | null; afterNetworkError: boolean }
  /** Not answered before the deadline: the row waits for the next call. */
  | { kind: 'later' }
  /** Refused before BotPenguin acted (a rejected token, Apps Script's refusal): nothing was done. */
  | { kind: 'refused' };

/**
 * Sends the calls `parallel` at a time, retrying 429, 5xx and network failures like import batches;
 * a rejected token or an Apps Script refusal stops everything.
 */
function sendCalls(
  calls: JsonCall[],
  parallel: number,
  deadline: number,
  job: RemovalJob,
): { answers: Answer[]; stop: StopReason | null } {
  const { host, token } = accountOf(job);
  const answers: Answer[] = calls.map(() => ({ kind: 'later' }));
  const networkErrors = new Set<number>();
  let pending = calls.map((_, i) => i);
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (Date.now() >= deadline) break;
    const retry: number[] = [];
    let waitMs = 0;
    let giveUp = false;
    let lastReason = '';
    for (let start = 0; start < pending.length; start += parallel) {
      const wave = pending.slice(start, start + parallel);
      const results: TransportResult[] = fetchAllJsonWithToken(
        host,
        token,
        wave.map((i) => calls[i]),
      );
      const answeredAt = Date.now();
      // Every answer of the wave is read, even after a stop: the others may have removed contacts.
      let stop: StopReason | null = null;
      for (let k = 0; k < wave.length; k++) {
        const i = wave[k];
        const result = results[k];
        const verdict = classify(result, answeredAt);
        if (verdict.kind === 'stop') {
          stop = verdict.reason;
          answers[i] = { kind: 'refused' };
          continue;
        }
        job.requests++;
        if (verdict.kind === 'auth') {
          stop = { kind: 'token', message: verdict.message };
          answers[i] = { kind: 'refused' };
          continue;
        }
        if (result.kind === 'network-error') networkErrors.add(i);
        if (verdict.kind === 'ok') {
          answers[i] = { kind: 'ok', body: result.kind === 'response' ? result.body : '' };
        } else if (verdict.kind === 'retry') {
          retry.push(i);
          lastReason = verdict.message;
          const step = nextRetry(verdict, attempt, DEFAULT_POLICY);
          if (step.kind === 'wait') waitMs = Math.max(waitMs, step.ms);
          else giveUp = true;
        } else {
          answers[i] = {
            kind: 'failed',
            reason: verdict.message,
            status: result.kind === 'response' ? result.status : null,
            afterNetworkError: networkErrors.has(i),
          };
        }
      }
      if (stop) return { answers, stop };
    }
    if (retry.length === 0) break;
    if (giveUp) {
      const reason = t('removal.gaveUp', { reason: lastReason, count: attempt });
      for (const i of retry) answers[i] = { kind: 'failed', reason, status: null, afterNetworkError: false };
      break;
    }
    if (Date.now() + waitMs >= deadline) break; // these stay 'later'
    Utilities.sleep(waitMs);
    pending = retry;
  }
  return { answers, stop: null };
}

function usersOf(body: string): ListedUser[] | null {
  try {
    const parsed = JSON.parse(body) as { data?: unknown };
    return Array.isArray(parsed?.data) ? (parsed.data as ListedUser[]) : null;
  } catch {
    return null;
  }
}

/** A status-update's answer: BotPenguin documents `{success: true, …}`; anything else is not done. */
function removalAccepted(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { success?: unknown };
    return parsed?.success === true;
  } catch {
    return false;
  }
}

type RowResult = { kind: 'update'; update: StatusUpdate; count: keyof RemovalCounts } | { kind: 'later' };

type ChunkResult = { results: Map<number, RowResult>; stop: StopReason | null };
type Verdict = ReturnType<typeof lookupVerdict>;

/** Looks each target up (every page until an empty one) and removes the one contact that is it. */
function removeChunk(
  sheet: Sheet,
  headerRow: number,
  chunk: QueuedTarget[],
  job: RemovalJob,
  parallel: number,
  deadline: number,
  at: () => string,
): ChunkResult {
  const results = new Map<number, RowResult>();
  const lookup = lookUpTargets(chunk, job, parallel, deadline, at, results);
  if (lookup.stop) return { results, stop: lookup.stop };
  const toRemove = settleLookups(chunk, lookup.verdicts, job, at, results);
  const stop = sendRemovals(sheet, headerRow, toRemove, job, parallel, deadline, at, results);
  return { results, stop };
}

/** The search for each target's number, page after page; a target with no verdict waits. */
function lookUpTargets(
  chunk: QueuedTarget[],
  job: RemovalJob,
  parallel: number,
  deadline: number,
  at: () => string,
  results: Map<number, RowResult>,
): { verdicts: Map<number, Verdict>; stop: StopReason | null } {
  const ids = new Map<number, Set<string>>(chunk.map((q) => [q.token, new Set<string>()]));
  let searching = chunk.map((q) => ({ q, page: 1 }));
  const verdicts = new Map<number, Verdict>();
  while (searching.length > 0) {
    const calls = searching.map(
      ({ q, page }): JsonCall => ({
        path: USERS_LIST_PATH,
        method: 'post',
        body: searchBody(q.number, page),
      }),
    );
    const sent = sendCalls(calls, parallel, deadline, job);
    if (sent.stop) return { verdicts, stop: sent.stop };
    const next: typeof searching = [];
    sent.answers.forEach((answer, k) => {
      const { q, page } = searching[k];
      if (answer.kind === 'later' || answer.kind === 'refused') {
        results.set(q.token, { kind: 'later' });
        return;
      }
      const users = answer.kind === 'ok' ? usersOf(answer.body) : null;
      if (!users) {
        const reason = answer.kind === 'failed' ? answer.reason : t('removal.unreadable');
        results.set(q.token, { kind: 'update', update: failedUpdate(job, q, reason, at()), count: 'failed' });
        return;
      }
      matchingIds(users, q.number, ids.get(q.token));
      if (users.length === 0) verdicts.set(q.token, lookupVerdict(ids.get(q.token)!, true));
      else if (page >= MAX_LOOKUP_PAGES) verdicts.set(q.token, lookupVerdict(ids.get(q.token)!, false));
      else next.push({ q, page: page + 1 });
    });
    searching = next;
  }
  return { verdicts, stop: null };
}

/** Outcomes the lookups decide (not found, several, gone already); the rest are to remove. */
function settleLookups(
  chunk: QueuedTarget[],
  verdicts: Map<number, Verdict>,
  job: RemovalJob,
  at: () => string,
  results: Map<number, RowResult>,
): { q: QueuedTarget; id: string }[] {
  const why = job.kind === 'selected' ? 'chosen' : 'optOut';
  const toRemove: { q: QueuedTarget; id: string }[] = [];
  for (const q of chunk) {
    const verdict = verdicts.get(q.token);
    if (!verdict) continue;
    if (verdict.kind === 'none' && q.sent) {
      // Its status update went out before an execution was stopped: it is gone because we removed it.
      const update: StatusUpdate = [STATUS.removed, removedDetails(at(), q.number, why)];
      results.set(q.token, { kind: 'update', update, count: 'removed' });
    } else if (verdict.kind === 'none') {
      results.set(q.token, {
        kind: 'update',
        update: [STATUS.notRemoved, notFoundDetails(at(), q.number)],
        count: 'notFound',
      });
    } else if (verdict.kind === 'several') {
      const update: StatusUpdate = [STATUS.notRemoved, severalContactsDetails(at(), q.number, verdict.count)];
      results.set(q.token, { kind: 'update', update, count: 'several' });
    } else toRemove.push({ q, id: verdict.id });
  }
  return toRemove;
}

/** The status updates that remove the contacts, each row marked as sent before its request. */
function sendRemovals(
  sheet: Sheet,
  headerRow: number,
  toRemove: { q: QueuedTarget; id: string }[],
  job: RemovalJob,
  parallel: number,
  deadline: number,
  at: () => string,
  results: Map<number, RowResult>,
): StopReason | null {
  // REMOVAL_IDS_PER_REQUEST ids a request (1: batching is not documented); a wave's requests go
  // out together.
  const groups: { q: QueuedTarget; id: string }[][] = [];
  for (let start = 0; start < toRemove.length; start += REMOVAL_IDS_PER_REQUEST) {
    groups.push(toRemove.slice(start, start + REMOVAL_IDS_PER_REQUEST));
  }
  // Marked first: a hard stop between the request and its answer leaves the row saying so.
  const marked = new Map<number, StatusUpdate>();
  for (const { q } of toRemove) {
    marked.set(q.token, [STATUS.notRemoved, removalSentDetails(job.id, q.token, q.earlier, at())]);
  }
  writeByToken(sheet, headerRow, job, marked);
  const calls = groups.map(
    (group): JsonCall => ({
      path: STATUS_UPDATE_PATH,
      method: 'put',
      body: statusUpdateBody(group.map((g) => g.id)),
    }),
  );
  const sent = sendCalls(calls, parallel, deadline, job);
  const unmarked = new Map<number, StatusUpdate>();
  sent.answers.forEach((answer, k) => {
    for (const { q } of groups[k]) {
      const result = removalResult(q, answer, job, at);
      results.set(q.token, result);
      // Refused outright: certainly not removed, so the row loses its "sent" mark again.
      if (answer.kind === 'refused')
        unmarked.set(q.token, [q.status, removalQueuedDetails(job.id, q.token, q.earlier)]);
    }
  });
  writeByToken(sheet, headerRow, job, unmarked);
  return sent.stop;
}

/** What a status update's answer means for its row. */
function removalResult(q: QueuedTarget, answer: Answer, job: RemovalJob, at: () => string): RowResult {
  const why = job.kind === 'selected' ? 'chosen' : 'optOut';
  if (answer.kind === 'refused' || answer.kind === 'later') return { kind: 'later' };
  const removed = (): RowResult => ({
    kind: 'update',
    update: [STATUS.removed, removedDetails(at(), q.number, why)],
    count: 'removed',
  });
  if (answer.kind === 'ok' && removalAccepted(answer.body)) return removed();
  // The first attempt reached BotPenguin and removed it before the connection broke.
  if (answer.kind === 'failed' && answer.status === 404 && answer.afterNetworkError) return removed();
  const reason = answer.kind === 'failed' ? answer.reason : t('removal.notConfirmed');
  return { kind: 'update', update: failedUpdate(job, q, reason, at()), count: 'failed' };
}

function failedUpdate(job: RemovalJob, q: QueuedTarget, reason: string, at: string): StatusUpdate {
  const tag = job.handling === 'tag';
  return [tag ? STATUS.optedOut : STATUS.notRemoved, removalFailedDetails(at, q.number, reason, tag)];
}

/** Tags each target's contact through the import: the row as it is, its recorded number, the tag. */
function tagChunk(
  ctx: SheetContext,
  chunk: QueuedTarget[],
  job: RemovalJob,
  deadline: number,
  at: () => string,
): ChunkResult {
  const results = new Map<number, RowResult>();
  // The opt-in check is off here: the row is sent precisely because its opt-in was withdrawn.
  const { blankConsentMeans: _off, ...pipeline } = ctx.pipeline;
  const outcomes = processRows(
    chunk.map((q) => ({
      rowNumber: q.row,
      values: (ctx.data.rows[q.row - ctx.data.headerRow - 1] ?? []) as CellValue[],
    })),
    ctx.columns,
    pipeline,
  );
  const items: SendItem[] = [];
  chunk.forEach((q, i) => {
    const outcome = outcomes[i];
    if (outcome.kind !== 'valid') {
      const reasons = 'reasons' in outcome ? outcome.reasons.join(' ') : t('details.blankRow');
      results.set(q.token, { kind: 'update', update: failedUpdate(job, q, reasons, at()), count: 'failed' });
      return;
    }
    // Exactly the contact the row recorded: its number as sent then, whatever the cell says now.
    const details = outcome.payload.profile.userDetails;
    const payload = {
      profile: {
        userDetails: {
          ...details,
          contact: { ...details.contact, phone: { prefix: q.number.prefix, number: q.number.number } },
        },
      },
    };
    items.push({ id: q.token, json: JSON.stringify(withTag(payload, job.tag)) });
  });
  const transport = createRunTransport(accountOf(job));
  const policy = {
    ...DEFAULT_POLICY,
    batchSize: ctx.settings.batchSize,
    parallel: ctx.settings.parallelRequests,
  };
  const report = sendProfiles(items, transport, policy, deadline, []);
  job.requests += report.requests;
  for (const q of chunk) {
    if (results.has(q.token)) continue;
    const outcome = report.outcomes.get(q.token);
    if (!outcome) results.set(q.token, { kind: 'later' });
    else if (outcome.kind === 'imported') {
      results.set(q.token, {
        kind: 'update',
        update: [STATUS.optOutTagged, optOutTaggedDetails(at(), q.number, job.tag)],
        count: 'tagged',
      });
    } else
      results.set(q.token, {
        kind: 'update',
        update: failedUpdate(job, q, failureReason(outcome.failure), at()),
        count: 'failed',
      });
  }
  return { results, stop: report.stop };
}

function withTag(payload: ImportProfile, tag: string): ImportProfile {
  const details = payload.profile.userDetails;
  if (details.tags.some((existing) => existing.toLowerCase() === tag.toLowerCase())) return payload;
  return { profile: { userDetails: { ...details, tags: [...details.tags, tag] } } };
}

/** Still the row it was when queued: same status family, same recorded number, opt-in still no. */
function stillEligible(job: RemovalJob, q: QueuedTarget, withdrawn: Set<number>): boolean {
  if (!q.number || !IN_BOTPENGUIN.includes(q.status)) return false;
  if (job.kind === 'optOuts') return q.status !== STATUS.optOutTagged && withdrawn.has(q.row);
  return true;
}

function runChunks(sheet: Sheet, job: RemovalJob, deadline: number): RemovalProgress {
  accountOf(job);
  const ctx = loadContext(sheet);
  const headerRow = ctx.data.headerRow;
  const queued = queuedTargets(sheet, headerRow, job);
  const withdrawn =
    job.kind === 'optOuts'
      ? withdrawnRows(
          ctx,
          queued.map((q) => q.row),
        )
      : new Set<number>();
  const parallel = ctx.settings.parallelRequests;
  // A removal chunk is one wave of lookups per page and one of removals, so that a chunk is done
  // well within a call's budget even when each wave is slow (its outcomes are written at once).
  const size = job.handling === 'tag' ? chunkRows(ctx.settings.batchSize, parallel) : parallel;
  const at = () => formatTime(new Date(), ctx.timeZone);

  // Rows edited since they were queued are let go first, with the Details they had.
  const skipped = new Map<number, StatusUpdate>();
  const work = queued.filter((q) => {
    if (stillEligible(job, q, withdrawn)) return true;
    skipped.set(q.token, [q.status, q.earlier]);
    job.counts.skipped++;
    job.counts.left--;
    return false;
  });
  writeByToken(sheet, headerRow, job, skipped);

  for (let next = 0; next < work.length; next += size) {
    if (Date.now() >= deadline) {
      saveJob(job);
      return progressOf(job, 'running');
    }
    const chunk = work.slice(next, next + size);
    const { results, stop } =
      job.handling === 'tag'
        ? tagChunk(ctx, chunk, job, deadline, at)
        : removeChunk(sheet, headerRow, chunk, job, parallel, deadline, at);
    const outcomes = new Map<number, StatusUpdate>();
    let later = false;
    for (const [token, result] of results) {
      if (result.kind === 'later') {
        later = true;
        continue;
      }
      outcomes.set(token, result.update);
      job.counts[result.count]++;
      job.counts.left--;
    }
    writeByToken(sheet, headerRow, job, outcomes);
    if (stop) {
      job.stopReason = stop.kind;
      releaseRows(sheet, job);
      return finish(job, 'stopped', stop.message);
    }
    if (later || results.size < chunk.length) {
      saveJob(job);
      return progressOf(job, 'running');
    }
  }
  return finish(job, 'done');
}

// ---------------------------------------------------------------------------------------------
// Progress

function sheetName(job: RemovalJob): string {
  return sheetById(job.sheetId)?.getName() ?? `(deleted sheet ${job.sheetId})`;
}

function finish(job: RemovalJob, state: JobState, stopMessage?: string): RemovalProgress {
  deleteJob(job.id);
  if (state === 'stopped' || state === 'cancelled') job.counts.left = 0;
  const progress = progressOf(job, state, stopMessage);
  logRemovalRun(job, progress, sheetName(job));
  return progress;
}

/** "2 removed, 1 not found in BotPenguin": the non-zero counts, in a fixed order. */
function partsOf(c: RemovalCounts, handling: OptOutHandling, tag: string): string {
  const parts = [
    handling === 'tag'
      ? t('removal.partTagged', { count: c.tagged, tag })
      : t('removal.partRemoved', { count: c.removed }),
  ];
  if (c.notFound) parts.push(t('removal.partNotFound', { count: c.notFound }));
  if (c.several) parts.push(t('removal.partSeveral', { count: c.several }));
  if (c.failed) parts.push(t('removal.partFailed', { count: c.failed }));
  if (c.skipped) parts.push(t('removal.partSkipped', { count: c.skipped }));
  if (c.left) parts.push(t('removal.partLeft', { count: c.left }));
  return parts.join(t('list.comma'));
}

function progressOf(job: RemovalJob, state: JobState, stopMessage?: string): RemovalProgress {
  const parts = partsOf(job.counts, job.handling, job.tag);
  const action = t(job.kind === 'selected' ? 'menu.removeSelected' : 'menu.handleOptOuts');
  let message = '';
  if (state === 'done') message = t('removal.done', { parts });
  else if (state === 'running') message = t('removal.running', { parts });
  else if (state === 'cancelled') message = t('removal.cancelled', { parts });
  else if (state === 'stopped') {
    const why =
      job.stopReason === 'token'
        ? t('removal.tokenRejected', { reason: stopMessage ?? '' })
        : say.leftQueuedByStop(job.stopReason ?? 'token');
    message = t('removal.stopped', { why, parts, action });
  }
  return {
    jobId: job.id,
    state,
    kind: job.kind,
    handling: job.handling,
    total: job.total,
    done: job.total - job.counts.left,
    counts: { ...job.counts },
    requests: job.requests,
    message,
    ...(state === 'stopped' && job.stopReason ? { stopReason: job.stopReason } : {}),
  };
}
