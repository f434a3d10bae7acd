/**
 * The selection preview in real Chromium tells, before anything is sent, how many rows have no
 * WhatsApp opt-in, how many imported rows would now go out as another number, and which rows get
 * their country from the default or from leading digits, listed as they will be sent.
 */
import { describe, expect, it } from 'vitest';
import { useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const suite = useSidebarSuite(TOKEN);

describe('preview of trusted contacts', () => {
  it('counts no opt-in, phone changed and guessed countries, and shows how guessed numbers will be sent', async () => {
    const session = await suite.open({
      headers: ['Name', 'Phone', 'Opt-in'],
      rows: [
        ['Ann', 12015551492, 'Yes'],
        ['Bob', 2015558094, 'Yes'],
        ['Cid', '+919876543210', 'No'],
        ['Dee', 2015558095, ''],
      ],
      settings: { token: TOKEN, defaultCountry: 'US' },
    });
    const { page, em } = session;
    const message = page.locator('#preview-message');
    await expect.poll(() => message.textContent()).toMatch(/^4 rows selected: 2 ready/);
    expect(await message.textContent()).toBe(
      '4 rows selected: 2 ready, 0 invalid, 0 already imported, 2 without WhatsApp opt-in. Of the ready rows, 2 take their country from the default country.',
    );
    expect(await page.locator('#preview-counts li').allTextContents()).toEqual(['2 ready', '2 no opt-in']);
    expect(await page.locator('#guessed-samples li').allTextContents()).toEqual([
      "Row 2: +1 201 555 1492 (United States, country from the sheet's default)",
      "Row 3: +1 201 555 8094 (United States, country from the sheet's default)",
    ]);
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => page.locator('#result-message').textContent()).toContain('Imported 2 rows');

    // The default country changes: Bob would now be another number, so he is counted apart.
    em.scriptRun('saveSettings', { defaultCountry: 'IN' });
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    await expect.poll(() => message.textContent()).toContain('1 with a changed phone (use Re-send)');
    const chips = await page.locator('#preview-counts li').allTextContents();
    expect(chips).toContain('1 phone changed');
    expect(chips).toContain('2 no opt-in');
    await session.screenshot('trust-preview');
    expect((await suite.mock.contacts()).map((c) => c.prefix + c.number).sort()).toEqual([
      '12015551492',
      '12015558094',
    ]);
  });
});
