/**
 * Import jobs: selected rows → statuses → batched sends → statuses, chunk by chunk.
 *
 * The sheet itself holds the job's state. When a job starts, every row to send is marked Queued
 * with a token in its Details cell ("import 3f9a1c #12"). Each chunk finds its rows by that token,
 * sends them, re-reads the status columns and writes each outcome to the row that now carries the
 * token. So a sort, an insert or a deletion during the run cannot put a status on the wrong row, a
 * closed sidebar leaves honest Queued rows behind, and no row is sent by two jobs.
 *
 * This file keeps only the orchestration; what each step reads and writes lives in row-plan.ts,
 * queued-rows.ts, job-store.ts and core/status-details.ts.
 */
import { outageExplainsWait, RunGuard, requestBudget } from '../core/circuit-breaker';
import { contactFingerprint, describeSentNumber, type RowOutcome } from '../core/contacts';
import { chunkRows } from '../core/limits';
import * as say from '../core/messages';
import type { ImportProfile } from '../core/payload';
import { withReimportNote } from '../core/removal';
import { DEFAULT_POLICY, type SendItem, type SendPolicy, sendProfiles } from '../core/sender';
import {
  failedDetails,
  importedDetails,
  notSentYetDetails,
  previousStatusOf,
  queuedDetails,
  restoredImportDetails,
  stamped,
} from '../core/status-details';
import type { ImportMode, ImportOptions, ImportProgress, JobState } from '../shared/contracts';
import { STATUS } from '../shared/contracts';
import { cleanTags } from '../shared/text';
import { UserError } from './errors';
import { quotaResetText } from './fetch-meter';
import { readFilterView, rowsHiddenBeforeSending } from './filter';
import { myKey } from './identity';
import {
  deleteJob,
  emptyCounts,
  type JobRecord,
  jobsStartedBy,
  loadJob,
  newJobId,
  pruneStaleJobs,
  saveJob,
  saveNewJob,
  withDocumentLock,
} from './job-store';
import { recordLastRun } from './last-run';
import {
  accountForRun,
  createRunTransport,
  customerDestination,
  customerForNewRun,
  customerTokenStopped,
  type RunAccount,
  refFor,
} from './partner';
import {
  explainLeftQueued,
  prefetchStatusBlocks,
  type QueuedRow,
  queuedRowsOfJob,
  updateQueuedRows,
  writeChunkStatuses,
} from './queued-rows';
import {
  candidateRows,
  countPlanned,
  hiddenByFilterUpdate,
  type PlannedRow,
  planRows,
  unsendableUpdate,
} from './row-plan';
import { currentRunOrigin, logRun } from './run-log';
import { ensureStatusColumns, StatusBlocks, type StatusUpdate, sheetNameOf, writeStatuses } from './sheet';
import {
  cellAt,
  formatClock,
  formatTime,
  headerRowOf,
  loadContext,
  outcomesOf,
  requirePhoneColumn,
  requireSheet,
  type SheetContext,
} from './sheet-context';
import { sheetIdOf } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const MODES: readonly ImportMode[] = ['selected', 'all', 'retry', 'validate', 'auto'];
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
    message: say.sheetBusy(),
  };
}

export function startImport(sheet: Sheet, options: ImportOptions, budgetMs: number): ImportProgress {
  const mode: ImportMode = options?.mode ?? 'selected';
  if (!MODES.includes(mode)) throw new UserError(say.unknownMode(mode));
  const force = options?.force === true;
  const callStarted = Date.now();
  return withDocumentLock(
    () => busyProgress(mode),
    () => {
      // Partner mode: the sheet's customer, recorded in the job; its token is asked for now.
      const customer = customerForNewRun(sheetIdOf(sheet), mode !== 'validate');
      // Read (and checked) once: the first call's chunks send with this account.
      const account = mode !== 'validate' ? accountForRun(customer) : null;
      // The document's properties as read now, under the lock: its settings and the job owners.
      const props = pruneStaleJobs(callStarted);
      const ctx = loadContext(sheet, props);
      requirePhoneColumn(ctx);
      const owner = myKey();
      const rows = candidateRows(ctx, mode, mode === 'auto' ? jobsStartedBy(owner, props) : undefined);
      const planned = planRows(ctx, rows, mode, force, customer?.id ?? null);
      const job: JobRecord = {
        id: newJobId(),
        sheetId: sheetIdOf(sheet),
        mode,
        force,
        total: planned.length,
        counts: emptyCounts(),
        requests: 0,
        startedAt: callStarted,
        origin: currentRunOrigin(),
        owner,
        sendMs: 0,
        rowsSent: 0,
        pending: [],
        ...batchTagOf(options),
        ...(customer ? { customer } : {}),
      };
      if (planned.length === 0) {
        const progress = finish(job, 'nothing', sheet);
        progress.message = say.nothingToDoMessage(mode, rows.length);
        return progress;
      }
      const marked = { ...ctx, data: ensureStatusColumns(sheet, ctx.data) };
      const queued = markPlannedRows(marked, job, planned);
      if (job.counts.queued === 0) return finish(job, 'done', sheet);
      job.requestBudget = requestBudget(job.counts.queued);
      saveNewJob(job, owner, props);
      // The sheet as just read and marked, and the outcomes just computed: no second read.
      const known = new Map<number, RowOutcome>();
      for (const p of planned) if (p.action === 'send') known.set(p.row, p.outcome);
      return runChunks(sheet, job, callStarted + budgetMs, {
        ctx: marked,
        known,
        queued,
        ...(account ? { account } : {}),
      });
    },
  );
}

