/**
 * Sends profiles to BotPenguin's import endpoint in as few requests as possible, and decides the
 * outcome of every profile. Platform-free: the server gives it a Transport over UrlFetchApp.
 *
 * Rules: batches of up to `batchSize` profiles within `maxBatchBytes`; up to `parallel` requests
 * at once; a rejected token or a platform refusal (daily quota, missing permission, host not
 * allowed) stops everything; 429/5xx/network errors retry with exponential backoff and jitter,
 * honouring Retry-After; 413 splits the batch; a refused batch (400/422) is narrowed down to the
 * offending profiles (narrowing.ts). Every profile ends imported, failed, or unsent; unsent ones
 * come back as groups so the next execution goes on narrowing where this one stopped.
 */

import { utf8Length } from '../shared/text';
import { outageSignOf, type RunGuard } from './circuit-breaker';
import { BATCH_SIZE, MAX_BATCH_BYTES, PARALLEL_REQUESTS } from './limits';
import { type Batch, Narrowing, type PendingGroup } from './narrowing';
import { classify, type StopReason, type TransportResult, type Verdict } from './responses';
import { nextRetry, type RetryPolicy } from './retry';
import type { ItemOutcome, SendFailure, SendItem } from './send-types';

export type { SendItem } from './send-types';

export interface OutboundRequest {
  /** Profiles' ids, in payload order. */
  ids: number[];
  /** JSON text of the profile array. */
  body: string;
}

export interface Transport {
  /** Sends requests in parallel; results in the same order. */
  sendAll(requests: OutboundRequest[]): TransportResult[];
  sleep(ms: number): void;
  now(): number;
}

/** How batches are made and sent; retries follow core/retry.ts. */
export interface SendPolicy extends RetryPolicy {
  batchSize: number;
  maxBatchBytes: number;
  parallel: number;
  /** Extra requests allowed for isolating refused profiles, as a multiple of the profiles. */
  narrowingBudgetFactor: number;
}

export const DEFAULT_POLICY: SendPolicy = {
  batchSize: BATCH_SIZE.default,
  maxBatchBytes: MAX_BATCH_BYTES,
  parallel: PARALLEL_REQUESTS.default,
  maxAttempts: 4,
  baseBackoffMs: 1000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 60_000,
  narrowingBudgetFactor: 1.5,
  random: Math.random,
};

export interface SendReport {
  outcomes: Map<number, ItemOutcome>;
  /** Ids never accepted nor finally failed: the deadline came or the run stopped. */
  unsent: number[];
  /** The unsent ids as the sender left them, to hand back to the next call. */
  pending: PendingGroup[];
  /** Set when the run must stop: the token was rejected or Apps Script refused to fetch. */
  stop: StopReason | null;
  requests: number;
}

