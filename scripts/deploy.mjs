// `npm run deploy [-- --brand brands/<id>.json] [--dry-run]`: builds the brand and pushes its
// three files with clasp. The default build (dist/) uses .clasp.json; a brand's build
// (dist/<id>/) uses .clasp.<id>.json, so each brand keeps its own Apps Script project.
// --dry-run lists what clasp would push (clasp show-file-status) instead of pushing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrandError, brandPathFrom } from './brand.mjs';
import { build } from './build.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PLACEHOLDER = 'REPLACE_WITH_YOUR_SCRIPT_ID';

export class DeployError extends Error {}

/** The clasp project file for a build, checked against where the build was written. */
export function claspProjectFor(brand, explicit, dist) {
  const file = explicit ? `.clasp.${brand.id}.json` : '.clasp.json';
  const rootDir = relative(root, dist);
  const path = join(root, file);
  if (!existsSync(path)) {
    throw new DeployError(
      `There is no ${file} for ${brand.addOnName}. Create its Apps Script project once: copy .clasp.json to ${file}, set "rootDir" to "${rootDir}" and "scriptId" to the Script ID of a new standalone project (script.google.com → New project → Project Settings → Script ID), then run this again.`,
    );
  }
  const project = JSON.parse(readFileSync(path, 'utf8'));
  if (!project.scriptId || project.scriptId === PLACEHOLDER) {
    throw new DeployError(
      `${file} has no Script ID yet. Run \`npx clasp create --type standalone --title "${brand.addOnName}" --rootDir ${rootDir}\` (after moving the shipped ${file} aside), or put the Script ID of an existing project (Apps Script editor → Project Settings → Script ID) in "scriptId".`,
    );
  }
  if (project.rootDir !== rootDir) {
    throw new DeployError(
      `${file} pushes "${project.rootDir}", but ${brand.addOnName} is built into "${rootDir}": set "rootDir" to "${rootDir}".`,
    );
  }
  return file;
}

async function main() {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const { path, explicit } = brandPathFrom(args);
  const { brand, dist } = await build({ brandPath: path, explicit });
  const project = claspProjectFor(brand, explicit, dist);
  const claspArgs = ['-P', project, ...(dryRun ? ['show-file-status'] : ['push'])];
  console.log(`${brand.addOnName}: clasp ${claspArgs.join(' ')}`);
  const result = spawnSync(join(root, 'node_modules', '.bin', 'clasp'), claspArgs, {
    cwd: root,
    stdio: 'inherit',
  });
  process.exitCode = result.status ?? 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    if (!(error instanceof BrandError || error instanceof DeployError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  });
}
