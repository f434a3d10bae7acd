/**
 * What an npm script runs, read from package.json, so a test starts a script exactly as
 * `npm run <name>` does (minus the build, which vitest's global setup did): a script that cannot
 * start, e.g. one that imports src/ without the build-time constants, fails its test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths';

/** The `node …` arguments of `npm run <name>` after its `npm run build &&`. */
export function npmScriptNodeArgs(name: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const command = String(scripts[name] ?? '').replace(/^npm run build && /, '');
  const [program, ...args] = command.split(/\s+/);
  if (program !== 'node') throw new Error(`npm run ${name} is not "npm run build && node …": ${command}`);
  return args;
}
