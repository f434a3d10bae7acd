/**
 * The quota meter: the add-on's own URL Fetch requests per user, counted in the user's properties
 * in Google's window: "Quotas are per user and reset 24 hours after the first request" (quotas
 * page, https://developers.google.com/apps-script/guides/services/quotas). The quota is shared by
 * all the user's scripts and add-ons, whose requests the add-on cannot see: the figure is this
 * add-on's own, and the window started at the latest with its first request, so the reset it
 * shows is the latest one. Each execution adds its requests in one write when it ends; the
 * sidebar shows the figure and runs that need more requests than are left ask first.
 */

import type { UrlFetchUsage } from '../shared/contracts';
import { formatNumber, t } from '../shared/i18n';
import { myEmail } from './identity';
import { setUserProperty, spreadsheetTimeZone, userProperty } from './this-execution';

const USAGE_KEY = 'bp.urlFetch.today';
const DAY_MS = 86_400_000;
/** "URL Fetch calls" per day (quotas page): consumer (gmail.com) accounts 20,000, Google Workspace
 * 100,000. The account type cannot be read; runs plan with the smaller figure. */
const CONSUMER_URL_FETCH_PER_DAY = 20_000;
const WORKSPACE_URL_FETCH_PER_DAY = 100_000;

/** Requests this execution sent; saved and set back to 0 as it ends (main.ts `entry`). */
let requestsThisExecution = 0;

export function noteFetchRequests(count: number): void {
  requestsThisExecution += count;
}

interface UsageWindow {
  /** This add-on's first request of the window (ms). */
  since: number;
  used: number;
}

/** The current window, or null when this add-on sent nothing in the last 24 hours. Read from
 * this execution's copy of the user's properties, or `afresh` before adding to it: another
 * execution of the same user may have added its requests since this one began. */
function readUsage(now = Date.now(), afresh = false): UsageWindow | null {
  const raw = afresh ? PropertiesService.getUserProperties().getProperty(USAGE_KEY) : userProperty(USAGE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as { since?: unknown; used?: unknown };
    if (typeof value.since === 'number' && typeof value.used === 'number' && value.used >= 0)
      return now - value.since < DAY_MS ? { since: value.since, used: value.used } : null;
  } catch {
    // A damaged record counts as nothing used: the meter is advice, Apps Script enforces the quota.
  }
  // Records of earlier versions (per Pacific day) start a new window.
  return null;
}

function usedToday(): number {
  return readUsage()?.used ?? 0;
}

/** Adds this execution's requests to the window's count: one read and one write, only if it sent any. */
function saveFetchCount(): void {
  if (requestsThisExecution === 0) return;
  const now = Date.now();
  const usage = readUsage(now, true) ?? { since: now, used: 0 };
  usage.used += requestsThisExecution;
  requestsThisExecution = 0;
  setUserProperty(USAGE_KEY, JSON.stringify(usage));
}

/** Runs one server call and then records what it sent, even when it fails. */
export function withFetchMeter<T>(work: () => T): T {
  try {
    return work();
  } finally {
    saveFetchCount();
  }
}

/** "10:05 on 2025-01-07 at the latest (24 hours after …; Etc/UTC)": the window started at the
 * latest with this add-on's first request (or now, when it sent none). */
export function quotaResetText(now = Date.now()): string {
  const zone = spreadsheetTimeZone();
  const at = new Date((readUsage(now)?.since ?? now) + DAY_MS);
  const time = Utilities.formatDate(at, zone, 'HH:mm');
  const day = Utilities.formatDate(at, zone, 'yyyy-MM-dd');
  return t('quota.resetTime', { time, day, zone });
}

/** Gmail addresses are consumer accounts; any other address may be either. */
function dailyLimitText(): string {
  const consumer = /@(gmail|googlemail)\.com$/i.test(myEmail());
  return consumer
    ? t('quota.limitConsumer', { limit: formatNumber(CONSUMER_URL_FETCH_PER_DAY) })
    : t('quota.limitEither', {
        limit: formatNumber(CONSUMER_URL_FETCH_PER_DAY),
        workspace: formatNumber(WORKSPACE_URL_FETCH_PER_DAY),
      });
}

/** What urlFetchUsage().left says, from one property read (no time zone, no sentences). */
export function requestsLeftToday(): number {
  return Math.max(0, CONSUMER_URL_FETCH_PER_DAY - usedToday());
}

export function urlFetchUsage(): UrlFetchUsage {
  const used = usedToday();
  return {
    usedToday: used,
    dailyLimit: CONSUMER_URL_FETCH_PER_DAY,
    left: Math.max(0, CONSUMER_URL_FETCH_PER_DAY - used),
    message: t('quota.usage', { count: used, limits: dailyLimitText() }),
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
