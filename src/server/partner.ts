/**
 * Partner mode: an agency imports each sheet into the customer it chooses, with its partner key,
 * and never handles a customer's token.
 *
 * - The partner key lives in the user's properties, like the API token (shown masked).
 * - Each sheet's customer (id, name, email: no token) lives in the document properties, so
 *   everyone importing from the sheet imports into the same customer.
 * - A customer's token is asked from BotPenguin (`GET ext/get-user-token?userId=…`) when a run
 *   needs it and kept in the user's cache for an hour; when BotPenguin rejects it, it is asked
 *   for once more. It is never written to a cell, the run log, a document property or a message.
 *
 * `accountForRun` is the one answer to "which token does this run use": the importer, the export
 * and the account's tags all ask it, with the customer a job began with.
 */
import {
  accountRef,
  type CustomerRef,
  matchesCustomer,
  readCustomerList,
  readUserToken,
} from '../core/customers';
import { classify, type TransportResult } from '../core/responses';
import type { OutboundRequest, Transport } from '../core/sender';
import { BRAND } from '../shared/brand';
import type {
  CustomerChoice,
  CustomerChoiceResult,
  CustomerPage,
  CustomerQuery,
  PartnerConnectionResult,
  PartnerView,
  SettingsPatch,
} from '../shared/contracts';
import { STATUS } from '../shared/contracts';
import { t } from '../shared/i18n';
import { CUSTOMER_LIST_PATH, USER_TOKEN_PATH } from './config';
import { UserError } from './errors';
import { createImportTransport, getWithToken } from './http';
import { getApiHost, getToken } from './settings';
import { cellAt, loadContext } from './sheet-context';
import { deleteUserProperty, setUserProperty, userProperty } from './this-execution';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

const PARTNER_KEY = 'bp.partnerKey';
const PARTNER_MODE = 'bp.partnerMode';
const sheetCustomerKey = (sheetId: number) => `bp.customer.${sheetId}`;
/** A customer's token is asked for again after this long (CacheService keeps values ≤ 6 hours). */
const TOKEN_CACHE_SECONDS = 60 * 60;
/** Pages of the customer list kept for the picker's paging and search. */
const LIST_CACHE_SECONDS = 5 * 60;
/** A search reads at most this many pages per call; the picker goes on from where it stopped. */
const SEARCH_PAGES_PER_CALL = 5;

/** The customer a job records at its start: it finishes (or stops) for that customer only. */
export interface JobCustomer {
  id: string;
  name: string;
}

/** Which token a run sends with, and for whom. */
export interface RunAccount {
  host: string;
  token: string;
  /** null: the user's own API token (partner mode off). */
  customer: JobCustomer | null;
}

interface SheetCustomer extends CustomerRef {
  /** BotPenguin said the partner no longer has this customer. */
  gone?: boolean;
}

const documentStore = () => PropertiesService.getDocumentProperties();

function getPartnerKey(): string | null {
  return userProperty(PARTNER_KEY);
}

/** On when a partner key is saved and the user has not switched partner mode off. */
function partnerModeOn(): boolean {
  return getPartnerKey() !== null && userProperty(PARTNER_MODE) !== 'off';
}

/** Short, stable, not the key: separates cached entries of two partner keys. */
function keyTag(key: string): string {
  let hash = 0x811c9dc5 >>> 0;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function readSheetCustomer(sheetId: number): SheetCustomer | null {
  const raw = documentStore().getProperty(sheetCustomerKey(sheetId));
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as SheetCustomer;
    return typeof c.id === 'string' && /^[0-9a-f]{24}$/i.test(c.id) ? c : null;
  } catch {
    return null;
  }
}

function saveSheetCustomer(sheetId: number, customer: SheetCustomer | null): void {
  if (customer === null) documentStore().deleteProperty(sheetCustomerKey(sheetId));
  else documentStore().setProperty(sheetCustomerKey(sheetId), JSON.stringify(customer));
}

