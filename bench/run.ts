/**
 * `npm run bench` (after the build): runs the benchmark at 10,000, 50,000 and 200,000 rows, prints
 * the report and writes bench/results/latest.md, latest.json and chart.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_CONFIG, runBenchmark } from './benchmark';
import { renderChartSvg } from './chart';
import { evaluateGoals, renderMarkdown } from './report';

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

async function main(): Promise<void> {
  const report = await runBenchmark(FULL_CONFIG, (line) => console.error(line));
  const markdown = renderMarkdown(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
  writeFileSync(
    join(RESULTS_DIR, 'latest.json'),
    `${JSON.stringify({ ...report, goals: evaluateGoals(report) }, null, 2)}\n`,
  );
  writeFileSync(join(RESULTS_DIR, 'chart.svg'), renderChartSvg(report));
  console.log(markdown);
  console.error(`written to ${RESULTS_DIR}/latest.md, latest.json, chart.svg`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
