/**
 * Runs one chaos session: the built bundle in the emulator against the mock, a generated sheet,
 * then every command in turn with the invariants checked after each, then the end of the session
 * (faults off, Import all, Retry until nothing is Queued) and the end-state check.
 */
import { type Emulator, EXECUTION_LIMIT_MS } from '../../emulator/index';
import type { Fault, MockBotPenguin, RecordedRequest } from '../../mock-api/index';
import { importRecordOf, queuedJobOf } from '../../src/core/status-details';
import { emulatorFor, loadSheet, SHEET } from '../harness';
import type {
  Command,
  DuringAction,
  EditorMode,
  FaultCommand,
  RunCommand,
  RunExtras,
  RunMode,
  Session,
  TokenChoice,
  UserAction,
} from './commands';
import { commandLabel } from './commands';
import { IMPORT_PATH, mockFaults } from './faults';
import {
  type Account,
  accepted,
  checkDetails,
  checkEndState,
  checkImportAccounts,
  checkMessage,
  checkQueuedStayWithOwner,
  checkRemovals,
  checkRequestBudget,
  checkRows,
  checkRunTokens,
  checkSends,
  checkToken,
  checkUserStores,
  EDITOR_ACCOUNT_ID,
  InvariantError,
  keysIn,
  mockRecord,
  TIME_LIMIT_TEXT,
} from './invariants';
import { currentKey, possibleKeys, SheetModel } from './sheet-model';
import { applyUserAction } from './user-actions';

export const TOKENS: Record<TokenChoice, string> = {
  A: 'bpk-7Hq2Lm9XzR4tWc8N-a1b2',
  B: 'bpk-3Vd6Ks1PyF5gJe2U-c3d4',
  wrong: 'bpk-9Tb4Nw7QaM2hZx6E-e5f6',
};
/** The mock knows A and B; 'wrong' is well formed but unknown, so BotPenguin refuses it. */
const KNOWN_TOKENS = [TOKENS.A, TOKENS.B];
/** The document's owner (the emulator's default user, who switches automatic import on). */
export const OWNER = 'owner@example.com';
/** A second person the document is shared with: their own token and their own BotPenguin account. */
export const EDITOR = 'editor@example.com';
export const EDITOR_TOKEN = 'bpk-5Rk8Jf3WmC7qLa1Y-e7d8';
const OWNER_TOKENS = Object.values(TOKENS);
const ALL_TOKENS = [...OWNER_TOKENS, EDITOR_TOKEN];
/** Real wall-clock wait per request before the emulator reports a timeout. */
const FETCH_TIMEOUT_MS = 400;

/** What a session did, for the counts the tests assert and the soak report. */
export interface SessionStats {
  commands: Record<string, number>;
  faults: Record<string, number>;
  /** What happened inside commands: user actions mid-run, whether a trigger existed to run. */
  events: Record<string, number>;
  invariantChecks: number;
  requests: number;
}

export function emptyStats(): SessionStats {
  return { commands: {}, faults: {}, events: {}, invariantChecks: 0, requests: 0 };
}

const isRun = (c: Command) =>
  c.kind === 'menu' ||
  c.kind === 'editorRun' ||
  c.kind === 'sidebarStart' ||
  c.kind === 'sidebarContinue' ||
  c.kind === 'sidebarCancel';

const bump = (counts: Record<string, number>, key: string, by = 1) => {
  counts[key] = (counts[key] ?? 0) + by;
};

const MENU_FUNCTION: Record<RunMode, string> = {
  selected: 'menuImportSelected',
  all: 'menuImportAll',
  retry: 'menuRetryFailed',
  validate: 'menuValidateSelected',
  force: 'menuForceImportSelected',
};

export class ChaosSession {
  readonly em: Emulator;
  readonly model: SheetModel;
  readonly stats: SessionStats;
  private faults: Fault[] = [];
  private sidebarJob: string | null = null;
  private sidebarOpen = false;
  /** Everything sent back to the sidebar, checked for the token. */
  private readonly sidebarSaw: string[] = [];
  private trace: (line: string) => void = () => {};
  private alertsSeen = 0;
  private toastsSeen = 0;
  /** Details of each contact's row before the current run. */
  private detailsBefore = new Map<string, string>();
  /** The command being run, for InvariantErrors raised inside hooks. */
  private failure: unknown = null;
  /**
   * Numbers a removal may take: recorded by a row whose opt-in said no, or by a row the user chose
   * in Remove selected contacts. Kept for the whole session (a removal cut by the time limit goes on
   * later).
   */
  private readonly removable = new Set<string>();
  /** Jobs the editor's runs started and left rows Queued by (seen in the Details after each run). */
  private readonly editorJobs = new Set<string>();

