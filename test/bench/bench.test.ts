/**
 * The benchmark at a small size, so it cannot silently rot: the counts that must hold whatever the
 * machine (requests per batch, one request per row for the baselines, Sheets calls that depend on
 * chunks and not rows, one status per row) and a report that renders. No wall-clock assertions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureAddonImport } from '../../bench/addon-import';
import { measureBaseline, PER_CONTACT, PER_ROW_TUTORIAL } from '../../bench/baselines';
import { ADDON_DEFAULTS, type BenchReport, runBenchmark } from '../../bench/benchmark';
import { renderChartSvg } from '../../bench/chart';
import { type BenchEnvironment, startBenchEnvironment } from '../../bench/environment';
import { evaluateGoals, renderMarkdown } from '../../bench/report';

const SMALL = { sizes: [50, 300], baselineSampleRows: 50, pipelineRows: 2_000, loadRuns: 3 };

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

  it('makes the same Sheets calls for 50 and 300 rows, both one chunk', () => {
    const [small, large] = SMALL.sizes.map(
      (rows) => report.imports.find((f) => f.way === 'addon' && f.rows === rows)!,
    );
    expect(large.sheetsCalls).toBe(small.sheetsCalls);
  });

  it('counts the tutorial loop’s per-cell calls', () => {
    const tutorial = report.imports.find((f) => f.way === 'per-row-tutorial' && f.rows === 300)!;
    expect(tutorial.calls['Range.getValue']).toBe(300 * 5);
    expect(tutorial.calls['Range.setValue']).toBe(300 + 1);
  });

  it('renders the report, its goals and its chart', () => {
    const markdown = renderMarkdown(report);
    expect(markdown).toContain('| 300 | add-on | 3 |');
    expect(markdown).toContain('## Ratios');
    expect(markdown).toContain('rows/s');
    const goals = evaluateGoals(report);
    expect(goals.find((g) => g.goal.startsWith('10,000 rows in at most'))?.met).toBeNull();
    expect(goals.find((g) => g.goal.startsWith('dist/Code.js'))?.met).not.toBeNull();
    const svg = renderChartSvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect /g)?.length).toBeGreaterThanOrEqual(1 + 3 * SMALL.sizes.length * 2);
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
