/**
 * The quota meter: the add-on's own URL Fetch requests per user per day, counted in the user's
 * properties under the Pacific-time date (Google resets the daily quota at midnight Pacific). Each
 * execution adds its requests in one write when it ends; the sidebar shows the figure and runs that
 * need more requests than are left ask first.
 */

import type { ImportProgress, UrlFetchUsage } from '../shared/contracts';
import { formatNumber, t } from '../shared/i18n';

const USAGE_KEY = 'bp.urlFetch.today';
const PACIFIC = 'America/Los_Angeles';
const DAY_MS = 86_400_000;
/** "URL Fetch calls" per day on a consumer (gmail.com) account; Google Workspace has 100,000. */
const CONSUMER_URL_FETCH_PER_DAY = 20_000;

/** Requests this execution sent; saved and set back to 0 as it ends (main.ts `entry`). */
let requestsThisExecution = 0;

export function noteFetchRequests(count: number): void {
  requestsThisExecution += count;
}

function pacificDay(ms: number): string {
  return Utilities.formatDate(new Date(ms), PACIFIC, 'yyyy-MM-dd');
}

function readUsage(): { day: string; used: number } | null {
  const raw = PropertiesService.getUserProperties().getProperty(USAGE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as { day?: unknown; used?: unknown };
    if (typeof value.day === 'string' && typeof value.used === 'number' && value.used >= 0)
      return { day: value.day, used: value.used };
  } catch {
    // A damaged record counts as nothing used: the meter is advice, Apps Script enforces the quota.
  }
  return null;
}

function usedToday(): number {
  const usage = readUsage();
  return usage && usage.day === pacificDay(Date.now()) ? usage.used : 0;
}

/** Adds this execution's requests to today's count: one read and one write, only if it sent any. */
function saveFetchCount(): void {
  if (requestsThisExecution === 0) return;
  const today = pacificDay(Date.now());
  const usage = readUsage();
  const used = (usage && usage.day === today ? usage.used : 0) + requestsThisExecution;
  requestsThisExecution = 0;
  PropertiesService.getUserProperties().setProperty(USAGE_KEY, JSON.stringify({ day: today, used }));
}

/** Runs one server call and then records what it sent, even when it fails. */
export function withFetchMeter<T>(work: () => T): T {
  try {
    return work();
  } finally {
    saveFetchCount();
  }
}

/** Minutes east of UTC of Pacific time at an instant (formatDate's "Z" is e.g. "-0800"). */
function pacificOffsetMs(ms: number): number {
  const z = Utilities.formatDate(new Date(ms), PACIFIC, 'Z');
  const minutes = Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5));
  return (z.startsWith('-') ? -minutes : minutes) * 60_000;
}

/** The next midnight in Pacific time after `now`, as an instant. */
function nextPacificMidnight(now: number): number {
  const wallClock = now + pacificOffsetMs(now);
  const nextMidnightWall = Math.floor(wallClock / DAY_MS) * DAY_MS + DAY_MS;
  const guess = nextMidnightWall - pacificOffsetMs(now);
  // Daylight saving changes at 2 a.m., so the offset at midnight itself is the one to use.
  return nextMidnightWall - pacificOffsetMs(guess);
}

function spreadsheetZone(): string {
  return SpreadsheetApp.getActiveSpreadsheet().getSpreadsheetTimeZone() || Session.getScriptTimeZone();
}

/** "midnight Pacific time (08:00 on 2025-01-07 in this spreadsheet's time zone, Etc/UTC)". */
export function quotaResetText(now = Date.now()): string {
  const zone = spreadsheetZone();
  const at = new Date(nextPacificMidnight(now));
  const time = Utilities.formatDate(at, zone, 'HH:mm');
  const day = Utilities.formatDate(at, zone, 'yyyy-MM-dd');
  return t('quota.resetTime', { time, day, zone });
}

export function urlFetchUsage(): UrlFetchUsage {
  const used = usedToday();
  return {
    usedToday: used,
    dailyLimit: CONSUMER_URL_FETCH_PER_DAY,
    left: Math.max(0, CONSUMER_URL_FETCH_PER_DAY - used),
    message: t('quota.usage', { count: used, limit: formatNumber(CONSUMER_URL_FETCH_PER_DAY) }),
    resetsAt: quotaResetText(),
  };
}

/** Requests a run of `rowsToSend` rows needs: one per batch (a refused batch may cost a few more). */
export function requestsFor(rowsToSend: number, batchSize: number): number {
  return Math.ceil(rowsToSend / Math.max(1, batchSize));
}

/** The question asked before a run that needs more requests than are left today. */
export function quotaQuestion(needed: number, usage: UrlFetchUsage): string {
  return t('quota.question', {
    count: needed,
    left: formatNumber(usage.left),
    limit: formatNumber(usage.dailyLimit),
    used: formatNumber(usage.usedToday),
    resetsAt: usage.resetsAt,
  });
}

/** A run stopped by the daily quota says when it resets, in Pacific time and the sheet's zone. */
export function explainQuotaReset(progress: ImportProgress): ImportProgress {
  if (progress.stopReason !== 'quota') return progress;
  const phrase = t('quota.atMidnight');
  const when = t('quota.atTime', { when: quotaResetText() });
  progress.message = progress.message.includes(phrase)
    ? progress.message.replace(phrase, when)
    : `${progress.message} ${t('quota.resets', { when })}`;
  return progress;
}