/** The run's own tag, cleaned as tag cells are; none when blank. */
function batchTagOf(options: ImportOptions): { batchTag?: string } {
  const [tag] = cleanTags([typeof options?.batchTag === 'string' ? options.batchTag : '']);
  return tag ? { batchTag: tag } : {};
}

/**
 * One write for the whole plan: outcomes known now, and a Queued token on every row to send.
 * Returns the rows queued, in token order, as queuedRowsOfJob would find them in the sheet.
 */
function markPlannedRows(ctx: SheetContext, job: JobRecord, planned: PlannedRow[]): QueuedRow[] {
  const { data } = ctx;
  const at = formatTime(new Date(job.startedAt), ctx.timeZone);
  const updates = new Map<number, StatusUpdate>();
  const queued: QueuedRow[] = [];
  for (const p of planned) {
    countPlanned(job.counts, p.counted);
    if (p.action === 'write') updates.set(p.row, [p.update[0], stamped(p.update[1], at)]);
    if (p.action === 'send') {
      const previous = cellAt(ctx, p.row, data.statusColumn);
      const earlier = cellAt(ctx, p.row, data.detailsColumn);
      const token = queued.length + 1;
      queued.push({ row: p.row, token });
      updates.set(p.row, [STATUS.queued, queuedDetails(job.id, token, previous, earlier)]);
    }
  }
  const current = { firstRow: data.headerRow + 1, status: [] as string[], details: [] as string[] };
  for (let row = current.firstRow; row <= data.lastRow; row++) {
    current.status.push(cellAt(ctx, row, data.statusColumn));
    current.details.push(cellAt(ctx, row, data.detailsColumn));
  }
  writeStatuses(ctx.sheet, data.statusColumn, data.detailsColumn, current, updates);
  // Keep the context in step with the sheet, so the first chunks can run on it without a re-read.
  for (const [row, [status, details]] of updates) {
    const values = data.rows[row - data.headerRow - 1];
    values[data.statusColumn] = status;
    values[data.detailsColumn] = details;
  }
  return queued;
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
    if (job && outageExplainsWait(job.outage ?? null)) {
      // Time ran out while BotPenguin was not answering: that is the reason, not the time budget.
      job.stopReason = 'outage';
      keepUnsentRowsQueued(sheet, headerRowOf(sheet), job, formatTime(new Date()));
      progress = finish(job, 'stopped', sheet);
    } else if (job) {
      explainLeftQueued(sheet, job.id, say.leftQueuedByTimeLimit());
      progress = finish(job, 'running', sheet);
      progress.message = say.stoppedByTimeLimit(progress.counts);
      recordLastRun(progress, job.sheetId);
    }
  }
  return progress;
}

export function continueImport(jobId: string, budgetMs: number): ImportProgress {
  const callStarted = Date.now();
  return withExistingJob(jobId, (job) => runChunks(requireSheet(job.sheetId), job, callStarted + budgetMs));
}

export function cancelImport(jobId: string): ImportProgress {
  return withExistingJob(jobId, (job) => {
    explainLeftQueued(requireSheet(job.sheetId), job.id, say.leftQueuedByCancel());
    return finish(job, 'cancelled');
  });
}

/** Continue and Cancel act on a job that is still open, under the document lock. */
function withExistingJob(jobId: string, work: (job: JobRecord) => ImportProgress): ImportProgress {
  return withDocumentLock(
    () => busyProgress('selected'),
    () => {
      const job = loadJob(jobId);
      if (!job) throw new UserError(say.jobAlreadyFinished());
      return work(job);
    },
  );
}

const JOB_SAVE_INTERVAL_MS = 15_000;

/** What one chunk sends, and the status each of its rows gets if it is not sent. */
interface ChunkPlan {
  items: SendItem[];
  byToken: Map<
    number,
    { fingerprint: string; asSent: string; notes: readonly string[]; earlier: string; update?: StatusUpdate }
  >;
}

