/**
 * The URL Fetch meter on the shipped bundle: the add-on's own requests counted per user in
 * Google's window ("reset 24 hours after the first request", quotas page), a question before a
 * run that needs more than are left, and the quota exception's message saying when it resets.
 */
import { describe, expect, it } from 'vitest';
import type {
  ExportProgress,
  ImportProgress,
  SelectionPreview,
  UrlFetchUsage,
} from '../../src/shared/contracts';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  useAddOnUnderTest,
} from '../../tools/harness';

const t = useAddOnUnderTest();
const HOUR = 3_600_000;
/** The emulator starts at 2025-01-06 09:00 UTC: a window begun then ends 24 hours later at the latest. */
const START = Date.UTC(2025, 0, 6, 9, 0, 0);
const RESET =
  "09:00 on 2025-01-07 at the latest (24 hours after the first request; this spreadsheet's time zone, Etc/UTC)";
const LIMITS =
  'Google allows 20,000 a day on a Gmail account or 100,000 on Google Workspace, shared with your other scripts and add-ons.';

function setUp(rows: unknown[][]): void {
  loadSheet(t.em, [HEADERS, ...rows]);
  saveToken(t.em);
  t.em.user.select(SHEET, [`A2:D${rows.length + 1}`]);
}

const usage = () => t.em.scriptRun('getUrlFetchUsage') as UrlFetchUsage;

/** Sets the meter as if this add-on had sent `used` requests since `since` (same record the add-on writes). */
function meterAt(used: number, since = START): void {
  t.em.properties.user.set('bp.urlFetch.today', JSON.stringify({ since, used }));
}

