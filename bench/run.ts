/**
 * `npm run bench` (after the build): runs the benchmark at 10,000, 50,000 and 200,000 rows, prints
 * the report and writes bench/results/latest.md, latest.json and chart.svg.
 * `npm run bench -- --small --out DIR`: a few hundred rows, written to DIR (what `npm test` runs,
 * test/build/scripts.test.ts, so the script cannot break unseen).
 * `npm run bench -- --part addon [--sizes 10000,50000]`: only the add-on's imports at those sizes
 * (default 10,000 and 50,000), against the network floor; `--part pipeline [--rows N]`: only the
 * contact pipeline. Both print a few lines and write nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PARALLEL_REQUESTS } from '../src/core/limits';
import { measureAddonImport } from './addon-import';
import { FULL_CONFIG, runBenchmark, SMALL_CONFIG } from './benchmark';
import { renderChartSvg } from './chart';
import { startBenchEnvironment } from './environment';
import { JAVASCRIPT_BETWEEN_CALLS } from './measure';
import { measurePipelineThroughput } from './pipeline-throughput';
import { evaluateGoals, renderMarkdown } from './report';
import { defaultRequestMs, floorRatio, scaleRun } from './scale';

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** The add-on alone at each size: simulated time against the network floor, and its own JavaScript. */
async function addonPart(sizes: number[]): Promise<void> {
  const env = await startBenchEnvironment();
  try {
    for (const rows of sizes) {
      const cost = await measureAddonImport(env, rows);
      const run = scaleRun(cost, false, defaultRequestMs(), PARALLEL_REQUESTS.default);
      const js = cost.msByKind[JAVASCRIPT_BETWEEN_CALLS] ?? 0;
      console.log(
        `add-on, ${rows} rows: ${(run.simulatedMs / 1000).toFixed(1)} s vs floor ${(run.floorMs / 1000).toFixed(1)} s = ${floorRatio(run).toFixed(2)}×; ${cost.requests} requests, ${cost.sheetsCalls} Sheets calls, ${run.executions} execution(s), JavaScript ${(js / 1000).toFixed(2)} s`,
      );
      // Where the time beside the network goes: the costliest kinds of call, with their counts.
      const kinds = Object.entries(cost.msByKind).sort(([, a], [, b]) => b - a);
      for (const [kind, ms] of kinds.slice(0, 16))
        console.log(`  ${kind}: ${(ms / 1000).toFixed(2)} s (${cost.calls[kind] ?? '-'} calls)`);
    }
  } finally {
    await env.stop();
  }
}

async function pipelinePart(rows: number): Promise<void> {
  const result = await measurePipelineThroughput(rows);
  console.log(
    `pipeline: ${result.rows} rows in ${result.ms} ms = ${result.rowsPerSecond} rows/s; libphonenumber parse + isValid ${result.libphonenumberMs} ms (${(result.ms / result.libphonenumberMs).toFixed(2)}×)`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      small: { type: 'boolean', default: false },
      out: { type: 'string' },
      part: { type: 'string' },
      sizes: { type: 'string', default: '10000,50000' },
      rows: { type: 'string', default: '100000' },
    },
  });
  if (values.part === 'addon') return addonPart(values.sizes.split(',').map(Number));
  if (values.part === 'pipeline') return pipelinePart(Number(values.rows));
  if (values.part !== undefined) throw new Error(`--part is addon or pipeline, not ${values.part}`);
  const dir = values.out ?? RESULTS_DIR;
  const report = await runBenchmark(values.small ? SMALL_CONFIG : FULL_CONFIG, (line) => console.error(line));
  const markdown = renderMarkdown(report);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.md'), markdown);
  writeFileSync(
    join(dir, 'latest.json'),
    `${JSON.stringify({ ...report, goals: evaluateGoals(report) }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'chart.svg'), renderChartSvg(report));
  console.log(markdown);
  console.error(`written to ${dir}/latest.md, latest.json, chart.svg`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
