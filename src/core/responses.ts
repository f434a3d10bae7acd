/**
 * How the add-on reads BotPenguin's answers. BotPenguin documents little of its error behaviour
 * (see docs/botpenguin-api.md), so every reading of a status or body lives here, in one place.
 */

import { t } from '../shared/i18n';

export type TransportResult =
  | { kind: 'response'; status: number; body: string; headers: Record<string, string> }
  | { kind: 'network-error'; message: string }
  /** Apps Script itself refused to fetch: nothing left the script, and trying again cannot help. */
  | { kind: 'refused-by-apps-script'; reason: PlatformRefusal; message: string };

type PlatformRefusal = 'quota' | 'permission' | 'host-not-allowed';

/** Why a run must stop at once (outage and request-budget: core/circuit-breaker.ts). */
export type StopReason = { kind: 'token' | PlatformRefusal | 'outage' | 'request-budget'; message: string };

/**
 * UrlFetchApp throws for more than network failures. These texts are Apps Script's own (quota
 * and permission wording from Google's quotas and authorization pages; the allowlist wording is
 * the least documented, so it is matched loosely). Anything else is a network error, worth a retry.
 */
const PLATFORM_REFUSALS: [PlatformRefusal, RegExp][] = [
  ['quota', /Service invoked too many times for one day|Bandwidth quota exceeded|quota/i],
  [
    'permission',
    /do not have permission to call|Required permissions|Authori[sz]ation is required|PERMISSION_DENIED/i,
  ],
  ['host-not-allowed', /whitelist|allowlist|not allowed by|not permitted/i],
];

/** Reads an exception thrown by UrlFetchApp. */
export function readFetchException(message: string): TransportResult {
  for (const [reason, pattern] of PLATFORM_REFUSALS) {
    if (pattern.test(message)) return { kind: 'refused-by-apps-script', reason, message };
  }
  return { kind: 'network-error', message };
}

export type Verdict =
  | { kind: 'ok' }
  /** Apps Script refused to fetch (quota, permission, allowlist): stop, nothing was sent. */
  | { kind: 'stop'; reason: StopReason }
  /** The token is wrong or missing: stop the whole run. */
  | { kind: 'auth'; message: string }
  /** Worth trying again later: 429, 5xx, timeouts, dropped connections. */
  | { kind: 'retry'; message: string; retryAfterMs: number | null }
  /** The request was too big: split it. */
  | { kind: 'too-large'; message: string }
  /** BotPenguin refused something in the batch: isolate the offending profiles. */
  | { kind: 'rejected'; message: string }
  /** Anything else: the batch failed with this message. */
  | { kind: 'failed'; message: string };

/**
 * The documented answer to a token that is not one of BotPenguin's: a 400 about ObjectId format,
 * not a 401. Treated as a token problem so a wrong token stops the run instead of being bisected.
 */
const WRONG_TOKEN_MESSAGES = [
  /single String of 12 bytes/i,
  /jwt (malformed|expired)/i,
  /invalid (token|signature)/i,
];

interface Envelope {
  success?: unknown;
  status?: unknown;
  message?: unknown;
  data?: unknown;
}

function parseEnvelope(body: string): Envelope | null {
  const text = body.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Envelope)
      : {};
  } catch {
    return null;
  }
}

/** The server's own words, joined the way BotPenguin's validation errors are (data: string[]). */
function serverMessage(body: string): string {
  const envelope = parseEnvelope(body);
  if (envelope === null) return describeNonJson(body);
  const parts: string[] = [];
  if (typeof envelope.message === 'string' && envelope.message.trim()) parts.push(envelope.message.trim());
  if (Array.isArray(envelope.data)) {
    const details = envelope.data.filter((d): d is string => typeof d === 'string');
    if (details.length) parts.push(details.join('; '));
  }
  return truncate(parts.join(': ') || t('connection.noMessage'), 300);
}

function describeNonJson(body: string): string {
  const text = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text ? t('response.nonJson', { text: truncate(text, 120) }) : t('response.empty');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Retry-After is seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(headers: Record<string, string>, nowMs: number): number | null {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  if (!key) return null;
  const value = String(headers[key]).trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

export function classify(result: TransportResult, nowMs: number): Verdict {
  if (result.kind === 'refused-by-apps-script') {
    return { kind: 'stop', reason: { kind: result.reason, message: result.message } };
  }
  if (result.kind === 'network-error') {
    return {
      kind: 'retry',
      message: t('response.unreachable', { reason: result.message }),
      retryAfterMs: null,
    };
  }
  const { status, body, headers } = result;
  const message = serverMessage(body);
  if (status === 401 || status === 403) return { kind: 'auth', message: `${status} ${message}` };
  if (status === 429) {
    return {
      kind: 'retry',
      message: t('response.limiting'),
      retryAfterMs: parseRetryAfter(headers, nowMs),
    };
  }
  if (status >= 500 || status === 408) {
    return {
      kind: 'retry',
      message: t('response.serverError', { status, reason: message }),
      retryAfterMs: parseRetryAfter(headers, nowMs),
    };
  }
  if (status === 413) return { kind: 'too-large', message: `413 ${message}` };
  if (status === 400 || status === 422) {
    if (WRONG_TOKEN_MESSAGES.some((re) => re.test(message)))
      return { kind: 'auth', message: `${status} ${message}` };
    return { kind: 'rejected', message };
  }
  if (status >= 200 && status < 300) {
    const envelope = parseEnvelope(body);
    if (envelope === null)
      return { kind: 'failed', message: t('response.sent', { what: describeNonJson(body) }) };
    if (envelope.success === false)
      return { kind: 'failed', message: t('response.said', { reason: message }) };
    if (envelope.status !== undefined && envelope.status !== 'success') {
      return { kind: 'failed', message: t('response.said', { reason: message }) };
    }
    return { kind: 'ok' };
  }
  return { kind: 'failed', message: t('response.answered', { status, reason: message }) };
}
