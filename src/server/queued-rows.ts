/**
 * A job's Queued rows, found by the token in their Details cell wherever a sort, an insert or a
 * deletion moved them, and the outcomes written onto the row that carries each token now.
 */
import { notSentYetDetails, queuedTokenOf } from '../core/status-details';
import { STATUS } from '../shared/contracts';
import {
  readStatusColumns,
  type StatusBlocks,
  type StatusUpdate,
  spanOf,
  statusColumnsNow,
  writeStatuses,
} from './sheet';
import { cellAt, formatTime, headerRowOf, type SheetContext } from './sheet-context';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface QueuedRow {
  row: number;
  token: number;
}

/** The job's queued rows in the sheet as read, in token order. */
export function queuedRowsOfJob(ctx: SheetContext, jobId: string): QueuedRow[] {
  const found: QueuedRow[] = [];
  const { data } = ctx;
  if (data.statusColumn < 0 || data.detailsColumn < 0) return found;
  for (let i = 0; i < data.rows.length; i++) {
    const row = data.headerRow + 1 + i;
    const token = queuedTokenOf(
      cellAt(ctx, row, data.statusColumn),
      cellAt(ctx, row, data.detailsColumn),
      jobId,
    );
    if (token !== null) found.push({ row, token });
  }
  return found.sort((a, b) => a.token - b.token);
}

/**
 * Scans the status columns for this job's queued rows and applies `decide` to each; returns where
 * each token is now.
 */
export function updateQueuedRows(
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
    const token = queuedTokenOf(current.status[i], details, jobId);
    if (token === null) return;
    const row = current.firstRow + i;
    positions.set(token, row);
    const update = decide(token, details);
    if (update) updates.set(row, update);
  });
  writeStatuses(sheet, columns.status, columns.details, current, updates);
  return positions;
}

/**
 * Puts each outcome on the row that carries its token now. Reads just the chunk's block when the
 * rows are still where they were; otherwise (sorted, inserted, deleted) scans the status columns
 * and learns the new positions of the rows still to come. A row deleted meanwhile simply has no
 * place left to write to.
 */
export function writeChunkStatuses(
  sheet: Sheet,
  headerRow: number,
  jobId: string,
  positions: Map<number, number>,
  chunk: QueuedRow[],
  decide: (token: number) => StatusUpdate | undefined,
  /** Where the status columns were; updated when they have moved. */
  columns: { status: number; details: number },
  /** The chunk's block, got ahead with the next chunks' (prefetchStatusBlocks). */
  blocks?: StatusBlocks,
): void {
  if (writeInPlace(sheet, headerRow, jobId, positions, chunk, decide, columns, blocks)) return;
  // The rows or the columns moved: find the columns by header, then the rows by token.
  const now = statusColumnsNow(sheet, headerRow);
  if (!now) return;
  columns.status = now.status;
  columns.details = now.details;
  if (writeInPlace(sheet, headerRow, jobId, positions, chunk, decide, columns)) return;
  const inChunk = new Set(chunk.map((q) => q.token));
  const found = updateQueuedRows(sheet, headerRow, jobId, (token) =>
    inChunk.has(token) ? decide(token) : undefined,
  );
  positions.clear();
  for (const [token, row] of found) positions.set(token, row);
}

/**
 * Reads the chunk's block of status cells where the rows and columns were; writes the outcomes
 * there only when every row still carries its token (a token in its place proves both).
 */
function writeInPlace(
  sheet: Sheet,
  headerRow: number,
  jobId: string,
  positions: Map<number, number>,
  chunk: QueuedRow[],
  decide: (token: number) => StatusUpdate | undefined,
  columns: { status: number; details: number },
  blocks?: StatusBlocks,
): boolean {
  if (columns.status < 0 || columns.details < 0) return false;
  const rows = chunk.map((q) => positions.get(q.token) ?? -1);
  if (rows.every((r) => r > headerRow)) {
    const [first, last] = spanOf(rows);
    const block = readStatusColumns(sheet, first, last, columns.status, columns.details, blocks);
    const inPlace = chunk.every((q, i) => {
      const at = rows[i] - first;
      return queuedTokenOf(block.status[at], block.details[at], jobId) === q.token;
    });
    if (inPlace) {
      const updates = new Map<number, StatusUpdate>();
      chunk.forEach((q, i) => {
        const update = decide(q.token);
        if (update) updates.set(rows[i], update);
      });
      writeStatuses(sheet, columns.status, columns.details, block, updates);
      return true;
    }
  }
  return false;
}

/** Chunks whose status blocks are got in one call (StatusBlocks): a run of 10,000 rows makes one. */
const PREFETCHED_CHUNKS = 50;

/**
 * At every PREFETCHED_CHUNKS-th chunk (from `next`, `chunkSize` rows each), gets in one call the
 * status blocks of that many chunks where their rows are now, so that writing each chunk's
 * outcomes needs no getRange of its own.
 */
export function prefetchStatusBlocks(
  blocks: StatusBlocks,
  queued: QueuedRow[],
  next: number,
  chunkSize: number,
  positions: Map<number, number>,
  columns: { status: number; details: number },
): void {
  if ((next / chunkSize) % PREFETCHED_CHUNKS !== 0) return;
  const spans: [number, number][] = [];
  const end = Math.min(queued.length, next + PREFETCHED_CHUNKS * chunkSize);
  for (let i = next; i < end; i += chunkSize) {
    const rows = queued.slice(i, Math.min(i + chunkSize, end)).map((q) => positions.get(q.token) ?? -1);
    if (rows.every((r) => r > 0)) spans.push(spanOf(rows));
  }
  blocks.prefetch(spans, columns);
}

/** Rows a job leaves unsent stay Queued, with a sentence saying why and what to do. */
export function explainLeftQueued(sheet: Sheet, jobId: string, why: string): void {
  const at = formatTime(new Date());
  updateQueuedRows(sheet, headerRowOf(sheet), jobId, (_token, details) => [
    STATUS.queued,
    notSentYetDetails(why, at, details),
  ]);
}
