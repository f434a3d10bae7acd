/**
 * Two sidebar paths of "beyond one-off imports" in real Chromium against the bundle and the mock:
 * exporting contacts from BotPenguin into a new tab over several calls, and handing rows a
 * cancelled import left Queued to the hourly automatic import ("Finish in the background").
 */
import { describe, expect, it } from 'vitest';
import { callGate, contactRows, statusColumn, useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const HOUR = 60 * 60 * 1000;
const suite = useSidebarSuite(TOKEN);

describe('sidebar: export and finishing in the background', () => {
  it('exports the contacts with one tag into a new tab, page by page, over several calls', async () => {
    await suite.mock.seedContacts({ count: 900, tagEvery: 3 });
    const session = await suite.open({
      rows: contactRows(2),
      settings: { token: TOKEN },
      latency: { fetchBaseMs: 9_000 },
    });
    const { page, em } = session;
    await page.locator('#export-section > summary').click();
    const seededTag = (await suite.mock.contacts()).find((c) => c.tags.length > 0)!.tags[0];
    await page.locator('#export-tag').fill(seededTag);
    await page.getByRole('button', { name: 'Export contacts' }).click();
    const result = page.locator('#export-result');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toMatch(/^Exported \d+ contacts?/);
    const tagged = (await suite.mock.contacts()).filter((c) => c.tags.includes(seededTag)).length;
    expect(await result.textContent()).toContain(`Exported ${tagged} contacts`);
    const tab = em.spreadsheet.sheets.find((s) => s.name.startsWith('BotPenguin export '))!;
    expect(tab.lastRow()).toBe(tagged + 1);
    // More than one server call: the count moved while the export ran.
    const calls = session.bridge.calls().map((c) => c.fn);
    expect(calls.filter((fn) => fn === 'continueExport').length).toBeGreaterThan(0);
    await session.screenshot('export-done');
  });

  it('"Finish in the background" switches on automatic import, whose hourly run sends the Queued rows', async () => {
    const gate = callGate('continueImport');
    gate.close();
    const session = await suite.open({
      rows: contactRows(40),
      settings: { token: TOKEN, batchSize: 5, parallelRequests: 1 },
      latency: { fetchBaseMs: 12_000 },
      beforeCall: (fn) => gate.beforeCall(fn),
    });
    const { page, em } = session;
    await page.getByRole('button', { name: 'Import selected' }).click();
    await gate.arrival();
    await page.getByRole('button', { name: 'Cancel' }).click();
    gate.open();
    await expect
      .poll(() => page.locator('#result-message').textContent(), { timeout: 30_000 })
      .toMatch(/^Import cancelled/);
    const queued = statusColumn(em, 40).filter((s) => s === 'Queued').length;
    expect(queued).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Finish in the background' }).click();
    await expect
      .poll(() => page.locator('#background-note').textContent())
      .toContain('Automatic import is on');
    expect(await page.locator('#auto-import').isChecked()).toBe(true);
    expect(em.triggers.list.filter((t) => t.handlerFunction === 'autoImportHourly')).toHaveLength(1);
    await session.screenshot('finish-in-background');

    const before = (await suite.mock.contacts()).length;
    em.triggers.runDue(em.clock.now() + HOUR);
    expect(statusColumn(em, 40).every((s) => s === 'Imported')).toBe(true);
    expect((await suite.mock.contacts()).length).toBe(before + queued);
  });
});
