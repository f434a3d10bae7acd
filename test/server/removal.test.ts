/**
 * Opt-outs and removal end to end on the shipped bundle: dist/Code.js in the emulator, real HTTP
 * to the BotPenguin mock's search (`POST /inbox/users`) and soft delete
 * (`PUT /inbox/users/status-update`). Each test asserts the rows' statuses, exactly which contacts
 * the mock removed, and the requests it received.
 */
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../mock-api/index';
import type {
  OptOutSettings,
  RemovalPlan,
  RemovalProgress,
  SelectionPreview,
} from '../../src/shared/contracts';
import {
  countBy,
  emulatorFor,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  TOKEN,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();

const HEADERS = ['Name', 'Phone', 'Email', 'Opted In'];
const national = (k: number) => `98765${String(k).padStart(5, '0')}`;
const rowsOf = (n: number) =>
  Array.from({ length: n }, (_, k) => [`Person ${k}`, `'+91 ${national(k)}`, `p${k}@example.com`, 'Yes']);

const call = <T>(name: string, ...args: unknown[]) => t.em.scriptRun(name, ...args) as T;

/** n contacts imported from the sheet (every row Imported, its number on record). */
function importedSheet(n: number): void {
  loadSheet(t.em, [HEADERS, ...rowsOf(n)]);
  saveToken(t.em);
  t.em.user.select(SHEET, [`A2:D${n + 1}`]);
  t.em.run('menuImportSelected');
  expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: n });
}

/** The person in data row k (0-based) says no now. */
function withdraw(...ks: number[]): void {
  for (const k of ks) t.em.user.setValues(SHEET, `D${k + 2}`, [['No']]);
}

const byPath = async (path: string) => (await t.mock.requests()).filter((r) => r.path === path);
const lookups = () => byPath('/inbox/users');
const removals = () => byPath('/inbox/users/status-update');
const searched = (requests: RecordedRequest[]) =>
  requests.map((r) => (r.body as { searchText: string; page: number }).searchText);
const removedNumbers = async () => (await t.mock.removedContacts()).map((c) => c.prefix + c.number).sort();

