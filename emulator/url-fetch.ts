/**
 * UrlFetchApp over real HTTP (via HttpBridge), with Apps Script's options, errors and limits.
 */
import type { HttpBridge, WireRequest, WireResult } from './http-bridge';
import { fetchCostMs } from './latency';
import { MESSAGES } from './messages';
import { isPlainObject, toRealm } from './realm';
import type { Runtime } from './runtime';
import { DailyAllowance } from './users';
import { BlobFacade } from './utilities';

const URL_LENGTH_LIMIT = 2082; // UrlFetchApp.fetch reference: "at most 2,082 characters"
const HEADER_COUNT_LIMIT = 100; // quotas page: 100 headers per call
const TRUNCATED_RESPONSE_CHARS = 1000; // assumed length of the body excerpt in HTTP errors
/** Apps Script's own fetch deadline, charged on the virtual clock when a request times out. */
const APPS_SCRIPT_FETCH_TIMEOUT_MS = 60_000;
/** A server may state how long the request should take in virtual time (deterministic benchmarks). */
export const VIRTUAL_LATENCY_HEADER = 'x-emulator-virtual-ms';
const USER_AGENT =
  'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: emulator)';

export interface HttpLogEntry {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  status: number | null;
  failure: string | null;
  /** Virtual time this request took (proxy + server + transfer, or the 60 s timeout). */
  virtualMs: number;
}

/** Daily URL Fetch calls per user (quotas page): consumer accounts 20,000, Workspace 100,000. */
export const URL_FETCH_DAILY_QUOTA = { consumer: 20_000, workspace: 100_000 } as const;
export type AccountType = keyof typeof URL_FETCH_DAILY_QUOTA;

/**
 * URL Fetch calls counted per user in Google's window: "Quotas are per user and reset 24 hours
 * after the first request" (quotas page). `setUsedToday` presets the count (tests need not send
 * 20,000 requests), starting the window now.
 */
export class UrlFetchQuota {
  private readonly allowance: DailyAllowance;
  constructor(
    readonly limit: number,
    now: () => number,
  ) {
    this.allowance = new DailyAllowance(limit, now);
  }
  setUsedToday(count: number): void {
    this.allowance.setUsed(count);
  }
  used(): number {
    return this.allowance.used();
  }
  /** Takes `calls` from the window's quota or returns false without taking any. */
  take(calls: number): boolean {
    return this.allowance.take(calls);
  }
}

interface PreparedRequest {
  wire: WireRequest;
  muteHttpExceptions: boolean;
}

function headerCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, ch: string) => dash + ch.toUpperCase());
}

export class HttpResponseFacade {
  constructor(
    private readonly runtime: Runtime,
    private readonly status: number,
    private readonly rawHeaders: string[],
    private readonly body: string,
  ) {}
  getResponseCode(): number {
    return this.status;
  }
  getContentText(): string {
    return this.body;
  }
  getContent(): unknown {
    return toRealm(
      this.runtime.realm,
      [...Buffer.from(this.body, 'utf8')].map((b) => (b > 127 ? b - 256 : b)),
    );
  }
  getHeaders(): unknown {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.rawHeaders.length; i += 2)
      out[headerCase(this.rawHeaders[i])] = this.rawHeaders[i + 1];
    return toRealm(this.runtime.realm, out);
  }
  getAllHeaders(): unknown {
    const out: Record<string, string | string[]> = {};
    for (let i = 0; i < this.rawHeaders.length; i += 2) {
      const name = headerCase(this.rawHeaders[i]);
      const value = this.rawHeaders[i + 1];
      const existing = out[name];
      if (existing === undefined) out[name] = value;
      else out[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    }
    return toRealm(this.runtime.realm, out);
  }
  getBlob(): BlobFacade {
    const contentType = this.headerValue('content-type') ?? 'application/octet-stream';
    return new BlobFacade(this.runtime, Buffer.from(this.body, 'utf8'), contentType, null);
  }
  getAs(contentType: string): BlobFacade {
    return new BlobFacade(this.runtime, Buffer.from(this.body, 'utf8'), contentType, null);
  }
  private headerValue(name: string): string | undefined {
    for (let i = 0; i < this.rawHeaders.length; i += 2) {
      if (this.rawHeaders[i].toLowerCase() === name) return this.rawHeaders[i + 1];
    }
    return undefined;
  }
  virtualLatencyMs(): number | null {
    const value = this.headerValue(VIRTUAL_LATENCY_HEADER);
    return value === undefined ? null : Number(value);
  }
}

