/**
 * Partner mode's sidebar in real headless Chromium, through the emulator running dist/Code.js
 * against the mock playing a partner: the partner key, the Customer card's picker (search,
 * paging, keyboard, axe-core), the confirmation before switching a sheet to another customer and
 * before a large import, and no customer token ever reaching the page.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../tools/paths';
import { seriousAxeViolations } from './axe';
import { contactRows, type SidebarSession, useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const PARTNER_KEY = 'partner-agency-key-0001-p9q8';
const NAMED = [
  { _id: 'a0000000000000000000000a', name: 'Asha Foods', email: 'owner@ashafoods.example' },
  { _id: 'b0000000000000000000000b', name: 'Bela Travel', email: 'ops@belatravel.example' },
  { _id: 'c0000000000000000000000c', name: 'Chai Corner', email: 'hello@chaicorner.example' },
];
const SHOPS = Array.from({ length: 23 }, (_, i) => ({
  _id: `d${String(i).padStart(23, '0')}`,
  name: `Shop ${i}`,
  email: `shop${i}@${i % 2 ? 'odd' : 'even'}.example`,
}));
const tokenOf = (id: string) => `customer-token-${id}`;

const suite = useSidebarSuite(TOKEN);
/** Every answer the page received from the server. */
let answers: string[] = [];

// After the suite's reset: the mock also plays a partner with 26 customers.
beforeEach(async () => {
  await suite.mock.reset();
  await suite.mock.configure({
    tokens: [TOKEN],
    partner: {
      keys: [PARTNER_KEY],
      pageSize: 10,
      customers: [...NAMED, ...SHOPS].map((c) => ({ ...c, token: tokenOf(c._id), deleted: false })),
    },
  });
  answers = [];
});

async function open(rows = contactRows(3)): Promise<SidebarSession> {
  const s = await suite.open({ rows, settings: { partnerKey: PARTNER_KEY } });
  s.page.on('response', async (response) => {
    if (new URL(response.url()).port === new URL(s.bridge.url).port)
      answers.push(await response.text().catch(() => ''));
  });
  // The page's confirm() answers yes and remembers what it asked.
  await s.page.evaluate(() => {
    const asked: string[] = [];
    (window as unknown as { __asked: string[] }).__asked = asked;
    window.confirm = (message?: string) => {
      asked.push(String(message));
      return true;
    };
  });
  return s;
}

const asked = (page: Page) =>
  page.evaluate(() => (window as unknown as { __asked: string[] }).__asked.slice());
const optionNames = (page: Page) => page.locator('#customer-list .bp-option-name').allTextContents();

async function shot(s: SidebarSession, name: string, docsName?: string): Promise<void> {
  const path = await s.screenshot(name);
  if (docsName && process.env.DOCS_SCREENSHOTS) copyFileSync(path, join(ROOT, 'docs', docsName));
}

