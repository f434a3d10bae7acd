/**
 * The sidebar for a marketer's day, in real Chromium on the built bundle: the action bar in view at
 * 300×370 and 300×900, the sidebar following the selection and runs started elsewhere (the menu),
 * selecting the rows to fix, BotPenguin's tags, a tag per import, focus and axe-core.
 * DOCS_SCREENSHOTS=1 also writes the README's pictures into docs/.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';
import { seriousAxeViolations } from './axe';
import {
  callGate,
  contactRow,
  contactRows,
  phoneDigits,
  type SessionOptions,
  SIDEBAR_WIDTH,
  type SidebarSession,
  statusColumn,
  useSidebarSuite,
} from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const CHUNKED = { batchSize: 5, parallelRequests: 1 };
const SLOW_FETCH = { fetchBaseMs: 12_000 };
/** The sidebar polls every 4 s; a change must show within a few polls. */
const FOLLOWS = { timeout: 20_000, interval: 250 };

const suite = useSidebarSuite(TOKEN, { checkWidth: true });

async function open(options: Omit<SessionOptions, 'mock'>): Promise<SidebarSession> {
  return suite.open(options);
}

async function shot(s: SidebarSession, name: string, docsName?: string): Promise<void> {
  const path = await s.screenshot(name);
  if (docsName && process.env.DOCS_SCREENSHOTS) copyFileSync(path, join(ROOT, 'docs', docsName));
}

/** Entirely inside the visible area: nothing to scroll to. */
async function inView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const height = page.viewportSize()?.height ?? 0;
  return box !== null && box.height > 0 && box.y >= 0 && box.y + box.height <= height;
}

/** In the scrolling sections' visible part: not under the action bar, not scrolled away. */
async function inSectionsView(page: Page, locator: Locator): Promise<boolean> {
  const box = await locator.boundingBox();
  const barTop = (await page.locator('#action-bar').boundingBox())?.y ?? 0;
  return box !== null && box.height > 0 && box.y >= 0 && box.y + box.height <= barTop;
}

const calls = (s: SidebarSession, fn: string) => s.bridge.calls().filter((call) => call.fn === fn).length;

describe('Layout: the action bar stays in view', () => {
  for (const height of [370, 900]) {
    it(`at ${SIDEBAR_WIDTH}×${height}: buttons, progress, Cancel, the result and Retry without scrolling`, async () => {
      const gate = callGate('continueImport');
      gate.close();
      const s = await open({
        rows: contactRows(40),
        settings: { token: TOKEN, ...CHUNKED },
        latency: SLOW_FETCH,
        viewportHeight: height,
        beforeCall: (fn) => gate.beforeCall(fn),
      });
      const { page } = s;
      await expect.poll(() => page.locator('#preview-message').textContent()).toMatch(/^40 rows selected/);
      for (const id of ['#import-start', '#validate-start'])
        expect(await inView(page, page.locator(id))).toBe(true);
      // The sections scroll; the bar does not.
      const scrollable = await page.evaluate(() => {
        const main = document.getElementById('scroll')!;
        return main.scrollHeight > main.clientHeight;
      });
      if (height === 370) expect(scrollable).toBe(true);
      await shot(s, `layout-${height}-start`, height === 370 ? 'sidebar-370.png' : undefined);

      await page.getByRole('button', { name: 'Import selected' }).click();
      await gate.arrival();
      await expect.poll(() => page.locator('#progress-bar').getAttribute('aria-valuenow')).not.toBe('0');
      expect(await inView(page, page.locator('#progress-bar'))).toBe(true);
      expect(await inView(page, page.getByRole('button', { name: 'Cancel' }))).toBe(true);
      await shot(s, `layout-${height}-progress`);
      await page.getByRole('button', { name: 'Cancel' }).click();
      gate.open();

      const result = page.locator('#result-message');
      await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Import cancelled/);
      const retry = page.getByRole('button', { name: /^Retry failed rows \(\d+\)$/ });
      await retry.waitFor();
      expect(await inView(page, result)).toBe(true);
      expect(await inView(page, retry)).toBe(true);
      const queued = statusColumn(s.em, 40).filter((status) => status === 'Queued').length;
      expect(await retry.textContent()).toBe(`Retry failed rows (${queued})`);
      await shot(s, `layout-${height}-cancelled`, height === 370 ? 'sidebar-cancelled.png' : undefined);
    });
  }

  it('at 300×370 an error from Import appears in the bar, in view, and is announced', async () => {
    const s = await open({
      rows: [['Asha Rao', 'no phone column here']],
      headers: ['Name', 'Notes'],
      settings: { token: TOKEN },
      viewportHeight: 370,
    });
    const { page } = s;
    // The alert region is in the page before anything is said in it.
    expect(await page.locator('#alert-text[role="alert"]').count()).toBe(1);
    expect(await page.locator('#alert-text').textContent()).toBe('');
    await page.getByRole('button', { name: 'Import selected' }).click();
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/^No phone column found in row 1/);
    expect(await inView(page, alert)).toBe(true);
    expect(await inView(page, page.getByRole('button', { name: 'Import selected' }))).toBe(true);
    await shot(s, 'layout-370-error');
  });
});

