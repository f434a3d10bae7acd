/**
 * The day's trigger runtime. Google's quotas page: "Triggers total runtime" 90 min/day on consumer
 * accounts, 6 hr/day on Google Workspace, per user, and quotas "reset 24 hours after the first
 * request" (https://developers.google.com/apps-script/guides/services/quotas). Past it, trigger
 * runs fail with "Service using too much computer time for one day" and nobody is told, so the
 * automatic runs count their own time in the owner's user properties and plan within it. The
 * account type cannot be read, so the stricter consumer figure is the one planned with; the time
 * other scripts' triggers use is unknown, hence a reserve.
 */
import type { RuntimeUsage } from '../shared/contracts';
import { t } from '../shared/i18n';

const RUNTIME_KEY = 'bp.auto.runtime';
const DAY_MS = 24 * 60 * 60 * 1000;
const DAILY_TRIGGER_RUNTIME_MS = 90 * 60_000;
/** Left for form-submit runs and other scripts' triggers. */
const RESERVE_MS = 10 * 60_000;
/** Below this a run would not get through one wave of requests; the next run goes on. */
const MIN_RUN_MS = 30_000;

interface RuntimeRecord {
  since: number;
  usedMs: number;
}

function read(now: number): RuntimeRecord {
  const raw = PropertiesService.getUserProperties().getProperty(RUNTIME_KEY);
  try {
    const value = raw ? (JSON.parse(raw) as Partial<RuntimeRecord>) : null;
    if (
      value &&
      typeof value.since === 'number' &&
      typeof value.usedMs === 'number' &&
      now - value.since < DAY_MS
    )
      return { since: value.since, usedMs: value.usedMs };
  } catch {
    // A damaged record counts as a fresh day: Apps Script still enforces the real quota.
  }
  return { since: now, usedMs: 0 };
}

const minutes = (ms: number) => Math.round(ms / 60_000);

function resetText(record: RuntimeRecord): string {
  const zone = Session.getScriptTimeZone();
  return Utilities.formatDate(new Date(record.since + DAY_MS), zone, 'yyyy-MM-dd HH:mm');
}

export interface RunPlan {
  budgetMs: number;
  minRunMs: number;
  /** Why this run does not import (the day's time is nearly used up), or null. */
  skip: string | null;
}

/** How long this run may take: at most `capMs`, and never past the day's runtime less a reserve. */
export function planRunBudget(capMs: number, now = Date.now()): RunPlan {
  const record = read(now);
  const left = DAILY_TRIGGER_RUNTIME_MS - RESERVE_MS - record.usedMs;
  const budgetMs = Math.max(0, Math.min(capMs, left));
  const skip =
    budgetMs < MIN_RUN_MS
      ? t('auto.skippedRuntime', {
          at: Utilities.formatDate(new Date(now), Session.getScriptTimeZone(), 'yyyy-MM-dd HH:mm'),
          used: minutes(record.usedMs),
          limit: minutes(DAILY_TRIGGER_RUNTIME_MS),
          resetsAt: resetText(record),
        })
      : null;
  return { budgetMs, minRunMs: MIN_RUN_MS, skip };
}

/** Adds one run's time: one read and one write per automatic run. */
export function recordRunTime(ms: number, now = Date.now()): void {
  const record = read(now);
  record.usedMs += Math.max(0, ms);
  PropertiesService.getUserProperties().setProperty(RUNTIME_KEY, JSON.stringify(record));
}

/** What the owner's automatic runs used in the current 24 hours, for the sidebar. */
export function runtimeUsage(now = Date.now()): RuntimeUsage {
  const record = read(now);
  return {
    usedMinutes: minutes(record.usedMs),
    limitMinutes: minutes(DAILY_TRIGGER_RUNTIME_MS),
    message: t('auto.runtimeUsage', {
      used: minutes(record.usedMs),
      limit: minutes(DAILY_TRIGGER_RUNTIME_MS),
      workspace: minutes(6 * 60 * 60_000),
    }),
  };
}
