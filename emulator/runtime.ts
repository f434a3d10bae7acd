/**
 * Shared state of one emulator: virtual clock, execution stack, counters, service-call hooks.
 * Every service method the bundle can call goes through Runtime.call().
 */
import { EXECUTION_LIMIT_MS, type LatencyModel } from './latency';
import { MESSAGES, STRICT } from './messages';
import { type Realm, realmException } from './realm';

export interface ServiceCallEvent {
  kind: string;
  phase: 'before' | 'after';
}
export type ServiceCallHook = (event: ServiceCallEvent) => void;

export interface Execution {
  id: number;
  fn: string;
  startedAt: number;
  authMode: string;
  /** Set once the 6-minute limit was hit; later service calls keep failing. */
  killed: boolean;
}

export interface ExecutionRecord {
  fn: string;
  startedAt: number;
  elapsedMs: number;
  error?: string;
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

  constructor(
    readonly clock: VirtualClock,
    readonly latency: LatencyModel,
  ) {}

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
    if (execution.killed || this.clock.now() - execution.startedAt > EXECUTION_LIMIT_MS) {
      execution.killed = STRICT.timeLimitKillsExecution;
      throw this.exception(MESSAGES.executionTimeExceeded);
    }
  }

  /** One counted service call: budget check, counter, hooks, operation, virtual time. */
  call<T>(kind: string, cost: Cost<T>, operation: () => T): T {
    this.checkBudget();
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

  beginExecution(fn: string, authMode: string): Execution {
    const execution: Execution = {
      id: this.nextExecutionId++,
      fn,
      startedAt: this.clock.now(),
      authMode,
      killed: false,
    };
    this.stack.push(execution);
    return execution;
  }

  endExecution(execution: Execution, error: unknown): void {
    const index = this.stack.lastIndexOf(execution);
    if (index >= 0) this.stack.splice(index, 1);
    const record: ExecutionRecord = {
      fn: execution.fn,
      startedAt: execution.startedAt,
      elapsedMs: this.clock.now() - execution.startedAt,
    };
    if (error !== undefined) record.error = describeError(error);
    this.executions.push(record);
  }
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error) {
    const name = 'name' in error && typeof error.name === 'string' ? error.name : 'Error';
    return `${name}: ${String(error.message)}`;
  }
  return String(error);
}
