/**
 * What a chaos session is made of, as plain data: the generated sheet and the list of commands
 * (user actions, runs, faults). Plain data so a shrunk failure prints as a list that can be pasted
 * into a regression test, and so `npm run chaos -- --seed N` rebuilds exactly the same session.
 */
import fc from 'fast-check';

/** How a row's phone is written; decides which numbers it can be sent as. */
export type RowKind =
  /** '+91 98… typed with an apostrophe: text. */
  | 'intl'
  /** 9198… as a number cell. */
  | 'number'
  /** +91 98… typed without an apostrophe: the emulator turns it into a #ERROR! formula. */
  | 'error'
  /** 2015551… without a country code: depends on the default country (India or United States). */
  | 'national'
  /** Not a phone number at all. */
  | 'invalid'
  /** The same phone as an earlier row. */
  | 'duplicate'
  /** A valid number BotPenguin refuses (mock `invalidPhones`) for the whole session. */
  | 'refused'
  | 'blank';

export interface RowSpec {
  kind: RowKind;
  /** The opt-in cell says Yes (only used when the sheet has an opt-in column). */
  consent: boolean;
  /** For a duplicate: which earlier row it copies (modulo the rows before it). */
  copyOf: number;
}

export interface SheetSpec {
  rows: RowSpec[];
  optInColumn: boolean;
  frozenHeader: boolean;
  /** The spreadsheet receives Google Form responses (so automatic import installs a form trigger). */
  formLinked?: boolean;
  /** The owner switched automatic import on before the session (their hourly trigger runs from the start). */
  autoImportOn?: boolean;
  /** Profiles per request (small, so a session has many requests and chunks). */
  batchSize: number;
  parallel: number;
}

export type DefaultCountry = null | 'IN' | 'US';
export type TokenChoice = 'A' | 'B' | 'wrong';
export type RunMode = 'selected' | 'all' | 'retry' | 'validate' | 'force';
export type EditorMode = Extract<RunMode, 'selected' | 'all' | 'retry'>;

/** A user action; `at` picks rows as a fraction of the data rows, so it survives shrinking. */
export type UserAction =
  | { kind: 'select'; from: number; to: number; second?: [number, number] }
  | { kind: 'sort'; column: number; ascending: boolean }
  | { kind: 'insertRows'; at: number; count: number; withContact: boolean }
  | { kind: 'deleteRows'; at: number; count: number }
  | { kind: 'editPhone'; at: number; to: 'new' | 'invalid' }
  | { kind: 'editEmail'; at: number }
  | { kind: 'editConsent'; at: number }
  | { kind: 'filter'; rows: number[] }
  | { kind: 'removeFilter' }
  | { kind: 'moveStatusColumns' }
  | { kind: 'defaultCountry'; country: DefaultCountry }
  | { kind: 'mapping'; notesAsAttribute: boolean }
  | { kind: 'token'; token: TokenChoice }
  | { kind: 'openSidebar' }
  | { kind: 'closeSidebar' }
  /** The sidebar's "Import new rows automatically" switch (installs or removes the triggers). */
  | { kind: 'autoImport'; on: boolean }
  /** The sidebar's "Handle opt-outs automatically" (with the automatic import). */
  | { kind: 'autoOptOuts'; on: boolean }
  /** The editor types new contacts below the last row (for the owner's automatic import to find). */
  | { kind: 'editorAddRows'; count: number };

/** A user action done while a run waits on BotPenguin (after its `afterFetch`-th fetch). */
export type DuringAction = Extract<
  UserAction,
  { kind: 'sort' | 'insertRows' | 'deleteRows' | 'editPhone' | 'editConsent' }
>;

export interface RunExtras {
  /** The execution hits Apps Script's 6-minute limit right after its n-th fetch returns. */
  killAfterFetch?: number;
  during?: { afterFetch: number; action: DuringAction };
}