describe('opt-outs after import', () => {
  it('an import marks withdrawn rows Opted out (keeping the number on record); the preview and the sidebar count them', () => {
    importedSheet(5);
    withdraw(1, 3);
    expect(call<number>('getOptOutCount')).toBe(2);
    const preview = call<SelectionPreview>('previewSelection');
    expect(preview).toMatchObject({ optedOut: 2, noConsent: 0, alreadyImported: 3 });
    expect(preview.message).toContain('2 opted out since import');
    t.em.run('menuImportAll');
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Opted out', 'Imported', 'Opted out', 'Imported']);
    expect(rows[1].details).toMatch(
      /^Opt-in withdrawn since import: the contact \+91 98765 00001 is still in BotPenguin\. .* · last Imported \d{4}-\d\d-\d\d \d\d:\d\d as \+91 98765 00001 \(India\) · ref [0-9a-f]+/,
    );
    expect(call<number>('getOptOutCount')).toBe(2);
  });

  it('Handle opt-outs asks once, naming the count and numbers, then removes exactly those contacts', async () => {
    importedSheet(6);
    withdraw(0, 2, 4, 5);
    await t.mock.configure({ faults: [] });
    const before = (await t.mock.requests()).length;
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    const question = t.em.ui.alerts.at(-1)!;
    expect(question.buttons).toBe('YES_NO');
    expect(question.prompt).toBe(
      'Remove 4 contacts whose opt-in was withdrawn from BotPenguin: +91 98765 00000, +91 98765 00002, +91 98765 00004 and 1 more? A later import of a row creates its contact again.',
    );
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual([
      'Removed',
      'Imported',
      'Removed',
      'Imported',
      'Removed',
      'Removed',
    ]);
    expect(rows[0].details).toMatch(
      /^Removed from BotPenguin \d{4}-\d\d-\d\d \d\d:\d\d: \+91 98765 00000 \(opt-in withdrawn\)\. .* · last Imported .* as \+91 98765 00000 \(India\) · ref [0-9a-f]+$/,
    );
    expect(await removedNumbers()).toEqual(['919876500000', '919876500002', '919876500004', '919876500005']);
    expect((await t.mock.contacts()).map((c) => c.number).sort()).toEqual([national(1), national(3)]);
    // Lookups by the national number, every page until an empty one; one id per status update.
    const searches = (await lookups()).filter((r) => r.seq > before);
    expect(searches).toHaveLength(8);
    expect(new Set(searched(searches))).toEqual(new Set([0, 2, 4, 5].map(national)));
    const updates = (await removals()).filter((r) => r.seq > before);
    expect(updates.map((r) => (r.body as { ids: string[] }).ids.length)).toEqual([1, 1, 1, 1]);
    expect(
      updates.every((r) => (r.body as { status: string }).status === 'DELETED' && r.status === 200),
    ).toBe(true);
    expect(t.em.ui.toasts.at(-1)!.message).toContain('Done: 4 removed.');

    // Nothing is ever removed twice: the next run finds nothing to do and sends nothing.
    const sent = (await t.mock.requests()).length;
    t.em.run('menuHandleOptOuts');
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('has withdrawn consent: nothing to do');
    expect(await t.mock.requests()).toHaveLength(sent);
  });

  it('the tag choice tags the withdrawn contacts through the import, with the number on record, and keeps them', async () => {
    importedSheet(3);
    expect(call<OptOutSettings>('saveOptOutSettings', { handling: 'tag' })).toEqual({
      handling: 'tag',
      tag: 'opted-out',
      automatic: false,
    });
    withdraw(1);
    // The phone cell was edited since: the tag still goes to the contact the row recorded.
    t.em.user.setValues(SHEET, 'B3', [["'+91 90000 11111"]]);
    const before = (await t.mock.requests()).length;
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(t.em.ui.alerts.at(-1)!.prompt).toBe(
      'Tag 1 contact whose opt-in was withdrawn as “opted-out” in BotPenguin: +91 98765 00001? It stays in BotPenguin; leave the tag out of broadcasts.',
    );
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Opt-out tagged', 'Imported']);
    expect(rows[1].details).toMatch(
      /^Tagged “opted-out” in BotPenguin .*: \+91 98765 00001, opt-in withdrawn\./,
    );
    const sent = (await t.mock.requests()).filter((r) => r.seq > before);
    expect(sent.map((r) => r.path)).toEqual(['/inbox/users/import']);
    const body = sent[0].body as {
      profile: { userDetails: { tags: string[]; contact: { phone: unknown } } };
    }[];
    expect(body[0].profile.userDetails.contact.phone).toEqual({ prefix: '91', number: national(1) });
    expect(body[0].profile.userDetails.tags).toContain('opted-out');
    const contacts = await t.mock.contacts();
    expect(contacts).toHaveLength(3);
    expect(contacts.find((c) => c.number === national(1))!.tags).toContain('opted-out');
    expect(await t.mock.removedContacts()).toEqual([]);
  });
});