export interface UrlFetchConfig {
  allowlist: string[] | null;
  quota: UrlFetchQuota;
}

export class UrlFetchService {
  readonly log: HttpLogEntry[] = [];

  constructor(
    private readonly runtime: Runtime,
    private readonly bridge: () => HttpBridge,
    private readonly config: UrlFetchConfig,
  ) {}

  private allowed(url: string): boolean {
    if (!this.config.allowlist) return true;
    return this.config.allowlist.some((prefix) => {
      // A single leading '*.' matches any subdomain (allowlist-url manifest guide).
      if (!prefix.startsWith('https://*.')) return url.startsWith(prefix);
      const rest = prefix.slice('https://*.'.length).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return new RegExp(`^https://[^/]+\\.${rest}`).test(url);
    });
  }

  private prepare(urlInput: unknown, paramsInput: unknown): PreparedRequest {
    const url = String(urlInput);
    const params: Record<string, unknown> = isPlainObject(paramsInput) ? paramsInput : {};
    if (url.length > URL_LENGTH_LIMIT) throw this.runtime.exception(MESSAGES.urlTooLong(url.length));
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw this.runtime.exception(MESSAGES.invalidUrl(url));
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
      throw this.runtime.exception(MESSAGES.invalidUrl(url));
    if (!this.allowed(url)) throw this.runtime.exception(MESSAGES.notAllowlisted(url));

    const method = typeof params.method === 'string' ? params.method.toUpperCase() : 'GET';
    const headers: Record<string, string> = { 'User-Agent': USER_AGENT };
    if (isPlainObject(params.headers)) {
      for (const [name, value] of Object.entries(params.headers)) headers[name] = String(value);
    }
    if (Object.keys(headers).length > HEADER_COUNT_LIMIT)
      throw this.runtime.exception(MESSAGES.tooManyHeaders);
    let body: string | undefined;
    const payload = params.payload;
    if (payload !== undefined && payload !== null) {
      if (typeof payload === 'string') body = payload;
      else if (payload instanceof BlobFacade) body = payload.getDataAsString();
      else if (isPlainObject(payload)) {
        body = Object.entries(payload)
          .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
          .join('&');
      } else if (Array.isArray(payload))
        body = Buffer.from(payload.map((b: unknown) => Number(b) & 255)).toString('utf8');
      else body = String(payload);
      const contentType =
        typeof params.contentType === 'string' ? params.contentType : 'application/x-www-form-urlencoded';
      if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
        headers['Content-Type'] = contentType;
    }
    return {
      wire: {
        url,
        method,
        headers,
        body,
        followRedirects: params.followRedirects !== false,
        validateHttpsCertificates: params.validateHttpsCertificates !== false,
      },
      muteHttpExceptions: params.muteHttpExceptions === true,
    };
  }