export type RunCommand =
  | ({ kind: 'menu'; mode: RunMode } & RunExtras)
  | ({ kind: 'sidebarStart'; mode: RunMode } & RunExtras)
  | ({ kind: 'sidebarContinue' } & RunExtras)
  | { kind: 'sidebarCancel' }
  /**
   * The second user, an editor with their own token and BotPenguin account, selects rows (their
   * own selection; the owner's is kept) and imports them from the menu.
   */
  | ({ kind: 'editorRun'; mode: EditorMode; from: number; to: number } & RunExtras)
  /** An hour passes (time-driven triggers fall due), or a Google Form response arrives. */
  | ({ kind: 'autoRun'; trigger: 'hourly' | 'form' } & RunExtras)
  /**
   * Handle opt-outs or Remove selected contacts from the menu, with the sheet's choice set first
   * (remove or tag); the confirmation is answered Yes or No.
   */
  | ({
      kind: 'removal';
      what: 'optOuts' | 'selected';
      handling: 'remove' | 'tag';
      confirm: boolean;
    } & RunExtras);

export type FaultKind =
  | 'refuse400'
  | 'status401'
  | 'status413'
  | 'status429'
  | 'status5xx'
  | 'html'
  | 'reset'
  | 'slow'
  | 'timeout'
  | 'quota'
  /** A long outage: every import request fails until faults are off (nth % 4: reset, timeout, 503, HTML). */
  | 'outage';

/** Faults from now on (replacing the previous ones): `nth` = from the n-th import request on. */
export interface FaultCommand {
  kind: 'fault';
  fault: FaultKind;
  nth: number;
  times: number;
  /** refuse400: which rows' numbers (fractions of the data rows). */
  rows: number[];
}

export type Command = UserAction | RunCommand | FaultCommand | { kind: 'faultsOff' };

export interface Session {
  sheet: SheetSpec;
  commands: Command[];
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const fraction = fc.integer({ min: 0, max: 999 }).map((n) => n / 1000);

const rowKind: fc.Arbitrary<RowKind> = fc.constantFrom<RowKind>(
  'intl',
  'intl',
  'intl',
  'intl',
  'number',
  'number',
  'error',
  'national',
  'national',
  'invalid',
  'duplicate',
  'refused',
  'blank',
);

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  kind: rowKind,
  consent: fc.integer({ min: 0, max: 4 }).map((n) => n > 0),
  copyOf: fc.nat({ max: 1000 }),
});

const sheetSpec: fc.Arbitrary<SheetSpec> = fc.record({
  rows: fc.array(rowSpec, { minLength: 3, maxLength: 30 }),
  optInColumn: fc.boolean(),
  frozenHeader: fc.boolean(),
  formLinked: fc.boolean(),
  autoImportOn: fc.boolean(),
  batchSize: fc.integer({ min: 2, max: 6 }),
  parallel: fc.integer({ min: 1, max: 3 }),
});

const duringAction: fc.Arbitrary<DuringAction> = fc.oneof(
  fc.record({
    kind: fc.constant('sort' as const),
    column: fc.integer({ min: 1, max: 3 }),
    ascending: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('insertRows' as const),
    at: fraction,
    count: fc.integer({ min: 1, max: 3 }),
    withContact: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('deleteRows' as const),
    at: fraction,
    count: fc.integer({ min: 1, max: 2 }),
  }),
  fc.record({
    kind: fc.constant('editPhone' as const),
    at: fraction,
    to: fc.constantFrom('new' as const, 'invalid' as const),
  }),
  fc.record({ kind: fc.constant('editConsent' as const), at: fraction }),
);

const userAction: fc.Arbitrary<UserAction> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        kind: fc.constant('select' as const),
        from: fraction,
        to: fraction,
        second: fc.option(fc.tuple(fraction, fraction), { nil: undefined }),
      },
      { requiredKeys: ['kind', 'from', 'to'] },
    ),
  },
  { weight: 2, arbitrary: duringAction },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('editEmail' as const), at: fraction }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('filter' as const),
      rows: fc.array(fraction, { minLength: 1, maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'removeFilter' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'moveStatusColumns' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('defaultCountry' as const),
      country: fc.constantFrom<DefaultCountry>(null, 'IN', 'US'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('mapping' as const), notesAsAttribute: fc.boolean() }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('token' as const),
      token: fc.constantFrom<TokenChoice>('A', 'B', 'wrong'),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'openSidebar' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'closeSidebar' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('autoImport' as const), on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('autoOptOuts' as const), on: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('editorAddRows' as const),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
);

const killAfterFetch = fc.integer({ min: 1, max: 4 });
const during = fc.record({ afterFetch: fc.integer({ min: 1, max: 3 }), action: duringAction });
/** Most runs go undisturbed; some die at the time limit, some see the user act meanwhile. */
const runExtras: fc.Arbitrary<RunExtras> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: killAfterFetch.map((n) => ({ killAfterFetch: n })) },
  { weight: 2, arbitrary: during.map((d) => ({ during: d })) },
  {
    weight: 1,
    arbitrary: fc.tuple(killAfterFetch, during).map(([n, d]) => ({ killAfterFetch: n, during: d })),
  },
);

