/**
 * The sidebar's Automation section in real headless Chromium, end to end through the emulator
 * running dist/Code.js against the BotPenguin mock: the automatic-import switch, Open log, the
 * URL Fetch meter, and the question before an import that needs more requests than are left.
 */
import { describe, expect, it } from 'vitest';
import { contactRows, useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';

const suite = useSidebarSuite(TOKEN);

const importRequests = async () =>
  (await suite.mock.requests()).filter((r) => r.path === '/inbox/users/import');

describe('Automation', () => {
  it('switches automatic import on and off, shows whose trigger it is, and opens the log', async () => {
    const session = await suite.open({
      rows: contactRows(3),
      settings: { token: TOKEN },
    });
    const { page, em } = session;
    await expect
      .poll(() => page.locator('#fetch-usage').textContent())
      .toBe(
        'URL Fetch in the last 24 hours: 0 requests by this add-on. Google allows 20,000 a day on a Gmail account or 100,000 on Google Workspace, shared with your other scripts and add-ons.',
      );
    expect(await page.locator('#auto-state').textContent()).toContain('Off');

    await page.locator('#auto-import').check();
    await expect
      .poll(() => page.locator('#auto-state').textContent())
      .toContain('Every hour, by the trigger of user@example.com (you).');
    expect(em.triggers.list.map((t) => t.handlerFunction)).toEqual(['autoImportHourly']);

    await page.locator('#auto-import').uncheck();
    await expect.poll(() => page.locator('#auto-state').textContent()).toContain('Off');
    expect(em.triggers.list).toEqual([]);

    await page.locator('#open-log').click();
    await expect.poll(() => em.spreadsheet.activeSheetName).toBe('BotPenguin log');
    await session.screenshot('30-automation');
  });

  it('shows why it turned itself off, as text', async () => {
    const session = await suite.open({
      rows: contactRows(3),
      settings: { token: TOKEN },
    });
    const { page, em } = session;
    await page.locator('#auto-import').check();
    await expect.poll(() => em.triggers.list.length).toBe(1);
    em.urlFetchQuota.setUsedToday(20_000);
    em.triggers.runDue(em.clock.now() + 3_600_000);
    await page.reload();
    await page.locator('main[aria-busy="false"]').waitFor();
    await expect.poll(() => page.locator('#auto-note').isVisible()).toBe(true);
    expect(await page.locator('#auto-note').textContent()).toContain(
      'daily URL Fetch quota for your Google account was used up',
    );
    expect(await page.locator('#auto-import').isChecked()).toBe(false);
  });

  it('asks before an import that needs more requests than are left today; Cancel sends nothing', async () => {
    const session = await suite.open({
      rows: contactRows(12),
      settings: { token: TOKEN, batchSize: 5 },
    });
    const { page, em } = session;
    em.properties.user.set('bp.urlFetch.today', JSON.stringify({ since: em.clock.now(), used: 19_998 }));
    await page.locator('#preview-refresh').click();
    await page.locator('#preview-refresh:not([disabled])').waitFor();
    await page.locator('#import-start').click();
    await expect.poll(() => session.dialogs.length).toBe(1);
    expect(session.dialogs[0]).toContain('needs about 3 requests, but only 2 of the 20,000');
    expect(await importRequests()).toHaveLength(0);
    expect(await page.locator('#progress-panel').isHidden()).toBe(true);
  });
});