  /** Converts one wire result to a response or the error Apps Script throws; returns its cost. */
  private settle(
    request: PreparedRequest,
    result: WireResult,
  ): { response?: HttpResponseFacade; error?: Error; costMs: number } {
    const latency = this.runtime.latency;
    const entry: HttpLogEntry = {
      method: request.wire.method,
      url: request.wire.url,
      headers: request.wire.headers,
      body: request.wire.body ?? null,
      status: null,
      failure: null,
      virtualMs: 0,
    };
    this.log.push(entry);
    const requestBytes = Buffer.byteLength(request.wire.body ?? '', 'utf8');
    if (!result.ok) {
      entry.failure = result.failure;
      const url = request.wire.url;
      const error =
        result.failure === 'timeout'
          ? MESSAGES.timeout(url)
          : result.failure === 'dns'
            ? MESSAGES.dnsError(url)
            : MESSAGES.addressUnavailable(url);
      const costMs =
        result.failure === 'timeout'
          ? APPS_SCRIPT_FETCH_TIMEOUT_MS
          : fetchCostMs(latency, { body: request.wire.body, bytes: requestBytes }, null);
      entry.virtualMs = costMs;
      return { error: this.runtime.exception(error), costMs };
    }
    entry.status = result.status;
    const response = new HttpResponseFacade(this.runtime, result.status, result.rawHeaders, result.body);
    const stated = response.virtualLatencyMs();
    const costMs = fetchCostMs(
      latency,
      { body: request.wire.body, bytes: requestBytes + result.bodyBytes },
      stated !== null && Number.isFinite(stated) ? stated : null,
    );
    entry.virtualMs = costMs;
    if (result.status >= 400 && !request.muteHttpExceptions) {
      const excerpt = result.body.slice(0, TRUNCATED_RESPONSE_CHARS);
      return {
        error: this.runtime.exception(MESSAGES.httpFailed(request.wire.url, result.status, excerpt)),
        costMs,
      };
    }
    return { response, costMs };
  }

  /** Each HTTP request counts against the daily quota (fetchAll: one per request). */
  private takeQuota(requests: number): void {
    if (!this.config.quota.take(requests)) throw this.runtime.exception(MESSAGES.urlFetchDailyQuota);
  }

  fetch(url: unknown, params?: unknown): HttpResponseFacade {
    let costMs = 0;
    return this.runtime.call(
      'UrlFetchApp.fetch',
      () => costMs,
      () => {
        const request = this.prepare(url, params);
        this.takeQuota(1);
        this.runtime.counters['UrlFetchApp.requests'] =
          (this.runtime.counters['UrlFetchApp.requests'] ?? 0) + 1;
        const [result] = this.bridge().performAll([request.wire]);
        const settled = this.settle(request, result);
        costMs = settled.costMs;
        if (settled.error) {
          this.runtime.clock.advance(costMs);
          throw settled.error;
        }
        return settled.response!;
      },
    );
  }

  /** Parallel requests: virtual time is the slowest request, not the sum. */
  fetchAll(requests: unknown): unknown {
    let costMs = 0;
    return this.runtime.call(
      'UrlFetchApp.fetchAll',
      () => costMs,
      () => {
        if (!Array.isArray(requests)) throw this.runtime.exception(MESSAGES.invalidArgument('requests'));
        const prepared = requests.map((item: unknown) => {
          if (typeof item === 'string') return this.prepare(item, {});
          if (isPlainObject(item)) return this.prepare(item.url, item);
          throw this.runtime.exception(MESSAGES.invalidArgument('requests'));
        });
        this.takeQuota(prepared.length);
        this.runtime.counters['UrlFetchApp.requests'] =
          (this.runtime.counters['UrlFetchApp.requests'] ?? 0) + prepared.length;
        const results = prepared.length ? this.bridge().performAll(prepared.map((p) => p.wire)) : [];
        const settled = prepared.map((request, index) => this.settle(request, results[index]));
        costMs = settled.reduce((max, s) => Math.max(max, s.costMs), 0);
        const failed = settled.find((s) => s.error);
        if (failed?.error) {
          this.runtime.clock.advance(costMs);
          throw failed.error;
        }
        return toRealm(
          this.runtime.realm,
          settled.map((s) => s.response),
        );
      },
    );
  }

  getRequest(url: unknown, params?: unknown): unknown {
    return this.runtime.call('UrlFetchApp.getRequest', this.runtime.latency.localMs, () => {
      const request = this.prepare(url, params);
      return toRealm(this.runtime.realm, {
        url: request.wire.url,
        method: request.wire.method.toLowerCase(),
        headers: request.wire.headers,
        payload: request.wire.body ?? '',
        followRedirects: request.wire.followRedirects,
        validateHttpsCertificates: request.wire.validateHttpsCertificates,
        muteHttpExceptions: request.muteHttpExceptions,
      });
    });
  }
}
