/**
 * The benchmark at a small size, so it cannot silently rot: the counts that must hold whatever the
 * machine (requests per batch, one request per row for the baselines, Sheets calls that depend on
 * chunks and not rows, one status per row) and a report that renders. No wall-clock assertions.
 */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureAddonImport } from '../../bench/addon-import';
import { measureBaseline, PER_CONTACT, PER_ROW_TUTORIAL } from '../../bench/baselines';
import { ADDON_DEFAULTS, type BenchReport, runBenchmark } from '../../bench/benchmark';
import { renderChartSvg } from '../../bench/chart';
import { type BenchEnvironment, startBenchEnvironment } from '../../bench/environment';
import { count, evaluateGoals, renderMarkdown } from '../../bench/report';
import { CODE_JS_BUDGET_BYTES } from '../../tools/budgets';
import { CODE_JS } from '../../tools/paths';

/** 200 rows: a per-row baseline still fits one execution at ~1.2 s a row (700 ms proxy + server). */
const SMALL = {
  sizes: [50, 200],
  baselineSampleRows: 50,
  pipelineRows: 2_000,
  loadRuns: 3,
  scale: { sizes: [200], sensitivityRows: 4_000, requestTimesMs: [1_500, 10_000] },
};

describe('benchmark at a small size', () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBenchmark(SMALL);
  });

  it('sends the add-on’s rows in batches of 100 and each baseline row in its own request', () => {
    for (const rows of SMALL.sizes) {
      const byWay = Object.fromEntries(report.imports.filter((f) => f.rows === rows).map((f) => [f.way, f]));
      expect(byWay.addon.requests).toBe(Math.ceil(rows / ADDON_DEFAULTS.batchSize));
      expect(byWay['per-contact'].requests).toBe(rows);
      expect(byWay['per-row-tutorial'].requests).toBe(rows);
      for (const figures of Object.values(byWay)) {
        expect(figures.basis).toBe('measured');
        expect(figures.executions).toBe(1);
        expect(figures.statusCounts).toEqual({ Imported: rows });
        expect(figures.urlFetchQuotaShare).toBeCloseTo(figures.requests / 20_000);
      }
    }
  });

  it('makes the same Sheets calls for 50 and 200 rows, both one chunk', () => {
    const [small, large] = SMALL.sizes.map(
      (rows) => report.imports.find((f) => f.way === 'addon' && f.rows === rows)!,
    );
    expect(large.sheetsCalls).toBe(small.sheetsCalls);
  });

  it('counts the tutorial loop’s per-cell calls', () => {
    const tutorial = report.imports.find((f) => f.way === 'per-row-tutorial' && f.rows === 200)!;
    expect(tutorial.calls['Range.getValue']).toBe(200 * 5);
    expect(tutorial.calls['Range.setValue']).toBe(200 + 1);
  });

  it('renders the report with its figures, its goals and its chart', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| 200 | add-on | 2 |');
    expect(markdown).toContain('## At scale: executions and the network floor');
    expect(markdown).toContain('## Sensitivity to BotPenguin');
    expect(markdown).toContain('## Ratios');
    // The figures measured, not only the headings: each one the report holds is printed.
    expect(report.commit).toMatch(/^[0-9a-f]{10}/);
    expect(markdown).toContain(`on commit ${report.commit}`);
    const { pipeline, bundle } = report;
    expect(pipeline.rows).toBe(SMALL.pipelineRows);
    expect(pipeline.rowsPerSecond).toBeGreaterThan(0);
    expect(markdown).toContain(`**${count(pipeline.rowsPerSecond)} rows/s**`);
    expect(pipeline.libphonenumberMs).toBeGreaterThan(0);
    expect(markdown).toContain(`${(pipeline.ms / pipeline.libphonenumberMs).toFixed(2)}× the time`);
    expect(bundle.loadMs).toBeGreaterThan(0);
    expect(markdown).toContain(`median ${bundle.loadMs.toFixed(1)} ms`);
    const code = bundle.files.find((f) => f.file === 'dist/Code.js')!;
    expect(code.bytes).toBe(statSync(CODE_JS).size);
    expect(markdown).toContain(`| \`dist/Code.js\` | ${(code.bytes / 1024).toFixed(1)} KB |`);
    const run = report.scale.unfiltered.find((r) => r.rows === 200)!;
    expect(run.floorMs).toBeGreaterThan(0);
    expect(run.simulatedMs).toBeGreaterThan(run.floorMs);
    const goals = evaluateGoals(report);
    expect(goals.find((g) => g.goal.startsWith('10,000 rows in at most'))?.met).toBeNull();
    expect(goals.find((g) => g.goal.startsWith('dist/Code.js'))).toMatchObject({
      met: code.bytes <= CODE_JS_BUDGET_BYTES,
      result: `${(code.bytes / 1024).toFixed(1)} KB (${count(code.bytes)} bytes)`,
    });
    const svg = renderChartSvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)?.length).toBeGreaterThanOrEqual(1 + 3 * SMALL.sizes.length * 2);
  });

  it('a filter costs no execution and no per-row filter call; its hidden rows are Skipped', () => {
    const plain = report.scale.unfiltered.find((r) => r.rows === 200)!;
    const filtered = report.scale.runs.find((r) => r.filtered && r.rows === 200)!;
    expect(filtered.hiddenByFilter).toBe(67);
    expect(filtered.rowFilterCalls).toBe(0);
    expect(filtered.executions).toBe(plain.executions);
    expect(filtered.statusCounts).toEqual({ Imported: 133, Skipped: 67 });
    expect(filtered.requests).toBe(2);
  });

  it('at 1.5 s per request wave, 4,000 rows take one execution near the network floor; at 10 s, several', () => {
    const fast = report.scale.runs.find((r) => !r.filtered && r.requestMs === 1_500)!;
    expect(fast).toMatchObject({ rows: 4_000, requests: 40, waves: 10, floorMs: 15_000, executions: 1 });
    expect(fast.queuedAfter).toEqual([0]);
    // Simulated time includes the bundle's real CPU time, which a loaded machine inflates: the
    // ratio to the floor is the bench's figure to report, not a test's to assert.
    expect(fast.simulatedMs).toBeGreaterThanOrEqual(fast.floorMs);
    const slow = report.scale.runs.find((r) => !r.filtered && r.requestMs === 10_000)!;
    expect(slow.floorMs).toBe(100_000);
    expect(slow.executions).toBe(1);
    expect(slow.statusCounts).toEqual({ Imported: 4_000 });
  });
});

