// Builds what clasp pushes into dist/:
//   Code.js          the server bundle: one IIFE plus a top-level `function name(...)` for every
//                    export of src/server/main.ts (the add-on's global functions)
//   Sidebar.html     the sidebar: one self-contained HTML file, JS and CSS inlined
//   appsscript.json  the manifest: appsscript.json with the brand's API hosts as urlFetchWhitelist
// A brand file (brands/<id>.json, chosen with --brand or BRAND) supplies every name, colour, link
// and API host; without one the default brand is built into dist/ itself, with one into dist/<id>/.
import { mkdir, readdir, readFile, rename, rm, writeFile as writeFileDirect } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { BrandError, brandPathFrom, loadBrand } from './brand.mjs';

/** Write-then-rename, so a test reading dist/ while another build runs never sees a half file. */
async function writeFile(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFileDirect(temporary, data);
  await rename(temporary, path);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const distRoot = join(root, 'dist');
const SERVER_ENTRY = 'src/server/main.ts';
const BUNDLE_GLOBAL = '__AddOnBundle';

/** Apps Script V8 runs ES2020 scripts, not modules. */
const APPS_SCRIPT_TARGET = 'es2020';

async function exportedNames(entry) {
  // An ESM build's metafile lists the entry's exports: the single source of truth for entry points.
  const result = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'esm',
    write: false,
    metafile: true,
    outdir: 'out',
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  return output.exports.filter((name) => name !== 'default');
}

/** What the code sees of the brand: src/shared/brand.ts is the one module that reads it. */
function brandDefines(brand, version) {
  return { __BRAND__: JSON.stringify(brand), __ADDON_VERSION__: JSON.stringify(version) };
}

function escapeHtmlText(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Each bundle carries only the catalogue words it shows (src/i18n/*.json). The sidebar's page
 * carries its words ("sidebar." keys) in English only: the server, which knows the user's language,
 * puts that language's sidebar words into the page when it serves it (src/server/language.ts).
 * So the server bundle carries only each language's resident words (isResidentKey); each
 * language's server words and (but English) its sidebar words are a file beside it.
 */
const isSidebarKey = (key) => key.startsWith('sidebar.');

/**
 * Keys every language keeps inside Code.js: what onOpen shows (AuthMode.NONE, where no file may be
 * read), and the Details templates read back in every language at load: every key the source
 * passes to templatePatterns (src/core/status-details.ts), found by reading the source so that a
 * new template cannot be left out.
 */
async function readBackKeys() {
  const keys = new Set();
  for (const file of await readdir(join(root, 'src/core'))) {
    if (!file.endsWith('.ts')) continue;
    const source = await readFile(join(root, 'src/core', file), 'utf8');
    for (const [, key] of source.matchAll(/templatePatterns\('([^']+)'\)/g)) keys.add(key);
  }
  return keys;
}
const READ_BACK_KEYS = await readBackKeys();
/**
 * The words of the entry wrapper's last sentence (src/server/menu.ts userMessage): when no file
 * can be read, an error still reaches the user as a sentence, never as a key.
 */
const LAST_RESORT_KEYS = new Set(['error.unexpected', 'error.unexpectedAnswer']);
const isResidentKey = (key) =>
  key.startsWith('menu.') || READ_BACK_KEYS.has(key) || LAST_RESORT_KEYS.has(key);

/** Every language, English too, is shipped whole as dist/i18n-<language>.html. */
const FILE_LANGUAGES = ['en', 'es', 'pt-BR', 'fr', 'hi'];

/**
 * A language's whole catalogue as an HTML file clasp pushes: {"w": its server words by key,
 * "s": its sidebar words by page id, "r": its region names, src/i18n/regions/} (English's "s"
 * and "r" are empty: the page and REGION_NAMES carry them), which
 * src/shared/i18n.ts reads. Plain JSON text: the server reads it with
 * HtmlService.createHtmlOutputFromFile(name).getContent(), never shows it.
 */
async function writeCatalogueFiles(dist, ids) {
  const english = JSON.parse(await readFile(join(root, 'src/i18n/en.json'), 'utf8'));
  const serverKeys = Object.keys(english).filter((key) => !isSidebarKey(key));
  let bytes = 0;
  for (const language of FILE_LANGUAGES) {
    const catalogue = JSON.parse(await readFile(join(root, 'src/i18n', `${language}.json`), 'utf8'));
    const words = serverKeys.filter((key) => catalogue[key] != null).map((key) => [key, catalogue[key]]);
    const sidebar =
      language === 'en'
        ? []
        : [...ids].filter(([key]) => catalogue[key] != null).map(([key, id]) => [id, catalogue[key]]);
    const regions =
      language === 'en'
        ? {}
        : JSON.parse(await readFile(join(root, 'src/i18n/regions', `${language}.json`), 'utf8'));
    const text = JSON.stringify({ w: Object.fromEntries(words), s: Object.fromEntries(sidebar), r: regions });
    await writeFile(join(dist, `${catalogueFileName(language)}.html`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files: FILE_LANGUAGES.length, bytes };
}

/** The file name (without .html) of a language's catalogue; src/shared/i18n.ts names it the same. */
export const catalogueFileName = (language) => `i18n-${language}`;

/**
 * In the page a sidebar key is a short id, its place among English's sidebar keys in base 36
 * ("sidebar.import.start" → "1k"): keys were a sixth of the page. src/shared/i18n.ts numbers them
 * the same way (sidebarWords) for the words the server puts in.
 */
async function sidebarKeyIds() {
  const english = JSON.parse(await readFile(join(root, 'src/i18n/en.json'), 'utf8'));
  return new Map(
    Object.keys(english)
      .filter(isSidebarKey)
      .map((key, index) => [key, index.toString(36)]),
  );
}

/** Replaces every quoted sidebar key (code, data-i18n attributes) by its id; an unknown key fails the build. */
function withKeyIds(text, ids, where) {
  return text.replace(/(['"])(sidebar\.[A-Za-z0-9_.]+)\1/g, (_whole, quote, key) => {
    const id = ids.get(key);
    if (id === undefined) throw new Error(`${where}: "${key}" is not in src/i18n/en.json`);
    return `${quote}${id}${quote}`;
  });
}

function catalogueKeys(forSidebar, ids) {
  return {
    name: 'catalogue-keys',
    setup(build) {
      // Region names (src/i18n/regions/) reach both bundles with their language: the server's
      // in the language's file ("r"), the sidebar's in its page (src/server/language.ts).
      build.onLoad({ filter: /[\\/]src[\\/]i18n[\\/]regions[\\/][^\\/]+\.json$/ }, () => ({
        contents: '{}',
        loader: 'json',
      }));
      build.onLoad({ filter: /[\\/]src[\\/]i18n[\\/][^\\/]+\.json$/ }, async (args) => {
        const english = JSON.parse(await readFile(join(dirname(args.path), 'en.json'), 'utf8'));
        if (forSidebar) {
          const words =
            basename(args.path) === 'en.json' ? [...ids].map(([key, id]) => [id, english[key]]) : [];
          return { contents: JSON.stringify(Object.fromEntries(words)), loader: 'json' };
        }
        const keys = Object.keys(english);
        const catalogue = JSON.parse(await readFile(args.path, 'utf8'));
        // Code.js keeps, in every language English too, only the words an execution may need
        // before it can read a file (the menu, built by onOpen in AuthMode.NONE); the rest is
        // dist/i18n-<language>.html, read by the server only when a word of that language is
        // first needed (src/server/language.ts), so an execution that shows none parses none.
        const resident = keys.filter(isResidentKey).filter((key) => catalogue[key] != null);
        return {
          contents: JSON.stringify(Object.fromEntries(resident.map((key) => [key, catalogue[key]]))),
          loader: 'json',
        };
      });
      if (!forSidebar) return;
      build.onLoad({ filter: /[\\/]src[\\/]sidebar[\\/][^\\/]+\.ts$/ }, async (args) => ({
        contents: withKeyIds(await readFile(args.path, 'utf8'), ids, args.path),
        loader: 'ts',
      }));
    },
  };
}

/** The file (without .html) holding libphonenumber's metadata; src/server/phone-metadata.ts reads it. */
const PHONE_METADATA_FILE = 'phone-metadata';

/**
 * Code.js reads libphonenumber's metadata (80 KB) from dist/phone-metadata.html only when an
 * execution reads a phone: src/core/phone-metadata.ts (the package's own, for Node) gives way to
 * src/server/phone-metadata.ts. A build whose bundle still holds the metadata fails.
 */
function phoneMetadataFromFile() {
  return {
    name: 'phone-metadata-from-file',
    setup(build) {
      build.onResolve({ filter: /[\\/]phone-metadata$/ }, (args) =>
        args.importer.includes(`${join('src', 'core')}`)
          ? { path: join(root, 'src/server/phone-metadata.ts') }
          : undefined,
      );
      build.onLoad({ filter: /libphonenumber-js[\\/].*metadata\.min\.json/ }, (args) => {
        throw new Error(
          `${args.path}: the phone metadata must stay out of Code.js (src/core/phone-metadata.ts)`,
        );
      });
    },
  };
}

/**
 * libphonenumber-js publishes the same code twice: es6/ (compiled by Babel for old browsers, with
 * its own copy of Babel's class, iterator and object-spread helpers in every file) and
 * es6-modern/ (compiled for current engines). Apps Script runs ES2020, so Code.js takes es6-modern:
 * the same functions, several KB smaller, without the helpers' calls on every parse.
 */
function modernLibphonenumber() {
  return {
    name: 'modern-libphonenumber',
    setup(build) {
      build.onResolve({ filter: /^\.\.?[\\/](?:.*[\\/])?es6[\\/]/ }, (args) => {
        const path = join(args.resolveDir, args.path);
        const modern = path.replace(/(libphonenumber-js[\\/])es6([\\/])/, '$1es6-modern$2');
        return modern === path ? undefined : { path: modern };
      });
    },
  };
}

async function writePhoneMetadataFile(dist) {
  const metadata = await readFile(join(root, 'node_modules/libphonenumber-js/metadata.min.json'), 'utf8');
  const text = JSON.stringify(JSON.parse(metadata));
  await writeFile(join(dist, `${PHONE_METADATA_FILE}.html`), text);
  return Buffer.byteLength(text);
}

/**
 * How Code.js's code is compiled: for Apps Script's ES2020, minified (every execution parses the
 * whole file; the entry points keep their names), with libphonenumber's es6-modern build. The
 * benchmark compiles the pipeline it times with the same options.
 */
export function codeJsCompileOptions() {
  return {
    target: APPS_SCRIPT_TARGET,
    minify: true,
    legalComments: 'none',
    // Hindi is three bytes a letter in UTF-8 but six as a \u escape.
    charset: 'utf8',
    plugins: [modernLibphonenumber()],
  };
}

export async function buildServer(dist, defines) {
  const names = await exportedNames(SERVER_ENTRY);
  const compile = codeJsCompileOptions();
  const result = await esbuild.build({
    entryPoints: [join(root, SERVER_ENTRY)],
    bundle: true,
    format: 'iife',
    globalName: BUNDLE_GLOBAL,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    ...compile,
    plugins: [catalogueKeys(false, null), phoneMetadataFromFile(), ...compile.plugins],
    define: defines,
    write: false,
    logLevel: 'warning',
  });
  const stubs = names
    .map((name) => `function ${name}() {\n  return ${BUNDLE_GLOBAL}.${name}.apply(this, arguments);\n}`)
    .join('\n');
  const code = `${result.outputFiles[0].text}\n// Global functions Apps Script calls (menus, triggers, google.script.run).\n${stubs}\n`;
  await writeFile(join(dist, 'Code.js'), code);
  return { names, bytes: Buffer.byteLength(code) };
}

/** Inlined JS must not end the <script> element early. */
function escapeInlineScript(js) {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export async function buildHtml(dist, brand, defines, { name, entry, template, stylesheet }) {
  const css = await esbuild.build({
    entryPoints: [join(root, stylesheet)],
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  // The brand's colours, ahead of the stylesheet that uses them as var(--bp-primary) and var(--bp-accent).
  const brandCss = `:root{--bp-primary:${brand.colors.primary};--bp-accent:${brand.colors.accent}}`;
  const ids = await sidebarKeyIds();
  const js = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    charset: 'utf8',
    plugins: [catalogueKeys(true, ids)],
    define: defines,
    write: false,
    logLevel: 'warning',
  });
  // Indentation is for reading the template; the page keeps one line break where it had several.
  const page = (await readFile(join(root, template), 'utf8')).replace(/\n[ \t]+/g, '\n');
  const html = withKeyIds(page, ids, template)
    .replace('<!--SIDEBAR_TITLE-->', () => escapeHtmlText(brand.sidebarTitle))
    .replace('/*INLINE_CSS*/', () =>
      `${brandCss}\n${css.outputFiles[0].text}`.replace(/<\/(style)/gi, '<\\/$1'),
    )
    .replace('<!--INLINE_SCRIPT-->', () => `<script>${escapeInlineScript(js.outputFiles[0].text)}</script>`);
  await writeFile(join(dist, `${name}.html`), html);
  return { bytes: Buffer.byteLength(html) };
}

/** Where a build goes: the default build keeps dist/ (what .clasp.json pushes); a chosen brand dist/<id>/. */
export function outputDir(brand, explicit) {
  return explicit ? join(distRoot, brand.id) : distRoot;
}

/**
 * Builds one brand. With no brandPath the default brand goes to dist/; with one, to dist/<id>/
 * (or to outDir when given). Returns where it wrote and what.
 */
export async function build({ brandPath, explicit = brandPath !== undefined, outDir } = {}) {
  const brand = await loadBrand(brandPath);
  const dist = outDir ?? outputDir(brand, explicit);
  await mkdir(dist, { recursive: true });
  // Only what clasp should push lives in dist/ (a test checks clasp's file list); folders are
  // other brands' builds, which clasp skips (skipSubdirectories).
  const expected = new Set([
    'Code.js',
    'Sidebar.html',
    'appsscript.json',
    ...FILE_LANGUAGES.map((language) => `${catalogueFileName(language)}.html`),
    `${PHONE_METADATA_FILE}.html`,
  ]);
  for (const entry of await readdir(dist, { withFileTypes: true })) {
    if (entry.isFile() && !expected.has(entry.name) && !entry.name.endsWith('.tmp'))
      await rm(join(dist, entry.name), { force: true });
  }
  const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
  const defines = brandDefines(brand, version);
  // The sidebar shows names only: links and hosts stay in the server bundle (the sidebar learns
  // the hosts from getSettings), so its page carries no URL but Google's stylesheet.
  const { links: _links, apiHosts: _hosts, ...sidebarBrand } = brand;
  const sidebarDefines = brandDefines(sidebarBrand, version);
  const manifest = JSON.parse(await readFile(join(root, 'appsscript.json'), 'utf8'));
  // The brand is the one list of API hosts: Apps Script fetches only what the manifest allows.
  manifest.urlFetchWhitelist = brand.apiHosts;
  await writeFile(join(dist, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const server = await buildServer(dist, defines);
  const catalogues = await writeCatalogueFiles(dist, await sidebarKeyIds());
  const phoneMetadataBytes = await writePhoneMetadataFile(dist);
  const sidebar = await buildHtml(dist, brand, sidebarDefines, {
    name: 'Sidebar',
    entry: 'src/sidebar/main.ts',
    template: 'src/sidebar/index.html',
    stylesheet: 'src/sidebar/styles.css',
  });
  return { brand, dist, server, sidebar, catalogues, phoneMetadataBytes };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { path, explicit } = brandPathFrom();
    const { brand, dist, server, sidebar, catalogues, phoneMetadataBytes } = await build({
      brandPath: path,
      explicit,
    });
    const where = relative(root, dist);
    console.log(`${brand.addOnName} (${path}) → ${where}/`);
    console.log(
      `${where}/Code.js ${(server.bytes / 1024).toFixed(1)} KB, ${server.names.length} entry points: ${server.names.join(', ')}`,
    );
    console.log(`${where}/Sidebar.html ${(sidebar.bytes / 1024).toFixed(1)} KB`);
    console.log(
      `${where}/i18n-*.html ${catalogues.files} catalogues, ${(catalogues.bytes / 1024).toFixed(1)} KB, read only by their language's users`,
    );
    console.log(
      `${where}/${PHONE_METADATA_FILE}.html ${(phoneMetadataBytes / 1024).toFixed(1)} KB, read only by executions that read a phone`,
    );
  } catch (error) {
    if (!(error instanceof BrandError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
