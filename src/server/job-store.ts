/**
 * Import jobs between executions: one record per running job in the document properties, and the
 * document lock that keeps two imports of one spreadsheet from running at once. A record that
 * cannot be read (corrupt, or from an older version) is treated as no job, with a log line.
 */

import type { OutageState } from '../core/circuit-breaker';
import { LOCK_WAIT_MS } from '../core/limits';
import type { PendingGroup } from '../core/narrowing';
import { JOB_ID_PATTERN } from '../core/status-details';
import { expandIds, serializeJob } from '../core/stored-record';
import type { ImportMode, RunOrigin, StatusCounts, StopKind } from '../shared/contracts';
import { documentLock } from './platform-facts';

const JOB_KEY_PREFIX = 'bp.job.';
/** Who started each recent job ({jobId: identity key}), kept after the job's record is gone: an
 * automatic run continues only its owner's Queued rows. The newest JOB_OWNERS_KEPT, about 1.2 KB. */
const JOB_OWNERS_KEY = 'bp.job.owners';
const JOB_OWNERS_KEPT = 50;
/** A job whose sidebar was closed mid-run leaves its record behind; its rows stay Queued for Retry. */
const STALE_JOB_MS = 6 * 60 * 60 * 1000;
const MODES: readonly ImportMode[] = ['selected', 'all', 'retry', 'validate', 'auto'];
const COUNT_KEYS: readonly (keyof StatusCounts)[] = [
  'imported',
  'invalid',
  'failed',
  'skipped',
  'queued',
  'valid',
];

export interface JobRecord {
  id: string;
  sheetId: number;
  mode: ImportMode;
  force: boolean;
  total: number;
  counts: StatusCounts;
  requests: number;
  startedAt: number;
  /** How the run was started, for the run log (records from before the log have none). */
  origin?: RunOrigin;
  /** Time spent sending and rows sent, for the remaining-time estimate. */
  sendMs: number;
  rowsSent: number;
  /** Rows (by token) left unsent mid-narrowing, so the next call goes on where this one stopped. */
  pending: PendingGroup[];
  stopReason?: StopKind;
  /** Requests this job may send in all (core/circuit-breaker.ts); older records: from total. */
  requestBudget?: number;
  /** BotPenguin not answering so far, across this job's executions. */
  outage?: OutageState | null;
  /** ImportOptions.batchTag, added to every contact this job sends. */
  batchTag?: string;
  /** identity.ts key of the user who started it (records from before have none). */
  owner?: string;
  /** Partner mode: the customer the job began for; it finishes or stops for that one only. */
  customer?: { id: string; name: string };
}

export const emptyCounts = (): StatusCounts => ({
  imported: 0,
  invalid: 0,
  failed: 0,
  skipped: 0,
  queued: 0,
  valid: 0,
  alreadyImported: 0,
  duplicates: 0,
  phoneChanged: 0,
});

export function newJobId(): string {
  return Utilities.getUuid().replace(/-/g, '').slice(0, 6).toLowerCase();
}

/** What reads a document property: the store itself, or the properties as pruneStaleJobs just read them. */
export type PropertyReader = Pick<GoogleAppsScript.Properties.Properties, 'getProperty'>;
const documentStore = () => PropertiesService.getDocumentProperties();

function readJobOwners(props: PropertyReader = documentStore()): Record<string, string> {
  const raw = props.getProperty(JOB_OWNERS_KEY);
  try {
    const value = raw ? (JSON.parse(raw) as unknown) : null;
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, string>)
      : {};
  } catch {
    return {};
  }
}

/**
 * Saves a job that queued rows and notes who started it (the newest JOB_OWNERS_KEPT are kept), in
 * one write. `props`: the owners as read under the document lock this job holds.
 */
export function saveNewJob(job: JobRecord, owner: string, props: PropertyReader): void {
  const owners = Object.entries(readJobOwners(props)).filter(([id]) => id !== job.id);
  owners.push([job.id, owner]);
  documentStore().setProperties({
    [JOB_OWNERS_KEY]: JSON.stringify(Object.fromEntries(owners.slice(-JOB_OWNERS_KEPT))),
    [JOB_KEY_PREFIX + job.id]: serializeJob(job),
  });
}

/** The recent jobs `owner` started: their Queued rows are the ones an automatic run may continue. */
export function jobsStartedBy(owner: string, props?: PropertyReader): Set<string> {
  const mine = new Set<string>();
  for (const [id, who] of Object.entries(readJobOwners(props))) if (who === owner) mine.add(id);
  return mine;
}

