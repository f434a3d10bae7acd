/**
 * The promises checked after every command of a chaos session, against the mock's own record of
 * what it received. Each check throws an InvariantError naming the promise it broke.
 */
import type { Emulator } from '../../emulator/index';
import type { MockBotPenguin, RecordedRequest } from '../../mock-api/index';
import { OUTAGE_LIMITS, requestBudget } from '../../src/core/circuit-breaker';
import { PARALLEL_REQUESTS } from '../../src/core/limits';
import { importRecordOf } from '../../src/core/status-details';
import { columnLetter } from '../harness';
import { currentKey, type SheetModel, type SheetView } from './sheet-model';

export class InvariantError extends Error {
  constructor(
    readonly invariant: string,
    detail: string,
  ) {
    super(`${invariant}: ${detail}`);
  }
}

interface Profile {
  profile?: { userDetails?: { contact?: { phone?: { prefix?: string; number?: string } } } };
}

/** prefix+number of every profile in an import request's body. */
export function keysIn(request: RecordedRequest): string[] {
  if (!Array.isArray(request.body)) return [];
  return (request.body as Profile[]).map((p) => {
    const phone = p?.profile?.userDetails?.contact?.phone;
    return `${phone?.prefix ?? ''}${phone?.number ?? ''}`;
  });
}

/** BotPenguin accepted the batch and the add-on saw the answer (an aborted request does not count). */
export function accepted(request: RecordedRequest): boolean {
  return request.path === '/inbox/users/import' && request.status === 200 && request.outcome === 'answered';
}

export interface MockRecord {
  requests: RecordedRequest[];
  /** prefix+number of every live contact, in any account. */
  contactKeys: Set<string>;
  /** The same, account by account: the owner's (their tokens A and B) and the editor's. */
  accounts: Record<Account, Set<string>>;
  /** prefix+number of every contact soft-deleted by status-update, one entry per removal. */
  removedKeys: string[];
}

/** Whose BotPenguin account: the document owner's, or the second user's (an editor). */
export type Account = 'owner' | 'editor';

/** The mock's customer whose own account the editor's token opens (mock-api/partner.ts). */
export const EDITOR_ACCOUNT_ID = 'e0e0e0e0e0e0e0e0e0e0e0e0';

export async function mockRecord(mock: MockBotPenguin): Promise<MockRecord> {
  const [requests, contacts, editorContacts, removed] = await Promise.all([
    mock.requests(),
    mock.contacts(),
    mock.customerContacts(EDITOR_ACCOUNT_ID).catch(() => []),
    mock.removedContacts(),
  ]);
  const keys = (list: { prefix: string; number: string }[]) =>
    new Set(list.map((c) => `${c.prefix}${c.number}`));
  const accounts = { owner: keys(contacts), editor: keys(editorContacts) };
  return {
    requests,
    contactKeys: new Set([...accounts.owner, ...accounts.editor]),
    accounts,
    removedKeys: removed.map((c) => `${c.prefix}${c.number}`),
  };
}

const bearerOf = (request: RecordedRequest) =>
  /^Bearer (\S+)$/i.exec(request.headers?.authorization ?? '')?.[1] ?? null;

/**
 * One run's requests all carry the token of the user whose run it is (the trigger's: its owner's):
 * `others` are the other users' tokens, never seen in this run.
 */
export function checkRunTokens(requests: RecordedRequest[], who: Account, others: string[]): void {
  for (const request of requests) {
    const token = bearerOf(request);
    if (token && others.includes(token))
      throw new InvariantError(
        'runs-use-own-token',
        `request ${request.seq} (${request.path}) of the ${who}'s run carried another user's token`,
      );
  }
}

/**
 * Each row a run imported (its Details now hold an import record they did not hold before the
 * run) names a number that is in the BotPenguin account of the user who ran it.
 */
export function checkImportAccounts(
  view: SheetView,
  recordsBefore: ReadonlyMap<string, string>,
  mock: MockRecord,
  who: Account,
): void {
  for (const row of view.rows) {
    const record = importRecordOf(row.details);
    if (row.status !== 'Imported' || !record?.digits || !row.contact) continue;
    if (recordsBefore.get(row.contact.name) === record.text) continue;
    if (!mock.accounts[who].has(record.digits))
      throw new InvariantError(
        'contact-in-importers-account',
        `row ${row.row} (${row.contact.name}) was imported by the ${who}'s run as +${record.digits}, which is not in the ${who}'s BotPenguin account: "${row.details}"`,
      );
  }
}

