/**
 * Help: an HtmlService dialog with the version, the brand's links and the API host in use, shown
 * by the bundle in the emulator; its HTML rendered in Chromium to prove nothing in it becomes markup.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { build } from '../../scripts/build.mjs';
import { emulatorFor, useAddOnUnderTest } from '../../tools/harness';
import { ROOT } from '../../tools/paths';
import { launchChromium } from '../support/chromium';

const t = useAddOnUnderTest();
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('Help', () => {
  it('opens a modal dialog with the version, documentation, support, privacy policy and the default host', () => {
    t.em.run('menuHelp');
    expect(t.em.ui.dialogs).toHaveLength(1);
    const dialog = t.em.ui.dialogs[0];
    expect(dialog.kind).toBe('modal');
    expect(dialog.title).toBe('BotPenguin Contacts: help');
    expect(dialog.html).toContain(`Version ${version}`);
    expect(dialog.html).toContain('href="https://help.botpenguin.com/"');
    expect(dialog.html).toContain('href="mailto:support@botpenguin.com"');
    expect(dialog.html).toContain('href="https://botpenguin.com/privacy-policy"');
    expect(dialog.html).toContain('Contacts are sent to: <code>https://api-v7.express-chat.com/</code>');
    // Opt-outs and removal are explained, with the promise that only the recorded number goes.
    expect(dialog.html).toContain('Handle opt-outs either removes its contact from BotPenguin or tags it');
    expect(dialog.html).toContain('only when its number is exactly the one the row records as sent');
    expect(t.em.ui.alerts).toHaveLength(0);
    expect(t.em.counters['Ui.showModalDialog']).toBe(1);
  });

  it('shows the host this user chose', () => {
    t.em.scriptRun('saveSettings', { apiHost: 'https://api.v7.botpenguin.com/' });
    t.em.run('menuHelp');
    expect(t.em.ui.current?.html).toContain(
      'Contacts are sent to: <code>https://api.v7.botpenguin.com/</code>',
    );
  });
});

describe('Help escapes every text', () => {
  let browser: Browser;
  let folder: string;
  const hostile = '<img src=x onerror="alert(1)"> & "Co"';
  const hostileLink = 'https://docs.example.com/?q="><b>bold</b>';

  beforeAll(async () => {
    browser = await launchChromium();
    folder = mkdtempSync(join(tmpdir(), 'help-brand-'));
    const brand = JSON.parse(readFileSync(join(ROOT, 'brands/acme.json'), 'utf8'));
    brand.addOnName = hostile;
    brand.links.help = hostileLink;
    writeFileSync(join(folder, 'hostile.json'), JSON.stringify(brand));
    await build({ brandPath: join(folder, 'hostile.json'), outDir: join(folder, 'dist') });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('renders markup-looking brand text as text, and links exactly as written', async () => {
    const em = emulatorFor(t.mock, {}, join(folder, 'dist'));
    try {
      em.run('menuHelp');
      const html = em.ui.current?.html ?? '';
      expect(html).not.toContain('<img');
      const page = await browser.newPage();
      const alerts: string[] = [];
      page.on('dialog', (d) => {
        alerts.push(d.message());
        void d.dismiss();
      });
      await page.setContent(html);
      expect(await page.locator('h1').textContent()).toBe(hostile);
      expect(await page.locator('img, b, script:not(:empty)').count()).toBe(0);
      expect(await page.locator('#documentation a').getAttribute('href')).toBe(hostileLink);
      expect(await page.locator('#api-host code').textContent()).toBe('https://api.acmechat.example/');
      expect(alerts).toEqual([]);
      await page.close();
    } finally {
      em.dispose();
    }
  });
});
