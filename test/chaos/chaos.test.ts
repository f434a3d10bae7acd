/**
 * Model-based chaos tests of whole import sessions (tools/chaos): the built bundle in the emulator
 * against the mock, a generated sheet, random user actions, runs and faults, with every promise
 * checked after each command. The short run of `npm test`: a tour through every command and
 * fault, fixed seeds only (random ones are `npm run soak`'s, printed), and proof that each
 * invariant can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockBotPenguin, RecordedRequest } from '../../mock-api/index';
import { type Command, FAULT_KINDS, type Session } from '../../tools/chaos/commands';
import {
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
  keysIn,
  mockRecord,
} from '../../tools/chaos/invariants';
import { addStats, describeFailure, runSeed } from '../../tools/chaos/runner';
import { ChaosSession, EDITOR, EDITOR_TOKEN, emptyStats, OWNER, TOKENS } from '../../tools/chaos/session';
import { SheetModel } from '../../tools/chaos/sheet-model';
import { emulatorFor, loadSheet, SHEET, startMock } from '../../tools/harness';

const CHAOS_DIR = fileURLToPath(new URL('../../tools/chaos/', import.meta.url));

let mock: MockBotPenguin;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.stop();
});

const f = (fault: (typeof FAULT_KINDS)[number], nth = 1, times = 1, rows = [0.05]): Command => ({
  kind: 'fault',
  fault,
  nth,
  times,
  rows,
});

/** Every user action, run and fault at least once, in an order where each has an effect. */
const TOUR: Session = {
  sheet: {
    rows: [
      'intl',
      'refused',
      'number',
      'error',
      'national',
      'intl',
      'duplicate',
      'invalid',
      'blank',
      'intl',
      'national',
      'intl',
      'intl',
      'number',
      'intl',
      'intl',
    ].map((kind, i) => ({
      kind: kind as Session['sheet']['rows'][number]['kind'],
      consent: i !== 5,
      copyOf: 0,
    })),
    optInColumn: true,
    frozenHeader: true,
    formLinked: true,
    batchSize: 2,
    parallel: 2,
  },
  commands: [
    { kind: 'openSidebar' },
    { kind: 'select', from: 0, to: 0.4, second: [0.6, 0.7] },
    f('refuse400', 1, 1, [0.2]),
    f('slow'),
    {
      kind: 'menu',
      mode: 'selected',
      during: { afterFetch: 1, action: { kind: 'sort', column: 1, ascending: false } },
    },
    f('status429'),
    f('status5xx', 2, 2),
    { kind: 'insertRows', at: 0.5, count: 2, withContact: true },
    { kind: 'menu', mode: 'all', killAfterFetch: 2 },
    { kind: 'autoImport', on: true },
    // The second user: their run cut by the time limit leaves rows Queued by their job; they add
    // rows; the owner's hourly trigger sends the new rows and leaves the editor's to the editor.
    { kind: 'editorRun', mode: 'selected', from: 0.1, to: 0.5, killAfterFetch: 1 },
    { kind: 'editorAddRows', count: 2 },
    { kind: 'autoRun', trigger: 'hourly' },
    { kind: 'editorRun', mode: 'retry', from: 0, to: 0 },
    { kind: 'autoRun', trigger: 'form' },
    f('html'),
    f('reset', 2),
    f('timeout', 3),
    { kind: 'menu', mode: 'retry' },
    { kind: 'editPhone', at: 0.3, to: 'new' },
    {
      kind: 'autoRun',
      trigger: 'hourly',
      during: { afterFetch: 1, action: { kind: 'sort', column: 3, ascending: true } },
    },
    { kind: 'editEmail', at: 0.4 },
    { kind: 'editConsent', at: 0.6 },
    { kind: 'defaultCountry', country: 'IN' },
    f('status413'),
    { kind: 'select', from: 0, to: 0.99 },
    {
      kind: 'sidebarStart',
      mode: 'all',
      during: { afterFetch: 1, action: { kind: 'deleteRows', at: 0.2, count: 1 } },
    },
    {
      kind: 'sidebarContinue',
      during: { afterFetch: 1, action: { kind: 'editPhone', at: 0.9, to: 'invalid' } },
    },
    { kind: 'sidebarContinue' },
    { kind: 'filter', rows: [0.7] },
    { kind: 'moveStatusColumns' },
    { kind: 'sort', column: 2, ascending: true },
    { kind: 'deleteRows', at: 0.95, count: 1 },
    { kind: 'mapping', notesAsAttribute: false },
    { kind: 'token', token: 'wrong' },
    { kind: 'menu', mode: 'force' },
    { kind: 'token', token: 'B' },
    { kind: 'editEmail', at: 0.1 },
    f('status401'),
    { kind: 'sidebarStart', mode: 'all' },
    { kind: 'menu', mode: 'validate' },
    { kind: 'sidebarStart', mode: 'retry' },
    { kind: 'sidebarCancel' },
    { kind: 'closeSidebar' },
    { kind: 'mapping', notesAsAttribute: true },
    f('quota', 2),
    { kind: 'menu', mode: 'all' },
    { kind: 'removeFilter' },
    { kind: 'defaultCountry', country: 'US' },
    { kind: 'faultsOff' },
    { kind: 'menu', mode: 'retry' },
    // Long outages, one of each kind (nth % 4: reset, timeout, 503, HTML), each until faults are off.
    f('outage', 1),
    { kind: 'menu', mode: 'force' },
    f('outage', 4),
    { kind: 'sidebarStart', mode: 'force' },
    { kind: 'sidebarContinue' },
    { kind: 'sidebarContinue' },
    f('outage', 2),
    { kind: 'menu', mode: 'force' },
    f('outage', 3),
    { kind: 'sidebarStart', mode: 'force' },
    { kind: 'sidebarContinue' },
    { kind: 'faultsOff' },
    { kind: 'menu', mode: 'retry' },
    // Consent flips after import, then removals and tagging (answered No and Yes, cut by the time
    // limit, with a sort and a consent flip mid-run), and opt-outs in the automatic import.
    { kind: 'editConsent', at: 0.1 },
    { kind: 'editConsent', at: 0.3 },
    { kind: 'menu', mode: 'all' },
    { kind: 'removal', what: 'optOuts', handling: 'remove', confirm: false },
    {
      kind: 'removal',
      what: 'optOuts',
      handling: 'tag',
      confirm: true,
      during: { afterFetch: 1, action: { kind: 'sort', column: 1, ascending: true } },
    },
    { kind: 'editConsent', at: 0.5 },
    { kind: 'editConsent', at: 0.65 },
    { kind: 'removal', what: 'optOuts', handling: 'remove', confirm: true, killAfterFetch: 1 },
    { kind: 'removal', what: 'optOuts', handling: 'remove', confirm: true },
    { kind: 'select', from: 0.7, to: 0.95 },
    { kind: 'removal', what: 'selected', handling: 'remove', confirm: false },
    {
      kind: 'removal',
      what: 'selected',
      handling: 'remove',
      confirm: true,
      during: { afterFetch: 2, action: { kind: 'editConsent', at: 0.8 } },
    },
    { kind: 'autoOptOuts', on: true },
    { kind: 'editConsent', at: 0.2 },
    { kind: 'autoRun', trigger: 'hourly' },
  ],
};

