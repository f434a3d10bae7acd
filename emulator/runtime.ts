/**
 * Shared state of one emulator: virtual clock, execution stack, counters, service-call hooks.
 * Every service method the bundle can call goes through Runtime.call().
 */
import { openSync, readSync } from 'node:fs';
import { EXECUTION_LIMIT_MS, type LatencyModel } from './latency';
import { MESSAGES, STRICT } from './messages';
import { type Realm, realmException } from './realm';
import type { Authorization } from './scopes';

export interface ServiceCallEvent {
  kind: string;
  phase: 'before' | 'after';
}
export type ServiceCallHook = (event: ServiceCallEvent) => void;

/** How an execution started: a direct run, a google.script.run call, or an installable trigger. */
export type ExecutionKind = 'run' | 'event' | 'scriptRun' | 'formSubmitTrigger' | 'timeTrigger';

export interface Execution {
  id: number;
  fn: string;
  kind: ExecutionKind;
  startedAt: number;
  authMode: string;
  /** False for trigger executions: no user interface to show anything on. */
  hasUi: boolean;
  /** Set once the 6-minute limit was hit; later service calls keep failing. */
  killed: boolean;
  /** Trigger executions: what is left of the owner's daily trigger runtime when it started. */
  dailyLeftMs?: number;
  /** The error text the execution was killed with. */
  killedWith?: string;
  /** The thread's CPU time (µs, cpuMicros) when the bundle last got control back; null inside a call. */
  cpuMark: number | null;
  /** Virtual ms charged for the bundle's own CPU time; cpuCarryMs is the uncharged fraction. */
  cpuChargedMs: number;
  cpuCarryMs: number;
}

export interface ExecutionRecord {
  fn: string;
  kind: ExecutionKind;
  startedAt: number;
  elapsedMs: number;
  cpuChargedMs: number;
  error?: string;
}

/**
 * CPU time (µs) of the calling thread: the one the bundle runs on. process.cpuUsage() counts every
 * thread of the process: the fetch worker finishing its sockets, V8's garbage-collection helpers,
 * vitest's other workers... all of it emulator or Node work running beside the bundle, not the
 * bundle's. Linux gives a thread's own run time, in ns, in /proc/thread-self/schedstat; elsewhere
 * (or if it cannot be read) the process's time is used.
 */
type ThreadClock = { fd: number; buffer: Buffer } | null;
/** One open schedstat file per thread, kept on the thread's global object: test runners evaluate
 * this module again for every test file, and each copy would otherwise open its own. */
const THREAD_CLOCK = Symbol.for('apps-script-emulator.thread-clock');

function threadClock(): ThreadClock {
  const holder = globalThis as unknown as Record<symbol, ThreadClock | undefined>;
  let clock = holder[THREAD_CLOCK];
  if (clock === undefined) {
    try {
      clock = { fd: openSync('/proc/thread-self/schedstat', 'r'), buffer: Buffer.alloc(128) };
    } catch {
      clock = null;
    }
    holder[THREAD_CLOCK] = clock;
  }
  return clock;
}

function threadCpuMicros(): number | null {
  const clock = threadClock();
  if (clock === null) return null;
  try {
    const length = readSync(clock.fd, clock.buffer, 0, clock.buffer.length, 0);
    const text = clock.buffer.toString('latin1', 0, length);
    const ns = Number(text.slice(0, text.indexOf(' ')));
    return Number.isFinite(ns) ? ns / 1000 : null;
  } catch {
    return null;
  }
}