describe('add-on Sheets calls grow with chunks', () => {
  let env: BenchEnvironment;
  beforeAll(async () => {
    env = await startBenchEnvironment();
  });
  afterAll(async () => {
    await env.stop();
  });

  it('adds the same calls for every further chunk, whatever the rows in it', async () => {
    const calls = async (rows: number) => (await measureAddonImport(env, rows)).sheetsCalls;
    const oneChunk = await calls(400);
    const twoChunks = await calls(401);
    const twoFullChunks = await calls(800);
    const threeChunks = await calls(801);
    expect(twoFullChunks).toBe(twoChunks);
    expect(threeChunks - twoChunks).toBe(twoChunks - oneChunk);
  });
});

describe('a baseline stopped by the 6-minute limit', () => {
  let env: BenchEnvironment;
  beforeAll(async () => {
    // Slow requests reach the limit after a few rows instead of ~700.
    env = await startBenchEnvironment({ fetchBaseMs: 30_000 });
  });
  afterAll(async () => {
    await env.stop();
  });

  it('is extrapolated from the rows it got through', async () => {
    const tutorial = await measureBaseline(env, PER_ROW_TUTORIAL, 60, 15);
    expect(tutorial.basis).toBe('extrapolated');
    expect(tutorial.executionLog[0].killed).toBe(true);
    expect(tutorial.rowsPerExecution).toBeGreaterThan(5);
    expect(tutorial.rowsPerExecution).toBeLessThan(15);
    expect(tutorial.sampledRows).toBeGreaterThanOrEqual(15);
    expect(tutorial.requests).toBe(60);
    expect(tutorial.executions).toBe(Math.ceil(60 / tutorial.rowsPerExecution));
    expect(tutorial.simulatedMs).toBeGreaterThan(60 * 30_000);
  });

  it('stops a script that would start over after one execution', async () => {
    const perContact = await measureBaseline(env, PER_CONTACT, 60, 100);
    expect(perContact.executionLog).toHaveLength(1);
    expect(perContact.executionLog[0].killed).toBe(true);
    expect(perContact.basis).toBe('extrapolated');
    // As written, it writes statuses at the end: a stopped run leaves none.
    expect(perContact.statusCounts).toEqual({ '': 60 });
  });
});
