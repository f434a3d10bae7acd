/**
 * The Marketplace graphics in docs/marketplace/: every PNG scripts/render-icons.mjs makes exists at
 * the size the store listing asks for and was rendered from the SVG as it is now; the listing
 * screenshots (from the playground test) are 1280×800.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: the build scripts are plain JavaScript without type declarations.
import { RENDERS, sha256 } from '../../scripts/render-icons.mjs';
import { ROOT } from '../../tools/paths';

const DIR = join(ROOT, 'docs', 'marketplace');
const PNG_SIGNATURE = '89504e470d0a1a0a';

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(join(DIR, file));
  expect(bytes.subarray(0, 8).toString('hex'), file).toBe(PNG_SIGNATURE);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('Marketplace graphics', () => {
  const renders = RENDERS as { source: string; output: string; width: number; height: number }[];

  it('has the required application icons (32, 128) and card banner (220×140), and the optional sizes', () => {
    expect(renders.map((r) => `${r.output} ${r.width}x${r.height}`)).toEqual([
      'icon-32.png 32x32',
      'icon-48.png 48x48',
      'icon-96.png 96x96',
      'icon-128.png 128x128',
      'oauth-logo-120.png 120x120',
      'card-banner-220x140.png 220x140',
    ]);
    for (const render of renders)
      expect(pngSize(render.output), render.output).toEqual({ width: render.width, height: render.height });
  });

  it('PNGs were rendered from the current SVG sources (run node scripts/render-icons.mjs after editing them)', () => {
    const recorded = JSON.parse(readFileSync(join(DIR, 'icons.json'), 'utf8'));
    for (const source of ['icon.svg', 'banner.svg'])
      expect(recorded.sources[source], source).toBe(sha256(readFileSync(join(DIR, source), 'utf8')));
  });

  it('the store listing screenshots are 1280×800', () => {
    const shots = readdirSync(DIR).filter((f) => /^\d\d-.*\.png$/.test(f));
    expect(shots.length).toBeGreaterThanOrEqual(3);
    for (const shot of shots) expect(pngSize(shot), shot).toEqual({ width: 1280, height: 800 });
  });
});