function cpuMicros(): number {
  const thread = threadCpuMicros();
  if (thread !== null) return thread;
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

export type Cost<T> = number | ((result: T) => number);

export class VirtualClock {
  private nowMs: number;
  constructor(startMs: number) {
    this.nowMs = startMs;
  }
  now(): number {
    return this.nowMs;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new Error(`clock.advance needs a non-negative number, got ${ms}`);
    this.nowMs += ms;
  }
}

export class Runtime {
  readonly counters: Record<string, number> = {};
  readonly executions: ExecutionRecord[] = [];
  readonly stack: Execution[] = [];
  private readonly hooks = new Set<ServiceCallHook>();
  private hookRunning = false;
  private nextExecutionId = 1;
  realm!: Realm;
  /** Runs before every counted service call (pending-write flushes hook in here). */
  beforeEachCall: ((kind: string) => void) | null = null;

  constructor(
    readonly clock: VirtualClock,
    readonly latency: LatencyModel,
    readonly authorization: Authorization,
    /** Multiplier from the bundle's CPU time in Node to virtual time in Apps Script; 0 = free. */
    readonly cpuFactor: number,
  ) {}

  /** Charges the bundle's CPU time since it last got control back, times cpuFactor. */
  private chargeCpu(execution: Execution | undefined): void {
    if (!execution || execution.cpuMark === null) return;
    const now = cpuMicros();
    // Whole milliseconds only (the remainder carries over), so the virtual clock stays an integer.
    execution.cpuCarryMs += ((now - execution.cpuMark) / 1000) * this.cpuFactor;
    execution.cpuMark = null;
    const whole = Math.floor(execution.cpuCarryMs);
    if (whole > 0) {
      execution.cpuCarryMs -= whole;
      execution.cpuChargedMs += whole;
      this.clock.advance(whole);
    }
  }

  private resumeCpu(execution: Execution | undefined): void {
    if (execution && this.cpuFactor > 0) execution.cpuMark = cpuMicros();
  }

  current(): Execution | undefined {
    return this.stack[this.stack.length - 1];
  }

  onServiceCall(hook: ServiceCallHook): () => void {
    this.hooks.add(hook);
    return () => {
      this.hooks.delete(hook);
    };
  }

  resetCounters(): void {
    for (const key of Object.keys(this.counters)) delete this.counters[key];
  }

  exception(message: string): Error {
    return realmException(this.realm, message);
  }

  /** Throws the time-limit error if the current execution is past 6 minutes (or was killed). */
  checkBudget(): void {
    const execution = this.current();
    if (!execution) return;
    if (execution.killed) throw this.exception(execution.killedWith ?? MESSAGES.executionTimeExceeded);
    const elapsed = this.clock.now() - execution.startedAt;
    // Quotas page: "Triggers total runtime" per day; an execution that uses up the rest stops.
    const daily = execution.dailyLeftMs !== undefined && elapsed > execution.dailyLeftMs;
    if (daily || elapsed > EXECUTION_LIMIT_MS) {
      execution.killed = STRICT.timeLimitKillsExecution;
      execution.killedWith = daily ? MESSAGES.triggerRuntimeDaily : MESSAGES.executionTimeExceeded;
      throw this.exception(execution.killedWith);
    }
  }

  /** One counted service call: budget check, counter, hooks, operation, virtual time. */
  call<T>(kind: string, cost: Cost<T>, operation: () => T): T {
    const execution = this.current();
    this.chargeCpu(execution);
    try {
      this.checkBudget();
      const refusal = this.authorization.refusal(kind, execution?.authMode, execution?.hasUi ?? true);
      if (refusal) throw this.exception(refusal);
      this.beforeEachCall?.(kind);
      this.counters[kind] = (this.counters[kind] ?? 0) + 1;
      this.fire({ kind, phase: 'before' });
      let result: T;
      try {
        result = operation();
      } catch (error) {
        if (typeof cost === 'number') this.clock.advance(cost);
        throw error;
      }
      this.clock.advance(typeof cost === 'number' ? cost : cost(result));
      this.fire({ kind, phase: 'after' });
      return result;
    } finally {
      this.resumeCpu(execution);
    }
  }

  count(kind: string, by = 1): void {
    this.counters[kind] = (this.counters[kind] ?? 0) + by;
  }

  /** Hooks do not fire re-entrantly: service calls made by a nested execution started from a
   * hook do not call the hooks again (that would recurse without end). */
  private fire(event: ServiceCallEvent): void {
    if (this.hookRunning || this.hooks.size === 0) return;
    this.hookRunning = true;
    try {
      for (const hook of [...this.hooks]) hook(event);
    } finally {
      this.hookRunning = false;
    }
  }

  beginExecution(fn: string, authMode: string, kind: ExecutionKind = 'run'): Execution {
    const execution: Execution = {
      id: this.nextExecutionId++,
      fn,
      kind,
      startedAt: this.clock.now(),
      authMode,
      hasUi: kind !== 'formSubmitTrigger' && kind !== 'timeTrigger',
      killed: false,
      cpuMark: null,
      cpuChargedMs: 0,
      cpuCarryMs: 0,
    };
    this.stack.push(execution);
    this.resumeCpu(execution);
    return execution;
  }

  /** Stops charging CPU for the execution (called before its end-of-execution work). */
  pauseCpu(execution: Execution): void {
    this.chargeCpu(execution);
  }

  endExecution(execution: Execution, error: unknown): void {
    this.chargeCpu(execution);
    const index = this.stack.lastIndexOf(execution);
    if (index >= 0) this.stack.splice(index, 1);
    const record: ExecutionRecord = {
      fn: execution.fn,
      kind: execution.kind,
      startedAt: execution.startedAt,
      elapsedMs: this.clock.now() - execution.startedAt,
      cpuChargedMs: execution.cpuChargedMs,
    };
    if (error !== undefined) record.error = describeError(error);
    this.executions.push(record);
  }
}

export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
    return `${name}: ${String(error.message)}`;
  }
  return String(error);
}