/**
 * Rows are checked again with the sheet as this call read it: one edited since it was queued is
 * checked anew. `known` holds outcomes computed from that same read (the start's plan).
 */
function planChunk(
  ctx: SheetContext,
  job: JobRecord,
  chunk: QueuedRow[],
  hidden: Set<number>,
  known: Map<number, RowOutcome>,
): ChunkPlan {
  const unknown = chunk.filter((q) => !known.has(q.row)).map((q) => q.row);
  const computed = outcomesOf(ctx, unknown);
  const outcomeAt = new Map(unknown.map((row, i) => [row, computed[i]]));
  const outcomes = chunk.map((q) => known.get(q.row) ?? outcomeAt.get(q.row)!);
  const plan: ChunkPlan = { items: [], byToken: new Map() };
  const notSent = (token: number, update: StatusUpdate) =>
    plan.byToken.set(token, { fingerprint: '', asSent: '', notes: [], earlier: '', update });
  chunk.forEach((q, i) => {
    const outcome = outcomes[i];
    const earlier = cellAt(ctx, q.row, ctx.data.detailsColumn);
    if (hidden.has(q.row)) {
      // The filter hides it (a criterion only Sheets could decide, or a filter set since).
      notSent(q.token, hiddenByFilterUpdate());
      job.counts.queued--;
      countPlanned(job.counts, 'skipped');
    } else if (outcome.kind === 'valid') {
      plan.items.push({ id: q.token, json: JSON.stringify(withBatchTag(outcome.payload, job.batchTag)) });
      plan.byToken.set(q.token, {
        // Without the run's tag: tagging a batch does not make its rows "changed" next time.
        fingerprint: refFor(contactFingerprint(outcome.payload), job.customer),
        asSent: describeSentNumber(outcome.phone),
        notes: withReimportNote(outcome.notes, earlier),
        earlier,
      });
    } else {
      // Edited since it was queued (no longer importable, opt-in withdrawn, now a repeat of a row
      // above): say why instead of sending it, as the plan would have.
      const { update, counted } = unsendableUpdate(outcome, earlier);
      notSent(q.token, update);
      job.counts.queued--;
      countPlanned(job.counts, counted);
    }
  });
  return plan;
}

function withBatchTag(payload: ImportProfile, batchTag: string | undefined): ImportProfile {
  if (!batchTag) return payload;
  const details = payload.profile.userDetails;
  if (details.tags.some((tag) => tag.toLowerCase() === batchTag.toLowerCase())) return payload;
  return { profile: { userDetails: { ...details, tags: [...details.tags, batchTag] } } };
}

/**
 * Sends chunks of this job's queued rows until none are left, the token fails, or time runs out.
 * The sheet is read once per call; each chunk then reads and writes only its own block of status
 * cells, unless rows have moved (a sort, an insert), when the status columns are scanned again.
 */
