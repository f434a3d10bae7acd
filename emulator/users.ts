/**
 * The people who use one document: each has their own user properties, user cache, language,
 * granted scopes, triggers and daily quotas. An execution runs with one user's authority: the
 * person at the keyboard, or in a trigger the user who created it (Session reference,
 * getEffectiveUser: "If the script is running under an installable trigger, this returns the
 * account of the user who created the trigger").
 */
import { CacheStore, PropertyStore } from './stores';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A daily quota as Google's quotas page words it: "Quotas are per user and reset 24 hours after
 * the first request" (https://developers.google.com/apps-script/guides/services/quotas).
 */
export class DailyAllowance {
  private windowStart: number | null = null;
  private usedInWindow = 0;
  constructor(
    readonly limit: number,
    private readonly now: () => number,
  ) {}
  private roll(): void {
    if (this.windowStart !== null && this.now() - this.windowStart >= DAY_MS) {
      this.windowStart = null;
      this.usedInWindow = 0;
    }
  }
  used(): number {
    this.roll();
    return this.usedInWindow;
  }
  left(): number {
    return Math.max(0, this.limit - this.used());
  }
  /** When the current window ends (null when nothing was used in it). */
  resetsAt(): number | null {
    this.roll();
    return this.windowStart === null ? null : this.windowStart + DAY_MS;
  }
  /** Counts `amount`, or returns false (counting nothing) when it would pass the limit. */
  take(amount: number): boolean {
    this.roll();
    if (this.usedInWindow + amount > this.limit) return false;
    this.windowStart ??= this.now();
    this.usedInWindow += amount;
    return true;
  }
  /** Counts `amount` even past the limit (time already spent cannot be refused). */
  charge(amount: number): void {
    this.roll();
    this.windowStart ??= this.now();
    this.usedInWindow += amount;
  }
  setUsed(amount: number): void {
    this.roll();
    this.windowStart ??= this.now();
    this.usedInWindow = amount;
  }
}

/** Quotas page, "Current quotas": consumer (gmail.com) and Google Workspace accounts. */
export const DAILY_QUOTAS = {
  consumer: { triggerRuntimeMs: 90 * 60_000, propertiesOps: 50_000 },
  workspace: { triggerRuntimeMs: 6 * 60 * 60_000, propertiesOps: 500_000 },
} as const;

export interface UserOptions {
  /** What Session.getActiveUserLocale() returns for this user. Default "en". */
  locale?: string;
  /** Session's User.getEmail() returns "" (Session reference: "If security policies do not
   * allow access to the user's identity, User.getEmail() returns a blank string"). */
  hideEmail?: boolean;
  /** Triggers this user has in other documents with this add-on (the 20 per user per script
   * count them all). */
  triggersElsewhere?: number;
  /** Trigger runtime (ms) this user's triggers already used in the current 24 hours. */
  triggerRuntimeUsedMs?: number;
  /** Properties reads/writes this user already made in the current 24 hours. */
  propertiesOpsUsed?: number;
  /** The user no longer has access to the document (removed from sharing). */
  lostAccess?: boolean;
}

export class UserState {
  readonly userProperties = new PropertyStore();
  readonly userCache = new CacheStore();
  readonly triggerRuntime: DailyAllowance;
  readonly propertiesOps: DailyAllowance;
  locale: string;
  hideEmail: boolean;
  triggersElsewhere: number;
  lostAccess: boolean;
  constructor(
    readonly email: string,
    accountType: keyof typeof DAILY_QUOTAS,
    now: () => number,
    options: UserOptions = {},
  ) {
    this.locale = options.locale ?? 'en';
    this.hideEmail = options.hideEmail === true;
    this.triggersElsewhere = options.triggersElsewhere ?? 0;
    this.lostAccess = options.lostAccess === true;
    this.triggerRuntime = new DailyAllowance(DAILY_QUOTAS[accountType].triggerRuntimeMs, now);
    this.propertiesOps = new DailyAllowance(DAILY_QUOTAS[accountType].propertiesOps, now);
    if (options.triggerRuntimeUsedMs) this.triggerRuntime.setUsed(options.triggerRuntimeUsedMs);
    if (options.propertiesOpsUsed) this.propertiesOps.setUsed(options.propertiesOpsUsed);
  }
  /** What Session's User.getEmail() gives. */
  visibleEmail(): string {
    return this.hideEmail ? '' : this.email;
  }
}

export class Users {
  private readonly byEmail = new Map<string, UserState>();
  /** Whose authority the running execution has; the default user between executions. */
  current: string;
  constructor(
    readonly defaultEmail: string,
    private readonly accountType: keyof typeof DAILY_QUOTAS,
    private readonly now: () => number,
  ) {
    this.current = defaultEmail;
  }
  add(email: string, options: UserOptions = {}): UserState {
    const existing = this.byEmail.get(email);
    if (existing) {
      if (options.locale !== undefined) existing.locale = options.locale;
      if (options.hideEmail !== undefined) existing.hideEmail = options.hideEmail;
      if (options.triggersElsewhere !== undefined) existing.triggersElsewhere = options.triggersElsewhere;
      if (options.lostAccess !== undefined) existing.lostAccess = options.lostAccess;
      if (options.triggerRuntimeUsedMs !== undefined)
        existing.triggerRuntime.setUsed(options.triggerRuntimeUsedMs);
      if (options.propertiesOpsUsed !== undefined) existing.propertiesOps.setUsed(options.propertiesOpsUsed);
      return existing;
    }
    const state = new UserState(email, this.accountType, this.now, options);
    this.byEmail.set(email, state);
    return state;
  }
  get(email: string): UserState {
    return this.byEmail.get(email) ?? this.add(email);
  }
  active(): UserState {
    return this.get(this.current);
  }
  /** Runs `work` with `email` as the current user, then restores the previous one. */
  as<T>(email: string, work: () => T): T {
    const previous = this.current;
    this.current = email;
    try {
      return work();
    } finally {
      this.current = previous;
    }
  }
}
