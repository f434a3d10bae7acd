/**
 * Virtual-time cost of each kind of service call. Only service calls advance the virtual clock;
 * plain JavaScript work in the bundle costs nothing (it is orders of magnitude cheaper than a
 * service round trip, per Google's "Best practices" guide), so benchmarks measure the pattern of
 * service calls, not the speed of the machine running the tests.
 *
 * Numbers are assumptions sized from public measurements; each says where it comes from.
 */
export interface LatencyModel {
  /** Fixed cost of one spreadsheet read (getValues, getDisplayValues, getNotes...). Assumed
   * 40 ms: community timings of a single getValues on a small range are 20-80 ms. */
  sheetReadBaseMs: number;
  /** Per cell read. Assumed 0.01 ms (10,000 cells ≈ 100 ms, in line with batch-read timings). */
  sheetReadPerCellMs: number;
  /** Fixed cost of one spreadsheet write (setValues, setNotes, setBackgrounds...). Assumed 60 ms. */
  sheetWriteBaseMs: number;
  /** Per cell written. Assumed 0.01 ms; Google's guide: one setValues of 4,000 cells < 50 ms of
   * transfer on top of the call. */
  sheetWritePerCellMs: number;
  /** Metadata calls (getLastRow, getSheetByName, getFilter, isRowHiddenByFilter...). Assumed 15 ms. */
  sheetMetadataMs: number;
  /** SpreadsheetApp.flush(). Google's guide: flush per row over 400 rows ≈ 12 s, i.e. ~30 ms
   * per flush including its write; we charge 25 ms for the flush itself. */
  flushMs: number;
  /** Structural edits (insert columns/rows, sort, frozen rows, conditional formats). Assumed 100 ms. */
  sheetStructureMs: number;
  /** One PropertiesService get/set. Assumed 30 ms (community timings 10-50 ms). */
  propertiesMs: number;
  /** One CacheService call. Assumed 15 ms (cache is faster than properties). */
  cacheMs: number;
  /** LockService acquire/release when not contended. Assumed 20 ms. */
  lockMs: number;
  /** UI calls (menus, toasts, sidebars, alerts excluding the human's thinking time). Assumed 50 ms. */
  uiMs: number;
  /** Cheap local calls (Session, Utilities.formatDate, Logger, HtmlService building). Assumed 1 ms. */
  localMs: number;
  /** Per URL Fetch request: Google's proxy adds overhead beyond the server's own time.
   * Assumed 150 ms; the server's real wall-clock time is added on top. */
  fetchBaseMs: number;
  /** Per KB of request + response body. Assumed 0.05 ms/KB. */
  fetchPerKbMs: number;
}

export const DEFAULT_LATENCY: LatencyModel = {
  sheetReadBaseMs: 40,
  sheetReadPerCellMs: 0.01,
  sheetWriteBaseMs: 60,
  sheetWritePerCellMs: 0.01,
  sheetMetadataMs: 15,
  flushMs: 25,
  sheetStructureMs: 100,
  propertiesMs: 30,
  cacheMs: 15,
  lockMs: 20,
  uiMs: 50,
  localMs: 1,
  fetchBaseMs: 150,
  fetchPerKbMs: 0.05,
};

/** Apps Script's limit for one execution (menu, sidebar call, trigger): 6 minutes. */
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

export function resolveLatency(overrides?: Partial<LatencyModel>): LatencyModel {
  return { ...DEFAULT_LATENCY, ...overrides };
}

/** Cost of one URL Fetch request given its real wall-clock duration and sizes. */
export function fetchCostMs(model: LatencyModel, wallMs: number, bytes: number): number {
  return model.fetchBaseMs + wallMs + (bytes / 1024) * model.fetchPerKbMs;
}