/** Seeds that once found a bug in the checker or the product, and a spread of others. */
const FIXED_SEEDS = [
  13,
  16,
  21,
  25,
  28,
  128,
  1039,
  10089,
  // A sidebar call cut off after a fetch once told the page a catalogue key (soak, 6b57774).
  345599992,
  // A removal sent but not confirmed, then the row re-imported as a new number: its duplicate is
  // Skipped for the number the row recorded when the run planned (soak, fa2a48c).
  657667565,
  // A duplicate of a row whose opt-out removal was sent but not confirmed stays Skipped for that
  // row: its contact's presence is the first row's to say (soak, b3085a1).
  658280926,
  ...Array.from({ length: 17 }, (_, i) => 7000 + i * 37),
];

describe('chaos sessions', () => {
  it('a tour through every command and fault keeps every promise, and every fault hits', async () => {
    const stats = await ChaosSession.run(mock, TOUR);
    const kinds = new Set(TOUR.commands.map((c) => c.kind));
    expect(kinds.size).toBe(27);
    expect(stats.events['removal:yes:removed'], JSON.stringify(stats.events)).toBeGreaterThan(0);
    expect(stats.events['removal:no:none'], JSON.stringify(stats.events)).toBeGreaterThan(0);
    expect(stats.events['autoRun:hourly:ran']).toBe(3);
    expect(stats.events['autoRun:hourly:ran with editor rows Queued']).toBe(1);
    expect(stats.events['autoRun:form:ran']).toBe(1);
    for (const kind of FAULT_KINDS) expect(stats.faults[kind], kind).toBeGreaterThan(0);
    expect(stats.faults.timeLimit).toBe(3);
    expect(stats.events['during:sort']).toBeGreaterThanOrEqual(1);
    expect(stats.events['during:deleteRows']).toBe(1);
    // The mock saw each fault, not just its configuration.
    const requests = await mock.requests();
    const seen = new Set(requests.flatMap((r) => [`${r.fault}:${r.status}`, `${r.fault}:${r.outcome}`]));
    for (const expected of [
      'status:400',
      'status:401',
      'status:413',
      'status:429',
      'html:502',
      'drop:dropped',
      'delay:aborted',
      'delay:answered',
      'undefined:200',
    ])
      expect(seen, expected).toContain(expected);
    expect([...seen].some((s) => /^status:50\d$/.test(s))).toBe(true);
    // Each long outage was long enough for the circuit breaker to stop a run on it.
    const count = (test: (r: (typeof requests)[number]) => boolean) => requests.filter(test).length;
    expect(count((r) => r.outcome === 'dropped')).toBeGreaterThanOrEqual(8);
    // Timeouts cost 60 s each: the menu run's time is up after 3 rounds, and it says the outage.
    expect(count((r) => r.fault === 'delay' && r.outcome === 'aborted')).toBeGreaterThanOrEqual(6);
    expect(count((r) => r.fault === 'status' && r.status === 503)).toBeGreaterThanOrEqual(8);
    expect(count((r) => r.fault === 'html')).toBeGreaterThanOrEqual(8);
    expect(stats.invariantChecks).toBeGreaterThan(TOUR.commands.length * 5);
    // Both users imported, each into their own account.
    const editorRequests = requests.filter((r) => r.headers.authorization === `Bearer ${EDITOR_TOKEN}`);
    expect(editorRequests.length).toBeGreaterThan(0);
    expect((await mock.customerContacts(EDITOR_ACCOUNT_ID)).length).toBeGreaterThan(0);
    expect((await mock.contacts()).length).toBeGreaterThan(0);
  });

  it('fixed seeds keep every promise', async () => {
    // Fixed only, so a red run replays as it was (npm run chaos -- --seed N); random seeds are
    // npm run soak's job, which prints them.
    const total = emptyStats();
    for (const seed of FIXED_SEEDS) {
      const result = await runSeed(mock, seed, { shrinkBudgetMs: 20_000 });
      expect(result.failure, describeFailure(result)).toBeNull();
      addStats(total, result.stats);
    }
    const commands = Object.values(total.commands).reduce((a, b) => a + b, 0);
    expect(commands).toBeGreaterThanOrEqual(FIXED_SEEDS.length * 9);
    expect(total.invariantChecks).toBeGreaterThanOrEqual(commands * 5);
    expect(total.requests).toBeGreaterThan(0);
  });
});