  private constructor(
    readonly mock: MockBotPenguin,
    readonly session: Session,
    stats: SessionStats,
  ) {
    this.stats = stats;
    this.em = emulatorFor(mock, {
      userEmail: OWNER,
      users: { [EDITOR]: {} },
      cpuFactor: 0,
      fetchTimeoutMs: FETCH_TIMEOUT_MS,
      latency: { fetchBaseMs: 8000 },
    });
    this.model = new SheetModel(this.em, session.sheet);
  }

  /** `trace` receives a line per command and per message the add-on showed (for `npm run chaos`). */
  static async run(
    mock: MockBotPenguin,
    session: Session,
    stats = emptyStats(),
    trace?: (line: string) => void,
  ): Promise<SessionStats> {
    const chaos = new ChaosSession(mock, session, stats);
    chaos.trace = trace ?? (() => {});
    try {
      await chaos.setUp();
      for (const [i, command] of session.commands.entries()) {
        bump(stats.commands, commandLabel(command));
        chaos.trace(`${i + 1}. ${JSON.stringify(command)}`);
        chaos.beforeCommand();
        try {
          await chaos.execute(command);
          await chaos.checkAll(isRun(command));
        } catch (error) {
          if (error instanceof InvariantError)
            error.message += ` (after command ${i + 1}, ${commandLabel(command)})`;
          throw error;
        }
      }
      try {
        await chaos.finish();
      } catch (error) {
        if (error instanceof InvariantError) error.message += ' (at the end of the session)';
        throw error;
      }
      return stats;
    } finally {
      chaos.em.dispose();
    }
  }

  private beforeCommand(): void {
    this.model.touched.clear();
    this.detailsBefore = new Map();
    for (const row of this.model.readSheet().rows)
      if (row.contact) this.detailsBefore.set(row.contact.name, row.details);
    this.noteWithdrawn();
  }

  /** Rows recording a number whose opt-in says no: their contacts may be removed. */
  private noteWithdrawn(rows = this.model.readSheet().rows): void {
    for (const row of rows) {
      const digits = importRecordOf(row.details)?.digits;
      if (digits && row.contact && !row.contact.consent) this.removable.add(digits);
    }
  }

  private async setUp(): Promise<void> {
    const rows = this.model.initialRows(this.session.sheet.rows);
    await this.mock.reset();
    await this.mock.configure({
      faults: [],
      invalidPhones: this.model.refusedKeys(),
      maxBatch: null,
      tokens: KNOWN_TOKENS,
      latencyMs: 0,
      // The editor's token opens an account of its own (the mock keeps it as a partner customer's).
      partner: { customers: [{ _id: EDITOR_ACCOUNT_ID, name: 'Editor', token: EDITOR_TOKEN }] },
    });
    loadSheet(this.em, [this.model.headers(), ...rows], SHEET);
    if (this.session.sheet.frozenHeader) this.em.user.setFrozenRows(SHEET, 1);
    if (this.session.sheet.formLinked)
      this.em.spreadsheet.formUrl = 'https://docs.google.com/forms/d/e/chaos/viewform';
    this.em.user.select(SHEET, [`A2:C${rows.length + 1}`]);
    this.sidebar('saveSettings', {
      token: TOKENS.A,
      batchSize: this.session.sheet.batchSize,
      parallelRequests: this.session.sheet.parallel,
    });
    this.em.asUser(EDITOR, () => this.sidebar('saveSettings', { token: EDITOR_TOKEN }));
    if (this.session.sheet.autoImportOn) this.sidebar('setAutoImport', true);
  }

  // -------------------------------------------------------------------------------------------

