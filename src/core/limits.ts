/**
 * How much the add-on sends at once and how long one execution may run: one definition for the
 * server, the sending engine and the benchmark.
 */

/** Profiles per request (settable per sheet). */
export const BATCH_SIZE = { default: 100, min: 1, max: 500 };
/** Requests sent at once with UrlFetchApp.fetchAll (settable per sheet). */
export const PARALLEL_REQUESTS = { default: 4, min: 1, max: 10 };
/** Express's default JSON body limit is 100 kB; BotPenguin's real limit is not documented. */
export const MAX_BATCH_BYTES = 90 * 1024;

/**
 * Time budgets on Apps Script's 6-minute limit. A menu run stops taking new batches at 4.5
 * minutes, leaving room for a slow last wave and the final writes; a sidebar call returns after
 * ~20 s so the progress bar moves and Cancel is honoured quickly.
 */
export const MENU_RUN_BUDGET_MS = 270_000;
export const SIDEBAR_CALL_BUDGET_MS = 20_000;
/** How long a second import waits for the document lock before being told the sheet is busy. */
export const LOCK_WAIT_MS = 3_000;

/** Rows sent per chunk; statuses are written after each chunk. */
export function chunkRows(batchSize: number, parallel: number): number {
  return batchSize * parallel;
}
