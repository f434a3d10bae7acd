/**
 * "Import new rows automatically" on the shipped bundle: the triggers it installs, run by the
 * emulator as Apps Script runs them (no UI, FULL auth), against the BotPenguin mock.
 */
import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../emulator/index';
import type { RecordedRequest } from '../../mock-api/index';
import type { AutoImportView } from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  importRequests,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const HOUR = 3_600_000;
const FORM_URL = 'https://docs.google.com/forms/d/e/1FAIpQLSf-example/viewform';

const imports = () => importRequests(t.mock);

function phonesIn(request: RecordedRequest): string[] {
  const body = request.body as { profile: { userDetails: { contact: { phone: { number: string } } } } }[];
  return body.map((p) => p.profile.userDetails.contact.phone.number);
}

function setUp(rows: unknown[][]): void {
  loadSheet(t.em, [HEADERS, ...rows]);
  saveToken(t.em);
}

const switchOn = () => t.em.scriptRun('setAutoImport', true) as AutoImportView;
const view = () => t.em.scriptRun('getAutoImport') as AutoImportView;
const logRows = () => {
  const model = t.em.spreadsheet.sheet('BotPenguin log');
  return model ? t.em.user.getValues('BotPenguin log', `A2:O${model.lastRow()}`) : [];
};
/** What the trigger executions showed: nothing, since there is nobody to show it to. */
const uiShown = () => t.em.ui.alerts.length + t.em.ui.toasts.length + t.em.ui.sidebars.length;