  private async execute(command: Command): Promise<void> {
    switch (command.kind) {
      case 'menu':
      case 'sidebarStart':
      case 'sidebarContinue':
      case 'sidebarCancel':
        return this.runCommand(command);
      case 'editorRun':
        return this.editorRun(command);
      case 'fault':
        return this.addFault(command);
      case 'faultsOff':
        return this.faultsOff();
      case 'token':
        this.sidebar('saveSettings', { token: TOKENS[command.token] });
        return;
      case 'openSidebar':
        this.openSidebar();
        return;
      case 'autoImport':
        this.sidebar('setAutoImport', command.on);
        return;
      case 'autoRun':
        return this.autoRun(command);
      case 'removal':
        return this.removal(command);
      case 'autoOptOuts':
        this.sidebar('saveOptOutSettings', { automatic: command.on });
        return;
      case 'closeSidebar':
        this.sidebarOpen = false;
        this.sidebarJob = null;
        return;
      default:
        this.userAction(command);
    }
  }

  private userAction(action: UserAction): void {
    const settings = applyUserAction(this.model, action);
    if (settings) this.sidebar('saveSettings', settings);
  }

  private openSidebar(): void {
    this.em.run('menuOpenSidebar');
    this.sidebarOpen = true;
    for (const fn of ['getSettings', 'getColumns', 'previewSelection']) this.sidebar(fn);
  }