describe('Always current', () => {
  it('follows the selection without Refresh, and stops asking while hidden', async () => {
    const s = await open({ rows: contactRows(6), settings: { token: TOKEN }, clock: true });
    const { page, em } = s;
    const message = page.locator('#preview-message');
    await expect.poll(() => message.textContent()).toMatch(/^6 rows selected/);

    em.user.select('Sheet1', ['A2:F3', 'A6:F6']);
    await s.advance(4_000); // the next poll
    await expect.poll(() => message.textContent(), FOLLOWS).toMatch(/^3 rows selected: 3 ready/);
    // The poll itself is the cheap summary; the preview is asked for only when something changed.
    const previews = calls(s, 'previewSelection');
    const summaries = calls(s, 'getSheetSummary');
    await s.advance(10_000); // two polls: 4 s after the change, then 6 s later
    expect(calls(s, 'getSheetSummary')).toBe(summaries + 2);
    expect(calls(s, 'previewSelection')).toBe(previews);

    // Hidden (another tab of the sidebar area, a minimised window): no calls at all.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const whileHidden = calls(s, 'getSheetSummary');
    em.user.select('Sheet1', ['A2:F2']);
    await s.advance(60_000); // two longest poll intervals
    expect(calls(s, 'getSheetSummary')).toBe(whileHidden);
    expect(await message.textContent()).toMatch(/^3 rows selected/);

    // Visible again: it catches up at once.
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => message.textContent(), { timeout: 3_000 }).toMatch(/^1 row selected/);
  });

  it('shows a menu run: new result, counts and Retry from the sheet, not from its memory', async () => {
    const s = await open({
      rows: contactRows(10),
      settings: { token: TOKEN },
      viewportHeight: 370,
      clock: true,
    });
    const { page, em } = s;
    await suite.mock.configure({ invalidPhones: [phoneDigits(3), phoneDigits(7)] });
    await page.getByRole('button', { name: 'Import selected' }).click();
    const retry = page.getByRole('button', { name: 'Retry failed rows (2)' });
    await retry.waitFor();
    expect(await page.locator('#result-when').textContent()).toBe('Import selected, just now');

    // Someone uses the menu: Extensions → BotPenguin Contacts → Retry failed rows.
    await suite.mock.configure({ invalidPhones: [] });
    em.run('menuRetryFailed');
    expect(em.ui.toasts.at(-1)?.message).toBe('Imported 2 rows into BotPenguin.');
    await s.advance(30_000); // within the longest poll interval
    const result = page.locator('#result-message');
    await expect.poll(() => result.textContent(), FOLLOWS).toBe('Imported 2 rows into BotPenguin.');
    expect(await page.locator('#result-when').textContent()).toMatch(
      /^Last run: Retry failed rows, \d{4}-\d\d-\d\d \d\d:\d\d$/,
    );
    expect(await result.getAttribute('data-tone')).toBe('ok');
    expect(await page.locator('#result-counts li').allTextContents()).toEqual(['2 imported']);
    await expect.poll(() => retry.isHidden()).toBe(true);
    await expect
      .poll(() => page.locator('#preview-message').textContent(), FOLLOWS)
      .toBe('10 rows selected: 0 ready, 0 invalid, 10 already imported.');
    expect(await page.locator('#select-failed').textContent()).toBe('Select Failed rows (0)');
    await shot(s, 'menu-run-followed');

    // Import all from the menu, with nothing new: said as nothing, never as a success.
    em.run('menuImportAll');
    await s.advance(30_000);
    await expect
      .poll(() => result.textContent(), FOLLOWS)
      .toBe(
        'No rows were imported. 10 rows were already imported and left alone; see the BotPenguin Status column.',
      );
    expect(await result.getAttribute('data-tone')).toBe('info');
    expect(await page.locator('#result-when').textContent()).toMatch(
      /^Last run: Import all new or changed rows/,
    );
  });
});