/** A new tab (an export) goes with the customer of the sheet it was made from. */
export function copySheetCustomer(fromSheetId: number, toSheetId: number): void {
  const customer = readSheetCustomer(fromSheetId);
  if (customer) saveSheetCustomer(toSheetId, customer);
}

export function partnerView(sheet: Sheet): PartnerView {
  const key = getPartnerKey();
  const customer = readSheetCustomer(sheet.getSheetId());
  return {
    brandDefault: BRAND.partnerMode === true,
    on: partnerModeOn(),
    keySet: key !== null,
    keyLast4: key ? key.slice(-4) : null,
    customer: customer ? { id: customer.id, name: customer.name, email: customer.email } : null,
    customerGone: customer?.gone === true,
  };
}

/** People paste keys as they paste tokens: with quotes, "Bearer " or line breaks around them. */
function cleanKey(input: string): string {
  const key = input
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^Bearer\s+/i, '')
    .trim();
  if (!key) throw new UserError(t('partner.keyEmpty'));
  if (/\s/.test(key)) throw new UserError(t('partner.keySpaces'));
  if (key.length < 16) throw new UserError(t('partner.keyShort'));
  return key;
}

/** The partner part of a settings save (settings.ts calls it first). */
export function applyPartnerPatch(patch: SettingsPatch): void {
  if (patch.partnerKey === null) {
    deleteUserProperty(PARTNER_KEY);
    deleteUserProperty(PARTNER_MODE);
  } else if (patch.partnerKey !== undefined) {
    setUserProperty(PARTNER_KEY, cleanKey(String(patch.partnerKey)));
    // Pasting a partner key is asking for partner mode.
    deleteUserProperty(PARTNER_MODE);
  }
  if (patch.partnerMode === false) setUserProperty(PARTNER_MODE, 'off');
  else if (patch.partnerMode === true) {
    if (!getPartnerKey()) throw new UserError(t('partner.noKey'));
    deleteUserProperty(PARTNER_MODE);
  }
}

function requireKey(): string {
  const key = getPartnerKey();
  if (!key) throw new UserError(t('partner.noKey'));
  return key;
}

// ---------------------------------------------------------------------------------------------
// The customer list

type ListAnswer =
  | { ok: true; customers: CustomerRef[] }
  | { ok: false; kind: PartnerFailure; reason: string };
type PartnerFailure = 'key-rejected' | 'unreachable' | 'unexpected';

/** Why a Partner API answer is not usable, as data. */
function failureOf(result: TransportResult): { kind: PartnerFailure; reason: string } {
  const verdict = classify(result, Date.now());
  if (verdict.kind === 'auth') return { kind: 'key-rejected', reason: verdict.message };
  if (result.kind === 'network-error') return { kind: 'unreachable', reason: result.message };
  if (result.kind === 'refused-by-apps-script') return { kind: 'unreachable', reason: result.reason };
  return {
    kind: 'unexpected',
    reason: `${result.status}: ${'message' in verdict ? verdict.message : t('connection.noMessage')}`,
  };
}

/** One page of `GET customer/list?page=N&sort=createdAt`, from the user's cache when fresh. */
function customerListPage(key: string, page: number, fresh = false): ListAnswer {
  const cache = CacheService.getUserCache();
  const cacheKey = `bp.customers.${keyTag(key)}.${page}`;
  const cached = fresh ? null : cache?.get(cacheKey);
  if (cached) {
    try {
      return { ok: true, customers: JSON.parse(cached) as CustomerRef[] };
    } catch {
      // From another version: ask again.
    }
  }
  const result = getWithToken(getApiHost(), `${CUSTOMER_LIST_PATH}?page=${page}&sort=createdAt`, key);
  const verdict = classify(result, Date.now());
  const customers =
    verdict.kind === 'ok' && result.kind === 'response' ? readCustomerList(result.body) : null;
  if (!customers) {
    if (verdict.kind === 'ok') return { ok: false, kind: 'unexpected', reason: t('partner.listUnreadable') };
    return { ok: false, ...failureOf(result) };
  }
  const text = JSON.stringify(customers);
  if (text.length < 90_000) cache?.put(cacheKey, text, LIST_CACHE_SECONDS);
  return { ok: true, customers };
}

