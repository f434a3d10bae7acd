/**
 * Sends profiles to BotPenguin's import endpoint in as few requests as possible, and decides the
 * outcome of every profile. Platform-free: the server gives it a Transport over UrlFetchApp.
 *
 * Rules (issue #4): batches of up to `batchSize` profiles within `maxBatchBytes`; up to `parallel`
 * requests at once; 401/403 stop everything; 429/5xx/network errors retry with exponential
 * backoff and jitter, honouring Retry-After; 413 splits the batch; 400/422 bisects it to isolate
 * the offending profiles; every profile ends imported, failed, or unsent (never attempted
 * successfully before the deadline or an auth stop).
 */

import { BRAND } from '../shared/brand';
import { classify, type TransportResult, type Verdict } from './responses';

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

export interface SendPolicy {
  batchSize: number;
  maxBatchBytes: number;
  parallel: number;
  /** Attempts per batch for retryable failures, the first included. */
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this fails the batch instead of waiting. */
  maxRetryAfterMs: number;
  /** Extra requests allowed for isolating rejected profiles, as a multiple of the profiles. */
  bisectBudgetFactor: number;
  random: () => number;
}

export const DEFAULT_POLICY: SendPolicy = {
  batchSize: 100,
  // Express's default JSON body limit is 100 kB; BotPenguin's real limit is not documented.
  maxBatchBytes: 90 * 1024,
  parallel: 4,
  maxAttempts: 4,
  baseBackoffMs: 1000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 60_000,
  bisectBudgetFactor: 2,
  random: Math.random,
};

export interface SendItem {
  id: number;
  /** The profile's JSON text. */
  json: string;
}

export type ItemOutcome = { kind: 'imported' } | { kind: 'failed'; reason: string };

export interface SendReport {
  outcomes: Map<number, ItemOutcome>;
  /** Ids never accepted nor finally failed: the deadline came or the run stopped on the token. */
  unsent: number[];
  /** Set when BotPenguin rejected the token; the run must stop. */
  authFailure: string | null;
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

export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

export function backoffMs(attempt: number, policy: SendPolicy): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the ceiling, so retries spread out but never hammer.
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

interface PendingBatch {
  items: SendItem[];
  attempts: number;
  notBefore: number;
  lastError: string;
}

function toRequest(batch: PendingBatch): OutboundRequest {
  return { ids: batch.items.map((i) => i.id), body: `[${batch.items.map((i) => i.json).join(',')}]` };
}

export function sendProfiles(
  items: SendItem[],
  transport: Transport,
  policy: SendPolicy,
  deadline: number,
): SendReport {
  const outcomes = new Map<number, ItemOutcome>();
  const queue: PendingBatch[] = planBatches(items, policy.batchSize, policy.maxBatchBytes).map((b) => ({
    items: b,
    attempts: 0,
    notBefore: 0,
    lastError: '',
  }));
  let requests = 0;
  let authFailure: string | null = null;
  let bisectBudget = Math.ceil(items.length * policy.bisectBudgetFactor);

  const fail = (batch: PendingBatch, reason: string) => {
    for (const item of batch.items) outcomes.set(item.id, { kind: 'failed', reason });
  };

  while (queue.length > 0 && authFailure === null) {
    let now = transport.now();
    if (now >= deadline) break;
    const earliest = Math.min(...queue.map((b) => b.notBefore));
    if (earliest > now) {
      if (earliest >= deadline) break;
      transport.sleep(earliest - now);
      now = transport.now();
    }
    const wave: PendingBatch[] = [];
    for (let i = 0; i < queue.length && wave.length < policy.parallel; ) {
      if (queue[i].notBefore <= now) wave.push(...queue.splice(i, 1));
      else i++;
    }
    const results = transport.sendAll(wave.map(toRequest));
    requests += wave.length;
    const answeredAt = transport.now();
    const retryLater: PendingBatch[] = [];
    const splitFront: PendingBatch[] = [];

    wave.forEach((batch, index) => {
      const verdict: Verdict = classify(results[index], answeredAt);
      batch.attempts++;
      switch (verdict.kind) {
        case 'ok':
          for (const item of batch.items) outcomes.set(item.id, { kind: 'imported' });
          return;
        case 'auth':
          authFailure = verdict.message;
          fail(batch, `${BRAND.serviceName} rejected the API token (${verdict.message})`);
          return;
        case 'retry': {
          const waitMs = verdict.retryAfterMs ?? backoffMs(batch.attempts, policy);
          if (batch.attempts >= policy.maxAttempts) {
            fail(batch, `${verdict.message}; gave up after ${batch.attempts} attempts`);
          } else if (verdict.retryAfterMs !== null && verdict.retryAfterMs > policy.maxRetryAfterMs) {
            fail(batch, `${verdict.message} and asked to wait ${Math.ceil(verdict.retryAfterMs / 1000)} s`);
          } else {
            batch.notBefore = answeredAt + waitMs;
            batch.lastError = verdict.message;
            retryLater.push(batch);
          }
          return;
        }
        case 'too-large':
        case 'rejected': {
          if (batch.items.length === 1) {
            const reason =
              verdict.kind === 'too-large'
                ? `${BRAND.serviceName} refused this contact as too large (${verdict.message})`
                : `${BRAND.serviceName} rejected this contact: ${verdict.message}`;
            fail(batch, reason);
          } else if (verdict.kind === 'rejected' && bisectBudget < 2) {
            fail(batch, `${BRAND.serviceName} rejected the batch this contact was in: ${verdict.message}`);
          } else {
            if (verdict.kind === 'rejected') bisectBudget -= 2;
            const middle = Math.ceil(batch.items.length / 2);
            splitFront.push(
              { items: batch.items.slice(0, middle), attempts: 0, notBefore: 0, lastError: '' },
              { items: batch.items.slice(middle), attempts: 0, notBefore: 0, lastError: '' },
            );
          }
          return;
        }
        case 'failed':
          fail(batch, verdict.message);
          return;
      }
    });
    // Halves go first so an isolated offender is settled before new batches go out.
    queue.unshift(...splitFront);
    queue.push(...retryLater);
  }

  const unsent: number[] = [];
  for (const batch of queue) for (const item of batch.items) if (!outcomes.has(item.id)) unsent.push(item.id);
  return { outcomes, unsent, authFailure, requests };
}
