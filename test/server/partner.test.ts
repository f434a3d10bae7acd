/**
 * Partner mode on the shipped bundle: an agency's partner key, a customer per sheet, customers'
 * tokens asked from the mock's Partner API and kept on the server, every run for the customer it
 * began with. The mock plays the partner: customers with their own tokens and contacts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index';
import type { PartnerCustomerSetup, RecordedRequest } from '../../mock-api/index';
import type {
  AccountTags,
  ConnectionResult,
  CustomerChoiceResult,
  CustomerPage,
  ExportProgress,
  ImportProgress,
  PartnerConnectionResult,
  SelectionPreview,
  SettingsView,
} from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  loadSheet,
  phonesIn,
  SHEET,
  saveToken,
  statuses,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const PARTNER_KEY = 'partner-agency-key-0001-p9q8';
const A = { _id: 'a0000000000000000000000a', name: 'Asha Foods', email: 'owner@ashafoods.example' };
const B = { _id: 'b0000000000000000000000b', name: 'Bela Travel', email: 'ops@belatravel.example' };
const C = { _id: 'c0000000000000000000000c', name: 'Chai Corner', email: 'hello@chaicorner.example' };
const TOKENS: Record<string, string> = {
  [A._id]: 'customer-token-asha-0000000001',
  [B._id]: 'customer-token-bela-0000000002',
  [C._id]: 'customer-token-chai-0000000003',
};
const customers = (extra: Partial<PartnerCustomerSetup> = {}, who = [A, B, C]): PartnerCustomerSetup[] =>
  who.map((c) => ({
    ...c,
    token: TOKENS[c._id],
    tokenActive: true,
    deleted: false,
    rotateAfterImports: null,
    ...extra,
  }));

const call = <T>(fn: string, ...args: unknown[]) => t.em.scriptRun(fn, ...args) as T;
const imports = async () => (await t.mock.requests()).filter((r) => r.path === '/inbox/users/import');
const tokenRequests = async () => (await t.mock.requests()).filter((r) => r.path === '/ext/get-user-token');
const bearerOf = (r: RecordedRequest) => r.headers.authorization.replace(/^Bearer /, '');

beforeEach(async () => {
  await t.mock.configure({ partner: { keys: [PARTNER_KEY], pageSize: 10, customers: customers() } });
});

function partnerSetUp(sheet = SHEET, rows = contactRows(4)): void {
  loadSheet(t.em, [HEADERS, ...rows], sheet);
  call('saveSettings', { partnerKey: PARTNER_KEY });
}

function choose(id: string, confirm?: boolean): CustomerChoiceResult {
  return call<CustomerChoiceResult>('chooseCustomer', { id, ...(confirm ? { confirm } : {}) });
}

function importAll(sheet = SHEET): void {
  t.em.user.select(sheet, ['A1']);
  t.em.run('menuImportAll');
}

/** Everything a customer token could leak into: cells, notes, properties, logs, the UI, the browser. */
function everythingVisible(em: Emulator, browser: unknown[]): string {
  const sheets = em.spreadsheet.sheets.map((s) => s.name);
  return JSON.stringify({
    cells: sheets.map((name) => em.user.getValues(name, 'A1:Z60')),
    notes: sheets.map((name) => em.user.getNotes(name, 'A1:Z60')),
    document: em.properties.document.toObject(),
    script: em.properties.script.toObject(),
    user: em.properties.user.toObject(),
    logs: em.logs,
    ui: [em.ui.alerts, em.ui.toasts, em.ui.dialogs],
    browser,
  });
}