export function saveJob(job: JobRecord): void {
  documentStore().setProperty(JOB_KEY_PREFIX + job.id, serializeJob(job));
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isPendingGroup(value: unknown): value is PendingGroup {
  const g = value as PendingGroup | null;
  if (!g || !Array.isArray(g.ids) || !g.ids.every((id) => Number.isInteger(id))) return false;
  if (g.kind === 'split') {
    return (
      [g.id, g.answers, g.refusedCount].every(Number.isInteger) &&
      (g.parent === null || Number.isInteger(g.parent)) &&
      typeof g.decided === 'boolean'
    );
  }
  return (
    ['fresh', 'refused', 'single', 'half'].includes(g.kind) &&
    (g.split === undefined || Number.isInteger(g.split)) &&
    (g.refusal === undefined || typeof g.refusal === 'string')
  );
}

function isOutageState(value: unknown): value is OutageState {
  const o = value as OutageState | null;
  return (
    !!o &&
    [o.since, o.attempts, o.waves].every(isCount) &&
    ['unreachable', 'timeout', 'server-error', 'html'].includes(o.sign)
  );
}

function isJobCustomer(value: unknown): boolean {
  const c = value as { id?: unknown; name?: unknown } | null;
  return !!c && typeof c.id === 'string' && /^[0-9a-f]{24}$/i.test(c.id) && typeof c.name === 'string';
}

/** A job record as stored, checked field by field; null when anything is missing or wrong. */
function parseJobRecord(raw: string): JobRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const r = value as Record<string, unknown>;
  const counts = r.counts as Record<string, unknown> | null;
  const valid =
    typeof r.id === 'string' &&
    JOB_ID_PATTERN.test(r.id) &&
    typeof r.sheetId === 'number' &&
    MODES.includes(r.mode as ImportMode) &&
    typeof r.force === 'boolean' &&
    [r.total, r.requests, r.startedAt, r.sendMs, r.rowsSent].every(isCount) &&
    !!counts &&
    typeof counts === 'object' &&
    COUNT_KEYS.every((k) => isCount(counts[k])) &&
    (r.customer === undefined || isJobCustomer(r.customer));
  if (!valid) return null;
  const job = r as unknown as JobRecord;
  // Records saved before the skipped rows were told apart.
  job.counts = { ...emptyCounts(), ...job.counts };
  // Older records have no pending groups; a malformed list only costs narrowing from the start.
  job.pending = Array.isArray(r.pending)
    ? r.pending
        .map((g: unknown) => {
          const group = g as { ids?: unknown } | null;
          if (!group || typeof group.ids !== 'string') return group;
          const ids = expandIds(group.ids);
          return ids ? { ...group, ids } : null;
        })
        .filter(isPendingGroup)
    : [];
  if (!isCount(r.requestBudget)) delete job.requestBudget;
  if (!isOutageState(r.outage)) job.outage = null;
  return job;
}

export function loadJob(jobId: string): JobRecord | null {
  if (!JOB_ID_PATTERN.test(String(jobId))) return null;
  const raw = documentStore().getProperty(JOB_KEY_PREFIX + jobId);
  if (!raw) return null;
  const job = parseJobRecord(raw);
  if (!job) console.warn(`Import job ${jobId}: its saved record could not be read; treated as finished.`);
  return job;
}

export function deleteJob(jobId: string): void {
  documentStore().deleteProperty(JOB_KEY_PREFIX + jobId);
}

/**
 * Drops records of jobs nobody continued for hours, and records that cannot be read. Returns the
 * document's properties as this one read found them (less those dropped), for the caller, which
 * holds the document lock, to read its settings and the job owners from without asking again.
 */
export function pruneStaleJobs(now: number): PropertyReader {
  const store = documentStore();
  // No prototype: a key is only ever what the store holds.
  const all = Object.assign(Object.create(null) as Record<string, string>, store.getProperties());
  for (const key of Object.keys(all)) {
    if (!key.startsWith(JOB_KEY_PREFIX) || key === JOB_OWNERS_KEY) continue;
    const job = parseJobRecord(all[key]);
    if (!job || job.startedAt < now - STALE_JOB_MS) {
      store.deleteProperty(key);
      delete all[key];
    }
  }
  return { getProperty: (key) => all[key] ?? null };
}

/** Runs `work` holding the document lock, or `onBusy` when another import holds it. */
export function withDocumentLock<T>(onBusy: () => T, work: () => T): T {
  const lock = documentLock();
  if (!lock.tryLock(LOCK_WAIT_MS)) return onBusy();
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}
