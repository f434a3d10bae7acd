/**
 * Virtual-time cost of each kind of service call, plus the bundle's own CPU time times
 * `cpuFactor` (see runtime.ts). Numbers are assumptions sized from public measurements; each
 * says where it comes from.
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
  /** Per URL Fetch request: the round trip through Google's fetch proxy. Public timings of a
   * trivial UrlFetchApp.fetch are 0.5-1 s; default 700 ms. */
  fetchBaseMs: number;
  /** The remote server's own time per request (on top of the proxy). Assumed 200 ms for a
   * BotPenguin API call. A server may state its time exactly with header x-emulator-virtual-ms. */
  fetchServerMs: number;
  /** Server time per contact in the request body (a JSON array body counts its elements: one
   * per profile in BotPenguin's import). Assumed 5 ms per contact. */
  fetchPerContactMs: number;
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
  fetchBaseMs: 700,
  fetchServerMs: 200,
  fetchPerContactMs: 5,
  fetchPerKbMs: 0.05,
};

/** Apps Script's V8 runs plain JavaScript slower than Node on a developer machine: CPU time the
 * bundle spends is multiplied by this. See README ("JavaScript CPU time"). */
export const DEFAULT_CPU_FACTOR = 3;

/** Apps Script's limit for one execution (menu, sidebar call, trigger): 6 minutes. */
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

export function resolveLatency(overrides?: Partial<LatencyModel>): LatencyModel {
  return { ...DEFAULT_LATENCY, ...overrides };
}

/** Contacts in a request body: the elements of a JSON array body, else 0. */
function contactsInBody(body: string | undefined): number {
  if (body === undefined || !body.startsWith('[')) return 0;
  try {
    const parsed: unknown = JSON.parse(body);
    return Array.isArray(parsed) ? parsed.length : 0;
  } catch {
    return 0;
  }
}

/** Cost of one URL Fetch request: proxy round trip + server time (stated by the server, or
 * modelled from its base and the contacts in the body) + transfer. */
export function fetchCostMs(
  model: LatencyModel,
  request: { body?: string; bytes: number },
  statedServerMs: number | null,
): number {
  if (statedServerMs !== null) return model.fetchBaseMs + statedServerMs;
  const serverMs = model.fetchServerMs + contactsInBody(request.body) * model.fetchPerContactMs;
  return model.fetchBaseMs + serverMs + (request.bytes / 1024) * model.fetchPerKbMs;
}
