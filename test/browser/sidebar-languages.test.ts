/**
 * The sidebar in the user's language, in real headless Chromium: the bundle in the emulator with
 * the user's Google locale set, the page told its language by getSettings. English and Spanish
 * end to end (static texts, preview, import result), Hindi for fit at 300 px; screenshots in
 * test-artifacts/browser/ (and docs/sidebar-es.png for the README with UPDATE_README_SCREENSHOT=1).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import english from '../../src/i18n/en.json';
import { type Language, type MessageKey, translate } from '../../src/shared/i18n';
import { ROOT } from '../../tools/paths';
import { type Cell, contactRows, type SidebarSession, statusColumn, useSidebarSuite } from './harness';

const TOKEN = 'bp_live_7c41d09e5f3a1b2';
const README_SCREENSHOT = join(ROOT, 'docs', 'sidebar-es.png');
const ROWS: Cell[][] = [...contactRows(4), ['Bad number', '12', 'India', 'bad@example.com', 'lead', 'Pune']];

const suite = useSidebarSuite(TOKEN, { checkWidth: true });

const LIVE_KEYS = ['sidebar.loading', 'sidebar.connection.noToken', 'sidebar.selection.checking'];

/** The page names a key by its place among English's sidebar keys, in base 36 (scripts/build.mjs). */
const SIDEBAR_KEYS = Object.keys(english).filter((key) => key.startsWith('sidebar.'));
const keyOf = (id: string) => SIDEBAR_KEYS[Number.parseInt(id, 36)] ?? `unknown id ${id}`;

/** Every static text and attribute of the page, as the catalogue of `language` says it. */
async function expectStaticTexts(page: SidebarSession['page'], language: Language): Promise<void> {
  const shown = await page.evaluate(() => ({
    texts: Array.from(document.querySelectorAll<HTMLElement>('[data-i18n]')).map((e) => [
      e.dataset.i18n ?? '',
      e.textContent ?? '',
    ]),
    placeholders: Array.from(document.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')).map((e) => [
      e.dataset.i18nPlaceholder ?? '',
      e.getAttribute('placeholder') ?? '',
    ]),
    labels: Array.from(document.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')).map((e) => [
      e.dataset.i18nAriaLabel ?? '',
      e.getAttribute('aria-label') ?? '',
    ]),
  }));
  expect(shown.texts.length).toBeGreaterThan(40);
  for (const [id, text] of [...shown.texts, ...shown.placeholders, ...shown.labels]) {
    const key = keyOf(id);
    // The first texts of the connection summary, token state and preview line are replaced by
    // live ones (in the same language, checked below) once the server answers.
    if (LIVE_KEYS.includes(key)) continue;
    expect({ key, text }).toEqual({ key, text: translate(language, key as MessageKey) });
  }
}

