/**
 * PropertiesService, CacheService and LockService with Apps Script's limits.
 */
import { MESSAGES } from './messages';
import { toRealm } from './realm';
import type { Runtime } from './runtime';

const PROPERTY_VALUE_LIMIT_BYTES = 9 * 1024; // quotas page: 9 KB per value
const PROPERTY_STORE_LIMIT_BYTES = 500 * 1024; // quotas page: 500 KB per property store
const CACHE_VALUE_LIMIT_BYTES = 100 * 1024; // CacheService reference: 100 KB per value
const CACHE_KEY_LIMIT_CHARS = 250; // CacheService reference: keys up to 250 characters
const CACHE_DEFAULT_SECONDS = 600; // CacheService reference: default 10 minutes
const CACHE_MAX_SECONDS = 21600; // CacheService reference: at most 6 hours

const PROPERTY_READS = new Set(['getProperty', 'getProperties', 'getKeys']);

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** One property store (user, document or script); also used directly by tests. */
export class PropertyStore {
  readonly entries = new Map<string, string>();
  get(key: string): string | null {
    return this.entries.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.entries.set(key, value);
  }
  toObject(): Record<string, string> {
    return Object.fromEntries(this.entries);
  }
  sizeBytes(): number {
    let total = 0;
    for (const [key, value] of this.entries) total += bytes(key) + bytes(value);
    return total;
  }
}

export type PropertyScope = 'user' | 'document' | 'script';

/** The running user's daily Properties reads/writes: take(1) is false once they are used up. */
export interface PropertiesAllowance {
  take(amount: number): boolean;
}

export class PropertiesFacade {
  constructor(
    private readonly runtime: Runtime,
    private readonly store: PropertyStore,
    private readonly scope: PropertyScope,
    private readonly allowance: () => PropertiesAllowance | null = () => null,
  ) {}
  /** Every call also counts as one read or one write ("Properties read/write" daily quota). */
  private call<T>(method: string, operation: () => T): T {
    return this.runtime.call(`PropertiesService.${method}`, this.runtime.latency.propertiesMs, () => {
      const kind = PROPERTY_READS.has(method) ? 'reads' : 'writes';
      const allowance = this.allowance();
      if (allowance && !allowance.take(1)) throw this.runtime.exception(MESSAGES.propertiesDaily(kind));
      const result = operation();
      this.runtime.count(`PropertiesService.${kind}`);
      return result;
    });
  }
  /** Validates a batch of writes against value and store limits before applying any. */
  private applyWrites(writes: [string, string][], deleteOthers: boolean): void {
    for (const [, value] of writes) {
      if (bytes(value) > PROPERTY_VALUE_LIMIT_BYTES)
        throw this.runtime.exception(MESSAGES.argumentTooLarge('value'));
    }
    const next = new Map(deleteOthers ? [] : this.store.entries);
    for (const [key, value] of writes) next.set(key, value);
    let total = 0;
    for (const [key, value] of next) total += bytes(key) + bytes(value);
    if (total > PROPERTY_STORE_LIMIT_BYTES) throw this.runtime.exception(MESSAGES.propertyQuota);
    this.store.entries.clear();
    for (const [key, value] of next) this.store.entries.set(key, value);
  }
  getProperty(key: string): string | null {
    return this.call('getProperty', () => this.store.get(String(key)));
  }
  setProperty(key: string, value: unknown): this {
    return this.call('setProperty', () => {
      this.applyWrites([[String(key), String(value)]], false);
      return this;
    });
  }
  setProperties(properties: unknown, deleteAllOthers = false): this {
    return this.call('setProperties', () => {
      if (properties === null || typeof properties !== 'object') {
        throw this.runtime.exception(MESSAGES.invalidArgument('properties'));
      }
      const writes = Object.entries(properties).map(([k, v]): [string, string] => [k, String(v)]);
      this.applyWrites(writes, deleteAllOthers);
      return this;
    });
  }
  getProperties(): unknown {
    return this.call('getProperties', () => toRealm(this.runtime.realm, this.store.toObject()));
  }
  getKeys(): unknown {
    return this.call('getKeys', () => toRealm(this.runtime.realm, [...this.store.entries.keys()]));
  }
  deleteProperty(key: string): this {
    return this.call('deleteProperty', () => {
      this.store.entries.delete(String(key));
      return this;
    });
  }
  deleteAllProperties(): this {
    return this.call('deleteAllProperties', () => {
      this.store.entries.clear();
      return this;
    });
  }
  get scopeName(): PropertyScope {
    return this.scope;
  }
}

interface CacheEntry {
  value: string;
  expiresAt: number;
}

export class CacheStore {
  readonly entries = new Map<string, CacheEntry>();
}

