/**
 * What keeps a run cheap when BotPenguin is down or slow: a circuit breaker and a request budget.
 * Platform-free; it returns data (is the run still allowed to send, and why not), never sentences.
 *
 * - The breaker counts requests in a row that got no answer from BotPenguin itself: the network
 *   failed, the request timed out, a server error (5xx), or a web page instead of JSON (a proxy's
 *   or a maintenance page). Any real answer (accepted, refused, 429) closes it again. It opens
 *   after OUTAGE_LIMITS.attempts such requests spread over at least OUTAGE_LIMITS.waves rounds
 *   (one fetchAll failing says little: it fails as a whole when one of its requests does).
 * - The budget caps a run's requests at REQUEST_BUDGET.perRow per row plus REQUEST_BUDGET.extra,
 *   whatever the answers: retries, 429 waits and narrowing refused batches all count.
 *
 * Its state lives in the job record between executions, so a sidebar job that calls again and
 * again counts one outage across all its calls.
 */
import type { TransportResult } from './responses';

/** How an outage shows itself in one request's result. */
export type OutageSign = 'unreachable' | 'timeout' | 'server-error' | 'html';

export interface OutageState {
  /** When the first request of this run of failures was sent (ms since epoch). */
  since: number;
  /** Requests in a row without an answer. */
  attempts: number;
  /** Rounds (fetchAll calls) in a row that had no answer. */
  waves: number;
  /** What the last failed request showed. */
  sign: OutageSign;
}

/** The breaker opens after this many requests without an answer, in at least this many rounds. */
export const OUTAGE_LIMITS = { attempts: 8, waves: 2 } as const;

/** A run may send up to perRow requests per row it sends, plus extra. */
const REQUEST_BUDGET = { perRow: 1.2, extra: 10 } as const;

export function requestBudget(rows: number): number {
  return Math.ceil(rows * REQUEST_BUDGET.perRow) + REQUEST_BUDGET.extra;
}

/**
 * When a run's time is up in the middle of an outage, the outage is the reason it did not finish
 * (not Apps Script's time limit) once more than one request in a row has gone unanswered.
 */
export function outageExplainsWait(outage: OutageState | null): outage is OutageState {
  return outage !== null && outage.attempts >= 2;
}

/** An HTML page where JSON was expected: a proxy's error page, a maintenance page, a login wall. */
function looksLikeHtml(body: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body|<h1|<title)/i.test(body);
}

/**
 * The outage a result shows, or null when BotPenguin itself answered. Apps Script refusing to
 * fetch is not an outage (nothing was sent; the run stops on its own).
 */
export function outageSignOf(result: TransportResult): OutageSign | null {
  if (result.kind === 'refused-by-apps-script') return null;
  if (result.kind === 'network-error')
    return /timeout|timed out/i.test(result.message) ? 'timeout' : 'unreachable';
  if (result.status >= 500 || result.status === 408)
    return looksLikeHtml(result.body) ? 'html' : 'server-error';
  if (looksLikeHtml(result.body)) return 'html';
  return null;
}

/** The run's breaker and budget, restored from and saved to the job record. */
export class RunGuard {
  constructor(
    /** Requests this run may send in all, and how many it has sent so far. */
    private readonly budget: number,
    private sent: number,
    private outage: OutageState | null = null,
  ) {}

  /** How many more requests the budget allows (at least 0). */
  room(): number {
    return Math.max(0, this.budget - this.sent);
  }

  /** Records one round: the outage sign of each request's result (null: answered), sent at `at`. */
  recordRound(signs: readonly (OutageSign | null)[], at: number): void {
    if (signs.length === 0) return;
    this.sent += signs.length;
    let failedInRow = 0;
    for (const sign of signs) {
      if (sign === null) {
        this.outage = null;
        failedInRow = 0;
        continue;
      }
      failedInRow++;
      if (this.outage === null) this.outage = { since: at, attempts: 0, waves: 0, sign };
      this.outage.attempts++;
      this.outage.sign = sign;
    }
    // The round counts as failed when it ended without an answer.
    if (this.outage !== null && failedInRow > 0) this.outage.waves++;
  }

  isOpen(): boolean {
    return (
      this.outage !== null &&
      this.outage.attempts >= OUTAGE_LIMITS.attempts &&
      this.outage.waves >= OUTAGE_LIMITS.waves
    );
  }

  /** The outage under way (open or not yet), for the job record and the run's last sentence. */
  currentOutage(): OutageState | null {
    return this.outage ? { ...this.outage } : null;
  }

  requestsSent(): number {
    return this.sent;
  }
}
