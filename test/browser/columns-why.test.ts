/**
 * The Columns section explains its choice (issue 20), in real headless Chromium against the
 * bundle: a HubSpot export with a phone and a mobile column, and a Shopify one whose country
 * column holds ISO codes; and the same explanation in Spanish.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../tools/fixtures/exports/index';
import { useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const suite = useSidebarSuite(TOKEN, { checkWidth: true });

const format = (id: string) => {
  const found = EXPORT_FORMATS.find((f) => f.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe('Columns section: which columns were chosen and why', () => {
  it('names the mobile column, its share of numbers and the other phone column; the choice can be changed', async () => {
    const hubspot = format('hubspot');
    const session = await suite.open({
      headers: hubspot.headers,
      rows: hubspot.rows,
      settings: { token: TOKEN },
    });
    const { page } = session;
    await page.locator('#columns-section summary').click();
    const lines = page.locator('#columns-why li');
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    const texts = await lines.allTextContents();
    expect(texts).toContain(
      "Phone: 'Mobile Phone Number' — the header says mobile, 100 % of cells are phone numbers, also found 'Phone Number', used on rows where this cell is blank",
    );
    expect(texts).toContain("Country: 'Country/Region' — found by its header, 100 % of cells are countries");
    expect(texts.some((line) => line.startsWith("Email: 'Email'"))).toBe(true);
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('Mobile Phone Number');

    // The user can still choose another column; after saving, the line says it is their choice.
    await page.getByLabel('Phone', { exact: true }).selectOption('Phone Number');
    await page.getByRole('button', { name: 'Save columns' }).click();
    await expect
      .poll(() => page.locator('#columns-result').textContent())
      .toBe('Columns saved for this sheet.');
    await expect
      .poll(() => page.locator('#columns-why li').allTextContents())
      .toContain(
        "Phone: 'Phone Number' — your saved choice, also found 'Mobile Phone Number', used on rows where this cell is blank",
      );
    await session.screenshot('columns-why');
  });

  it('reads a column of ISO codes as countries, whatever its header says', async () => {
    const shopify = format('shopify');
    const session = await suite.open({
      headers: shopify.headers,
      rows: shopify.rows,
      settings: { token: TOKEN },
    });
    const { page } = session;
    await page.locator('#columns-section summary').click();
    await expect
      .poll(() => page.locator('#columns-why li').allTextContents())
      .toContain(
        "Country: 'Default Address Country Code' — found by its header, 100 % of cells are countries",
      );
    expect(await page.getByLabel('Country code', { exact: true }).inputValue()).toBe('');
  });

  it('explains its choice in the user’s language', async () => {
    const hubspot = format('hubspot');
    const session = await suite.open({
      headers: hubspot.headers,
      rows: hubspot.rows,
      settings: { token: TOKEN },
      userLocale: 'es',
    });
    const { page } = session;
    await page.locator('#columns-section summary').click();
    const lines = page.locator('#columns-why li');
    await expect.poll(() => lines.count()).toBeGreaterThan(0);
    const texts = await lines.allTextContents();
    expect(texts).toContain(
      "Teléfono: 'Mobile Phone Number' — el encabezado dice móvil, el 100 % de las celdas son números de teléfono, también se encontró 'Phone Number', que se usa en las filas donde esta celda está vacía",
    );
    expect(texts).toContain(
      "País: 'Country/Region' — encontrada por su encabezado, el 100 % de las celdas son países",
    );
    // Only the sheet's own headers stay as they are written.
    const withoutHeaders = texts.map((line) => line.replace(/'[^']*'/g, ''));
    for (const english of ['found by', 'header says', 'cells are', 'also found', 'used on rows']) {
      expect(withoutHeaders.filter((line) => line.includes(english))).toEqual([]);
    }
    await session.screenshot('columns-why-es');
  });
});