/**
 * The editor's runs are cut by the time limit more often: rows their job leaves Queued are what
 * the owner's trigger must leave alone.
 */
const editorExtras: fc.Arbitrary<RunExtras> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({}) },
  { weight: 3, arbitrary: killAfterFetch.map((n) => ({ killAfterFetch: n })) },
  { weight: 1, arbitrary: during.map((d) => ({ during: d })) },
  {
    weight: 1,
    arbitrary: fc.tuple(killAfterFetch, during).map(([n, d]) => ({ killAfterFetch: n, during: d })),
  },
);

const runMode = fc.constantFrom<RunMode>('selected', 'selected', 'all', 'retry', 'validate', 'force');

const runCommand: fc.Arbitrary<RunCommand> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.tuple(runMode, runExtras).map(([mode, x]) => ({ kind: 'menu' as const, mode, ...x })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(runMode, runExtras)
      .map(([mode, x]) => ({ kind: 'sidebarStart' as const, mode, ...x })),
  },
  { weight: 3, arbitrary: runExtras.map((x) => ({ kind: 'sidebarContinue' as const, ...x })) },
  { weight: 1, arbitrary: fc.constant({ kind: 'sidebarCancel' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom<EditorMode>('selected', 'selected', 'all', 'retry'),
        fraction,
        fraction,
        editorExtras,
      )
      .map(([mode, from, to, x]) => ({ kind: 'editorRun' as const, mode, from, to, ...x })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('hourly' as const, 'form' as const), runExtras)
      .map(([trigger, x]) => ({ kind: 'autoRun' as const, trigger, ...x })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('optOuts' as const, 'optOuts' as const, 'selected' as const),
        fc.constantFrom('remove' as const, 'remove' as const, 'tag' as const),
        fc.integer({ min: 0, max: 3 }).map((n) => n > 0),
        runExtras,
      )
      .map(([what, handling, confirm, x]) => ({ kind: 'removal' as const, what, handling, confirm, ...x })),
  },
);

export const FAULT_KINDS: readonly FaultKind[] = [
  'refuse400',
  'status401',
  'status413',
  'status429',
  'status5xx',
  'html',
  'reset',
  'slow',
  'timeout',
  'quota',
  'outage',
];

const faultCommand: fc.Arbitrary<FaultCommand> = fc.record({
  kind: fc.constant('fault' as const),
  fault: fc.constantFrom(...FAULT_KINDS),
  nth: fc.integer({ min: 1, max: 4 }),
  times: fc.integer({ min: 1, max: 3 }),
  rows: fc.array(fraction, { minLength: 1, maxLength: 2 }),
});

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: userAction },
  { weight: 7, arbitrary: runCommand },
  { weight: 3, arbitrary: faultCommand },
  { weight: 1, arbitrary: fc.constant({ kind: 'faultsOff' as const }) },
);

export function sessionArbitrary(maxCommands: number): fc.Arbitrary<Session> {
  return fc.record({
    sheet: sheetSpec,
    commands: fc.array(command, { minLength: Math.ceil(maxCommands / 2), maxLength: maxCommands }),
  });
}

/** A command's kind as counted in reports: "menu:retry", "fault:429", "sort". */
export function commandLabel(c: Command): string {
  if (c.kind === 'menu' || c.kind === 'sidebarStart' || c.kind === 'editorRun') return `${c.kind}:${c.mode}`;
  if (c.kind === 'fault') return `fault:${c.fault}`;
  if (c.kind === 'autoRun') return `autoRun:${c.trigger}`;
  if (c.kind === 'removal') return `removal:${c.what}:${c.handling}`;
  return c.kind;
}