const intl = { kind: 'intl' as const, consent: true, copyOf: 0 };
const small = (rows: Session['sheet']['rows'], optInColumn = false): Session['sheet'] => ({
  rows,
  optInColumn,
  frozenHeader: false,
  batchSize: 2,
  parallel: 2,
});

/** Shrunk sessions that once failed, kept as they were printed (the model was wrong each time). */
const SHRUNK: [string, Session][] = [
  [
    // The 6-minute stop fell between a status update and its answer: the row must not stay
    // Imported with its contact gone (it is marked "removal sent" before the request goes out).
    'seed 500159: a removal cut between its request and its answer',
    {
      sheet: { ...small([0, 1, 2].map(() => ({ ...intl, consent: false }))), parallel: 1 },
      commands: [
        { kind: 'faultsOff' },
        { kind: 'fault', fault: 'refuse400', nth: 1, times: 1, rows: [0] },
        {
          kind: 'sidebarContinue',
          during: { afterFetch: 1, action: { kind: 'deleteRows', at: 0, count: 1 } },
        },
        { kind: 'sidebarContinue' },
        { kind: 'menu', mode: 'selected', killAfterFetch: 1 },
        { kind: 'sidebarStart', mode: 'selected' },
        { kind: 'removeFilter' },
        { kind: 'fault', fault: 'refuse400', nth: 1, times: 1, rows: [0] },
        { kind: 'removal', what: 'selected', handling: 'remove', confirm: true, killAfterFetch: 3 },
      ],
    },
  ],
  [
    // A reset of one request of a fetchAll hides the answers of all: the add-on sends them again.
    'seed 10089: a reset in a fetchAll',
    {
      sheet: small([intl, intl, intl]),
      commands: [
        { kind: 'fault', fault: 'reset', nth: 2, times: 1, rows: [0] },
        { kind: 'menu', mode: 'selected' },
      ],
    },
  ],
  [
    // The phone edited while its batch was on the wire: Imported as the old number, then Phone changed.
    'seed 128: a phone edited mid-run',
    {
      sheet: small([intl, intl, intl]),
      commands: [
        { kind: 'select', from: 0, to: 0 },
        {
          kind: 'menu',
          mode: 'selected',
          during: { afterFetch: 1, action: { kind: 'editPhone', at: 0, to: 'new' } },
        },
      ],
    },
  ],
  [
    // Imported under India, read as a US number at the end: Phone changed, and its duplicate waits with it.
    'seed 1039: a duplicate of a Phone changed row',
    {
      sheet: small(
        [
          { kind: 'national', consent: true, copyOf: 0 },
          { kind: 'duplicate', consent: true, copyOf: 0 },
          intl,
        ],
        true,
      ),
      commands: [
        { kind: 'defaultCountry', country: 'IN' },
        { kind: 'sidebarStart', mode: 'selected' },
        { kind: 'defaultCountry', country: 'US' },
      ],
    },
  ],
];