describe('remove selected contacts', () => {
  it('asks first: No sends nothing; Yes removes only the imported rows of the selection', async () => {
    importedSheet(4);
    // A row that was never imported is not eligible.
    t.em.user.setValues(SHEET, 'A6:D6', [['New person', "'+91 98765 09999", '', 'Yes']]);
    t.em.user.select(SHEET, ['A3:D4', 'A6:D6']);
    const plan = call<RemovalPlan>('planRemoval', 'selected');
    expect(plan).toMatchObject({
      eligible: 2,
      ineligible: 1,
      sampleNumbers: ['+91 98765 00001', '+91 98765 00002'],
    });
    const before = (await t.mock.requests()).length;

    t.em.ui.answer('NO');
    t.em.run('menuRemoveSelected');
    expect(t.em.ui.alerts.at(-1)!.prompt).toBe(
      'Remove 2 selected contacts from BotPenguin: +91 98765 00001, +91 98765 00002? Only these contacts are removed; the rows stay in the sheet.',
    );
    expect(t.em.ui.toasts.at(-1)!.message).toBe('Nothing was removed or tagged.');
    expect(await t.mock.requests()).toHaveLength(before);
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Imported', 'Imported', 'Imported', 'Imported', '']);

    t.em.ui.answer('YES');
    t.em.run('menuRemoveSelected');
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual(['Imported', 'Removed', 'Removed', 'Imported', '']);
    expect(rows[1].details).toContain('(removed by choice)');
    expect(await removedNumbers()).toEqual(['919876500001', '919876500002']);
  });

  it('through the sidebar: the confirmation must be the plan the user saw', async () => {
    importedSheet(3);
    t.em.user.select(SHEET, ['A2:D3']);
    const plan = call<RemovalPlan>('planRemoval', 'selected');
    expect(plan.eligible).toBe(2);
    // The selection changes before Yes: nothing is done.
    t.em.user.select(SHEET, ['A2:D4']);
    expect(() => call('startRemoval', 'selected', plan.confirmation)).toThrow(
      /rows changed since you checked/,
    );
    expect(await t.mock.removedContacts()).toEqual([]);
    t.em.user.select(SHEET, ['A2:D3']);
    let progress = call<RemovalProgress>('startRemoval', 'selected', plan.confirmation);
    while (progress.state === 'running') progress = call<RemovalProgress>('continueRemoval', progress.jobId);
    expect(progress).toMatchObject({ state: 'done', counts: { removed: 2, failed: 0, left: 0 } });
    expect(await removedNumbers()).toEqual(['919876500000', '919876500001']);
  });
});

