/**
 * `npm run quota-week -- [--rows N] [--days D] [--per-hour R] [--out FILE]`: a simulated week of
 * hourly automatic runs (tools/quota-week.ts) on a 50,000-row sheet with editors adding rows;
 * writes bench/results/quota-week.md with what each day used against the consumer limits.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { commitDescription } from '../tools/commit';
import { startMock } from '../tools/harness';
import { ROOT } from '../tools/paths';
import { simulateQuotaWeek } from '../tools/quota-week';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '50000' },
    days: { type: 'string', default: '7' },
    'per-hour': { type: 'string', default: '20' },
    out: { type: 'string' },
  },
});

const mock = await startMock();
try {
  const options = {
    rows: Number(values.rows),
    days: Number(values.days),
    rowsPerHour: Number(values['per-hour']),
  };
  const started = Date.now();
  const result = await simulateQuotaWeek(mock, options);
  const lines = [
    '# Quota week (issue 22)',
    '',
    `\`npm run quota-week -- --rows ${options.rows} --days ${options.days} --per-hour ${options.rowsPerHour}\` on commit ${commitDescription()}; ${Math.round((Date.now() - started) / 1000)} s.`,
    '',
    'Consumer limits (Google quotas page): trigger runtime 90 min/day, Properties reads/writes 50,000/day, URL Fetch 20,000/day.',
    '',
    '| day | hourly runs | failed | trigger runtime (min) | Properties reads+writes | URL Fetch |',
    '| --: | --: | --: | --: | --: | --: |',
    ...result.days.map(
      (d) =>
        `| ${d.day} | ${d.triggerRuns} | ${d.failedRuns} | ${d.triggerRuntimeMin} | ${d.propertiesOps} | ${d.urlFetch} |`,
    ),
    '',
    `Rows at the end: ${result.rowsAtEnd}; Imported: ${result.imported}; not imported: ${result.notImported}.`,
    '',
  ];
  const out = values.out ?? join(ROOT, 'bench', 'results', 'quota-week.md');
  writeFileSync(out, lines.join('\n'));
  process.stdout.write(lines.join('\n'));
} finally {
  await mock.stop();
}
