import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const CODE_JS = join(DIST, 'Code.js');
export const SIDEBAR_HTML = join(DIST, 'Sidebar.html');
export const MANIFEST = join(ROOT, 'appsscript.json');
export const SCHEMAS = join(ROOT, 'schemas');