describe('automatic import', () => {
  it('is one hourly trigger per user, created once, removed when switched off', () => {
    setUp(contactRows(3));
    expect(view()).toMatchObject({ on: false, owner: null, lastRun: null, note: null });
    const on = switchOn();
    expect(on).toMatchObject({
      sheetName: SHEET,
      on: true,
      owner: 'user@example.com',
      mine: true,
      kind: 'hourly',
    });
    switchOn();
    expect(t.em.triggers.list.map((tr) => [tr.handlerFunction, tr.eventType])).toEqual([
      ['autoImportHourly', 'CLOCK'],
    ]);

    expect(t.em.scriptRun('setAutoImport', false)).toMatchObject({ on: false, owner: null });
    expect(t.em.triggers.list).toEqual([]);
  });

  it('shows it off when its trigger was removed elsewhere, and asks for the permission it lacks', () => {
    setUp(contactRows(3));
    switchOn();
    t.em.triggers.list.splice(0); // deleted on Apps Script's Triggers page
    expect(view()).toMatchObject({ on: false, owner: null });

    t.em.auth.revoke(SCOPES.scriptApp);
    expect(() => switchOn()).toThrow(/Allow this application to run when you are not present/);
    expect(() => view()).not.toThrow();
    t.em.auth.grant(SCOPES.scriptApp);
    switchOn();
    expect(t.em.triggers.list).toHaveLength(1);
  });

  it('needs a token before it can be switched on', () => {
    loadSheet(t.em, [HEADERS, ...contactRows(1)]);
    expect(() => switchOn()).toThrow(/No BotPenguin API token/);
    expect(t.em.triggers.list).toEqual([]);
  });

  it('imports a Google Form response in the execution it arrives in, without any UI', async () => {
    setUp(contactRows(4));
    t.em.run('menuImportAll');
    t.em.ui.toasts.length = 0;
    t.em.spreadsheet.formUrl = FORM_URL;
    expect(switchOn().kind).toBe('form');
    expect(t.em.triggers.list.map((tr) => tr.eventType).sort()).toEqual(['CLOCK', 'ON_FORM_SUBMIT']);

    const [row] = contactRows(1, 500);
    const runs = t.em.triggers.fireFormSubmit(SHEET, row);
    expect(runs).toHaveLength(1);
    expect(runs[0].error).toBeUndefined();
    const requests = await imports();
    expect(requests).toHaveLength(2);
    expect(phonesIn(requests[1])).toEqual(['9800000500']);
    const last = statuses(t.em).at(-1)!;
    expect(last.values[0]).toBe('Contact 500');
    expect(last.status).toBe('Imported');
    expect(uiShown()).toBe(0);
    expect(logRows().at(-1)!.slice(2, 7)).toEqual(['Automatic', 'New and queued rows', SHEET, 5, 1]);
    expect(view().lastRun).toMatch(/^2025-01-06 09:\d\d: Imported 1 row into BotPenguin\./);
  });

  it('every hour sends only rows that are new or changed (Failed rows wait for Retry)', async () => {
    setUp(contactRows(6));
    t.em.run('menuImportAll');
    t.em.ui.toasts.length = 0;
    switchOn();
    t.em.user.setValues(SHEET, 'A6', [['Renamed']]); // row 6: another name, same phone: changed
    t.em.user.setValues(SHEET, 'A7:D8', contactRows(2, 100)); // row 7 another phone; row 8 new
    t.em.user.setValues(SHEET, 'A9:D10', contactRows(2, 200)); // new rows
    t.em.user.setValues(SHEET, 'E3:F3', [['Failed', 'Failed 2025-01-06 09:00: refused']]);

    const runs = t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(runs.map((r) => [r.fn, r.error])).toEqual([['autoImportHourly', undefined]]);
    const requests = await imports();
    expect(requests).toHaveLength(2);
    expect(phonesIn(requests[1]).sort()).toEqual(['9800000004', '9800000101', '9800000200', '9800000201']);
    expect(statuses(t.em)[1].status).toBe('Failed');
    // An imported row given another phone is never sent as a new contact without Re-send.
    expect(statuses(t.em)[5].status).toBe('Phone changed');
    expect(uiShown()).toBe(0);

    // Nothing new the next hour: nothing sent, and no log row for an empty run.
    const logged = logRows().length;
    t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(await imports()).toHaveLength(2);
    expect(logRows()).toHaveLength(logged);
    expect(view().lastRun).toMatch(/nothing new to import/);
  });

  it('goes on with rows a time limit left Queued until the import is finished', async () => {
    t.em.dispose();
    // Each request costs a minute: one execution sends about 4 chunks of 400 rows.
    t.em = emulatorFor(t.mock, { latency: { fetchBaseMs: 60_000 } });
    setUp(contactRows(4000));
    switchOn();
    let hours = 0;
    while (countBy(statuses(t.em), (r) => r.status).Imported !== 4000 && hours < 6) {
      t.em.triggers.runDue(t.em.clock.now() + HOUR);
      hours++;
    }
    expect(hours).toBeGreaterThan(1);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Imported: 4000 });
    expect((await t.mock.contacts()).length).toBe(4000);
    expect(logRows().map((r) => r[14])).toEqual([...Array(hours - 1).fill('Time budget'), 'Done']);
  });

  it('turns itself off when the day’s URL Fetch quota is used up: trigger deleted, log row, rows Queued', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { urlFetchUsedToday: 20_000 });
    setUp(contactRows(5));
    switchOn();
    const runs = t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(runs[0].error).toBeUndefined();
    expect(await imports()).toHaveLength(0);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Queued: 5 });
    expect(t.em.triggers.list).toEqual([]);
    expect(logRows().map((r) => [r[2], r[11], r[14]])).toEqual([
      ['Automatic', 5, 'Quota (automatic import turned off)'],
    ]);
    const after = view();
    expect(after.on).toBe(false);
    expect(after.note).toContain('daily URL Fetch quota');
    expect(after.note).toContain(
      'It resets at 10:00 on 2025-01-07 at the latest (24 hours after the first request',
    );
    expect(uiShown()).toBe(0);
  });

  it('turns itself off when BotPenguin rejects the token', async () => {
    setUp(contactRows(1000));
    switchOn();
    saveToken(t.em, 'bp-wrong-token-000000000');
    t.em.triggers.runDue(t.em.clock.now() + HOUR);
    expect(t.em.triggers.list).toEqual([]);
    expect(countBy(statuses(t.em), (r) => r.status).Queued).toBeGreaterThan(0);
    expect(logRows().at(-1)![14]).toBe('Token rejected (automatic import turned off)');
    expect(view()).toMatchObject({ on: false });
    expect(view().note).toContain('rejected the API token');
    // Switching on again clears the note and installs one trigger.
    saveToken(t.em);
    expect(switchOn().note).toBeNull();
    expect(t.em.triggers.list).toHaveLength(1);
  });

  it('its handlers do nothing when called from a browser with a made-up event', async () => {
    setUp(contactRows(3));
    switchOn();
    const uid = t.em.triggers.list[0].id;
    const event = { triggerUid: uid, authMode: 'FULL', year: 2025, month: 1, hour: 10, minute: 0 };
    t.em.scriptRun('autoImportHourly', event);
    t.em.scriptRun('autoImportHourly', { ...event, triggerUid: 'nope' });
    t.em.scriptRun('autoImportOnFormSubmit', { triggerUid: uid, authMode: 'FULL', values: [] });
    t.em.run('autoImportHourly', event);
    expect(await imports()).toHaveLength(0);
    expect(statuses(t.em).every((r) => r.status === '')).toBe(true);
  });
});
