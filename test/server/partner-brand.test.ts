/**
 * The example partner's build (dist/acme/, from brands/acme.json) end to end: its bundle in the
 * emulator imports through the menu against the mock routed at the partner's host, writes
 * statuses under the partner's headers, and its sidebar renders under the partner's title and
 * colours in Chromium. Nothing the user sees says BotPenguin.
 */
import { describe, expect, it } from 'vitest';
import {
  contactRows,
  countBy,
  emulatorFor,
  HEADERS,
  loadSheet,
  SHEET,
  saveToken,
  statuses,
  TOKEN,
} from '../../tools/harness';
import { PARTNER_DIST } from '../../tools/paths';
import { contactRows as sidebarRows, statusColumn, useSidebarSuite } from '../browser/harness';

const PARTNER_HOST = 'https://api.acmechat.example/';
const PARTNER_COLUMNS = { status: 'Acme Chat Status', details: 'Acme Chat Details' };

// Chromium and the mock for the file (the mock reset before each test); sessions checked and closed after each.
const suite = useSidebarSuite(TOKEN);

/** Every text the user saw in an execution: menus, alerts, toasts, dialogs. */
function shownTexts(em: ReturnType<typeof emulatorFor>): string {
  return JSON.stringify([em.ui.menus, em.ui.alerts, em.ui.toasts, em.ui.dialogs]);
}

describe('partner build in the emulator', () => {
  it('imports selected rows from the menu at the partner host, with partner headers and words', async () => {
    const em = emulatorFor(suite.mock, {}, PARTNER_DIST);
    try {
      em.ui.addonName = 'Acme Chat Contacts';
      em.runWithEvent('onOpen', { authMode: 'NONE' });
      expect(em.ui.menus[0].title).toBe('Acme Chat Contacts');

      loadSheet(em, [HEADERS, ...contactRows(4)]);
      // Without a token, the partner's words tell the user where to get one.
      em.user.select(SHEET, ['A2:D5']);
      em.run('menuImportSelected');
      expect(em.ui.alerts[0].title).toBe('Acme Chat Contacts');
      expect(em.ui.alerts[0].prompt).toContain('Extensions → Acme Chat Contacts → Open sidebar');
      expect(em.ui.alerts[0].prompt).toContain('Acme Chat → Settings → API access');

      saveToken(em);
      em.run('menuImportSelected');
      const rows = statuses(em, SHEET, PARTNER_COLUMNS);
      expect(countBy(rows, (r) => r.status)).toEqual({ Imported: 4 });
      expect(rows[0].details).toMatch(
        /^Imported \d{4}-\d\d-\d\d \d\d:\d\d as \+91 [\d ]+ \(India\) · ref [0-9a-f]+$/,
      );
      expect(em.user.getValues(SHEET, 'E1:F1')[0]).toEqual(['Acme Chat Status', 'Acme Chat Details']);
      expect(em.ui.toasts.at(-1)).toMatchObject({
        title: 'Acme Chat Contacts',
        message: 'Imported 4 rows into Acme Chat.',
      });

      // The request went to the partner host (the only one the manifest allows), routed to the mock.
      const requests = (await suite.mock.requests()).filter((r) => r.path === '/inbox/users/import');
      expect(requests).toHaveLength(1);
      expect(requests[0].profiles).toBe(4);
      expect(em.scriptRun('getSettings')).toMatchObject({
        apiHost: PARTNER_HOST,
        allowedHosts: [PARTNER_HOST],
      });

      em.run('menuHelp');
      expect(em.ui.current?.title).toBe('Acme Chat Contacts: help');
      expect(em.ui.current?.html).toContain(`<code>${PARTNER_HOST}</code>`);
      expect(shownTexts(em)).not.toMatch(/botpenguin|express-chat/i);
    } finally {
      em.dispose();
    }
  });
});

describe('partner sidebar in Chromium', () => {
  it('offers partner mode first: with nothing saved, the partner key comes before the API token, open', async () => {
    const session = await suite.open({ rows: sidebarRows(1), distDir: PARTNER_DIST });
    const { page } = session;
    const forms = page.locator('#connection-section form');
    await expect
      .poll(() => forms.evaluateAll((all) => all.map((form) => form.id)))
      .toEqual(['partner-form', 'token-form']);
    expect(await page.locator('#connection-section').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(
      true,
    );
    expect(await page.locator('#partner-key-input').isVisible()).toBe(true);
    // Partner mode itself starts only when a key is saved.
    expect(await page.locator('#partner-mode').isChecked()).toBe(false);
  });

  it('renders under the partner title and colour, offers only the partner host, and imports', async () => {
    const session = await suite.open({
      rows: sidebarRows(3),
      settings: { token: TOKEN },
      distDir: PARTNER_DIST,
    });
    const { page, em } = session;
    expect(await page.title()).toBe('Acme Chat Contacts');
    const save = page.locator('#token-save');
    expect(await save.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(106, 27, 154)');
    expect(
      await page
        .locator('#host-select option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toEqual([PARTNER_HOST]);
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toContain('Imported 3 rows into Acme Chat');
    expect(statusColumn(em, 3, 'Acme Chat Status')).toEqual(['Imported', 'Imported', 'Imported']);
    expect(await page.locator('body').textContent()).not.toMatch(/botpenguin/i);
  });
});