describe('sidebar languages', () => {
  it('English: the default, word for word', async () => {
    const session = await suite.open({
      rows: ROWS,
      settings: { token: TOKEN },
    });
    const { page, em } = session;
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await expectStaticTexts(page, 'en');
    await expect
      .poll(() => page.locator('#preview-message').textContent())
      .toBe('5 rows selected: 4 ready, 1 invalid, 0 already imported.');
    expect(await page.locator('#preview-counts li').allTextContents()).toEqual(['4 ready', '1 invalid']);
    expect(await page.locator('#invalid-samples .bp-sample-row').allTextContents()).toEqual(['Row 6']);
    await session.screenshot('lang-en-01-preview');

    await page.getByRole('button', { name: 'Import selected' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent(), { timeout: 30_000 })
      .toBe('Imported 4 rows into BotPenguin. 1 row is Invalid; see the BotPenguin Status column.');
    expect(await page.locator('#result-counts li').allTextContents()).toEqual(['4 imported', '1 Invalid']);
    expect(statusColumn(em, 5)).toEqual(['Imported', 'Imported', 'Imported', 'Imported', 'Invalid']);
    await session.screenshot('lang-en-02-imported');
  });

  it('Spanish (es_419): every text, the preview, the import and its result; status words stay English', async () => {
    const session = await suite.open({
      rows: ROWS,
      settings: { token: TOKEN },
      userLocale: 'es_419',
    });
    const { page, em } = session;
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    await expectStaticTexts(page, 'es');
    expect(await page.locator('#selection-title').textContent()).toBe('Selección');
    expect(await page.locator('#connection-summary').textContent()).toBe('Token …a1b2');
    expect(await page.locator('#token-state').textContent()).toBe('Token guardado, termina en a1b2.');
    await expect
      .poll(() => page.locator('#preview-message').textContent())
      .toBe('5 filas seleccionadas: 4 listas, 1 no válida, 0 ya importadas.');
    expect(await page.locator('#preview-counts li').allTextContents()).toEqual(['4 listas', '1 no válida']);
    expect(await page.locator('#invalid-samples .bp-sample-row').allTextContents()).toEqual(['Fila 6']);
    expect(await page.locator('#invalid-samples .bp-sample-reasons').allTextContents()).toEqual([
      'Teléfono: 12 es demasiado corto para India (IN)',
    ]);
    await session.screenshot('lang-es-01-preview');

    await page.getByRole('button', { name: 'Importar selección' }).click();
    await expect
      .poll(() => page.locator('#result-message').textContent(), { timeout: 30_000 })
      .toBe('Se importaron 4 filas en BotPenguin. 1 fila es Invalid; mira la columna BotPenguin Status.');
    expect(await page.locator('#result-counts li').allTextContents()).toEqual([
      '4 importadas',
      '1 no válida',
    ]);
    expect(statusColumn(em, 5)).toEqual(['Imported', 'Imported', 'Imported', 'Imported', 'Invalid']);
    // The Details cell of the invalid row, in Spanish.
    const details = em.user.getDisplayValues('Sheet1', 'H6:H6')[0][0];
    expect(details).toMatch(
      /^Teléfono: 12 es demasiado corto para India \(IN\)\. Corrige la fila y vuelve a importarla\./,
    );
    const path = await session.screenshot('lang-es-02-imported');
    if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(path, README_SCREENSHOT);
  });

  it('Spanish: Defaults name the countries and count the tags in Spanish, and read a country typed in Spanish', async () => {
    const session = await suite.open({
      rows: ROWS,
      settings: { token: TOKEN, defaultCountry: 'DE', defaultTags: ['vip', 'feria'] },
      userLocale: 'es',
    });
    const { page, em } = session;
    await page.locator('#defaults-section > summary').click();
    const country = page.locator('#default-country');
    await expect.poll(() => country.inputValue()).toBe('Alemania (DE)');
    expect(await page.locator('#defaults-summary').textContent()).toMatch(/^DE · lote de \d+ · 2 etiquetas$/);
    const options = await page
      .locator('#country-options option')
      .evaluateAll((list) => list.map((option) => (option as HTMLOptionElement).value));
    expect(options).toHaveLength(245);
    expect(options).toContain('Alemania (DE)');
    expect(options).toContain('Reino Unido (GB)');
    expect(options).not.toContain('Germany (DE)');
    expect(options).toEqual([...options].sort((a, b) => a.localeCompare(b, 'es')));
    await country.fill('Afganistán');
    await page.locator('#defaults-save').click();
    await expect.poll(() => page.locator('#defaults-result').textContent()).toBe('Valores guardados.');
    expect((em.scriptRun('getSettings') as { defaultCountry: string }).defaultCountry).toBe('AF');
    expect(await country.inputValue()).toBe('Afganistán (AF)');
    await session.screenshot('lang-es-03-defaults');
  });

  it('Hindi: every text fits the 300 px sidebar', async () => {
    // Without a Devanagari font Chromium draws boxes, whose widths say nothing of real text.
    expect(
      execFileSync('fc-list', [':lang=hi'], { encoding: 'utf8' }).trim(),
      'install fonts-noto-core',
    ).not.toBe('');
    const session = await suite.open({
      rows: ROWS,
      settings: { token: TOKEN },
      userLocale: 'hi',
    });
    const { page } = session;
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
    await expectStaticTexts(page, 'hi');
    await expect
      .poll(() => page.locator('#preview-message').textContent())
      .toBe('5 पंक्तियाँ चुनी गईं: 4 तैयार, 1 अमान्य, 0 पहले से इंपोर्ट।');
    // Open every section so all of its texts are laid out.
    await page.evaluate(() => {
      document.querySelectorAll('details').forEach((details) => {
        details.open = true;
      });
    });
    await session.screenshot('lang-hi-01-open');
  });
});
