/**
 * One import measured on the emulator's virtual clock: HTTP requests the mock received, service
 * calls by kind, where the simulated time went, executions and their simulated Apps Script time.
 */
import type { Emulator } from '../emulator/index';
import type { MockBotPenguin } from '../mock-api/index';
import { columnLetter, countBy, SHEET } from '../tools/harness';
import { isSheetsCall } from './environment';

const IMPORT_PATH = '/inbox/users/import';
/** The msByKind entry of the script's own JavaScript: the time between one call's end and the next. */
export const JAVASCRIPT_BETWEEN_CALLS = '(JavaScript between calls)';
const TIME_LIMIT_MESSAGE = /Exceeded maximum execution time/;

export interface ExecutionCost {
  fn: string;
  elapsedMs: number;
  /** Stopped by Apps Script's 6-minute limit. */
  killed: boolean;
  /** HTTP requests this execution made. */
  requests: number;
}

export interface ImportCost {
  rows: number;
  /** HTTP requests to the import endpoint, and the profiles they carried. */
  requests: number;
  profilesSent: number;
  /** Service calls by kind (Sheets and the rest), and the Sheets total. */
  calls: Record<string, number>;
  sheetsCalls: number;
  /** Simulated time spent in each kind of service call. */
  msByKind: Record<string, number>;
  executions: ExecutionCost[];
  /** Sum of the executions' simulated time. */
  simulatedMs: number;
  /** Final status of the rows, by status word ('' when a row has none). */
  statusCounts: Record<string, number>;
}

export interface Measurement {
  em: Emulator;
  mock: MockBotPenguin;
  /** Runs one execution of `fn`; a kill by the 6-minute limit is an outcome here, not a failure. */
  execute(fn: string): ExecutionCost;
  /** Requests made so far (cheap: read from the emulator's counter). */
  requestsSoFar(): number;
  finish(rows: number, statusHeader: string): Promise<ImportCost>;
}

/** The bundle's errors come from the vm's realm, so `instanceof Error` would not see them. */
function isTimeLimitError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'message' in error &&
    TIME_LIMIT_MESSAGE.test(String(error.message))
  );
}

/**
 * Starts counting from a clean slate (mock requests, service counters), so setup is not measured.
 * Virtual time is charged only inside service calls, so the clock's advance between two hook events
 * belongs to the call that just ended.
 */
export async function startMeasurement(em: Emulator, mock: MockBotPenguin): Promise<Measurement> {
  await mock.reset();
  em.resetCounters();
  const msByKind: Record<string, number> = {};
  let lastEventAt = em.clock.now();
  const unsubscribe = em.onServiceCall(({ kind, phase }) => {
    const spent = em.clock.now() - lastEventAt;
    lastEventAt = em.clock.now();
    // Time before a 'before' event is the script's own JavaScript (its CPU time × cpuFactor),
    // or, rarely, a call that threw (no 'after').
    const owner = phase === 'after' ? kind : JAVASCRIPT_BETWEEN_CALLS;
    if (spent > 0) msByKind[owner] = (msByKind[owner] ?? 0) + spent;
  });
  const executions: ExecutionCost[] = [];
  const requestsSoFar = () => em.counters['UrlFetchApp.requests'] ?? 0;

  return {
    em,
    mock,
    requestsSoFar,
    execute(fn) {
      const requestsBefore = requestsSoFar();
      let killed = false;
      try {
        em.run(fn);
      } catch (error) {
        if (!isTimeLimitError(error)) throw error;
        killed = true;
      }
      lastEventAt = em.clock.now();
      const record = em.executions[em.executions.length - 1];
      const cost = { fn, elapsedMs: record.elapsedMs, killed, requests: requestsSoFar() - requestsBefore };
      executions.push(cost);
      return cost;
    },
    async finish(rows, statusHeader) {
      unsubscribe();
      const imports = (await mock.requests()).filter((r) => r.path === IMPORT_PATH);
      const calls = { ...em.counters };
      return {
        rows,
        requests: imports.length,
        profilesSent: imports.reduce((sum, r) => sum + (r.profiles ?? 0), 0),
        calls,
        sheetsCalls: sumCalls(calls, isSheetsCall),
        msByKind,
        executions,
        simulatedMs: executions.reduce((sum, e) => sum + e.elapsedMs, 0),
        statusCounts: countBy(statusColumn(em, statusHeader), (status) => status),
      };
    },
  };
}

/** The status of every data row, found by its header as a user would find it. */
export function statusColumn(em: Emulator, header: string): string[] {
  const sheet = em.spreadsheet.requireSheet(SHEET);
  const lastRow = sheet.lastRow();
  const lastColumn = sheet.lastColumn();
  if (lastRow < 2) return [];
  const values = em.user.getValues(SHEET, `A1:${columnLetter(lastColumn)}${lastRow}`);
  const column = values[0].map(String).indexOf(header);
  return values.slice(1).map((row) => (column >= 0 ? String(row[column]) : ''));
}

export function sumCalls(calls: Record<string, number>, include: (kind: string) => boolean): number {
  return Object.entries(calls).reduce((sum, [kind, n]) => (include(kind) ? sum + n : sum), 0);
}
