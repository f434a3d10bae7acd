// Builds what clasp pushes into dist/:
//   Code.js          the server bundle: one IIFE plus a top-level `function name(...)` for every
//                    export of src/server/main.ts (the add-on's global functions)
//   Sidebar.html     the sidebar: one self-contained HTML file, JS and CSS inlined
//   appsscript.json  the manifest, copied from the root
import { mkdir, readdir, readFile, rename, rm, writeFile as writeFileDirect } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Write-then-rename, so a test reading dist/ while another build runs never sees a half file. */
async function writeFile(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFileDirect(temporary, data);
  await rename(temporary, path);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const SERVER_ENTRY = 'src/server/main.ts';
const BUNDLE_GLOBAL = '__BotPenguinAddOn';

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

export async function buildServer(manifest) {
  const names = await exportedNames(SERVER_ENTRY);
  const result = await esbuild.build({
    entryPoints: [join(root, SERVER_ENTRY)],
    bundle: true,
    format: 'iife',
    globalName: BUNDLE_GLOBAL,
    target: APPS_SCRIPT_TARGET,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // Every execution parses the whole file, so it is minified; the entry points keep their names.
    minify: true,
    legalComments: 'none',
    // The manifest's allowlist is the one list of API hosts: a partner edits appsscript.json only.
    define: { __API_HOSTS__: JSON.stringify(manifest.urlFetchWhitelist ?? []) },
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

export async function buildHtml(name, entry, template, stylesheet) {
  const css = await esbuild.build({
    entryPoints: [join(root, stylesheet)],
    bundle: true,
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  const js = await esbuild.build({
    entryPoints: [join(root, entry)],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  });
  const html = (await readFile(join(root, template), 'utf8'))
    .replace('/*INLINE_CSS*/', () => css.outputFiles[0].text.replace(/<\/(style)/gi, '<\\/$1'))
    .replace('<!--INLINE_SCRIPT-->', () => `<script>${escapeInlineScript(js.outputFiles[0].text)}</script>`);
  await writeFile(join(dist, `${name}.html`), html);
  return { bytes: Buffer.byteLength(html) };
}

export async function build() {
  await mkdir(dist, { recursive: true });
  // Only what clasp should push lives in dist/ (a test checks clasp's file list).
  const expected = new Set(['Code.js', 'Sidebar.html', 'appsscript.json']);
  for (const name of await readdir(dist)) {
    if (!expected.has(name) && !name.endsWith('.tmp'))
      await rm(join(dist, name), { recursive: true, force: true });
  }
  const manifest = JSON.parse(await readFile(join(root, 'appsscript.json'), 'utf8'));
  await writeFile(join(dist, 'appsscript.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const server = await buildServer(manifest);
  const sidebar = await buildHtml(
    'Sidebar',
    'src/sidebar/main.ts',
    'src/sidebar/index.html',
    'src/sidebar/styles.css',
  );
  return { server, sidebar };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { server, sidebar } = await build();
  console.log(
    `dist/Code.js ${(server.bytes / 1024).toFixed(1)} KB, ${server.names.length} entry points: ${server.names.join(', ')}`,
  );
  console.log(`dist/Sidebar.html ${(sidebar.bytes / 1024).toFixed(1)} KB`);
}
