/**
 * The sidebar's Opt-outs section in real Chromium on the built bundle: the count of imported
 * contacts whose consent was withdrawn, the remove-or-tag choice, Handle opt-outs and Remove
 * selected contacts, each asking first with the count and the numbers; axe-core on each state.
 */
import { describe, expect, it } from 'vitest';
import { seriousAxeViolations } from './axe';
import {
  contactRows,
  HEADERS,
  type SessionOptions,
  type SidebarSession,
  statusColumn,
  useSidebarSuite,
} from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const FOLLOWS = { timeout: 20_000, interval: 250 };
/** The opt-in column is the seventh (G), after the harness's six. */
const OPT_IN = 'G';

const suite = useSidebarSuite(TOKEN, { checkWidth: true });

async function openImported(count: number, options: Partial<SessionOptions> = {}): Promise<SidebarSession> {
  const rows = contactRows(count).map((row) => [...row, 'Yes']);
  const session = await suite.open({
    headers: [...HEADERS, 'Opted In'],
    rows,
    settings: { token: TOKEN },
    ...options,
  });
  const { page, em } = session;
  await page.getByRole('button', { name: 'Import selected' }).click();
  await expect.poll(() => statusColumn(em, count).every((s) => s === 'Imported'), FOLLOWS).toBe(true);
  // The sidebar has finished its run (and its refresh) before the test goes on.
  await expect
    .poll(() => page.locator('#result-message').textContent(), FOLLOWS)
    .toBe(`Imported ${count} rows into BotPenguin.`);
  return session;
}