describe('Customer picker', () => {
  it('lists customers page by page, finds them by name or email, and is chosen with the keyboard', async () => {
    const session = await open();
    const { page, em } = session;
    const current = page.locator('#customer-current');
    await expect
      .poll(() => current.textContent())
      .toBe('No customer chosen for this sheet: choose one before importing.');
    expect(await page.locator('#partner-key-state').textContent()).toBe('Partner key set, ending in p9q8.');

    const search = page.getByRole('combobox', { name: 'Find a customer' });
    await search.focus();
    await expect.poll(() => optionNames(page)).toHaveLength(10);
    expect((await optionNames(page)).slice(0, 3)).toEqual(['Asha Foods', 'Bela Travel', 'Chai Corner']);
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#customer-hint').textContent()).toBe(
      '10 customers shown; more with "More customers".',
    );
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(session, 'partner-picker', 'sidebar-partner-picker.png');

    // Paging as BotPenguin pages: 10, 10, 6, then an empty page ends the list.
    const more = page.getByRole('button', { name: 'More customers' });
    await more.click();
    await expect.poll(() => optionNames(page)).toHaveLength(20);
    await more.click();
    await expect.poll(() => optionNames(page)).toHaveLength(26);
    await more.click();
    await expect.poll(() => page.locator('#customer-hint').textContent()).toBe('26 customers.');
    expect(await more.isHidden()).toBe(true);

    // A search reads on through the pages; every word must be in the name or the email.
    await search.fill('odd shop 1');
    await expect
      .poll(() => optionNames(page))
      .toEqual(['Shop 1', 'Shop 11', 'Shop 13', 'Shop 15', 'Shop 17', 'Shop 19', 'Shop 21']);
    await search.fill('nobody-like-this');
    await expect
      .poll(() => page.locator('#customer-hint').textContent())
      .toBe('No customer matches. Try part of the name or the email.');

    // Keyboard: arrows move the active option (aria-activedescendant), Escape closes, Enter chooses.
    await search.fill('travel');
    await expect.poll(() => optionNames(page)).toEqual(['Bela Travel']);
    await search.press('Escape');
    expect(await search.getAttribute('aria-expanded')).toBe('false');
    await search.press('ArrowDown');
    await expect.poll(() => search.getAttribute('aria-expanded')).toBe('true');
    expect(await search.getAttribute('aria-activedescendant')).toBe('customer-option-0');
    expect(await page.locator('#customer-option-0').getAttribute('aria-selected')).toBe('true');
    await search.press('Enter');
    await expect.poll(() => current.textContent()).toBe('Imports into Bela Travel (ops@belatravel.example)');
    expect(await page.locator('#customer-result').textContent()).toBe(
      'This sheet now imports into Bela Travel.',
    );
    expect(JSON.parse(em.properties.document.toObject()['bp.customer.0']).id).toBe(NAMED[1]._id);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(session, 'partner-chosen', 'sidebar-partner-customer.png');
  });

  it('imports into the chosen customer, asks before switching a sheet already imported, and shows no token', async () => {
    const session = await open(contactRows(3));
    const { page } = session;
    const search = page.getByRole('combobox', { name: 'Find a customer' });
    await search.fill('asha');
    await expect.poll(() => optionNames(page)).toEqual(['Asha Foods']);
    await page.locator('#customer-option-0').click();
    await expect.poll(() => page.locator('#customer-current').textContent()).toContain('Asha Foods');

    await page.locator('#import-start').click();
    await expect.poll(() => page.locator('#result-message').textContent()).toContain('Customer: Asha Foods.');
    expect((await suite.mock.customerContacts(NAMED[0]._id)).length).toBe(3);

    // Switching this imported sheet to another customer is asked first.
    await search.fill('chai');
    await expect.poll(() => optionNames(page)).toEqual(['Chai Corner']);
    await search.press('Enter');
    await expect.poll(() => page.locator('#customer-current').textContent()).toContain('Chai Corner');
    expect((await asked(page))[0]).toContain('Rows of this sheet were imported into Asha Foods');

    await page.locator('#import-start').click();
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toContain('Customer: Chai Corner.');
    expect((await suite.mock.customerContacts(NAMED[2]._id)).length).toBe(3);

    const seen = [await page.content(), ...answers].join('\n');
    for (const c of [...NAMED, ...SHOPS]) expect(seen).not.toContain(tokenOf(c._id));
    expect(seen).not.toContain(PARTNER_KEY);
    await shot(session, 'partner-imported', 'sidebar-partner-imported.png');
  });

  it('asks before a large import, naming the customer', async () => {
    const session = await open(contactRows(120));
    const { page } = session;
    const search = page.getByRole('combobox', { name: 'Find a customer' });
    await search.fill('bela');
    await expect.poll(() => optionNames(page)).toEqual(['Bela Travel']);
    await search.press('Enter');
    await expect.poll(() => page.locator('#customer-current').textContent()).toContain('Bela Travel');
    await expect.poll(() => page.locator('#preview-message').textContent()).toContain('120 ready');
    await page.locator('#import-start').click();
    await expect
      .poll(() => asked(page))
      .toEqual(['Import 120 rows into Bela Travel (ops@belatravel.example)?']);
    await expect
      .poll(() => page.locator('#result-message').textContent())
      .toContain('Customer: Bela Travel.');
  });

  it('a wrong partner key is said next to it', async () => {
    const session = await open();
    const { page } = session;
    // A saved partner key connects: the section starts closed, its summary names the key.
    expect(await page.locator('#connection-section').getAttribute('open')).toBeNull();
    expect(await page.locator('#connection-summary').textContent()).toBe('Partner key …p9q8');
    await page.locator('#connection-section > summary').click();
    await page.getByLabel('Partner key', { exact: true }).fill('partner-agency-key-WRONG-0000');
    await page.getByLabel('Partner key', { exact: true }).press('Enter');
    await expect
      .poll(() => page.locator('#partner-key-state').textContent())
      .toBe('Partner key set, ending in 0000.');
    await page.getByRole('button', { name: 'Test partner key' }).click();
    const result = page.locator('#partner-result');
    await expect.poll(() => result.getAttribute('data-tone')).toBe('error');
    expect(await result.textContent()).toContain('did not accept the partner key ending in 0000');
    expect(await seriousAxeViolations(page)).toEqual([]);
  });
});
