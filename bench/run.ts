/**
 * `npm run bench` (after the build): runs the benchmark at 10,000, 50,000 and 200,000 rows, prints
 * the report and writes bench/results/latest.md, latest.json and chart.svg.
 * `npm run bench -- --small --out DIR`: a few hundred rows, written to DIR (what `npm test` runs,
 * test/build/scripts.test.ts, so the script cannot break unseen).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL_CONFIG, runBenchmark, SMALL_CONFIG } from './benchmark';
import { renderChartSvg } from './chart';
import { evaluateGoals, renderMarkdown } from './report';

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { small: { type: 'boolean', default: false }, out: { type: 'string' } },
  });
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
