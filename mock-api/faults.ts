/** Fault matching and the default responses of each fault kind. */
import type { Fault, FaultEffect, FaultMatch } from './types';

/** What the matcher knows about a request when faults are checked. */
export interface RequestFacts {
  method: string;
  path: string;
  /** 1-based position among requests to this path since start/reset. */
  nthForPath: number;
  /** 1-based position among all API requests since start/reset. */
  nthOverall: number;
  /** prefix+number of each profile in the body (empty when not an import). */
  phones: string[];
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

function matches(match: FaultMatch | undefined, facts: RequestFacts): boolean {
  if (!match) return true;
  if (match.path !== undefined && match.path !== facts.path) return false;
  if (match.method !== undefined && match.method.toUpperCase() !== facts.method.toUpperCase()) return false;
  if (match.nth !== undefined) {
    const position = match.path !== undefined ? facts.nthForPath : facts.nthOverall;
    const wanted = Array.isArray(match.nth) ? match.nth : [match.nth];
    if (!wanted.includes(position)) return false;
  }
  if (match.phone !== undefined && !facts.phones.includes(digitsOnly(match.phone))) return false;
  return true;
}

/** The configured faults with their remaining `times`; the first live match wins. */
export class FaultList {
  private active: ActiveFault[] = [];

  replace(faults: Fault[]): void {
    if (!Array.isArray(faults)) throw new Error('faults must be an array');
    for (const fault of faults) assertValidFault(fault);
    this.active = faults.map((fault) => ({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY }));
  }

  clear(): void {
    this.active = [];
  }

  /** Returns the fault to apply (and uses up one of its `times`), or null. */
  take(facts: RequestFacts): Fault | null {
    const hit = this.active.find((entry) => entry.remaining > 0 && matches(entry.fault.match, facts));
    if (!hit) return null;
    hit.remaining -= 1;
    return hit.fault;
  }
}

const EFFECT_KINDS: ReadonlySet<FaultEffect['kind']> = new Set([
  'status',
  'html',
  'failure200',
  'nonJson200',
  'delay',
  'drop',
  'raw',
]);

/** Fails loudly on a typo in a test's fault spec instead of silently never matching. */
function assertValidFault(fault: Fault): void {
  if (!fault || typeof fault !== 'object' || !fault.effect || !EFFECT_KINDS.has(fault.effect.kind)) {
    throw new Error(`Invalid fault (unknown effect kind): ${JSON.stringify(fault)}`);
  }
  const allowedMatchKeys = ['path', 'method', 'nth', 'phone'];
  for (const key of Object.keys(fault.match ?? {})) {
    if (!allowedMatchKeys.includes(key)) throw new Error(`Invalid fault match key "${key}"`);
  }
  if (fault.times !== undefined && !(Number.isInteger(fault.times) && fault.times >= 0)) {
    throw new Error(`Invalid fault times: ${fault.times}`);
  }
  const effect = fault.effect;
  if (
    (effect.kind === 'status' || effect.kind === 'html' || effect.kind === 'raw') &&
    !validStatus(effect.status)
  ) {
    throw new Error(`Invalid fault status: ${effect.status}`);
  }
  if (effect.kind === 'delay' && !(effect.ms >= 0)) throw new Error(`Invalid fault delay: ${effect.ms}`);
}

function validStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599;
}

const DEFAULT_STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'jwt malformed',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  413: 'Payload too large',
  429: 'Too many requests, please try again later.',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function defaultStatusMessage(status: number): string {
  return DEFAULT_STATUS_MESSAGES[status] ?? `Error ${status}`;
}

/** What a reverse proxy in front of the API (nginx, Cloudflare) sends when the app is down. */
export function proxyErrorPage(status: number): string {
  return `<html><body><h1>${status} ${defaultStatusMessage(status)}</h1></body></html>`;
}