describe('partner key', () => {
  it('is saved masked, in user properties only; the connection test lists the first page of customers', () => {
    loadSheet(t.em, [HEADERS]);
    const view = call<SettingsView>('saveSettings', { partnerKey: `  Bearer ${PARTNER_KEY}\n` });
    expect(view.partner).toMatchObject({ on: true, keySet: true, keyLast4: 'p9q8', customer: null });
    expect(JSON.stringify(view)).not.toContain(PARTNER_KEY);
    expect(t.em.properties.user.toObject()['bp.partnerKey']).toBe(PARTNER_KEY);
    expect(JSON.stringify(t.em.properties.document.toObject())).not.toContain(PARTNER_KEY);
    const test = call<PartnerConnectionResult>('testPartnerConnection');
    expect(test).toMatchObject({ ok: true, kind: 'connected', customers: 3 });
    expect(test.message).toContain('p9q8');
    // Partner mode can be switched off (back to the own token) and on again.
    expect(call<SettingsView>('saveSettings', { partnerMode: false }).partner.on).toBe(false);
    expect(call<SettingsView>('saveSettings', { partnerMode: true }).partner.on).toBe(true);
  });

  it('is offered to someone who pastes a partner key as the API token', () => {
    loadSheet(t.em, [HEADERS]);
    saveToken(t.em, PARTNER_KEY);
    const test = call<ConnectionResult>('testConnection');
    expect(test.kind).toBe('token-rejected');
    expect(test.message).toContain('That is a partner key');
    expect(test.message).not.toContain(PARTNER_KEY);
  });

  it('a rejected partner key: the test says so, and an import sends nothing', async () => {
    partnerSetUp();
    choose(A._id);
    call('saveSettings', { partnerKey: 'partner-agency-key-WRONG-0000' });
    const test = call<PartnerConnectionResult>('testPartnerConnection');
    expect(test).toMatchObject({ ok: false, kind: 'key-rejected' });
    expect(test.message).toContain('did not accept the partner key ending in 0000');
    importAll();
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('did not accept the partner key ending in 0000');
    expect(await imports()).toHaveLength(0);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ '': 4 });
  });
});

