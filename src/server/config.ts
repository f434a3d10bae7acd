/**
 * The add-on's fixed choices, in one place. API hosts come from the brand (brands/<id>.json),
 * which is also where the build's manifest gets its urlFetchWhitelist.
 */
import { BRAND } from '../shared/brand';

export const API_HOSTS: readonly string[] = BRAND.apiHosts;
export const DEFAULT_API_HOST = API_HOSTS[0];
export const IMPORT_PATH = 'inbox/users/import';
export const CONNECTION_TEST_PATH = 'inbox/segments';

export const ADDON_NAME = BRAND.addOnName;

export const BATCH_SIZE = { default: 100, min: 1, max: 500 };
export const PARALLEL_REQUESTS = { default: 4, min: 1, max: 10 };

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
