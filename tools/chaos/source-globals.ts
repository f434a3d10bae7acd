/**
 * The build-time constants src/shared reads (esbuild and vitest define them), for scripts that run
 * core modules straight from source under tsx. Import it before anything from src/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths';

const { $schema: _schema, ...brand } = JSON.parse(
  readFileSync(join(ROOT, 'brands', 'botpenguin.json'), 'utf8'),
);
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
Object.assign(globalThis, { __BRAND__: brand, __ADDON_VERSION__: version });