function listFailureMessage(answer: { kind: PartnerFailure; reason: string }, key: string): string {
  if (answer.kind === 'key-rejected')
    return t('partner.keyRejected', { last4: key.slice(-4), reason: answer.reason });
  if (answer.kind === 'unreachable')
    return t('partner.unreachable', { host: getApiHost(), reason: answer.reason });
  return t('partner.unexpected', { host: getApiHost(), reason: answer.reason });
}

/** Whether this text, refused as an API token, is a partner key (it reads the customer list). */
export function opensCustomerList(token: string): boolean {
  const result = getWithToken(getApiHost(), `${CUSTOMER_LIST_PATH}?page=1&sort=createdAt`, token);
  return (
    classify(result, Date.now()).kind === 'ok' &&
    result.kind === 'response' &&
    readCustomerList(result.body) !== null
  );
}

export function testPartnerConnection(): PartnerConnectionResult {
  const key = getPartnerKey();
  if (!key) return { ok: false, kind: 'no-key', message: t('partner.noKey'), customers: 0 };
  // A test asks BotPenguin, not the cache.
  const answer = customerListPage(key, 1, true);
  if (!answer.ok)
    return { ok: false, kind: answer.kind, message: listFailureMessage(answer, key), customers: 0 };
  return {
    ok: true,
    kind: 'connected',
    message: t('partner.connected', { last4: key.slice(-4), count: answer.customers.length }),
    customers: answer.customers.length,
  };
}

/**
 * A page as BotPenguin pages it; with a search, the matches from `page` on, reading up to a few
 * pages per call (the list is paged until an empty page; its page size is not documented).
 */
export function listCustomers(query: CustomerQuery): CustomerPage {
  const key = requireKey();
  const first = Number.isInteger(query?.page) && query.page >= 1 ? query.page : 1;
  const search = String(query?.search ?? '')
    .trim()
    .slice(0, 100);
  const found: CustomerRef[] = [];
  const pages = search ? SEARCH_PAGES_PER_CALL : 1;
  for (let page = first; page < first + pages; page++) {
    const answer = customerListPage(key, page);
    if (!answer.ok)
      return { ok: false, customers: found, nextPage: null, message: listFailureMessage(answer, key) };
    if (answer.customers.length === 0) return { ok: true, customers: found, nextPage: null, message: '' };
    found.push(...answer.customers.filter((c) => !search || matchesCustomer(c, search)));
  }
  return { ok: true, customers: found, nextPage: first + pages, message: '' };
}

/** The customer with this id, from the partner's list as it is now (walked until found or ended). */
function findCustomer(key: string, id: string): CustomerRef | null {
  for (let page = 1; page <= 200; page++) {
    const answer = customerListPage(key, page, true);
    if (!answer.ok) throw new UserError(listFailureMessage(answer, key));
    if (answer.customers.length === 0) return null;
    const match = answer.customers.find((c) => c.id === id);
    if (match) return match;
  }
  return null;
}

/** Whether the sheet has rows imported (by anyone, into any account): switching is then asked. */
function sheetHasImportedRows(sheet: Sheet): boolean {
  const ctx = loadContext(sheet);
  const column = ctx.data.statusColumn;
  if (column < 0) return false;
  for (let row = ctx.data.headerRow + 1; row <= ctx.data.lastRow; row++) {
    const status = cellAt(ctx, row, column);
    if (status === STATUS.imported || status === STATUS.phoneChanged) return true;
  }
  return false;
}

