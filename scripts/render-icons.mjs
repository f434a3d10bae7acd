// Renders the Marketplace graphics from their SVG sources with headless Chromium:
//   icon.svg   → icon-32.png, icon-48.png, icon-96.png, icon-128.png (application icons; 32 and
//                128 are required) and oauth-logo-120.png (the OAuth consent screen's logo)
//   banner.svg → card-banner-220x140.png (the application card banner, required)
// and records the sources' SHA-256 in icons.json, so a test can tell a PNG older than its SVG.
//
//   node scripts/render-icons.mjs [--dir docs/marketplace]   (a partner points --dir at their own SVGs)
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const RENDERS = [
  { source: 'icon.svg', output: 'icon-32.png', width: 32, height: 32 },
  { source: 'icon.svg', output: 'icon-48.png', width: 48, height: 48 },
  { source: 'icon.svg', output: 'icon-96.png', width: 96, height: 96 },
  { source: 'icon.svg', output: 'icon-128.png', width: 128, height: 128 },
  { source: 'icon.svg', output: 'oauth-logo-120.png', width: 120, height: 120 },
  { source: 'banner.svg', output: 'card-banner-220x140.png', width: 220, height: 140 },
];

export function sha256(text) {
  return createHash('sha256').update(text).digest('hex');
}

export async function renderIcons(dir = join(root, 'docs', 'marketplace')) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const sources = {};
  try {
    for (const render of RENDERS) {
      const svg = await readFile(join(dir, render.source), 'utf8');
      sources[render.source] = sha256(svg);
      // deviceScaleFactor 1 and a viewport of the exact size: one CSS pixel per PNG pixel.
      const page = await browser.newPage({ viewport: { width: render.width, height: render.height } });
      const dataUrl = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
      await page.setContent(
        `<html><body style="margin:0;background:transparent"><img src="${dataUrl}" width="${render.width}" height="${render.height}" style="display:block"></body></html>`,
      );
      await page.locator('img').evaluate((img) => img.decode());
      await page.screenshot({ path: join(dir, render.output), omitBackground: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  await writeFile(join(dir, 'icons.json'), `${JSON.stringify({ sources, renders: RENDERS }, null, 2)}\n`);
  return RENDERS.map((r) => join(dir, r.output));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const index = process.argv.indexOf('--dir');
  const dir = index >= 0 ? resolve(root, process.argv[index + 1]) : undefined;
  const written = await renderIcons(dir);
  for (const file of written) console.log(relative(root, file));
}