/**
 * An automatic run (the owner's trigger) sends nothing with the owner's token that only rows
 * another user's unfinished job left Queued could be: those wait for that user's Retry.
 * `othersQueued`: numbers only such rows could be sent as, taken before the run.
 */
export function checkQueuedStayWithOwner(
  requests: RecordedRequest[],
  othersQueued: ReadonlySet<string>,
  ownerTokens: string[],
): void {
  for (const request of requests) {
    if (request.path !== '/inbox/users/import' || !ownerTokens.includes(bearerOf(request) ?? '')) continue;
    for (const key of keysIn(request))
      if (othersQueued.has(key))
        throw new InvariantError(
          'queued-rows-stay-with-their-job',
          `the owner's automatic run sent +${key} with the owner's token, but only a row the editor's unfinished job left Queued has that number`,
        );
  }
}

/** Statuses of a row whose opt-in says no but which had been imported. */
const OPT_OUT_STATUSES = ['Opted out', 'Removed', 'Opt-out tagged', 'Not removed'];

/**
 * No contact is ever removed unless a row recorded exactly its number and either its opt-in said
 * no or the user chose it (`justified`: numbers recorded by such rows, collected by the session).
 */
export function checkRemovals(mock: MockRecord, justified: ReadonlySet<string>): void {
  for (const key of mock.removedKeys)
    if (!justified.has(key))
      throw new InvariantError(
        'removal-justified',
        `+${key} was removed from BotPenguin, but no row recorded it with its opt-in withdrawn or chosen for removal`,
      );
}

/** Rows: an import record names a number the mock has and that this row's phone was. */
export function checkRows(view: SheetView, mock: MockRecord): void {
  for (const row of view.rows) {
    const record = importRecordOf(row.details);
    if (row.status === 'Imported' && !record)
      throw new InvariantError(
        'imported-row-in-mock',
        `row ${row.row} says Imported without a record: "${row.details}"`,
      );
    if (!record || record.digits === null) continue;
    // A removed contact is gone from BotPenguin: its row keeps the record of what was sent.
    if (!mock.contactKeys.has(record.digits) && !mock.removedKeys.includes(record.digits))
      throw new InvariantError(
        'imported-row-in-mock',
        `row ${row.row} (${row.status}) records +${record.digits}, which BotPenguin does not have: "${row.details}"`,
      );
    if (!row.contact?.keysEver.has(record.digits))
      throw new InvariantError(
        'details-on-own-row',
        `row ${row.row} (${String(row.cells[0])}) records +${record.digits}, never its phone (${[...(row.contact?.keysEver ?? [])].join(', ')}): "${row.details}"`,
      );
  }
}

/** Accepted imports of each number never exceed the runs that were allowed to send it. */
export function checkSends(model: SheetModel, mock: MockRecord): void {
  const sends = new Map<string, number>();
  for (const request of mock.requests) {
    if (!accepted(request)) continue;
    for (const key of keysIn(request)) sends.set(key, (sends.get(key) ?? 0) + 1);
  }
  for (const [key, count] of sends) {
    const allowed = model.allowance.get(key) ?? 0;
    if (count > allowed)
      throw new InvariantError(
        'no-extra-sends',
        `+${key} accepted ${count} times, but only ${allowed} runs could send it`,
      );
  }
}

/** BotPenguin gave no answer of its own: the network failed, it timed out, a 5xx or a web page. */
function unanswered(request: RecordedRequest): boolean {
  return (
    request.outcome !== 'answered' ||
    (request.status ?? 0) >= 500 ||
    request.fault === 'html' ||
    request.fault === 'nonJson200'
  );
}

/**
 * One run (one execution) sends no more than the request budget for the sheet's rows, and no
 * more requests in a row without an answer than the circuit breaker allows: it opens after
 * OUTAGE_LIMITS.attempts in at least OUTAGE_LIMITS.waves rounds, so with `parallel` requests a
 * round that is at most max(waves × parallel, attempts + parallel − 1).
 */