describe('customer per sheet', () => {
  it('a sheet with no customer does not import in partner mode', async () => {
    partnerSetUp();
    importAll();
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('this sheet has no customer yet');
    expect(await imports()).toHaveLength(0);
  });

  it('two sheets bound to two customers import into the right accounts, with no token anywhere', async () => {
    partnerSetUp('Asha list', contactRows(3));
    loadSheet(t.em, [HEADERS, ...contactRows(2, 50)], 'Bela list');
    const browser: unknown[] = [];
    t.em.user.select('Asha list', ['A1']);
    browser.push(call<CustomerPage>('listCustomers', { page: 1, search: '' }));
    browser.push(choose(A._id));
    t.em.user.select('Bela list', ['A1']);
    browser.push(choose(B._id));
    browser.push(call('getSettings'));

    importAll('Asha list');
    importAll('Bela list');
    t.em.user.select('Asha list', ['A1']);
    browser.push(call<ImportProgress>('startImport', { mode: 'all' }));
    browser.push(call<AccountTags>('getAccountTags', true));

    const contactsOf = async (id: string) => (await t.mock.customerContacts(id)).map((c) => c.number).sort();
    expect(await contactsOf(A._id)).toEqual(['9800000000', '9800000001', '9800000002']);
    expect(await contactsOf(B._id)).toEqual(['9800000050', '9800000051']);
    expect(await contactsOf(C._id)).toEqual([]);
    expect(await t.mock.contacts()).toEqual([]);
    const sent = await imports();
    expect(sent.map(bearerOf)).toEqual([TOKENS[A._id], TOKENS[B._id]]);
    // The second run of the Asha sheet found every row already imported for Asha.
    expect((browser.at(-2) as ImportProgress).counts.alreadyImported).toBe(3);
    expect((browser.at(-2) as ImportProgress).customer).toBe('Asha Foods');
    // The destination is said in the result and in the run log's Customer column.
    expect(t.em.ui.toasts.at(-1)!.message).toContain('Customer: Bela Travel.');
    const log = t.em.user.getValues('BotPenguin log', 'A1:P3');
    expect(log[0][15]).toBe('Customer');
    expect(log.slice(1).map((r) => r[15])).toEqual([`Asha Foods (${A._id})`, `Bela Travel (${B._id})`]);

    const visible = everythingVisible(t.em, browser);
    for (const token of Object.values(TOKENS)) expect(visible).not.toContain(token);
    // The partner key is in the user's own properties only.
    const { 'bp.partnerKey': key, ...otherUserProperties } = t.em.properties.user.toObject();
    expect(key).toBe(PARTNER_KEY);
    expect(visible.split(PARTNER_KEY)).toHaveLength(2);
    expect(JSON.stringify(otherUserProperties)).not.toContain(PARTNER_KEY);
    // The Default tags field offers the sheet's customer's tags, read with that customer's token.
    const tagReads = (await t.mock.requests()).filter((r) => r.path === '/inbox/tags');
    expect(tagReads.map(bearerOf)).toEqual([TOKENS[A._id]]);
    // One token request per customer: the rest came from the user's cache.
    expect((await tokenRequests()).map((r) => r.query)).toEqual([`?userId=${A._id}`, `?userId=${B._id}`]);
  });

  it('searches by name or email and pages as the partner API pages', async () => {
    const many = Array.from({ length: 23 }, (_, i) => ({
      _id: `d${String(i).padStart(23, '0')}`,
      name: `Shop ${i}`,
      email: `shop${i}@${i % 2 ? 'odd' : 'even'}.example`,
      token: `customer-token-shop-${String(i).padStart(10, '0')}`,
    }));
    await t.mock.configure({ partner: { customers: many } });
    partnerSetUp();
    const first = call<CustomerPage>('listCustomers', { page: 1, search: '' });
    expect(first.customers.map((c) => c.name)).toEqual([A, B, C, ...many.slice(0, 7)].map((c) => c.name));
    expect(first.nextPage).toBe(2);
    const third = call<CustomerPage>('listCustomers', { page: 3, search: '' });
    expect(third.customers).toHaveLength(6);
    const end = call<CustomerPage>('listCustomers', { page: 4, search: '' });
    expect(end).toMatchObject({ ok: true, customers: [], nextPage: null });
    const found = call<CustomerPage>('listCustomers', { page: 1, search: 'ODD.example shop 2' });
    expect(found.customers.map((c) => c.name)).toEqual(['Shop 21']);
    expect(found.nextPage).toBeNull();
    const lists = (await t.mock.requests()).filter((r) => r.path === '/customer/list');
    expect(lists.every((r) => r.headers.authtype === 'Key' && /sort=createdAt/.test(r.query))).toBe(true);
  });

  it('a customer removed while its token is cached: the refused run names the customer as gone', async () => {
    partnerSetUp(SHEET, contactRows(2));
    choose(A._id);
    importAll();
    expect((await t.mock.customerContacts(A._id)).length).toBe(2);
    await t.mock.configure({ partner: { customers: [{ _id: A._id, deleted: true }] } });
    t.em.user.setValues(SHEET, 'A4:D4', contactRows(1, 90));
    importAll();
    const said = t.em.ui.alerts.at(-1)!.prompt;
    expect(said).toContain('Asha Foods is no longer among your partner account');
    // The refused row is Failed (Retry sends it once the sheet has a customer again).
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Imported', 'Imported', 'Failed']);
    expect(call<SettingsView>('getSettings').partner.customerGone).toBe(true);
  });

  it('a customer removed from the partner list: the import says so and sends nothing', async () => {
    partnerSetUp();
    choose(C._id);
    await t.mock.configure({ partner: { customers: [{ _id: C._id, deleted: true }] } });
    importAll();
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('Chai Corner is no longer among your partner account');
    expect(await imports()).toHaveLength(0);
    expect(call<SettingsView>('getSettings').partner).toMatchObject({
      customerGone: true,
      customer: { id: C._id },
    });
    // Choosing it again is refused; another customer works.
    expect(choose(C._id)).toMatchObject({ ok: false });
    expect(choose(A._id)).toMatchObject({ ok: true });
    importAll();
    expect((await t.mock.customerContacts(A._id)).length).toBe(4);
  });

  it('importing into a second customer is asked for, and rows of the first are new for the second', async () => {
    partnerSetUp();
    choose(A._id);
    importAll();
    const switching = choose(B._id);
    expect(switching).toMatchObject({ ok: false, needsConfirm: true });
    expect(switching.message).toContain('imported into Asha Foods');
    expect(call<SettingsView>('getSettings').partner.customer!.id).toBe(A._id);
    expect(choose(B._id, true)).toMatchObject({ ok: true });
    // The preview counts for the sheet's customer: nothing is in Bela's account yet.
    t.em.user.select(SHEET, ['A2:D5']);
    expect(call<SelectionPreview>('previewSelection')).toMatchObject({ ready: 4, alreadyImported: 0 });
    importAll();
    expect((await t.mock.customerContacts(B._id)).length).toBe(4);
    t.em.user.select(SHEET, ['A2:D5']);
    expect(call<SelectionPreview>('previewSelection')).toMatchObject({ ready: 0, alreadyImported: 4 });
    // The Help dialog names the destination.
    t.em.run('menuHelp');
    expect(t.em.ui.dialogs.at(-1)!.html).toContain(
      'This sheet imports into the customer: <strong>Bela Travel</strong>',
    );
    // Back to the first customer: its rows are not "already imported" there any more (the Details
    // now record Bela's import), so they are sent again: an upsert, nothing duplicated.
    choose(A._id, true);
    importAll();
    expect((await t.mock.customerContacts(A._id)).map((c) => c.importCount)).toEqual([2, 2, 2, 2]);
    expect((await imports()).map(bearerOf)).toEqual([TOKENS[A._id], TOKENS[B._id], TOKENS[A._id]]);
  });

  it('Phone changed and Retry are per customer', async () => {
    partnerSetUp(SHEET, contactRows(3));
    choose(A._id);
    importAll();
    t.em.user.setValues(SHEET, 'B2', [["'+91 9811111111"]]);
    importAll();
    expect(statuses(t.em)[0].status).toBe('Phone changed');
    // For another customer, nothing of this sheet is in its account yet: every row is sent.
    choose(B._id, true);
    importAll();
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Imported', 'Imported', 'Imported']);
    expect((await t.mock.customerContacts(B._id)).map((c) => c.number).sort()).toEqual([
      '9800000001',
      '9800000002',
      '9811111111',
    ]);
    // Retry sends the failed rows to the sheet's customer.
    t.em.user.setValues(SHEET, 'E3:F3', [['Failed', 'Failed 2025-01-06 09:00: refused']]);
    t.em.user.select(SHEET, ['A1']);
    t.em.run('menuRetryFailed');
    expect((await imports()).map(bearerOf).at(-1)).toBe(TOKENS[B._id]);
    expect(phonesIn((await imports()).at(-1)!)).toEqual(['919800000001']);
  });
});