describe('URL Fetch meter', () => {
  it('counts the add-on’s requests in a 24-hour window from its first request, one write per execution', () => {
    setUp(contactRows(250));
    expect(usage()).toMatchObject({ usedToday: 0, left: 20_000, resetsAt: RESET });
    // Writes of the meter's record: property writes after which its value changed.
    let writes = 0;
    let last = t.em.properties.user.get('bp.urlFetch.today');
    const stop = t.em.onServiceCall(({ kind, phase }) => {
      if (phase !== 'after' || kind !== 'PropertiesService.setProperty') return;
      const now = t.em.properties.user.get('bp.urlFetch.today');
      if (now !== last) writes++;
      last = now;
    });
    t.em.run('menuImportSelected'); // 3 requests
    expect(writes).toBe(1);
    t.em.scriptRun('testConnection'); // 1 request
    t.em.user.setValues(SHEET, 'A252:D501', contactRows(250, 1000));
    t.em.run('menuImportAll'); // 3 more
    expect(writes).toBe(3);
    stop();
    expect(usage()).toMatchObject({
      usedToday: 7,
      left: 19_993,
      message: `URL Fetch in the last 24 hours: 7 requests by this add-on. ${LIMITS}`,
    });
    expect(t.em.urlFetchQuota.used()).toBe(7);

    // A minute before 24 hours after the first request: still counted; two minutes later, a new window.
    const since = JSON.parse(t.em.properties.user.get('bp.urlFetch.today') ?? '{}').since as number;
    expect(since - START).toBeLessThan(60_000);
    t.em.clock.advance(since + 24 * HOUR - 60_000 - t.em.clock.now());
    expect(usage().usedToday).toBe(7);
    t.em.clock.advance(2 * 60_000);
    expect(usage()).toMatchObject({ usedToday: 0, left: 20_000 });
    expect(usage().resetsAt).toContain('on 2025-01-08 at the latest');
    t.em.user.setValues(SHEET, 'A502:D601', contactRows(100, 5000));
    t.em.run('menuImportAll');
    expect(usage().usedToday).toBe(1);
  });

  it('counts every request an export sends, retries included, from the sidebar and from the menu', async () => {
    // 15 contacts in pages of 5: pages 1–3, then the empty page 4 that says the list ended; page 2
    // answers 503 once and is asked again.
    await t.mock.configure({
      pageSize: 5,
      faults: [{ match: { path: '/inbox/users', nth: 2 }, effect: { kind: 'status', status: 503 } }],
    });
    await t.mock.seedContacts({ count: 15 });
    saveToken(t.em);
    const sent = async () => (await t.mock.requests()).filter((r) => r.path === '/inbox/users').length;
    const progress = t.em.scriptRun('startExport', {}) as ExportProgress;
    expect(progress).toMatchObject({ state: 'done', contacts: 15 });
    const fromSidebar = await sent();
    expect(fromSidebar).toBeGreaterThanOrEqual(4);
    expect(usage().usedToday).toBe(fromSidebar);

    await t.mock.configure({ faults: [] });
    t.em.ui.answer('OK', '');
    t.em.run('menuExportContacts');
    const fromMenu = (await sent()) - fromSidebar;
    expect(fromMenu).toBeGreaterThanOrEqual(3);
    expect(usage().usedToday).toBe(fromSidebar + fromMenu);
  });

  it('the displayed count groups thousands', () => {
    setUp(contactRows(1));
    meterAt(1240);
    expect(usage().message).toBe(`URL Fetch in the last 24 hours: 1,240 requests by this add-on. ${LIMITS}`);
    meterAt(1240, START - 24 * HOUR);
    expect(usage().usedToday).toBe(0);
    // A record of an earlier version (per Pacific day) counts as a new window.
    t.em.properties.user.set('bp.urlFetch.today', JSON.stringify({ day: '2025-01-06', used: 5 }));
    expect(usage().usedToday).toBe(0);
  });

  it('asks before a menu run that needs more requests than are left; No sends nothing', async () => {
    setUp(contactRows(250));
    meterAt(19_999);
    t.em.ui.answer('NO');
    t.em.run('menuImportSelected');
    expect(t.em.ui.alerts).toHaveLength(1);
    const question = t.em.ui.alerts[0];
    expect(question.buttons).toBe('YES_NO');
    expect(question.prompt).toContain('needs about 3 requests to BotPenguin, but only 1 of the 20,000');
    expect(question.prompt).toContain(RESET);
    expect(await t.mock.requests()).toHaveLength(0);
    expect(statuses(t.em).every((r) => r.status === '')).toBe(true);

    // A small run that fits asks nothing.
    t.em.user.select(SHEET, ['A2:D2']);
    t.em.run('menuImportSelected');
    expect(t.em.ui.alerts).toHaveLength(1);
    expect(statuses(t.em)[0].status).toBe('Imported');
  });

  it('the sidebar preview carries the estimate and what is left', () => {
    setUp(contactRows(250));
    meterAt(19_999);
    const preview = t.em.scriptRun('previewSelection') as SelectionPreview;
    expect(preview.estimatedRequests).toBe(3);
    expect(preview.urlFetch).toMatchObject({ usedToday: 19_999, left: 1, dailyLimit: 20_000 });
  });

  it('when Apps Script refuses for the daily quota, rows stay Queued and the message says when it resets', async () => {
    t.em.dispose();
    t.em = emulatorFor(t.mock, { urlFetchUsedToday: 19_999 });
    setUp(contactRows(250));
    meterAt(19_999);
    t.em.run('menuImportSelected'); // the question is answered Yes (the first button)
    expect(t.em.ui.alerts).toHaveLength(2);
    const message = t.em.ui.alerts[1].prompt;
    expect(message).toContain('used up');
    expect(message).toContain(`Google resets it at ${RESET}; then choose Retry failed rows.`);
    expect(countBy(statuses(t.em), (r) => r.status)).toEqual({ Queued: 250 });
    expect(await t.mock.requests()).toHaveLength(0);
    // The message is made once, when the run finishes: the sidebar's latest run and the run log
    // say what the alert said, reset time included.
    const summary = t.em.scriptRun('getSheetSummary') as { lastRun: { message: string } | null };
    expect(summary.lastRun?.message).toBe(message);

    // The sidebar says the same, an hour later.
    t.em.clock.advance(HOUR);
    const progress = t.em.scriptRun('startImport', { mode: 'retry' }) as ImportProgress;
    expect(progress.state).toBe('stopped');
    expect(progress.stopReason).toBe('quota');
    expect(progress.message).toContain(RESET);
  });
});
