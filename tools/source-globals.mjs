/**
 * The build-time constants src/shared/brand.ts reads (esbuild defines them in the bundles), for
 * everything that runs src/ straight from source: every npm script run under tsx gets it with
 * `node --import tsx --import ./tools/source-globals.mjs` (package.json), and vitest with
 * `setupFiles`. The one way, so no script can import src/ without them (test/build/scripts.test.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Plain JavaScript: worker threads inherit this --import but not tsx's loader.
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const { $schema: _schema, ...brand } = JSON.parse(
  readFileSync(join(ROOT, 'brands', 'botpenguin.json'), 'utf8'),
);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
Object.assign(globalThis, { __BRAND__: brand, __ADDON_VERSION__: version });
