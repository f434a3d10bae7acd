/**
 * The one retry rule for every request the add-on sends (import batches, export pages, removal
 * calls): after a retryable answer (429, 5xx, no answer) wait Retry-After or an exponential
 * backoff with jitter, at most `maxAttempts` attempts in all, and never wait longer than
 * `maxRetryAfterMs`. Platform-free: the caller sleeps, or schedules the retry, itself.
 */
import type { SendFailure } from './send-types';

export interface RetryPolicy {
  /** Attempts per request for retryable failures, the first included. */
  maxAttempts: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this gives up instead of waiting. */
  maxRetryAfterMs: number;
  random: () => number;
}

/** A retryable answer, as core/responses classifies it. */
export interface RetryableAnswer {
  message: string;
  retryAfterMs: number | null;
}

export type RetryStep =
  | { kind: 'wait'; ms: number }
  | { kind: 'giveUp'; failure: Extract<SendFailure, { kind: 'gaveUp' | 'waitTooLong' }> };

export function backoffMs(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseBackoffMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the ceiling, so retries spread out but never hammer.
  return Math.round(ceiling / 2 + (policy.random() * ceiling) / 2);
}

/** What to do after the `attempts`-th attempt got a retryable answer. */
export function nextRetry(answer: RetryableAnswer, attempts: number, policy: RetryPolicy): RetryStep {
  if (attempts >= policy.maxAttempts) {
    return { kind: 'giveUp', failure: { kind: 'gaveUp', message: answer.message, attempts } };
  }
  if (answer.retryAfterMs !== null && answer.retryAfterMs > policy.maxRetryAfterMs) {
    const seconds = Math.ceil(answer.retryAfterMs / 1000);
    return { kind: 'giveUp', failure: { kind: 'waitTooLong', message: answer.message, seconds } };
  }
  return { kind: 'wait', ms: answer.retryAfterMs ?? backoffMs(attempts, policy) };
}