export function chooseCustomer(sheet: Sheet, choice: CustomerChoice): CustomerChoiceResult {
  const sheetId = sheet.getSheetId();
  const id = String(choice?.id ?? '').trim();
  if (id === '') {
    saveSheetCustomer(sheetId, null);
    return { ok: true, needsConfirm: false, message: t('partner.cleared'), partner: partnerView(sheet) };
  }
  const key = requireKey();
  const customer = findCustomer(key, id);
  if (!customer) {
    return { ok: false, needsConfirm: false, message: t('partner.notInList'), partner: partnerView(sheet) };
  }
  const current = readSheetCustomer(sheetId);
  const name = customer.name || customer.email;
  if (current && current.id !== id && choice.confirm !== true && sheetHasImportedRows(sheet)) {
    return {
      ok: false,
      needsConfirm: true,
      message: t('partner.confirmSwitch', { previous: current.name || current.email, customer: name }),
      partner: partnerView(sheet),
    };
  }
  saveSheetCustomer(sheetId, customer);
  return {
    ok: true,
    needsConfirm: false,
    message: t('partner.chosen', { customer: name }),
    partner: partnerView(sheet),
  };
}

// ---------------------------------------------------------------------------------------------
// Which account a run uses

/**
 * The customer a new run of this sheet is for: null outside partner mode; in partner mode the
 * sheet's customer, or a sentence when it has none or BotPenguin said it is gone.
 */
export function customerForNewRun(sheetId: number, required = true): JobCustomer | null {
  if (!partnerModeOn()) return null;
  const customer = readSheetCustomer(sheetId);
  if (!customer && !required) return null;
  if (!customer) throw new UserError(t('partner.noCustomer'));
  if (customer.gone)
    throw new UserError(t('partner.customerGone', { customer: customer.name || customer.email }));
  return { id: customer.id, name: customer.name || customer.email };
}

/** The customer the sheet's rows are planned for (preview, quota question); null outside partner mode. */
export function plannedCustomerId(sheetId: number): string | null {
  return partnerModeOn() ? (readSheetCustomer(sheetId)?.id ?? null) : null;
}

/** The ref an import writes for this account (see core/customers). */
export function refFor(fingerprint: string, customer: JobCustomer | null | undefined): string {
  return accountRef(fingerprint, customer?.id ?? null);
}

const tokenCacheKey = (key: string, customerId: string) => `bp.ctoken.${keyTag(key)}.${customerId}`;

/** Marks every sheet bound to this customer as gone, so the sidebar and later runs say so. */
function markCustomerGone(customerId: string): void {
  const store = documentStore();
  const all = store.getProperties();
  for (const name of Object.keys(all)) {
    if (!name.startsWith('bp.customer.')) continue;
    try {
      const c = JSON.parse(all[name]) as SheetCustomer;
      if (c.id === customerId && !c.gone) store.setProperty(name, JSON.stringify({ ...c, gone: true }));
    } catch {
      // Unreadable: readSheetCustomer treats it as none.
    }
  }
}

/** A customer's token: from the user's cache, or asked from BotPenguin with the partner key. */
function customerToken(customer: JobCustomer, fresh: boolean): string {
  const key = requireKey();
  const cache = CacheService.getUserCache();
  const cacheKey = tokenCacheKey(key, customer.id);
  if (!fresh) {
    const cached = cache?.get(cacheKey);
    if (cached) return cached;
  } else cache?.remove(cacheKey);
  const result = getWithToken(
    getApiHost(),
    `${USER_TOKEN_PATH}?userId=${encodeURIComponent(customer.id)}`,
    key,
  );
  if (result.kind === 'response' && result.status === 404) {
    markCustomerGone(customer.id);
    throw new UserError(t('partner.customerGone', { customer: customer.name }));
  }
  const verdict = classify(result, Date.now());
  if (verdict.kind !== 'ok' || result.kind !== 'response') {
    const failure = failureOf(result);
    if (failure.kind === 'key-rejected')
      throw new UserError(t('partner.keyRejected', { last4: key.slice(-4), reason: failure.reason }));
    throw new UserError(t('partner.tokenUnavailable', { customer: customer.name, reason: failure.reason }));
  }
  const answer = readUserToken(result.body);
  if (answer.kind === 'inactive')
    throw new UserError(t('partner.tokenInactive', { customer: customer.name }));
  if (answer.kind === 'unreadable')
    throw new UserError(
      t('partner.tokenUnavailable', { customer: customer.name, reason: t('partner.listUnreadable') }),
    );
  cache?.put(cacheKey, answer.key, TOKEN_CACHE_SECONDS);
  return answer.key;
}