function runChunks(
  sheet: Sheet,
  job: JobRecord,
  deadline: number,
  prepared?: {
    ctx: SheetContext;
    known: Map<number, RowOutcome>;
    /** The rows just queued, in token order (no scan of the sheet for them). */
    queued: QueuedRow[];
    account?: RunAccount;
  },
): ImportProgress {
  // The job's own customer, whatever the sheet is bound to now.
  const transport = createRunTransport(prepared?.account ?? accountForRun(job.customer));
  const ctx = prepared?.ctx ?? loadContext(sheet);
  const known = prepared?.known ?? new Map<number, RowOutcome>();
  const columns = { status: ctx.data.statusColumn, details: ctx.data.detailsColumn };
  let savedAt = Date.now();
  const queued = prepared?.queued ?? queuedRowsOfJob(ctx, job.id);
  const positions = new Map(queued.map((q) => [q.token, q.row]));
  const chunkSize = chunkRows(ctx.settings.batchSize, ctx.settings.parallelRequests);
  const policy: SendPolicy = {
    ...DEFAULT_POLICY,
    batchSize: ctx.settings.batchSize,
    parallel: ctx.settings.parallelRequests,
  };
  // One breaker and budget for the whole job, carried from call to call in its record.
  const guard = new RunGuard(job.requestBudget ?? requestBudget(job.total), job.requests, job.outage ?? null);

  const filter = readFilterView(sheet);
  const blocks = new StatusBlocks(sheet);

  for (let next = 0; next < queued.length; next += chunkSize) {
    if (Date.now() >= deadline) {
      saveJob(job);
      return progressOf(job, 'running');
    }
    prefetchStatusBlocks(blocks, queued, next, chunkSize, positions, columns);
    const chunk = queued.slice(next, next + chunkSize);
    const hidden = rowsHiddenBeforeSending(
      sheet,
      filter,
      chunk.map((q) => q.row),
    );
    const plan = planChunk(ctx, job, chunk, hidden, known);

    const sendStarted = Date.now();
    // Only the first chunk can hold rows an earlier call left mid-narrowing.
    const resume = next === 0 ? job.pending : [];
    const report = sendProfiles(plan.items, transport, policy, deadline, resume, guard);
    job.outage = guard.currentOutage();
    job.pending = report.pending;
    job.requests += report.requests;
    job.sendMs += Date.now() - sendStarted;
    job.rowsSent += report.outcomes.size;

    const at = formatTime(new Date(), ctx.timeZone);
    for (const [id, outcome] of report.outcomes) {
      const entry = plan.byToken.get(id)!;
      job.counts.queued--;
      if (outcome.kind === 'imported') {
        job.counts.imported++;
        entry.update = [STATUS.imported, importedDetails(at, entry.asSent, entry.fingerprint, entry.notes)];
      } else {
        job.counts.failed++;
        entry.update = [
          STATUS.failed,
          failedDetails(outcome.failure, report.stop?.kind === 'token', at, entry.earlier),
        ];
      }
    }
    const decide = (token: number) => plan.byToken.get(token)?.update;
    writeChunkStatuses(sheet, ctx.data.headerRow, job.id, positions, chunk, decide, columns, blocks);

    if (report.stop !== null) {
      job.stopReason = report.stop.kind;
      keepUnsentRowsQueued(sheet, ctx.data.headerRow, job, at);
      return finish(job, 'stopped', sheet);
    }
    if (report.unsent.length > 0) {
      saveJob(job);
      return progressOf(job, 'running');
    }
    // The sheet holds every row's outcome; the record's counts and pending groups are saved
    // every few seconds and before returning, not after each chunk (30 ms a write).
    if (Date.now() - savedAt >= JOB_SAVE_INTERVAL_MS) {
      saveJob(job);
      savedAt = Date.now();
    }
  }
  return finish(job, 'done', sheet);
}

/**
 * A stopped run sent nothing more: its other rows stay Queued, saying why, so Retry failed rows
 * sends them once the cause is fixed. A row that was Imported before (a forced re-send) keeps that
 * status instead: it is in BotPenguin already.
 */
function keepUnsentRowsQueued(sheet: Sheet, headerRow: number, job: JobRecord, at: string): void {
  const why = say.leftQueuedByStop(summaryOf(job));
  updateQueuedRows(sheet, headerRow, job.id, (_token, details) => {
    if (previousStatusOf(details) !== STATUS.imported)
      return [STATUS.queued, notSentYetDetails(why, at, details)];
    job.counts.queued--;
    job.counts.skipped++;
    return [STATUS.imported, restoredImportDetails(details)];
  });
}

/** The facts the job's sentences need, with the outage's start on the sheet's clock. */
function summaryOf(job: JobRecord): say.JobSummary {
  const { mode, total, counts, stopReason, requests, outage } = job;
  return {
    mode,
    total,
    counts,
    requests,
    ...(stopReason ? { stopReason } : {}),
    ...(stopReason === 'quota' ? { quotaResetsAt: quotaResetText() } : {}),
    outage: outage
      ? { since: formatClock(new Date(outage.since)), attempts: outage.attempts, sign: outage.sign }
      : null,
  };
}

/** `sheet`: the job's tab, when the caller holds it. */
function finish(job: JobRecord, state: JobState, sheet?: Sheet): ImportProgress {
  deleteJob(job.id);
  // One look-up of the sheet's name for the log and the last-run record (a run that found
  // nothing to do records neither).
  const sheetName = state === 'nothing' ? null : sheetNameOf(job.sheetId, sheet);
  const progress = logRun(job, progressOf(job, state), sheetName);
  if (state !== 'nothing') recordLastRun(progress, job.sheetId, sheetName);
  return progress;
}

/** The run's sentence; in partner mode it names the customer the rows went to. */
function runMessage(job: JobRecord, state: JobState): string {
  if (!job.customer) return say.progressMessage(summaryOf(job), state);
  if (state === 'stopped' && job.stopReason === 'token')
    return customerTokenStopped(job.customer, job.counts.imported, job.counts.queued);
  return `${say.progressMessage(summaryOf(job), state)} ${customerDestination(job.customer)}`;
}

function progressOf(job: JobRecord, state: JobState): ImportProgress {
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
    message: runMessage(job, state),
    ...(job.customer ? { customer: job.customer.name } : {}),
    ...(state === 'stopped' && job.stopReason ? { stopReason: job.stopReason } : {}),
  };
}
