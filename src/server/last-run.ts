/**
 * The latest finished run of the spreadsheet, whoever started it and however (menu, sidebar, a
 * collaborator): one document property, written when a job finishes, read by the sidebar's poll.
 * The poll reads it from the document cache, which counts against no daily quota (the quotas page
 * has none for CacheService), so an open sidebar does not spend the day's Properties reads.
 */
import type { ImportMode, ImportProgress, JobState, LastRunView, StatusCounts } from '../shared/contracts';
import { emptyCounts } from './job-store';
import { sheetNameOf } from './sheet';
import { formatTime } from './sheet-context';

const LAST_RUN_KEY = 'bp.lastRun';
/** CacheService reference: at most 6 hours; after that one Properties read fills it again. */
const CACHE_SECONDS = 21_600;
/** Cached "no run yet", told apart from a cache miss. */
const NO_RUN = '-';

/** The document cache, or null where there is none (a trigger run that sees no document). */
function documentCache(): GoogleAppsScript.Cache.Cache | null {
  try {
    return CacheService.getDocumentCache();
  } catch {
    return null;
  }
}
const MODES: readonly ImportMode[] = ['selected', 'all', 'retry', 'validate', 'auto'];
const STATES: readonly JobState[] = ['running', 'done', 'cancelled', 'stopped'];

export function recordLastRun(
  progress: ImportProgress,
  sheetId: number,
  sheetName: string | null = sheetNameOf(sheetId),
): void {
  const view: LastRunView = {
    jobId: progress.jobId,
    mode: progress.mode,
    state: progress.state,
    sheetName: sheetName ?? '',
    finishedAt: formatTime(new Date()),
    counts: progress.counts,
    message: progress.message,
  };
  const text = JSON.stringify(view);
  PropertiesService.getDocumentProperties().setProperty(LAST_RUN_KEY, text);
  documentCache()?.put(LAST_RUN_KEY, text, CACHE_SECONDS);
}

/** The stored run, checked; null when there is none or it cannot be read. */
function readLastRun(raw: string | null): LastRunView | null {
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<LastRunView>;
    const fine =
      typeof value.jobId === 'string' &&
      MODES.includes(value.mode as ImportMode) &&
      STATES.includes(value.state as JobState) &&
      typeof value.sheetName === 'string' &&
      typeof value.finishedAt === 'string' &&
      typeof value.message === 'string' &&
      !!value.counts &&
      typeof value.counts === 'object';
    if (!fine) return null;
    const counts: StatusCounts = { ...emptyCounts(), ...(value.counts as StatusCounts) };
    return { ...(value as LastRunView), counts };
  } catch {
    return null;
  }
}

export function lastRunOfSpreadsheet(): LastRunView | null {
  const cache = documentCache();
  const cached = cache?.get(LAST_RUN_KEY) ?? null;
  if (cached !== null) return cached === NO_RUN ? null : readLastRun(cached);
  const stored = PropertiesService.getDocumentProperties().getProperty(LAST_RUN_KEY);
  cache?.put(LAST_RUN_KEY, stored ?? NO_RUN, CACHE_SECONDS);
  return readLastRun(stored);
}
