/**
 * The sidebar always answers the last click, in real Chromium on the built bundle: an import with
 * nothing selected says so in the result area (the previous run's green result does not come
 * back); saving Defaults, Columns or the token refreshes the selection preview and clears errors
 * that may no longer hold.
 */
import { describe, expect, it } from 'vitest';
import { contactRows, type SessionOptions, type SidebarSession, useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
/** Several polls of the sidebar (every 4 s, on its virtual clock): what it shows must still be there. */
const SEVERAL_POLLS_MS = 9_000;

const suite = useSidebarSuite(TOKEN);

async function open(options: Omit<SessionOptions, 'mock'>): Promise<SidebarSession> {
  return suite.open(options);
}

describe('The sidebar answers the last click', () => {
  it('Import selected with only the header selected says "No contact rows selected", and it stays', async () => {
    const session = await open({ rows: contactRows(9), settings: { token: TOKEN }, clock: true });
    const { page, em } = session;
    const result = page.locator('#result-message');
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => result.textContent(), { timeout: 20_000 })
      .toBe('Imported 9 rows into BotPenguin.');

    em.user.select('Sheet1', ['A1:F1']);
    await session.advance(4_000); // the next poll sees the new selection
    await expect
      .poll(() => page.locator('#preview-message').textContent(), { timeout: 20_000 })
      .toMatch(/^No contact rows selected/);
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toMatch(/^No contact rows selected/);
    expect(await result.getAttribute('data-tone')).not.toBe('ok');
    // The sheet's latest run is still the import of 9: it must not come back over this answer.
    await session.advance(SEVERAL_POLLS_MS);
    expect(await result.textContent()).toMatch(/^No contact rows selected/);
    expect(await page.locator('#result-counts li').count()).toBe(0);
  });

  it('saving Defaults refreshes the preview: rows a default country makes valid are counted ready', async () => {
    // National numbers and no Country column: invalid until a default country is saved.
    const rows = [
      ['Asha', '98765 40001'],
      ['Ravi', '98765 40002'],
      ['Meera', '98765 40003'],
    ];
    const { page } = await open({ headers: ['Name', 'Phone'], rows, settings: { token: TOKEN } });
    const preview = page.locator('#preview-message');
    await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toMatch(/0 ready, 3 invalid/);
    await page.locator('#defaults-section > summary').click();
    await page.locator('#default-country').fill('India');
    await page.locator('#defaults-save').click();
    await expect.poll(() => page.locator('#defaults-result').textContent(), { timeout: 20_000 }).not.toBe('');
    // At once, not at the next poll: the click is answered with what an import would now do.
    await expect.poll(() => preview.textContent(), { timeout: 3_000 }).toMatch(/3 ready, 0 invalid/);
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent(), { timeout: 20_000 })
      .toBe('Imported 3 rows into BotPenguin.');
  });

  it('saving Columns clears the error of the last click and refreshes the preview', async () => {
    // A phone column the add-on cannot recognise by its header: nothing is importable yet.
    const rows = [
      ['Asha', '98765 40001', 'India'],
      ['Ravi', '98765 40002', 'India'],
    ];
    const { page } = await open({ headers: ['Name', 'Digits', 'Country'], rows, settings: { token: TOKEN } });
    await page.getByRole('button', { name: 'Import selected' }).click();
    const alert = page.locator('#alert-text');
    await expect.poll(() => alert.textContent(), { timeout: 20_000 }).toMatch(/^No phone column found/);

    await page.locator('#field-phone').selectOption('Digits');
    await page.locator('#columns-save').click();
    await expect.poll(() => page.locator('#columns-result').textContent(), { timeout: 20_000 }).not.toBe('');
    expect(await alert.textContent()).toBe('');
    await expect
      .poll(() => page.locator('#preview-message').textContent(), { timeout: 3_000 })
      .toMatch(/2 ready, 0 invalid/);
  });

  it('a red "rejected the API token" goes once a good token is saved, and Test connection says connected', async () => {
    const session = await open({
      rows: contactRows(4),
      settings: { token: 'bp_wrong_token_000000' },
      clock: true,
    });
    const { page } = session;
    const result = page.locator('#result-message');
    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toMatch(/rejected the API token/);
    expect(await result.getAttribute('data-tone')).toBe('error');

    await page.locator('#token-input').fill(TOKEN);
    await page.locator('#token-save').click();
    await expect
      .poll(() => page.locator('#connection-result').textContent(), { timeout: 20_000 })
      .toMatch(/^Token saved/);
    await expect.poll(() => result.textContent(), { timeout: 3_000 }).toBe('');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.locator('#connection-result').textContent(), { timeout: 20_000 })
      .toMatch(/^Connected/);
    await session.advance(SEVERAL_POLLS_MS);
    expect(await result.textContent()).not.toMatch(/rejected the API token/);
    expect(await page.locator('#token-state').textContent()).not.toMatch(/rejected/i);
  });
});