/** Groups items into batches by count and bytes, keeping their order. */
export function planBatches(items: SendItem[], batchSize: number, maxBatchBytes: number): SendItem[][] {
  const batches: SendItem[][] = [];
  let current: SendItem[] = [];
  let bytes = 2;
  for (const item of items) {
    const size = utf8Length(item.json) + 1;
    if (current.length > 0 && (current.length >= batchSize || bytes + size > maxBatchBytes)) {
      batches.push(current);
      current = [];
      bytes = 2;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

function toRequest(batch: Batch): OutboundRequest {
  return { ids: batch.items.map((i) => i.id), body: `[${batch.items.map((i) => i.json).join(',')}]` };
}

/**
 * Sends `items`; `resume` holds the groups an earlier call left unsent, so a refused batch is
 * narrowed on from where that call stopped instead of from the start.
 */
export function sendProfiles(
  items: SendItem[],
  transport: Transport,
  policy: SendPolicy,
  deadline: number,
  resume: readonly PendingGroup[] = [],
  /** The run's circuit breaker and request budget; none: unlimited (tests of the engine alone). */
  guard: RunGuard | null = null,
): SendReport {
  const run = new SendRun(items, resume, policy, guard);
  while (run.narrowing.hasQueued() && run.stop === null) {
    const now = waitForNextWave(run.narrowing, transport, deadline);
    if (now === null) break;
    const room = guard ? guard.room() : policy.parallel;
    if (room === 0) {
      run.stop = { kind: 'request-budget', message: '' };
      break;
    }
    run.sendWave(transport, now, Math.min(policy.parallel, room));
    // BotPenguin has not answered for several rounds: stop instead of sending the rest into it.
    if (run.stop === null && guard?.isOpen()) run.stop = { kind: 'outage', message: '' };
  }
  return run.report();
}

/** The time the next wave may go (after sleeping until its earliest batch may), or null when that
 * is past the deadline. */
function waitForNextWave(narrowing: Narrowing, transport: Transport, deadline: number): number | null {
  const now = transport.now();
  if (now >= deadline) return null;
  const earliest = narrowing.earliestStart();
  if (earliest <= now) return now;
  if (earliest >= deadline) return null;
  transport.sleep(earliest - now);
  return transport.now();
}

/** One sendProfiles call's state: the outcomes so far, the narrowing queue, why it stopped. */
class SendRun {
  readonly outcomes = new Map<number, ItemOutcome>();
  readonly narrowing: Narrowing;
  stop: StopReason | null = null;
  requests = 0;

  constructor(
    items: SendItem[],
    resume: readonly PendingGroup[],
    private readonly policy: SendPolicy,
    private readonly guard: RunGuard | null,
  ) {
    this.narrowing = new Narrowing(Math.ceil(items.length * policy.narrowingBudgetFactor));
    this.narrowing.load(items, resume, (rest) => planBatches(rest, policy.batchSize, policy.maxBatchBytes));
    this.recordNarrowingFailures();
  }

  private fail(batch: { items: readonly SendItem[] }, failure: SendFailure): void {
    for (const item of batch.items) this.outcomes.set(item.id, { kind: 'failed', failure });
  }

  private recordNarrowingFailures(): void {
    for (const failed of this.narrowing.takeFailures()) this.fail(failed, failed.failure);
  }

  /** Sends up to `parallel` batches at once and settles each one's answer. */
  sendWave(transport: Transport, now: number, parallel: number): void {
    const wave = this.narrowing.takeWave(now, parallel);
    const results = transport.sendAll(wave.map(toRequest));
    const answeredAt = transport.now();
    this.guard?.recordRound(
      results.filter((r) => r.kind !== 'refused-by-apps-script').map(outageSignOf),
      now,
    );
    wave.forEach((batch, index) => {
      const verdict: Verdict = classify(results[index], answeredAt);
      if (verdict.kind === 'stop') {
        // Apps Script refused before anything left: the batch was not sent and stays queued.
        this.stop = verdict.reason;
        this.narrowing.putBack(batch);
        return;
      }
      this.requests++;
      batch.attempts++;
      this.settle(batch, verdict, answeredAt);
      this.recordNarrowingFailures();
    });
  }

  private settle(batch: Batch, verdict: Exclude<Verdict, { kind: 'stop' }>, answeredAt: number): void {
    const { narrowing } = this;
    switch (verdict.kind) {
      case 'ok':
        for (const item of batch.items) this.outcomes.set(item.id, { kind: 'imported' });
        narrowing.answered(batch, 'accepted');
        return;
      case 'auth':
        this.stop = { kind: 'token', message: verdict.message };
        this.fail(batch, { kind: 'token', message: verdict.message });
        return;
      case 'retry': {
        const step = nextRetry(verdict, batch.attempts, this.policy);
        if (step.kind === 'wait') {
          narrowing.retryLater(batch, answeredAt + step.ms);
        } else {
          this.fail(batch, step.failure);
          narrowing.answered(batch, 'unknown');
        }
        return;
      }
      case 'too-large':
        if (batch.items.length === 1) {
          this.fail(batch, { kind: 'tooLarge', message: verdict.message });
          narrowing.answered(batch, 'unknown');
        } else narrowing.splitForSize(batch);
        return;
      case 'rejected':
        narrowing.refused(batch, verdict.message);
        return;
      case 'failed':
        this.fail(batch, { kind: 'failed', message: verdict.message });
        narrowing.answered(batch, 'unknown');
        return;
    }
  }

  report(): SendReport {
    const pending = this.narrowing.pendingGroups((id) => !this.outcomes.has(id));
    const unsent = pending.flatMap((g) => g.ids);
    return { outcomes: this.outcomes, unsent, pending, stop: this.stop, requests: this.requests };
  }
}