describe('customer tokens', () => {
  it('a token revoked mid-run is asked for once more and the run goes on with the new one', async () => {
    await t.mock.configure({ partner: { customers: [{ _id: A._id, rotateAfterImports: 1 }] } });
    partnerSetUp(SHEET, contactRows(30));
    call('saveSettings', { batchSize: 10, parallelRequests: 1 });
    choose(A._id);
    importAll();
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 30 });
    expect((await t.mock.customerContacts(A._id)).length).toBe(30);
    expect(await tokenRequests()).toHaveLength(2);
    const bearers = (await imports()).map(bearerOf);
    expect(bearers[0]).toBe(TOKENS[A._id]);
    expect(bearers.at(-1)).toBe(`${TOKENS[A._id]}-r1`);
  });

  it('is kept an hour in the user cache: asked once for imports within it, again after it', async () => {
    partnerSetUp(SHEET, contactRows(2));
    choose(A._id);
    importAll();
    expect(await tokenRequests()).toHaveLength(1);
    t.em.clock.advance(30 * 60_000);
    t.em.user.setValues(SHEET, 'A2', [['Renamed once']]);
    importAll();
    expect(await tokenRequests()).toHaveLength(1);
    t.em.clock.advance(61 * 60_000);
    t.em.user.setValues(SHEET, 'A2', [['Renamed twice']]);
    importAll();
    expect(await tokenRequests()).toHaveLength(2);
    expect((await imports()).map(bearerOf)).toEqual([TOKENS[A._id], TOKENS[A._id], TOKENS[A._id]]);
  });

  it('a token still refused after asking again stops the run with a sentence', async () => {
    partnerSetUp(SHEET, contactRows(30));
    call('saveSettings', { batchSize: 10, parallelRequests: 1 });
    choose(A._id);
    const refused = { kind: 'status' as const, status: 401, message: 'Token revoked' };
    await t.mock.configure({
      faults: [{ match: { path: '/inbox/users/import', nth: [2, 3, 4, 5] }, effect: refused }],
    });
    importAll();
    const said = t.em.ui.alerts.at(-1)!.prompt;
    expect(said).toContain('rejected the token of Asha Foods, also after the add-on asked for a fresh one');
    expect(said).toContain('10 rows were imported into Asha Foods');
    expect(await tokenRequests()).toHaveLength(2);
    // The first batch went in; the refused batch was tried twice (old token, fresh token); no more.
    expect(await imports()).toHaveLength(3);
    expect(countBy(statuses(t.em), (r) => r.status)).toMatchObject({ Imported: 10 });
    expect(said).not.toContain(TOKENS[A._id]);
  });

  it('a token switched off in BotPenguin stops before anything is sent', async () => {
    await t.mock.configure({ partner: { customers: [{ _id: B._id, tokenActive: false }] } });
    partnerSetUp();
    choose(B._id);
    importAll();
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('The API token of Bela Travel is switched off');
    expect(await imports()).toHaveLength(0);
  });

  it('a job begun for A while the sheet is switched to B finishes for A only', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 6_000 } });
    partnerSetUp(SHEET, contactRows(2000));
    choose(A._id);
    t.em.user.select(SHEET, ['A2:D2001']);
    const first = call<ImportProgress>('startImport', { mode: 'selected' });
    expect(first.state).toBe('running');
    expect(choose(B._id, true)).toMatchObject({ ok: true });
    let progress = first;
    while (progress.state === 'running') progress = call<ImportProgress>('continueImport', progress.jobId);
    expect(progress).toMatchObject({ state: 'done', customer: 'Asha Foods' });
    expect((await t.mock.customerContacts(A._id)).length).toBe(2000);
    expect(await t.mock.customerContacts(B._id)).toEqual([]);
    expect(new Set((await imports()).map(bearerOf))).toEqual(new Set([TOKENS[A._id]]));
  });
});