export function checkRequestBudget(
  requests: RecordedRequest[],
  rows: number,
  parallel: number = PARALLEL_REQUESTS.max,
): void {
  const imports = requests.filter((r) => r.path === '/inbox/users/import');
  const budget = requestBudget(rows);
  if (imports.length > budget)
    throw new InvariantError(
      'request-budget',
      `one run sent ${imports.length} import requests for a sheet of ${rows} rows (budget ${budget})`,
    );
  let streak = 0;
  let longest = 0;
  for (const request of imports) {
    streak = unanswered(request) ? streak + 1 : 0;
    longest = Math.max(longest, streak);
  }
  const limit = Math.max(OUTAGE_LIMITS.waves * parallel, OUTAGE_LIMITS.attempts + parallel - 1);
  if (longest > limit)
    throw new InvariantError(
      'breaker-opens',
      `one run sent ${longest} import requests in a row without an answer (the breaker allows ${limit})`,
    );
}

/** The token's secret part: everything but the last four characters the sidebar may show. */
const secretOf = (token: string) => token.slice(0, -4);

/** Every tab's values (the contacts, the run log, any export tab), as text. */
function everyTab(em: Emulator): [string, string][] {
  return em.spreadsheet.sheets.map((sheet) => {
    const rows = sheet.lastRow();
    const columns = Math.max(sheet.lastColumn(), 1);
    const values = rows >= 1 ? em.user.getValues(sheet.name, `A1:${columnLetter(columns)}${rows}`) : [];
    return [`the tab ${sheet.name}`, JSON.stringify(values)];
  });
}

/** Every user's token is nowhere but their own user store and Authorization headers. */
export function checkToken(
  em: Emulator,
  tokens: string[],
  view: SheetView,
  mock: MockRecord,
  seen: string[],
): void {
  const places: [string, string][] = [
    ['the sheet', JSON.stringify([view.headers, ...view.rows.map((r) => r.cells)])],
    ...everyTab(em),
    ['document properties', JSON.stringify(em.properties.document.toObject())],
    ['script properties', JSON.stringify(em.properties.script.toObject())],
    ['logs', JSON.stringify(em.logs)],
    ['alerts and toasts', JSON.stringify([em.ui.alerts, em.ui.toasts])],
    ['what the sidebar received', JSON.stringify(seen)],
  ];
  for (const request of mock.requests) {
    const { authorization: _allowed, ...headers } = request.headers;
    places.push([
      `request ${request.seq}`,
      JSON.stringify([request.path, request.query, headers, request.body]),
    ]);
  }
  for (const token of tokens) {
    for (const [where, text] of places)
      if (text.includes(secretOf(token)))
        throw new InvariantError('token-private', `the token appears in ${where}`);
  }
}

/** Each user's properties hold their own token only: `tokensOf` maps each user to theirs. */
export function checkUserStores(em: Emulator, tokensOf: Record<string, string[]>): void {
  for (const email of Object.keys(tokensOf)) {
    const stored = JSON.stringify(em.users.get(email).userProperties.toObject());
    for (const [other, tokens] of Object.entries(tokensOf))
      if (other !== email && tokens.some((token) => stored.includes(secretOf(token))))
        throw new InvariantError(
          'token-private',
          `the token of ${other} appears in the user properties of ${email}`,
        );
  }
}