describe('shrunk sessions', () => {
  it.each(SHRUNK)('%s keeps every promise', async (_name, session) => {
    const stats = await ChaosSession.run(mock, session);
    expect(stats.invariantChecks).toBeGreaterThanOrEqual(session.commands.length * 5 + 6);
    expect(stats.requests).toBeGreaterThan(0);
  });
});

describe('the invariants can fail', () => {
  it('every invariant the chaos model can raise has a mutant test below that expects it', () => {
    const raised = new Set<string>();
    for (const file of readdirSync(CHAOS_DIR).filter((f) => f.endsWith('.ts')))
      for (const m of readFileSync(join(CHAOS_DIR, file), 'utf8').matchAll(
        /new InvariantError\(\s*'([a-z-]+)'/g,
      ))
        raised.add(m[1]);
    expect(raised.size).toBeGreaterThanOrEqual(12);
    const tests = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const expected = new Set([...tests.matchAll(/toThrow\(\s*\/\^?([a-z-]+):/g)].map((m) => m[1]));
    expect([...raised].filter((name) => !expected.has(name))).toEqual([]);
  });

  it('a run that keeps sending into an outage breaks breaker-opens; too many requests break request-budget', () => {
    const request = (seq: number, outcome: RecordedRequest['outcome'], status: number | null) =>
      ({ seq, path: '/inbox/users/import', outcome, status }) as RecordedRequest;
    const dropped = Array.from({ length: 9 }, (_, i) => request(i + 1, 'dropped', null));
    checkRequestBudget(dropped.slice(0, 8), 100, 1);
    expect(() => checkRequestBudget(dropped, 100, 1)).toThrow(
      /^breaker-opens: one run sent 9 import requests in a row without an answer \(the breaker allows 8\)/,
    );
    const answered = Array.from({ length: 23 }, (_, i) => request(i + 1, 'answered', 200));
    checkRequestBudget(answered.slice(0, 22), 10, 1);
    expect(() => checkRequestBudget(answered, 10, 1)).toThrow(
      /^request-budget: one run sent 23 import requests/,
    );
  });

  async function importedSheet() {
    await mock.reset();
    await mock.configure({ faults: [], invalidPhones: [], tokens: [TOKENS.A] });
    const em = emulatorFor(mock, { cpuFactor: 0 });
    const model = new SheetModel(em, {
      rows: [],
      optInColumn: false,
      frozenHeader: false,
      batchSize: 10,
      parallel: 1,
    });
    const rows = model.initialRows(
      [0, 1, 2].map(() => ({ kind: 'intl' as const, consent: true, copyOf: 0 })),
    );
    loadSheet(em, [model.headers(), ...rows], SHEET);
    em.scriptRun('saveSettings', { token: TOKENS.A });
    em.user.select(SHEET, ['A2:A4']);
    em.run('menuImportSelected');
    return { em, model };
  }

  /**
   * Two people: the editor imports 16 rows at a minute a request, so the time limit leaves rows
   * Queued by their job; then they type two new rows in. The owner has switched automatic import on.
   */
  async function editorLeftRowsQueued() {
    await mock.reset();
    await mock.configure({
      faults: [],
      invalidPhones: [],
      tokens: [TOKENS.A],
      partner: { customers: [{ _id: EDITOR_ACCOUNT_ID, token: EDITOR_TOKEN }] },
    });
    const em = emulatorFor(mock, {
      cpuFactor: 0,
      userEmail: OWNER,
      users: { [EDITOR]: {} },
      latency: { fetchBaseMs: 60_000 },
    });
    const model = new SheetModel(em, {
      rows: [],
      optInColumn: false,
      frozenHeader: false,
      batchSize: 2,
      parallel: 1,
    });
    const rows = model.initialRows(Array.from({ length: 16 }, () => intl));
    loadSheet(em, [model.headers(), ...rows], SHEET);
    em.scriptRun('saveSettings', { token: TOKENS.A, batchSize: 2, parallelRequests: 1 });
    em.scriptRun('setAutoImport', true);
    em.asUser(EDITOR, () => em.scriptRun('saveSettings', { token: EDITOR_TOKEN }));
    em.user.select(SHEET, ['A2:A17']);
    em.asUser(EDITOR, () => em.run('menuImportSelected'));
    const queued = model.readSheet().rows.filter((r) => r.status === 'Queued');
    expect(queued.length).toBeGreaterThan(0);
    const editorQueued = new Set(queued.flatMap((r) => (r.contact ? [...r.contact.keysEver] : [])));
    for (const row of [18, 19]) {
      const { cells } = model.newContact('intl', true);
      em.user.setValues(SHEET, `A${row}:D${row}`, [cells]);
    }
    return { em, model, editorQueued };
  }

  it('a run that carries another user’s token breaks runs-use-own-token', async () => {
    const { em } = await editorLeftRowsQueued();
    try {
      const requests = await mock.requests();
      expect(requests.length).toBeGreaterThan(0);
      checkRunTokens(requests, 'editor', Object.values(TOKENS));
      expect(() => checkRunTokens(requests, 'owner', [EDITOR_TOKEN])).toThrow(
        /^runs-use-own-token: request 1 \(\/inbox\/users\/import\) of the owner's run carried another user's token/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a row imported into the other user’s account breaks contact-in-importers-account', async () => {
    const { em, model } = await editorLeftRowsQueued();
    try {
      const view = model.readSheet();
      const record = await mockRecord(mock);
      expect(record.accounts.editor.size).toBeGreaterThan(0);
      expect(record.accounts.owner.size).toBe(0);
      checkImportAccounts(view, new Map(), record, 'editor');
      expect(() => checkImportAccounts(view, new Map(), record, 'owner')).toThrow(
        /^contact-in-importers-account: row 2 \(Person 1\) was imported by the owner's run as \+919800000001, which is not in the owner's BotPenguin account/,
      );
    } finally {
      em.dispose();
    }
  });

  it('the owner sending the editor’s Queued rows breaks queued-rows-stay-with-their-job', async () => {
    const { em, editorQueued } = await editorLeftRowsQueued();
    try {
      // The owner's trigger: the two new rows, none of the editor's Queued ones.
      let before = (await mock.requests()).length;
      const runs = em.triggers.runDue(em.clock.now() + 3_600_000);
      expect(runs.map((r) => [r.user, r.error])).toEqual([[OWNER, undefined]]);
      const byTrigger = (await mock.requests()).slice(before);
      expect(byTrigger.flatMap(keysIn).sort()).toEqual(['919800000017', '919800000018']);
      checkQueuedStayWithOwner(byTrigger, editorQueued, Object.values(TOKENS));
      // The owner's Retry from the menu takes them (a person may choose to): what the trigger must not do.
      before = (await mock.requests()).length;
      em.run('menuRetryFailed');
      const byRetry = (await mock.requests()).slice(before);
      expect(() => checkQueuedStayWithOwner(byRetry, editorQueued, Object.values(TOKENS))).toThrow(
        /^queued-rows-stay-with-their-job: the owner's automatic run sent \+9198000000\d\d with the owner's token/,
      );
    } finally {
      em.dispose();
    }
  });

  it('the editor’s token in the run log tab, or the owner’s in the editor’s user properties, breaks token-private', async () => {
    const { em, model } = await editorLeftRowsQueued();
    try {
      const record = await mockRecord(mock);
      const tokens = [...Object.values(TOKENS), EDITOR_TOKEN];
      checkToken(em, tokens, model.readSheet(), record, []);
      const log = em.spreadsheet.sheet('BotPenguin log');
      expect(log, 'the editor’s run wrote the run log').toBeDefined();
      // Each person's token in their own user properties only.
      const stores = { [OWNER]: [TOKENS.A], [EDITOR]: [EDITOR_TOKEN] };
      checkUserStores(em, stores);
      em.asUser(EDITOR, () => em.properties.user.set('bp.note', `was ${TOKENS.A}`));
      expect(() => checkUserStores(em, stores)).toThrow(
        /^token-private: the token of owner@example.com appears in the user properties of editor@example.com/,
      );
      em.user.setValues(log!.name, `A${log!.lastRow() + 1}`, [[`token ${EDITOR_TOKEN}`]]);
      expect(() => checkToken(em, tokens, model.readSheet(), record, [])).toThrow(
        /^token-private: the token appears in the tab BotPenguin log/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a status on another contact’s row breaks details-on-own-row', async () => {
    const { em, model } = await importedSheet();
    try {
      const details = em.user.getValues(SHEET, 'F2:F3');
      expect(details.flat().every((d) => String(d).startsWith('Imported'))).toBe(true);
      const record = await mockRecord(mock);
      checkRows(model.readSheet(), record);
      em.user.setValues(SHEET, 'F2:F3', [[`'${details[1][0]}`], [`'${details[0][0]}`]]);
      expect(() => checkRows(model.readSheet(), record)).toThrow(
        /^details-on-own-row: row 2 \(Person 1\) records \+919800000002/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a contact removed without a withdrawn or chosen row breaks removal-justified', async () => {
    const { em } = await importedSheet();
    try {
      const [first] = await mock.contacts();
      await fetch(`${mock.url}/inbox/users/status-update`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${TOKENS.A}`, authtype: 'Key', 'Content-Type': 'application/json' },
        body: JSON.stringify({ ids: [first._id], status: 'DELETED' }),
      });
      const record = await mockRecord(mock);
      expect(record.removedKeys).toEqual([`${first.prefix}${first.number}`]);
      checkRemovals(record, new Set([`${first.prefix}${first.number}`]));
      expect(() => checkRemovals(record, new Set())).toThrow(
        /^removal-justified: \+919800000001 was removed from BotPenguin, but no row recorded it/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a send no run allowed breaks no-extra-sends; the token in a cell breaks token-private', async () => {
    const { em, model } = await importedSheet();
    try {
      const record = await mockRecord(mock);
      expect(() => checkSends(model, record)).toThrow(
        /no-extra-sends: \+919800000001 accepted 1 times, but only 0/,
      );
      for (const key of record.contactKeys) model.allow(key);
      checkSends(model, record);
      checkToken(em, [TOKENS.A], model.readSheet(), record, []);
      em.user.setValues(SHEET, 'E3', [[`token ${TOKENS.A}`]]);
      expect(() => checkToken(em, [TOKENS.A], model.readSheet(), record, [])).toThrow(
        /token-private: the token appears in the sheet/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a row Imported into a BotPenguin that lacks the number breaks imported-row-in-mock', async () => {
    const { em, model } = await importedSheet();
    try {
      checkRows(model.readSheet(), await mockRecord(mock));
      // BotPenguin loses its contacts (the mock is reset): the rows still say Imported.
      await mock.reset();
      expect(() =>
        checkRows(model.readSheet(), {
          requests: [],
          contactKeys: new Set(),
          accounts: { owner: new Set(), editor: new Set() },
          removedKeys: [],
        }),
      ).toThrow(
        /^imported-row-in-mock: row 2 \(Imported\) records \+919800000001, which BotPenguin does not have/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a stack trace in Details or an alert, or a fragment, breaks messages-are-sentences', async () => {
    const { em, model } = await importedSheet();
    try {
      checkDetails(model.readSheet());
      checkMessage('the alert', 'Imported 3 rows.');
      expect(() => checkMessage('the alert', 'TypeError: x is undefined')).toThrow(
        /^messages-are-sentences: the alert shows programmer's text/,
      );
      expect(() => checkMessage('the toast', 'imported 3 rows')).toThrow(
        /^messages-are-sentences: the toast is not a sentence/,
      );
      em.user.setValues(SHEET, 'F3', [['Error: boom\n    at importRows (Code.js:1:2)']]);
      expect(() => checkDetails(model.readSheet())).toThrow(
        /^messages-are-sentences: Details of row 3 show programmer's text/,
      );
    } finally {
      em.dispose();
    }
  });

  it('a row Skipped for another row is let off end-state only when that row recorded its number as the run planned', async () => {
    const { em, model } = await importedSheet();
    try {
      const record = await mockRecord(mock);
      // Row 4's contact is gone from BotPenguin and the row says row 2 holds its number.
      record.contactKeys.delete('919800000003');
      em.user.setValues(SHEET, 'E4:F4', [
        ['Skipped', 'Not sent: same number as row 2 (+91 98000 00003), already imported as Person 1.'],
      ]);
      const rowTwo = em.user.getValues(SHEET, 'F2')[0][0] as string;
      const now = model.readSheet();
      const failure =
        /^end-state: row 4 \(Person 3, intl, \+919800000003\) should be in BotPenguin as \+919800000003/;
      // Row 2 recorded another number, then and now: no reason to leave row 4 out.
      expect(() => checkEndState(model, now, record)).toThrow(failure);
      expect(() => checkEndState(model, now, record, now)).toThrow(failure);
      // Row 2 recorded this number when the final run planned (it was re-imported as another since).
      em.user.setValues(SHEET, 'F2', [[rowTwo.replace('+91 98000 00001', '+91 98000 00003')]]);
      const planned = model.readSheet();
      checkEndState(model, now, record, planned);
    } finally {
      em.dispose();
    }
  });

  it('a valid contact left Failed at the end breaks end-state', async () => {
    const { em, model } = await importedSheet();
    try {
      const record = await mockRecord(mock);
      checkEndState(model, model.readSheet(), record);
      em.user.setValues(SHEET, 'E4', [['Failed']]);
      expect(() => checkEndState(model, model.readSheet(), record)).toThrow(
        /^end-state: row 4 \(Person 3, intl, \+919800000003\) should be Imported as \+919800000003, is Failed/,
      );
    } finally {
      em.dispose();
    }
  });
});