describe('automatic import and export per customer', () => {
  it('the hourly run imports into the sheet’s customer', async () => {
    partnerSetUp();
    choose(B._id);
    call('setAutoImport', true);
    t.em.user.setValues(SHEET, 'A6:D6', contactRows(1, 70));
    const runs = t.em.triggers.runDue(t.em.clock.now() + 3_600_000);
    expect(runs.map((r) => r.error)).toEqual([undefined]);
    expect((await t.mock.customerContacts(B._id)).length).toBe(5);
    expect(await t.mock.customerContacts(A._id)).toEqual([]);
  });

  it('exports the sheet’s customer’s contacts into a tab bound to that customer; importing it back sends nothing', async () => {
    partnerSetUp();
    choose(A._id);
    importAll();
    loadSheet(t.em, [HEADERS, ...contactRows(2, 80)], 'Other');
    choose(B._id);
    importAll('Other');
    t.em.user.select(SHEET, ['A1']);
    const exported = call<ExportProgress>('startExport', {});
    expect(exported).toMatchObject({ state: 'done', contacts: 4 });
    const tab = exported.sheetName;
    expect(statuses(t.em, tab).map((r) => r.status)).toEqual([
      'Imported',
      'Imported',
      'Imported',
      'Imported',
    ]);
    const before = (await imports()).length;
    importAll(tab);
    expect((await imports()).length).toBe(before);
    const lists = (await t.mock.requests()).filter((r) => r.path === '/inbox/users');
    expect(new Set(lists.map(bearerOf))).toEqual(new Set([TOKENS[A._id]]));
    expect(phonesIn((await imports())[0])).toHaveLength(4);
  });
});

