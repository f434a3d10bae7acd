/**
 * How many sheet rows per second the contact pipeline turns into outcomes, against
 * libphonenumber-js's own parse + isValid of the same rows (its goal: within 1.5× of it).
 * The passes (pipeline-timing.ts) run as they ship: bundled by esbuild for Code.js's target,
 * minified, with libphonenumber's es6-modern build on both sides (scripts/build.mjs), without the
 * name-keeping wrappers tsx adds to every function of src/ (and not to libphonenumber's), in a
 * Node process of their own, away from the emulators' heap.
 * Run: node --import tsx --import ./tools/source-globals.mjs bench/pipeline-throughput.ts [rows]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
// @ts-expect-error: the build script is plain JavaScript without type declarations.
import { codeJsCompileOptions } from '../scripts/build.mjs';

export interface ThroughputResult {
  rows: number;
  /** Passes of each that were timed (ROUNDS in pipeline-timing.ts). */
  rounds: number;
  /** The median of the passes over the rows. */
  ms: number;
  rowsPerSecond: number;
  /** libphonenumber-js's own parse + isValid of the same rows' phone cells, timed in the same run
   * (the median of ROUNDS passes, each next to a pipeline pass): the floor the pipeline is compared
   * with (its goal: within 1.5× of it). */
  libphonenumberMs: number;
}

const TIMING = fileURLToPath(new URL('./pipeline-timing.ts', import.meta.url));
const SOURCE_GLOBALS = new URL('../tools/source-globals.mjs', import.meta.url).href;

export async function measurePipelineThroughput(rows = 100_000): Promise<ThroughputResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-timing-'));
  try {
    const file = join(dir, 'pipeline-timing.mjs');
    await build({
      entryPoints: [TIMING],
      bundle: true,
      platform: 'node',
      format: 'esm',
      ...codeJsCompileOptions(),
      outfile: file,
      logLevel: 'warning',
    });
    const output = execFileSync(process.execPath, ['--import', SOURCE_GLOBALS, file, String(rows)], {
      encoding: 'utf8',
    });
    return JSON.parse(output) as ThroughputResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await measurePipelineThroughput(Number(process.argv[2] ?? 100_000));
  console.log(
    `pipeline: ${result.rows} rows in ${result.ms} ms = ${result.rowsPerSecond} rows/s; libphonenumber parse + isValid ${result.libphonenumberMs} ms (${(result.ms / result.libphonenumberMs).toFixed(2)}×)`,
  );
}