  /** A google.script.run call: its result or error is what the sidebar shows. */
  private sidebar(fn: string, ...args: unknown[]): unknown {
    try {
      const result = this.em.scriptRun(fn, ...args);
      this.sidebarSaw.push(JSON.stringify(result));
      const message = (result as { message?: unknown } | null)?.message;
      if (typeof message === 'string') {
        this.trace(`   ${fn}: ${message}`);
        checkMessage(`${fn}'s message`, message);
      }
      return result;
    } catch (error) {
      if (error instanceof InvariantError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      this.sidebarSaw.push(message);
      this.trace(`   ${fn} failed: ${message}`);
      checkMessage(`the error ${fn} sent to the sidebar`, message);
      return null;
    }
  }

  private async runCommand(
    command: Exclude<RunCommand, { kind: 'autoRun' | 'removal' | 'editorRun' }>,
  ): Promise<void> {
    if (command.kind === 'sidebarCancel') {
      if (this.sidebarJob) this.sidebar('cancelImport', this.sidebarJob);
      this.sidebarJob = null;
      return;
    }
    if (command.kind === 'sidebarContinue' && !this.sidebarJob) return;
    if (command.kind !== 'sidebarContinue')
      this.model.allowRun(this.em.spreadsheet.activeRanges, command.mode);
    const before = (await this.mock.requests()).length;
    const killed = this.withHooks(command, () => {
      if (command.kind === 'menu') {
        this.em.run(MENU_FUNCTION[command.mode]);
        return;
      }
      if (!this.sidebarOpen) this.openSidebar();
      const progress = (
        command.kind === 'sidebarStart'
          ? this.sidebar('startImport', {
              mode: command.mode === 'force' ? 'selected' : command.mode,
              force: command.mode === 'force',
            })
          : this.sidebar('continueImport', this.sidebarJob)
      ) as { state?: string; jobId?: string } | null;
      this.sidebarJob = progress?.state === 'running' ? (progress.jobId ?? null) : null;
    });
    if (killed) await this.afterKill(before);
    await this.checkRun(before, 'owner');
  }

  /**
   * The editor selects rows and imports them from the menu, as themself: their token, their
   * account. The owner's selection is put back afterwards (each person has their own).
   */
  private async editorRun(command: Extract<Command, { kind: 'editorRun' }>): Promise<void> {
    const ownerSelection = [...this.em.spreadsheet.activeRanges];
    applyUserAction(this.model, { kind: 'select', from: command.from, to: command.to });
    this.model.allowRun(this.em.spreadsheet.activeRanges, command.mode);
    const before = (await this.mock.requests()).length;
    const killed = this.withHooks(command, () => this.asEditor(command.mode));
    this.em.user.select(SHEET, ownerSelection);
    if (killed) await this.afterKill(before);
    await this.checkRun(before, 'editor');
  }

  /** One menu run by the editor; the jobs it leaves rows Queued by are noted as theirs. */
  private asEditor(mode: EditorMode): void {
    const before = this.queuedJobs();
    try {
      this.em.asUser(EDITOR, () => this.em.run(MENU_FUNCTION[mode]));
    } finally {
      for (const job of this.queuedJobs()) if (!before.has(job)) this.editorJobs.add(job);
    }
  }

  /** Jobs that rows are Queued by now. */
  private queuedJobs(): Set<string> {
    const jobs = new Set<string>();
    for (const row of this.model.readSheet().rows) {
      const job = queuedJobOf(row.status, row.details);
      if (job) jobs.add(job);
    }
    return jobs;
  }

  /**
   * Numbers only rows an unfinished job of the editor left Queued could be sent as (a number
   * another row could be sent as too is not counted).
   */
  private editorQueuedKeys(): Set<string> {
    const theirs = new Set<string>();
    const others = new Set<string>();
    for (const row of this.model.readSheet().rows) {
      if (!row.contact) continue;
      const job = queuedJobOf(row.status, row.details);
      const set = job && this.editorJobs.has(job) ? theirs : others;
      for (const key of possibleKeys(row.contact)) set.add(key);
    }
    for (const key of others) theirs.delete(key);
    return theirs;
  }

  /**
   * The run just ended sent no more than its budget and stopped itself in an outage; it used only
   * its user's token; the rows it imported are in its user's account.
   */
  private async checkRun(before: number, who: Account): Promise<void> {
    const requests = (await this.mock.requests()).slice(before);
    checkRequestBudget(requests, this.model.readSheet().rows.length, this.session.sheet.parallel);
    checkRunTokens(requests, who, who === 'owner' ? [EDITOR_TOKEN] : OWNER_TOKENS);
    const recordsBefore = new Map<string, string>();
    for (const [name, details] of this.detailsBefore) {
      const record = importRecordOf(details);
      if (record) recordsBefore.set(name, record.text);
    }
    checkImportAccounts(this.model.readSheet(), recordsBefore, await mockRecord(this.mock), who);
    this.stats.invariantChecks += 3;
  }

  /** An execution stopped at 6 minutes cannot know which batches BotPenguin took: the next run may send them again. */
  private async afterKill(before: number): Promise<void> {
    bump(this.stats.faults, 'timeLimit');
    this.trace('   the execution hit the 6-minute limit');
    const requests = (await this.mock.requests()).slice(before);
    for (const request of requests.filter(accepted)) for (const key of keysIn(request)) this.model.allow(key);
  }

  /** Handle opt-outs or Remove selected contacts from the menu, answering its question. */
  private async removal(command: Extract<Command, { kind: 'removal' }>): Promise<void> {
    this.sidebar('saveOptOutSettings', { handling: command.handling });
    if (command.what === 'selected') {
      const selected = this.selectedRows();
      for (const row of this.model.readSheet().rows) {
        const digits = importRecordOf(row.details)?.digits;
        if (digits && selected.has(row.row)) this.removable.add(digits);
      }
    }
    // Tagging goes through the import: rows Import all could send may be accepted once more.
    if (command.handling === 'tag') this.model.allowRun(this.em.spreadsheet.activeRanges, 'all');
    // Unanswered questions get their first button (Yes, or OK). No is scripted only for the
    // confirmation itself: asked when the dry run finds rows and no unfinished removal is offered.
    const plan = this.sidebar('planRemoval', command.what) as { eligible?: number } | null;
    const unfinished = Object.keys(this.em.properties.document.toObject()).some((key) =>
      key.startsWith('bp.removal.'),
    );
    if (!command.confirm && !unfinished && (plan?.eligible ?? 0) > 0) this.em.ui.answer('NO');
    const before = (await this.mock.requests()).length;
    const removedBefore = (await this.mock.removedContacts()).length;
    const killed = this.withHooks(command, () => {
      this.em.run(command.what === 'optOuts' ? 'menuHandleOptOuts' : 'menuRemoveSelected');
    });
    this.noteWithdrawn();
    checkRunTokens((await this.mock.requests()).slice(before), 'owner', [EDITOR_TOKEN]);
    const removed = (await this.mock.removedContacts()).length - removedBefore;
    bump(this.stats.events, `removal:${command.confirm ? 'yes' : 'no'}:${removed > 0 ? 'removed' : 'none'}`);
    if (killed) await this.afterKill(before);
  }

  private selectedRows(): Set<number> {
    const selected = new Set<number>();
    for (const a1 of this.em.spreadsheet.activeRanges) {
      const m = /^[A-Z]+(\d+)(?::[A-Z]+(\d+))?$/.exec(a1);
      if (!m) continue;
      const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
      for (let r = Math.min(from, to); r <= Math.max(from, to); r++) selected.add(r);
    }
    return selected;
  }

  /** Automatic runs: whatever triggers the add-on installed run, with nobody at the sheet. */
  private async autoRun(command: Extract<Command, { kind: 'autoRun' }>): Promise<void> {
    // The automatic import sends new, changed and Queued rows: within what Import all may send.
    this.model.allowRun(this.em.spreadsheet.activeRanges, 'all');
    const othersQueued = this.editorQueuedKeys();
    const before = (await this.mock.requests()).length;
    let runs: { fn: string; error?: string }[] = [];
    const killed = this.withHooks(command, () => {
      if (command.trigger === 'hourly') runs = this.em.triggers.runDue(this.em.clock.now() + 3_600_000);
      else {
        // The response is a new row, appended just before the trigger runs: it may be sent too.
        const response = this.model.newContact('intl', true);
        for (const key of possibleKeys(response.model)) this.model.allow(key);
        runs = this.em.triggers.fireFormSubmit(SHEET, response.cells);
      }
    });
    bump(this.stats.events, `autoRun:${command.trigger}:${runs.length > 0 ? 'ran' : 'no trigger'}`);
    let timeLimit = killed;
    for (const run of runs) {
      this.trace(`   trigger ${run.fn}${run.error ? ` failed: ${run.error}` : ''}`);
      if (!run.error) continue;
      // Apps Script emails the owner a trigger's error: it must read as a sentence too.
      if (run.error.includes(TIME_LIMIT_TEXT)) timeLimit = true;
      else checkMessage(`the error ${run.fn} ended with`, run.error);
    }
    if (timeLimit) await this.afterKill(before);
    await this.checkRun(before, 'owner');
    checkQueuedStayWithOwner((await this.mock.requests()).slice(before), othersQueued, OWNER_TOKENS);
    if (othersQueued.size > 0 && runs.length > 0)
      bump(this.stats.events, `autoRun:${command.trigger}:ran with editor rows Queued`);
    this.stats.invariantChecks++;
  }

  /** Runs `work` with the command's mid-run action and time-limit kill; true when killed. */
  private withHooks(command: RunCommand, work: () => void): boolean {
    const extras: RunExtras = command.kind === 'sidebarCancel' ? {} : command;
    let fetches = 0;
    // Index in the emulator's HTTP log where a fetch call started, until it returns.
    let unanswered: number | null = null;
    const unsubscribe = this.em.onServiceCall(({ kind, phase }) => {
      const isFetch = kind === 'UrlFetchApp.fetch' || kind === 'UrlFetchApp.fetchAll';
      if (unanswered !== null && (phase === 'before' || !isFetch)) this.fetchThrew(unanswered);
      if (isFetch) unanswered = phase === 'before' ? this.em.http.log.length : null;
      if (phase !== 'after' || !isFetch) return;
      fetches++;
      try {
        if (extras.during?.afterFetch === fetches) {
          bump(this.stats.events, `during:${extras.during.action.kind}`);
          this.duringAction(extras.during.action);
        }
      } catch (error) {
        this.failure = error;
      }
      if (extras.killAfterFetch === fetches) this.em.clock.advance(EXECUTION_LIMIT_MS + 1);
    });
    let killed = false;
    try {
      work();
    } catch (error) {
      if (error instanceof InvariantError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (!message.includes(TIME_LIMIT_TEXT))
        throw new InvariantError('messages-are-sentences', `the run threw: ${message}`);
      killed = true;
    } finally {
      unsubscribe();
      if (unanswered !== null) this.fetchThrew(unanswered);
    }
    const failure = this.failure;
    this.failure = null;
    if (failure) throw failure;
    return killed;
  }

  /**
   * A fetch call threw (a network error in any request of a fetchAll throws for all of them), so
   * the add-on never saw BotPenguin's answers: each contact in it may be sent once more.
   */
  private fetchThrew(logStart: number): void {
    for (const entry of this.em.http.log.slice(logStart)) {
      if (entry.status !== 200 || !entry.url.endsWith(IMPORT_PATH) || !entry.body) continue;
      for (const key of keysIn({ body: JSON.parse(entry.body) } as RecordedRequest)) this.model.allow(key);
    }
  }

  /** A teammate acts while the run waits on BotPenguin; settings are not changed mid-run. */
  private duringAction(action: DuringAction): void {
    applyUserAction(this.model, action);
  }

  private async addFault(command: FaultCommand): Promise<void> {
    bump(this.stats.faults, command.fault);
    if (command.fault === 'quota') {
      this.em.urlFetchQuota.setUsedToday(this.em.urlFetchQuota.limit - command.nth);
      return;
    }
    const sent = (await this.mock.requests()).filter((r) => r.path === IMPORT_PATH).length;
    const nth = Array.from({ length: command.times }, (_, i) => sent + command.nth + i);
    const faults = mockFaults(command, nth, this.model.readSheet(), FETCH_TIMEOUT_MS);
    this.faults = [...faults, ...this.faults];
    await this.mock.configure({ faults: this.faults });
  }

  private async faultsOff(): Promise<void> {
    this.faults = [];
    await this.mock.configure({ faults: [] });
    this.em.urlFetchQuota.setUsedToday(0);
  }

  // -------------------------------------------------------------------------------------------

  private async checkAll(afterRun = false): Promise<void> {
    const mock = await mockRecord(this.mock);
    const view = this.model.readSheet();
    checkRows(view, mock);
    checkSends(this.model, mock);
    checkToken(this.em, ALL_TOKENS, view, mock, this.sidebarSaw);
    checkUserStores(this.em, { [OWNER]: OWNER_TOKENS, [EDITOR]: [EDITOR_TOKEN] });
    const alerts = this.em.ui.alerts.slice(this.alertsSeen);
    const toasts = this.em.ui.toasts.slice(this.toastsSeen);
    this.alertsSeen += alerts.length;
    this.toastsSeen += toasts.length;
    for (const alert of alerts) {
      this.trace(`   alert: ${alert.prompt}`);
      checkMessage('an alert', alert.prompt);
    }
    for (const toast of toasts) {
      this.trace(`   toast: ${toast.message}`);
      checkMessage('a toast', toast.message);
    }
    checkDetails(view);
    this.noteWithdrawn(view.rows);
    checkRemovals(mock, this.removable);
    this.stats.invariantChecks += 7;
    // After a run, rows it left Imported as their current number are clean until edited again.
    if (afterRun)
      for (const row of view.rows) {
        const c = row.contact;
        if (!c || row.status !== 'Imported' || this.model.touched.has(c.name)) continue;
        // Only rows this run wrote: an untouched Imported row may predate an edit.
        if (this.detailsBefore.get(c.name) === row.details) continue;
        if (importRecordOf(row.details)?.digits === currentKey(c, this.model.defaultCountry)) c.dirty = false;
      }
    this.stats.requests = mock.requests.length;
  }

  /**
   * Faults off, the right token, the sidebar closed, the filter off; the editor retries what
   * their jobs left Queued, then the owner runs Import all, then Retry.
   */
  private async finish(): Promise<void> {
    await this.faultsOff();
    this.sidebar('saveSettings', { token: TOKENS.A });
    this.sidebarOpen = false;
    this.sidebarJob = null;
    this.userAction({ kind: 'removeFilter' });
    if (this.editorQueuedKeys().size > 0) {
      this.model.allowRun(this.em.spreadsheet.activeRanges, 'retry');
      this.beforeCommand();
      const before = (await this.mock.requests()).length;
      this.asEditor('retry');
      await this.checkRun(before, 'editor');
      await this.checkAll(true);
    }
    this.model.allowRun(this.em.spreadsheet.activeRanges, 'all');
    this.beforeCommand();
    const planned = this.model.readSheet();
    const before = (await this.mock.requests()).length;
    this.em.run(MENU_FUNCTION.all);
    await this.checkRun(before, 'owner');
    await this.checkAll(true);
    for (let i = 0; i < 5; i++) {
      const view = this.model.readSheet();
      if (
        !view.rows.some(
          (r) => r.status === 'Queued' || (r.status === 'Failed' && r.contact?.kind !== 'refused'),
        )
      )
        break;
      this.model.allowRun(this.em.spreadsheet.activeRanges, 'retry');
      this.beforeCommand();
      const retryFrom = (await this.mock.requests()).length;
      this.em.run(MENU_FUNCTION.retry);
      await this.checkRun(retryFrom, 'owner');
      await this.checkAll(true);
    }
    const view = this.model.readSheet();
    const mock = await mockRecord(this.mock);
    checkEndState(this.model, view, mock, planned);
    checkRemovals(mock, this.removable);
    this.stats.invariantChecks += 2;
  }
}