describe('export with a reissued customer token', () => {
  it('asks for the customer’s token once more when BotPenguin refuses the cached one, and exports', async () => {
    await t.mock.configure({ partner: { customers: [{ _id: A._id, rotateAfterImports: 1 }] } });
    partnerSetUp();
    choose(A._id);
    importAll();
    // The accepted import replaced A's token: the one the add-on keeps is refused now.
    t.em.user.select(SHEET, ['A1']);
    const exported = call<ExportProgress>('startExport', {});
    expect(exported).toMatchObject({ state: 'done', contacts: 4 });
    expect(await tokenRequests()).toHaveLength(2);
    const lists = (await t.mock.requests()).filter((r) => r.path === '/inbox/users');
    // Refused as BotPenguin refuses a token it does not know (the mock's 400 cast error).
    expect(bearerOf(lists[0])).toBe(TOKENS[A._id]);
    expect(lists[0].status).not.toBe(200);
    // The reissued token (the mock numbers its rotations across tests: -r1, -r2, …).
    expect(bearerOf(lists.at(-1)!)).toMatch(/^customer-token-asha-0000000001-r\d+$/);
    expect(lists.at(-1)!.status).toBe(200);
  });
});

describe('outside partner mode', () => {
  it('the own token works as before and never reaches a customer', async () => {
    loadSheet(t.em, [HEADERS, ...contactRows(2)]);
    saveToken(t.em);
    importAll();
    expect((await t.mock.contacts()).length).toBe(2);
    expect(await t.mock.customerContacts(A._id)).toEqual([]);
    expect((await imports()).map(bearerOf)).toEqual([TOKEN]);
  });
});

describe('opt-outs in partner mode', () => {
  it('removes a withdrawn contact from the sheet’s customer’s account only, with that customer’s token', async () => {
    const headers = ['Name', 'Phone', 'Email', 'Opted In'];
    const rows = [0, 1, 2].map((k) => [`Person ${k}`, `'+91 98765 0000${k}`, `p${k}@example.com`, 'Yes']);
    // The user's own account holds the same numbers: none of them may be touched.
    loadSheet(t.em, [headers, ...rows]);
    saveToken(t.em);
    t.em.user.select(SHEET, ['A2:D4']);
    t.em.run('menuImportSelected');
    expect(await t.mock.contacts()).toHaveLength(3);

    // The same sheet, partner mode on, bound to customer A, imported into A.
    call('saveSettings', { partnerKey: PARTNER_KEY });
    expect(choose(A._id, true).ok).toBe(true);
    t.em.user.setValues(SHEET, 'E2:F4', [
      ['', ''],
      ['', ''],
      ['', ''],
    ]);
    importAll();
    expect((await t.mock.customerContacts(A._id)).map((c) => c.number).sort()).toEqual([
      '9876500000',
      '9876500001',
      '9876500002',
    ]);

    t.em.user.setValues(SHEET, 'D3', [['No']]);
    const before = (await t.mock.requests()).length;
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Imported', 'Removed', 'Imported']);
    expect((await t.mock.customerContacts(A._id)).map((c) => c.number).sort()).toEqual([
      '9876500000',
      '9876500002',
    ]);
    // The own account still has all three; every lookup and removal carried A's token.
    expect(await t.mock.contacts()).toHaveLength(3);
    const sent = (await t.mock.requests())
      .slice(before)
      .filter((r) => r.path === '/inbox/users' || r.path === '/inbox/users/status-update');
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((r) => bearerOf(r) === TOKENS[A._id])).toBe(true);
  });
});