const STACK = /\n\s*at |\bat \S+ \(.*:\d+:\d+\)|\w+Error\b|\bundefined\b|\[object |\bNaN\b/;
/** Apps Script's own text when an execution is stopped; the platform shows it, not the add-on. */
export const TIME_LIMIT_TEXT = 'Exceeded maximum execution time';

/** A message a user reads: a sentence, no stack trace or programmer's words. */
export function checkMessage(where: string, message: string): void {
  const text = message.trim();
  if (STACK.test(text))
    throw new InvariantError('messages-are-sentences', `${where} shows programmer's text: "${text}"`);
  // The sidebar says it in the user's words (src/sidebar/rpc.ts toSentence).
  if (text.replace(/^Exception: /, '') === TIME_LIMIT_TEXT) return;
  if (!/^[A-Z0-9"'“‘]/.test(text) || !/[.!?)”"'…]$/.test(text))
    throw new InvariantError('messages-are-sentences', `${where} is not a sentence: "${text}"`);
}

export function checkDetails(view: SheetView): void {
  for (const row of view.rows)
    if (STACK.test(row.details))
      throw new InvariantError(
        'messages-are-sentences',
        `Details of row ${row.row} show programmer's text: "${row.details}"`,
      );
}

/**
 * After the faults are off and Retry has run until nothing is Queued: every valid, consenting
 * contact is in BotPenguin and its row says so; the others say why not. `planned` is the sheet as
 * the final Import all found it (its rows do not move after): a number recorded there as another
 * row's import is that row's, even if the run then re-imported that row as a new number.
 */
export function checkEndState(
  model: SheetModel,
  view: SheetView,
  mock: MockRecord,
  planned: SheetView = view,
): void {
  const keyCount = new Map<string, number>();
  for (const row of view.rows) {
    const key = row.contact && currentKey(row.contact, model.defaultCountry);
    if (key) keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
  }
  const waitingForResend = new Set<string>();
  for (const row of view.rows) {
    const key = row.contact && currentKey(row.contact, model.defaultCountry);
    if (key && row.status === 'Phone changed') waitingForResend.add(key);
  }
  const acceptedKeys = new Set(mock.requests.filter(accepted).flatMap(keysIn));
  // One number, one owner: the row whose Details record an import of a number keeps it, wherever
  // its cell has gone since; another row with that number is Skipped, naming the owner's row.
  const ownersByRecord = (rows: SheetView['rows']) => {
    const owners = new Map<string, number>();
    for (const row of rows) {
      const record = importRecordOf(row.details);
      if (record?.digits && row.status !== 'Skipped') owners.set(record.digits, row.row);
    }
    return owners;
  };
  const ownerByRecord = ownersByRecord(view.rows);
  const skippedFor =
    (owners: Map<string, number>) => (row: SheetView['rows'][number], key: string | null) => {
      const owner = key === null ? undefined : owners.get(key);
      return (
        row.status === 'Skipped' &&
        owner !== undefined &&
        owner !== row.row &&
        row.details.includes(`row ${owner}`)
      );
    };
  const skippedForOwner = skippedFor(ownerByRecord);
  // The owner's record held the number when the run planned, though the run then re-imported the
  // owner as another number: the row is left for the next run to decide again.
  const skippedForPlannedOwner = skippedFor(ownersByRecord(planned.rows));
  for (const row of view.rows) {
    const c = row.contact;
    if (!c) continue;
    const key = currentKey(c, model.defaultCountry);
    const record = importRecordOf(row.details);
    const fail = (expected: string) => {
      throw new InvariantError(
        'end-state',
        `row ${row.row} (${c.name}, ${c.kind}, +${key ?? '—'}) should be ${expected}, is ${row.status}: "${row.details}"`,
      );
    };
    const shared = key !== null && (keyCount.get(key) ?? 0) > 1;
    if (!c.consent) {
      // Opt-in is checked first: a row without it is Skipped whatever its phone says, unless it
      // was imported before its opt-in was withdrawn (then its record stays).
      const optedOut = OPT_OUT_STATUSES.includes(row.status) && record !== null;
      if (row.status !== 'Skipped' && !optedOut) fail('Skipped, or Opted out with its record');
    } else if (key === null) {
      if (row.status !== 'Invalid') fail('Invalid');
    } else if (c.kind === 'refused') {
      if (acceptedKeys.has(key)) fail('never accepted by BotPenguin');
      if (row.status !== 'Failed' && !((shared || skippedForOwner(row, key)) && row.status === 'Skipped'))
        fail('Failed');
    } else {
      // Imported as another number before: left alone until Re-send, with the old import on record.
      const phoneChanged = row.status === 'Phone changed' && record !== null && record.digits !== key;
      if (phoneChanged) continue;
      // A duplicate of such a row waits with it: Re-send of the first row imports the number.
      if (row.status === 'Skipped' && shared && waitingForResend.has(key)) continue;
      // Skipped for the row that holds its number: whether BotPenguin has that contact is the owner
      // row's to say (Imported: imported-row-in-mock checks it; Not removed, Opted out: maybe not).
      if (skippedForOwner(row, key) || skippedForPlannedOwner(row, key)) continue;
      if (!mock.contactKeys.has(key)) fail(`in BotPenguin as +${key}`);
      const imported = row.status === 'Imported' && record?.digits === key;
      const duplicate = row.status === 'Skipped' && shared;
      if (!imported && !duplicate) fail(`Imported as +${key}`);
    }
  }
}
