import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist');
export const CODE_JS = join(DIST, 'Code.js');
export const SIDEBAR_HTML = join(DIST, 'Sidebar.html');
/** The built manifest: appsscript.json with the brand's API hosts. */
export const MANIFEST = join(DIST, 'appsscript.json');
export const SCHEMAS = join(ROOT, 'schemas');

/** The example partner's build (brands/acme.json), made by the global setup. */
export const PARTNER_DIST = join(DIST, 'acme');