/**
 * The one answer to "which token does this run use": the customer's (a job's own customer, even
 * if its sheet has since been switched to another), or the user's own API token.
 */
export function accountForRun(customer: JobCustomer | null | undefined): RunAccount {
  const host = getApiHost();
  if (customer) return { host, token: customerToken(customer, false), customer };
  const token = getToken();
  if (!token) throw new UserError(t('import.noToken'));
  return { host, token, customer: null };
}

/** The account of the active sheet's next run, for reads (tags, export). */
export function accountForSheet(sheetId: number): RunAccount {
  return accountForRun(customerForNewRun(sheetId));
}

/**
 * The one token check of a run's requests (imports and export pages alike): sends with the
 * account's token and, for a customer, sends the requests BotPenguin refused for the token once
 * more with a token asked afresh (it may have been revoked and reissued), once per sender; a
 * second refusal goes back to the caller, which stops. `askFailed` is what a failed ask does: the
 * importer logs it so the refusal stops the run with every outcome written; the export throws its
 * sentence (nothing was written for that page).
 */
export function sendWithTokenCheck<R>(
  account: RunAccount,
  send: (token: string, requests: R[]) => TransportResult[],
  askFailed: (error: unknown) => void,
): (requests: R[]) => TransportResult[] {
  const customer = account.customer;
  let token = account.token;
  let refetched = false;
  return (requests: R[]) => {
    const results = send(token, requests);
    if (refetched || !customer) return results;
    const rejected = results.flatMap((r, i) => (classify(r, Date.now()).kind === 'auth' ? [i] : []));
    if (rejected.length === 0) return results;
    refetched = true;
    try {
      token = customerToken(customer, true);
    } catch (error) {
      askFailed(error);
      return results;
    }
    const again = send(
      token,
      rejected.map((i) => requests[i]),
    );
    rejected.forEach((i, n) => {
      results[i] = again[n];
    });
    return results;
  };
}

/** The import transport for an account, through the token check above. */
export function createRunTransport(account: RunAccount): Transport {
  const base = createImportTransport(account.host, account.token);
  const sendAll = sendWithTokenCheck(
    account,
    (token, requests: OutboundRequest[]) => createImportTransport(account.host, token).sendAll(requests),
    (error) => {
      const name = account.customer?.name ?? '';
      console.warn(`A new token for ${name} could not be fetched: ${String(error)}`);
    },
  );
  return { sendAll, sleep: (ms: number) => base.sleep(ms), now: () => base.now() };
}

/** "Into: <customer>.", after a run's sentence. */
export function customerDestination(customer: JobCustomer): string {
  return t('partner.destination', { customer: customer.name });
}

/** Whether BotPenguin said (for any sheet bound to it) that the partner no longer has this customer. */
function customerIsGone(customerId: string): boolean {
  const all = documentStore().getProperties();
  return Object.keys(all).some((name) => {
    if (!name.startsWith('bp.customer.')) return false;
    try {
      const c = JSON.parse(all[name]) as SheetCustomer;
      return c.id === customerId && c.gone === true;
    } catch {
      return false;
    }
  });
}

/**
 * A run stopped because BotPenguin refused the customer's token even after asking again; when the
 * fresh ask found the customer gone from the partner's list, that is what it says.
 */
export function customerTokenStopped(customer: JobCustomer, imported: number, queued: number): string {
  if (customerIsGone(customer.id)) {
    const rest = queued ? ` ${t('progress.rowsStayQueued', { count: queued })}` : '';
    return t('partner.customerGone', { customer: customer.name }) + rest;
  }
  return t('partner.tokenStopped', { customer: customer.name, count: imported, queued });
}