export class CacheFacade {
  constructor(
    private readonly runtime: Runtime,
    private readonly store: CacheStore,
  ) {}
  private call<T>(method: string, operation: () => T): T {
    return this.runtime.call(`CacheService.${method}`, this.runtime.latency.cacheMs, operation);
  }
  private checkKey(key: string): void {
    if (key.length > CACHE_KEY_LIMIT_CHARS) throw this.runtime.exception(MESSAGES.argumentTooLarge('key'));
  }
  private checkPut(key: string, value: string, seconds: number): void {
    this.checkKey(key);
    if (bytes(value) > CACHE_VALUE_LIMIT_BYTES)
      throw this.runtime.exception(MESSAGES.argumentTooLarge('value'));
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > CACHE_MAX_SECONDS) {
      throw this.runtime.exception(MESSAGES.invalidArgument('expirationInSeconds'));
    }
  }
  private live(key: string): string | null {
    const entry = this.store.entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.runtime.clock.now()) {
      this.store.entries.delete(key);
      return null;
    }
    return entry.value;
  }
  get(key: string): string | null {
    return this.call('get', () => {
      this.checkKey(String(key));
      return this.live(String(key));
    });
  }
  getAll(keys: unknown): unknown {
    return this.call('getAll', () => {
      if (!Array.isArray(keys)) throw this.runtime.exception(MESSAGES.invalidArgument('keys'));
      const out: Record<string, string> = {};
      for (const key of keys) {
        const value = this.live(String(key));
        if (value !== null) out[String(key)] = value;
      }
      return toRealm(this.runtime.realm, out);
    });
  }
  put(key: string, value: unknown, expirationInSeconds = CACHE_DEFAULT_SECONDS): void {
    this.call('put', () => {
      const text = String(value);
      this.checkPut(String(key), text, expirationInSeconds);
      this.store.entries.set(String(key), {
        value: text,
        expiresAt: this.runtime.clock.now() + expirationInSeconds * 1000,
      });
    });
  }
  putAll(values: unknown, expirationInSeconds = CACHE_DEFAULT_SECONDS): void {
    this.call('putAll', () => {
      if (values === null || typeof values !== 'object')
        throw this.runtime.exception(MESSAGES.invalidArgument('values'));
      const entries = Object.entries(values).map(([k, v]): [string, string] => [k, String(v)]);
      for (const [key, text] of entries) this.checkPut(key, text, expirationInSeconds);
      for (const [key, text] of entries) {
        this.store.entries.set(key, {
          value: text,
          expiresAt: this.runtime.clock.now() + expirationInSeconds * 1000,
        });
      }
    });
  }
  remove(key: string): void {
    this.call('remove', () => {
      this.store.entries.delete(String(key));
    });
  }
  removeAll(keys: unknown): void {
    this.call('removeAll', () => {
      if (!Array.isArray(keys)) throw this.runtime.exception(MESSAGES.invalidArgument('keys'));
      for (const key of keys) this.store.entries.delete(String(key));
    });
  }
}

export type LockScope = 'document' | 'user' | 'script';

/** Which execution holds each lock. Executions run one at a time in the emulator; a nested
 * execution (started from a service-call hook) sees the outer one's locks as held. */
export class LockRegistry {
  readonly holders = new Map<LockScope, number>();
  releaseAllOf(executionId: number): void {
    for (const [scope, holder] of this.holders) if (holder === executionId) this.holders.delete(scope);
  }
}

export class LockFacade {
  constructor(
    private readonly runtime: Runtime,
    private readonly registry: LockRegistry,
    private readonly scope: LockScope,
  ) {}
  private executionId(): number {
    return this.runtime.current()?.id ?? 0;
  }
  private attempt(): boolean {
    const holder = this.registry.holders.get(this.scope);
    if (holder === undefined || holder === this.executionId()) {
      this.registry.holders.set(this.scope, this.executionId());
      return true;
    }
    return false;
  }
  /** The holder cannot make progress while this execution waits (the emulator is single-threaded),
   * so a contended lock stays held for the whole timeout: the wait is charged in full. */
  tryLock(timeoutInMillis: number): boolean {
    return this.runtime.call('LockService.tryLock', this.runtime.latency.lockMs, () => {
      if (this.attempt()) return true;
      this.runtime.clock.advance(Math.max(0, timeoutInMillis));
      return this.attempt();
    });
  }
  waitLock(timeoutInMillis: number): void {
    this.runtime.call('LockService.waitLock', this.runtime.latency.lockMs, () => {
      if (this.attempt()) return;
      this.runtime.clock.advance(Math.max(0, timeoutInMillis));
      if (!this.attempt()) throw this.runtime.exception(MESSAGES.lockTimeout);
    });
  }
  hasLock(): boolean {
    return this.runtime.call(
      'LockService.hasLock',
      0,
      () => this.registry.holders.get(this.scope) === this.executionId(),
    );
  }
  releaseLock(): void {
    this.runtime.call('LockService.releaseLock', this.runtime.latency.lockMs, () => {
      if (this.registry.holders.get(this.scope) === this.executionId())
        this.registry.holders.delete(this.scope);
    });
  }
}
