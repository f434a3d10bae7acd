/**
 * The whole benchmark as a function of its sizes, so `npm run bench` runs it at 10k/50k/200k rows
 * and the test runs it small.
 */
import { cpus, loadavg } from 'node:os';
import { DEFAULT_LATENCY, type LatencyModel } from '../emulator/index';
import { BATCH_SIZE, chunkRows, PARALLEL_REQUESTS } from '../src/core/limits';
import { commitDescription } from '../tools/commit';
import { CODE_JS, SIDEBAR_HTML } from '../tools/paths';
import { measureAddonImport } from './addon-import';
import { measureBaseline, PER_CONTACT, PER_ROW_TUTORIAL } from './baselines';
import { type BundleStats, measureBundle } from './bundle-stats';
import { startBenchEnvironment } from './environment';
import { DAILY_URL_FETCH_QUOTA, type ImportFigures, measuredFigures } from './figures';
import { measurePipelineThroughput, type ThroughputResult } from './pipeline-throughput';
import { defaultRequestMs, measureScale, type ScaleConfig, type ScaleRun, scaleRun } from './scale';

export interface BenchConfig {
  sizes: number[];
  /** Per-row ways stop after the execution in which this many rows were sent; the rest is extrapolated. */
  baselineSampleRows: number;
  pipelineRows: number;
  loadRuns: number;
  /** Filtered and sensitivity runs of the add-on; absent in small test runs that do not need them. */
  scale?: ScaleConfig;
}

/** The add-on's defaults, from their one definition; the test checks them against the mock's requests. */
export const ADDON_DEFAULTS = {
  batchSize: BATCH_SIZE.default,
  parallelRequests: PARALLEL_REQUESTS.default,
  rowsPerChunk: chunkRows(BATCH_SIZE.default, PARALLEL_REQUESTS.default),
};

export const FULL_CONFIG: BenchConfig = {
  sizes: [10_000, 50_000, 200_000],
  baselineSampleRows: 1_000,
  pipelineRows: 100_000,
  loadRuns: 25,
  scale: {
    sizes: [10_000, 50_000, 200_000],
    sensitivityRows: 50_000,
    requestTimesMs: [500, 1_500, 3_000, 10_000],
  },
};

/** A few hundred rows: `npm run bench -- --small`, which `npm test` runs so the script cannot rot. */
export const SMALL_CONFIG: BenchConfig = {
  sizes: [50, 200],
  baselineSampleRows: 50,
  pipelineRows: 2_000,
  loadRuns: 3,
  scale: { sizes: [200], sensitivityRows: 400, requestTimesMs: [1_500] },
};

export interface BenchReport {
  generatedAt: string;
  /** The commit measured (git rev-parse), "… with uncommitted changes" when the tree was dirty. */
  commit: string;
  /** loadAverage: the 1-minute load when the run started (other work slows the wall-clock figures). */
  machine: { node: string; platform: string; cpus: number; loadAverage: number };
  config: BenchConfig;
  addonSettings: { batchSize: number; parallelRequests: number; rowsPerChunk: number };
  latency: LatencyModel;
  dailyUrlFetchQuota: number;
  imports: ImportFigures[];
  /** The add-on's runs seen against the network floor: `unfiltered` from the import table's runs,
   * `runs` the filtered and sensitivity runs (empty without `config.scale`). */
  scale: { unfiltered: ScaleRun[]; runs: ScaleRun[] };
  bundle: BundleStats;
  pipeline: ThroughputResult;
  /** Wall-clock time of the whole benchmark on this machine. */
  wallMs: number;
}

export async function runBenchmark(
  config: BenchConfig,
  log: (line: string) => void = () => {},
): Promise<BenchReport> {
  const started = performance.now();
  // Wall-clock measurements first, in a process not yet busy with emulators and their garbage.
  const loadAverage = loadavg()[0];
  log('bundle sizes and load time…');
  const bundle = measureBundle(CODE_JS, SIDEBAR_HTML, config.loadRuns);
  log(`pipeline throughput over ${config.pipelineRows} rows…`);
  const pipeline = await measurePipelineThroughput(config.pipelineRows);
  const imports: ImportFigures[] = [];
  const scale: BenchReport['scale'] = { unfiltered: [], runs: [] };
  const parallel = ADDON_DEFAULTS.parallelRequests;
  const env = await startBenchEnvironment();
  try {
    for (const rows of config.sizes) {
      log(`add-on, ${rows} rows…`);
      const cost = await measureAddonImport(env, rows);
      imports.push(measuredFigures('addon', cost));
      scale.unfiltered.push(scaleRun(cost, false, defaultRequestMs(), parallel));
      for (const script of [PER_CONTACT, PER_ROW_TUTORIAL]) {
        log(`${script.id}, ${rows} rows…`);
        imports.push(await measureBaseline(env, script, rows, config.baselineSampleRows));
      }
    }
    if (config.scale) scale.runs = await measureScale(env, config.scale, parallel, log);
  } finally {
    await env.stop();
  }
  return {
    generatedAt: new Date().toISOString(),
    commit: commitDescription(),
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: cpus().length,
      loadAverage,
    },
    config,
    addonSettings: ADDON_DEFAULTS,
    latency: DEFAULT_LATENCY,
    dailyUrlFetchQuota: DAILY_URL_FETCH_QUOTA,
    imports,
    scale,
    bundle,
    pipeline,
    wallMs: Math.round(performance.now() - started),
  };
}