describe('exactly the right contact', () => {
  it('a number with two contacts in BotPenguin: the row says so and nothing is removed', async () => {
    importedSheet(2);
    await t.mock.seedContacts({
      separate: true,
      contacts: [{ prefix: '91', number: national(0), name: 'Same number, from a WhatsApp chat' }],
    });
    // A contact whose number only contains this one is not a match.
    await t.mock.seedContacts({ contacts: [{ prefix: '1', number: `${national(1)}7` }] });
    t.em.user.select(SHEET, ['A2:D3']);
    t.em.ui.answer('YES');
    t.em.run('menuRemoveSelected');
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual(['Not removed', 'Removed']);
    expect(rows[0].details).toMatch(
      /^2 contacts have \+91 98765 00000 in BotPenguin — remove them in BotPenguin \(.*\)\. Nothing removed · last Imported/,
    );
    expect(await removedNumbers()).toEqual(['919876500001']);
    expect(t.em.ui.alerts.at(-1)!.prompt).toContain('1 with several contacts for one number');
  });

  it('the same national number under another country code is another contact: it is kept', async () => {
    importedSheet(2);
    await t.mock.seedContacts({
      contacts: [{ prefix: '1', number: national(1), name: 'Someone in the US' }],
    });
    t.em.user.select(SHEET, ['A3:D3']);
    t.em.ui.answer('YES');
    t.em.run('menuRemoveSelected');
    expect(statuses(t.em).map((r) => r.status)).toEqual(['Imported', 'Removed']);
    expect(await removedNumbers()).toEqual(['919876500001']);
    const kept = (await t.mock.contacts()).filter((c) => c.number === national(1));
    expect(kept.map((c) => c.prefix)).toEqual(['1']);
  });

  it('a contact already removed in BotPenguin is not found, and nothing is removed', async () => {
    importedSheet(2);
    const [first] = await t.mock.contacts();
    // Someone removed it in BotPenguin's inbox.
    const answer = await fetch(`${t.mock.url}/inbox/users/status-update`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${TOKEN}`, authtype: 'Key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ ids: [first._id], status: 'DELETED' }),
    });
    expect(await answer.json()).toEqual({ success: true, message: '', code: 200 });
    withdraw(0, 1);
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    const rows = statuses(t.em);
    expect(rows.map((r) => r.status)).toEqual(['Not removed', 'Removed']);
    expect(rows[0].details).toMatch(
      /^Not found in BotPenguin \(.*\): no contact has \+91 98765 00000\. Nothing removed/,
    );
    expect((await removals()).map((r) => r.status)).toEqual([200, 200]);
  });
});

describe('failures mid-removal', () => {
  it('a 401 stops the run: done rows stay Removed, the rest keep their status, and the next run does only them', async () => {
    importedSheet(4);
    withdraw(0, 1, 2, 3);
    await t.mock.configure({
      faults: [
        { match: { path: '/inbox/users/status-update', nth: 3 }, effect: { kind: 'status', status: 401 } },
      ],
    });
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(t.em.ui.alerts.at(-1)!.prompt).toMatch(
      /^Stopped: BotPenguin rejected the API token \(.*\)\. Save a new token/,
    );
    let rows = statuses(t.em);
    // The four removals went out in one wave: the three BotPenguin accepted are Removed.
    expect(countBy(rows, (r) => r.status)).toEqual({ Removed: 3, Imported: 1 });
    // The rows not done carry no job token: their Details are as before.
    for (const row of rows.filter((r) => r.status === 'Imported')) expect(row.details).toMatch(/^Imported /);
    const removedFirst = await removedNumbers();
    expect(removedFirst).toHaveLength(3);

    await t.mock.configure({ faults: [] });
    const before = (await t.mock.requests()).length;
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    rows = statuses(t.em);
    expect(countBy(rows, (r) => r.status)).toEqual({ Removed: 4 });
    const again = (await lookups()).filter((r) => r.seq > before);
    // Only the row left was looked up again.
    expect(new Set(searched(again)).size).toBe(1);
    for (const number of removedFirst) expect(searched(again)).not.toContain(number.slice(2));
    expect(await removedNumbers()).toEqual(['919876500000', '919876500001', '919876500002', '919876500003']);
  });

  it('a 429 is waited out and retried; every request counts on the URL Fetch meter', async () => {
    importedSheet(2);
    withdraw(0, 1);
    const meterBefore = call<{ usedToday: number }>('getUrlFetchUsage').usedToday;
    await t.mock.configure({
      faults: [
        {
          match: { path: '/inbox/users', nth: 1 },
          effect: { kind: 'status', status: 429, retryAfterSeconds: 1 },
        },
      ],
    });
    const before = (await t.mock.requests()).length;
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Removed: 2 });
    const sent = (await t.mock.requests()).filter((r) => r.seq > before);
    expect(sent.filter((r) => r.status === 429)).toHaveLength(1);
    // 2 rows × (2 search pages + 1 removal) + the one retried.
    expect(sent).toHaveLength(7);
    expect(call<{ usedToday: number }>('getUrlFetchUsage').usedToday - meterBefore).toBe(7);
  });

  it('the time limit: a run stops within its budget, the next one goes on, and every contact is removed once', async () => {
    t.em.dispose();
    // Slow requests: each fetch wave costs 30 s of simulated time.
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 30_000 } });
    const n = 40;
    loadSheet(t.em, [HEADERS, ...rowsOf(n)]);
    saveToken(t.em);
    t.em.user.select(SHEET, [`A2:D${n + 1}`]);
    t.em.run('menuImportSelected');
    withdraw(...Array.from({ length: n }, (_, k) => k));
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(t.em.executions.at(-1)!.error).toBeUndefined();
    expect(t.em.executions.at(-1)!.elapsedMs).toBeLessThan(360_000);
    expect(t.em.ui.alerts.at(-1)!.prompt).toMatch(
      /^Apps Script allows 6 minutes per run: \d+ removed, \d+ still to do\./,
    );
    let counts = countBy(statuses(t.em), (r) => r.status);
    expect(counts.Removed).toBeGreaterThan(0);
    expect(counts.Removed).toBeLessThan(n);
    let runs = 1;
    while (counts.Removed !== n && runs < 10) {
      // The menu offers to go on with the unfinished removal.
      t.em.ui.answer('YES');
      t.em.run('menuHandleOptOuts');
      expect(
        t.em.ui.alerts.find((a) => a.prompt.startsWith('A removal on this sheet has not finished')),
      ).toBeDefined();
      runs++;
      counts = countBy(statuses(t.em), (r) => r.status);
    }
    expect(counts).toEqual({ Removed: n });
    const updates = await removals();
    const ids = updates.map((r) => (r.body as { ids: string[] }).ids[0]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await removedNumbers()).toHaveLength(n);
  });
});

describe('consent given back', () => {
  it('a later import of a removed row creates its contact again and says so', async () => {
    importedSheet(2);
    withdraw(0);
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(statuses(t.em)[0].status).toBe('Removed');
    const removedId = (await t.mock.removedContacts())[0]._id;
    // Still no: an import leaves the removed row alone.
    t.em.user.select(SHEET, ['A2:D3']);
    t.em.run('menuImportSelected');
    expect(statuses(t.em)[0].status).toBe('Removed');
    // Yes again.
    t.em.user.setValues(SHEET, 'D2', [['Yes']]);
    t.em.run('menuImportSelected');
    const row = statuses(t.em)[0];
    expect(row.status).toBe('Imported');
    expect(row.details).toMatch(
      /^Imported .* as \+91 98765 00000 \(India\) · ref [0-9a-f]+ · created again in BotPenguin after its removal$/,
    );
    const contact = (await t.mock.contacts()).find((c) => c.number === national(0))!;
    expect(contact._id).not.toBe(removedId);
  });
});

describe('run log and automatic runs', () => {
  it('logs removals and tagging in the run log', () => {
    importedSheet(2);
    withdraw(0);
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    const log = t.em.spreadsheet.requireSheet('BotPenguin log');
    const columns = t.em.user.getValues('BotPenguin log', 'A1:P1')[0];
    const rowAt = (row: number) => {
      const values = t.em.user.getValues('BotPenguin log', `A${row}:P${row}`)[0];
      return Object.fromEntries(columns.map((column, i) => [column, values[i]]));
    };
    // Every value under its own header (a removal row once left out "Already imported").
    expect(rowAt(log.lastRow())).toMatchObject({
      'Started from': 'Menu',
      Run: 'Opt-outs: remove from BotPenguin',
      Sheet: SHEET,
      'Rows considered': 1,
      'Already imported': 0,
      Queued: 0,
      'Requests sent': 3,
      'API host': 'https://api-v7.express-chat.com/',
      'How it ended': 'Done: 1 removed, 0 tagged, 0 not found, 0 with several contacts',
    });

    // Tagging instead: its own row, named as such.
    call<OptOutSettings>('saveOptOutSettings', { handling: 'tag' });
    withdraw(1);
    t.em.ui.answer('YES');
    t.em.run('menuHandleOptOuts');
    expect(rowAt(log.lastRow())).toMatchObject({
      Run: 'Opt-outs: tag',
      'Rows considered': 1,
      Imported: 1,
      'Requests sent': 1,
      'How it ended': 'Done: 0 removed, 1 tagged, 0 not found, 0 with several contacts',
    });
  });

  it('the automatic import handles opt-outs only when switched on, and says so', async () => {
    importedSheet(2);
    withdraw(1);
    const view = call<{ optOuts: string | null }>('setAutoImport', true);
    expect(view.optOuts).toMatch(/^Opt-outs are not handled automatically/);
    const HOUR = 3600_000;
    t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(await t.mock.removedContacts()).toEqual([]);
    expect(statuses(t.em)[1].status).toBe('Opted out');

    call('saveOptOutSettings', { automatic: true });
    expect(call<{ optOuts: string | null }>('getAutoImport').optOuts).toMatch(/^Opt-outs are handled too/);
    t.em.triggers.runDue(t.em.clock.now() + 2 * HOUR);
    expect(statuses(t.em)[1].status).toBe('Removed');
    expect(await removedNumbers()).toEqual(['919876500001']);
  });
});