describe('Opt-outs section', () => {
  it('counts withdrawn consent, asks before removing, and No sends nothing', async () => {
    const s = await openImported(4);
    const { page, em } = s;
    const count = page.locator('#optout-count');
    await expect.poll(() => count.textContent(), FOLLOWS).toBe('No withdrawn consent');
    expect(await page.locator('#optouts-handle').isDisabled()).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);

    em.user.setValues('Sheet1', `${OPT_IN}3:${OPT_IN}4`, [['No'], ['No']]);
    await expect.poll(() => count.textContent(), FOLLOWS).toBe('2 contacts withdrew consent');
    const handle = page.getByRole('button', { name: 'Handle opt-outs (2)' });
    await handle.click();
    const question = page.locator('#removal-question');
    await expect
      .poll(() => question.textContent())
      .toBe(
        'Remove 2 contacts whose opt-in was withdrawn from BotPenguin: +91 98765 40002, +91 98765 40003? A later import of a row creates its contact again.',
      );
    // Focus goes to the safe answer; the question and its buttons pass axe-core.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('removal-no');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Don’t' }).click();
    expect(await page.locator('#removal-result').textContent()).toBe('Nothing was sent.');
    expect((await suite.mock.requests()).filter((r) => r.path === '/inbox/users/status-update')).toEqual([]);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('optouts-handle');

    await handle.click();
    await page.getByRole('button', { name: 'Yes, do it' }).click();
    await expect
      .poll(() => page.locator('#removal-result').textContent(), FOLLOWS)
      .toBe('Done: 2 removed. Each row’s BotPenguin Status says what was done.');
    expect(statusColumn(em, 4)).toEqual(['Imported', 'Removed', 'Removed', 'Imported']);
    expect((await suite.mock.removedContacts()).map((c) => c.number).sort()).toEqual([
      '9876540002',
      '9876540003',
    ]);
    await expect.poll(() => count.textContent(), FOLLOWS).toBe('No withdrawn consent');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('the tag choice is saved per sheet and tags instead of removing', async () => {
    const s = await openImported(2);
    const { page, em } = s;
    await page.getByLabel('Keep it, with a tag').check();
    await expect.poll(() => page.locator('#removal-result').textContent()).toBe('Saved.');
    const tag = page.getByLabel('Opt-out tag');
    expect(await tag.isDisabled()).toBe(false);
    expect(await tag.inputValue()).toBe('opted-out');
    await tag.fill('no-whatsapp');
    await tag.press('Tab');
    await expect
      .poll(() => em.scriptRun('getOptOutSettings'))
      .toEqual({ handling: 'tag', tag: 'no-whatsapp', automatic: false });

    em.user.setValues('Sheet1', `${OPT_IN}2`, [['No']]);
    const handle = page.getByRole('button', { name: 'Handle opt-outs (1)' });
    await handle.waitFor({ timeout: 20_000 });
    await handle.click();
    await expect
      .poll(() => page.locator('#removal-question').textContent())
      .toContain('as “no-whatsapp” in BotPenguin');
    await page.getByRole('button', { name: 'Yes, do it' }).click();
    await expect.poll(() => statusColumn(em, 2), FOLLOWS).toEqual(['Opt-out tagged', 'Imported']);
    expect(await suite.mock.removedContacts()).toEqual([]);
    expect((await suite.mock.contacts()).find((c) => c.number === '9876540001')!.tags).toContain(
      'no-whatsapp',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('“Also in automatic imports” is said at switch-on, saved, said at once, and the hourly run then removes', async () => {
    const s = await openImported(2);
    const { page, em } = s;
    const state = page.locator('#auto-state');
    await page.locator('#auto-import').check();
    // Off by default, and said so when automatic import is switched on.
    await expect
      .poll(() => state.textContent(), FOLLOWS)
      .toContain(
        'Opt-outs are not handled automatically: to remove or tag withdrawn contacts every hour too, tick “Also in automatic imports” under Opt-outs.',
      );
    const automatic = page.getByLabel('Also in automatic imports');
    expect(await automatic.isChecked()).toBe(false);
    await automatic.check();
    await expect.poll(() => page.locator('#removal-result').textContent()).toBe('Saved.');
    expect(await em.scriptRun('getOptOutSettings')).toEqual({
      handling: 'remove',
      tag: 'opted-out',
      automatic: true,
    });
    await expect
      .poll(() => state.textContent(), FOLLOWS)
      .toContain(
        'Opt-outs are handled too: each run also removes or tags the contacts whose opt-in was withdrawn, as chosen under Opt-outs.',
      );
    expect(await seriousAxeViolations(page)).toEqual([]);

    em.user.setValues('Sheet1', `${OPT_IN}3`, [['No']]);
    const runs = em.triggers.runDue(em.clock.now() + 60 * 60 * 1000);
    expect(runs.map((run) => [run.fn, run.error])).toEqual([['autoImportHourly', undefined]]);
    expect(statusColumn(em, 2)).toEqual(['Imported', 'Removed']);
    expect((await suite.mock.removedContacts()).map((c) => c.number)).toEqual(['9876540002']);
  });

  it('Remove selected contacts removes the selected imported rows after asking', async () => {
    const s = await openImported(3);
    const { page, em } = s;
    em.user.select('Sheet1', ['A3']);
    await expect
      .poll(() => page.locator('#preview-message').textContent(), FOLLOWS)
      .toMatch(/^1 row selected/);
    await page.getByRole('button', { name: 'Remove selected contacts from BotPenguin' }).click();
    await expect
      .poll(() => page.locator('#removal-question').textContent())
      .toBe(
        'Remove 1 selected contact from BotPenguin: +91 98765 40002? Only that contact is removed; its row stays in the sheet.',
      );
    await page.getByRole('button', { name: 'Yes, do it' }).click();
    await expect.poll(() => statusColumn(em, 3)[1], FOLLOWS).toBe('Removed');
    expect(statusColumn(em, 3), JSON.stringify(statusColumn(em, 3, 'BotPenguin Details'))).toEqual([
      'Imported',
      'Removed',
      'Imported',
    ]);
    expect((await suite.mock.removedContacts()).map((c) => c.number)).toEqual(['9876540002']);
    await page.locator('#optouts-title').scrollIntoViewIfNeeded();
    await s.screenshot('optouts-section');
  });
});