describe('Rows to fix', () => {
  it('selects exactly the Invalid, Failed and Phone changed rows, then clears a status after asking', async () => {
    // Rows 2..11: 4, 5, 6 and 9 have no usable phone; 7 is refused by BotPenguin; 8 changes phone.
    const rows = contactRows(10).map((row, i) =>
      [2, 3, 4, 7].includes(i) ? [row[0], '12', ...row.slice(2)] : row,
    );
    const s = await open({ rows, settings: { token: TOKEN }, clock: true });
    const { page, em } = s;
    await suite.mock.configure({ invalidPhones: [phoneDigits(6)] });
    await page.getByRole('button', { name: 'Import selected' }).click();
    await page.getByRole('button', { name: 'Retry failed rows (1)' }).waitFor();

    // Row 8 gets another number; importing it again marks it Phone changed.
    em.user.setValues('Sheet1', 'B8', [[contactRow(50)[1]]]);
    em.user.select('Sheet1', ['B8']);
    await s.advance(30_000);
    await expect
      .poll(() => page.locator('#preview-message').textContent(), FOLLOWS)
      .toMatch(/^1 row selected/);
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => statusColumn(em, 10)[6]).toBe('Phone changed');
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toBe(
        'No rows were imported. 1 row is Phone changed (not sent: tick Re-send rows already imported to import the new number as a new contact); see the BotPenguin Status column.',
      );
    expect(await page.locator('#result-counts li').allTextContents()).toEqual(['1 Phone changed']);
    expect(statusColumn(em, 10)).toEqual([
      'Imported',
      'Imported',
      'Invalid',
      'Invalid',
      'Invalid',
      'Failed',
      'Phone changed',
      'Invalid',
      'Imported',
      'Imported',
    ]);

    const selectInvalid = page.getByRole('button', { name: 'Select Invalid rows (4)' });
    await selectInvalid.waitFor({ timeout: 20_000 });
    await selectInvalid.click();
    const rowsResult = page.locator('#rows-result');
    await expect
      .poll(() => rowsResult.textContent())
      .toBe('Selected 4 Invalid rows. Fix them in the sheet, then choose Import selected.');
    // A, the six data columns, then BotPenguin Status and Details: A..H; rows 4-6 merged.
    expect(em.user.selection()).toEqual({ sheetName: 'Sheet1', ranges: ['A4:H6', 'A9:H9'] });
    // The sentence is next to the buttons and scrolled into view, after the preview grew.
    expect(await inSectionsView(page, rowsResult)).toBe(true);
    await expect
      .poll(() => page.locator('#preview-message').textContent())
      .toMatch(/^4 rows selected: 0 ready, 4 invalid/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('select-invalid');
    await shot(s, 'rows-to-fix', 'sidebar-rows-to-fix.png');

    await page.getByRole('button', { name: 'Select Failed rows (1)' }).click();
    await expect.poll(() => em.user.selection().ranges).toEqual(['A7:H7']);
    await page.getByRole('button', { name: 'Select rows whose phone changed (1)' }).click();
    await expect.poll(() => em.user.selection().ranges).toEqual(['A8:H8']);

    // Fix the invalid rows, select them again, and Import selected does the rest.
    await page.getByRole('button', { name: 'Select Invalid rows (4)' }).click();
    await expect.poll(() => em.user.selection().ranges).toEqual(['A4:H6', 'A9:H9']);
    for (const row of [4, 5, 6, 9]) em.user.setValues('Sheet1', `B${row}`, [[contactRow(60 + row)[1]]]);
    await s.advance(30_000);
    await expect
      .poll(() => page.locator('#preview-message').textContent(), FOLLOWS)
      .toMatch(/^4 rows selected: 4 ready/);
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toBe('Imported 4 rows into BotPenguin.');
    await expect.poll(() => page.locator('#select-invalid').textContent()).toBe('Select Invalid rows (0)');
    expect(await page.locator('#select-invalid').isDisabled()).toBe(true);

    // Clear the status of the Failed row: asked first, in the sidebar; Keep changes nothing.
    await page.getByRole('button', { name: 'Select Failed rows (1)' }).click();
    await expect.poll(() => em.user.selection().ranges).toEqual(['A7:H7']);
    await expect
      .poll(() => page.locator('#preview-message').textContent(), FOLLOWS)
      .toMatch(/^1 row selected/);
    const clear = page.getByRole('button', { name: 'Clear BotPenguin status of selected rows' });
    await clear.click();
    expect(await page.locator('#clear-question').textContent()).toMatch(
      /^Clear the BotPenguin Status and BotPenguin Details cells of the 1 selected row\? Import selected then sends it as a new row/,
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('clear-no');
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(statusColumn(em, 10)[5]).toBe('Failed');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('clear-status');
    await clear.click();
    await shot(s, 'clear-confirm');
    await page.getByRole('button', { name: 'Clear status' }).click();
    await expect
      .poll(() => rowsResult.textContent())
      .toBe('Cleared the BotPenguin status of 1 row. Import selected now treats it as a new row.');
    expect(statusColumn(em, 10)[5]).toBe('');
    expect(em.user.getDisplayValues('Sheet1', 'H7')).toEqual([['']]);
    expect(statusColumn(em, 10).filter((status) => status !== '').length).toBe(9);
  });
});

describe('Tags from BotPenguin', () => {
  it('offers the account’s tags, marks new ones, caches them, and refreshes on demand', async () => {
    await suite.mock.configure({ seedTags: ['VIP', 'Newsletter', 'spring sale'] });
    const s = await open({ rows: contactRows(3), settings: { token: TOKEN } });
    const { page } = s;
    await page.locator('#defaults-section summary').click();
    const suggestions = page.locator('#tag-suggestions button');
    await expect.poll(() => suggestions.allTextContents()).toEqual(['Newsletter', 'spring sale', 'VIP']);

    const field = page.getByLabel('Default tags');
    await field.fill('Newsleter, vip');
    expect(await page.locator('#tag-check').textContent()).toBe(
      '“Newsleter” (new tag): not in your BotPenguin account yet; BotPenguin creates it on import. Check the spelling.',
    );
    expect(await page.getByRole('button', { name: 'VIP' }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Newsletter', exact: true }).click();
    expect(await field.inputValue()).toBe('Newsleter, vip, Newsletter');
    await shot(s, 'tags', 'sidebar-tags.png');

    const tagGets = async () =>
      (await suite.mock.requests()).filter((r) => r.method === 'GET' && r.path === '/inbox/tags').length;
    expect(await tagGets()).toBe(1);
    // Reopening the sidebar uses the user's cache: no second request.
    await page.reload();
    await page.locator('main[aria-busy="false"]').waitFor();
    // The tags are asked for only when Defaults is opened: opening the sidebar costs no request.
    await page.waitForTimeout(300);
    expect(await page.locator('#tag-suggestions button').count()).toBe(0);
    await page.locator('#defaults-section summary').click();
    await expect.poll(() => page.locator('#tag-suggestions button').count()).toBe(3);
    expect(await tagGets()).toBe(1);

    await suite.mock.configure({ seedTags: ['VIP', 'Newsletter', 'spring sale', 'Black Friday'] });
    await page.getByRole('button', { name: 'Refresh tags from BotPenguin' }).click();
    await expect
      .poll(() => suggestions.allTextContents())
      .toEqual(['Black Friday', 'Newsletter', 'spring sale', 'VIP']);
    expect(await tagGets()).toBe(2);
  });

  it('tags one import so the batch can be found; the tag does not make rows "changed"', async () => {
    const s = await open({ rows: contactRows(3), settings: { token: TOKEN } });
    const { page } = s;
    const tagBox = page.getByLabel('Tag this import');
    const tagField = page.getByLabel('Tag for this import');
    expect(await tagField.inputValue()).toMatch(/^Sheets import \d{4}-\d\d-\d\d$/);
    expect(await tagField.isDisabled()).toBe(true);
    await tagBox.check();
    await tagField.fill('Sheets import spring batch');
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toBe('Imported 3 rows into BotPenguin.');
    const contacts = await suite.mock.contacts();
    expect(contacts.map((c) => [...c.tags].sort())).toEqual(
      Array.from({ length: 3 }, () => ['Sheets import spring batch', 'lead', 'sheets']),
    );

    // The same rows again: already imported, left alone, said without a false success.
    await page.getByRole('button', { name: 'Import selected' }).click();
    const result = page.locator('#result-message');
    await expect
      .poll(() => result.textContent())
      .toBe(
        'No rows were imported. 3 rows were already imported and left alone; see the BotPenguin Status column.',
      );
    expect(await result.getAttribute('data-tone')).toBe('info');
    expect(await page.locator('#result-counts li').allTextContents()).toEqual(['3 already imported']);
    expect((await suite.mock.contacts()).every((c) => c.importCount === 1)).toBe(true);
  });
});

describe('Accessibility', () => {
  it('keeps keyboard focus on the action, and axe-core finds nothing serious', async () => {
    await suite.mock.configure({ seedTags: ['VIP', 'Newsletter'] });
    const s = await open({
      rows: contactRows(10),
      settings: { token: TOKEN },
      viewportHeight: 370,
    });
    const { page } = s;
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Import with the keyboard: focus stays on Import selected, not the page body.
    await suite.mock.configure({ invalidPhones: [phoneDigits(2)] });
    await page.locator('#import-start').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Retry failed rows (1)' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('import-start');
    expect(await page.locator('#result-message').getAttribute('role')).toBe('status');
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Every section open, the tags listed, the confirmation showing: still clean.
    for (const id of ['connection-section', 'columns-section', 'defaults-section']) {
      await page.locator(`#${id} summary`).click();
    }
    await page.getByLabel('Default tags').fill('VIP, brand new');
    await page.getByRole('button', { name: 'Clear BotPenguin status of selected rows' }).click();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(s, 'axe-everything-open');
  });
});
