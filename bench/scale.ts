/**
 * The add-on at real scale on the realistic latency model: executions, rows left Queued after each,
 * requests, and how close the simulated time comes to the network floor, i.e. the time the
 * requests alone need: waves × time per wave, a wave being `parallelRequests` requests sent at
 * once (fetchAll waits for the slowest). With and without a filter, and over BotPenguin's time
 * per 100-contact request.
 */
import { DEFAULT_LATENCY, type LatencyModel } from '../emulator/index';
import { type AddonImportCost, measureAddonImport } from './addon-import';
import type { BenchEnvironment } from './environment';

export interface ScaleRun {
  rows: number;
  filtered: boolean;
  /** Rows the filter hid (they end Skipped, never sent). */
  hiddenByFilter: number;
  /** Time Apps Script waits for one 100-contact request (proxy + BotPenguin). */
  requestMs: number;
  requests: number;
  waves: number;
  floorMs: number;
  simulatedMs: number;
  executions: number;
  queuedAfter: number[];
  statusCounts: Record<string, number>;
  rowFilterCalls: number;
}

export interface ScaleConfig {
  sizes: number[];
  /** Rows of the sensitivity runs, and the request times they try (ms). */
  sensitivityRows: number;
  requestTimesMs: number[];
}

/** One 100-contact request under the default model: proxy + server base + 100 × per contact. */
export function defaultRequestMs(model: LatencyModel = DEFAULT_LATENCY): number {
  return model.fetchBaseMs + model.fetchServerMs + 100 * model.fetchPerContactMs;
}

/** A model in which every 100-contact request takes exactly `requestMs`, proxy included. */
function latencyForRequestMs(requestMs: number): Partial<LatencyModel> {
  return { fetchBaseMs: 0, fetchServerMs: requestMs, fetchPerContactMs: 0, fetchPerKbMs: 0 };
}

export function scaleRun(
  cost: AddonImportCost,
  filtered: boolean,
  requestMs: number,
  parallel: number,
): ScaleRun {
  const waves = Math.ceil(cost.requests / parallel);
  return {
    rows: cost.rows,
    filtered,
    hiddenByFilter: cost.hiddenByFilter,
    requestMs,
    requests: cost.requests,
    waves,
    floorMs: waves * requestMs,
    simulatedMs: cost.simulatedMs,
    executions: cost.executions.length,
    queuedAfter: cost.queuedAfter,
    statusCounts: cost.statusCounts,
    rowFilterCalls: cost.calls['Sheet.isRowHiddenByFilter'] ?? 0,
  };
}

/** The filtered runs at each size and the sensitivity runs (unfiltered runs come from the main table). */
export async function measureScale(
  env: BenchEnvironment,
  config: ScaleConfig,
  parallel: number,
  log: (line: string) => void,
): Promise<ScaleRun[]> {
  const runs: ScaleRun[] = [];
  for (const rows of config.sizes) {
    log(`add-on with a filter, ${rows} rows…`);
    runs.push(
      scaleRun(await measureAddonImport(env, rows, { filter: true }), true, defaultRequestMs(), parallel),
    );
  }
  for (const requestMs of config.requestTimesMs) {
    log(`add-on, ${config.sensitivityRows} rows at ${requestMs / 1000} s per request…`);
    const cost = await measureAddonImport(env, config.sensitivityRows, {
      latency: latencyForRequestMs(requestMs),
    });
    runs.push(scaleRun(cost, false, requestMs, parallel));
  }
  return runs;
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) =>
  ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 60_000).toFixed(1)} min`;

export function floorRatio(run: ScaleRun): number {
  return run.floorMs > 0 ? run.simulatedMs / run.floorMs : Number.NaN;
}

function line(run: ScaleRun, first: string[]): string {
  return `| ${[
    ...first,
    count(run.requests),
    String(run.executions),
    run.queuedAfter.map(count).join(' → '),
    seconds(run.simulatedMs),
    `${count(run.waves)} × ${(run.requestMs / 1000).toFixed(1)} s = ${seconds(run.floorMs)}`,
    `${floorRatio(run).toFixed(2)}×`,
  ].join(' | ')} |`;
}

export function renderScale(runs: ScaleRun[], unfiltered: ScaleRun[], sensitivityRows: number): string {
  const sizes = unfiltered.map((r) => r.rows);
  const head =
    '| executions | rows left Queued after each execution | simulated time | network floor (waves × time per wave) | time / floor |';
  const scale = [
    `| rows | filter | requests ${head}`,
    `| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |`,
    ...sizes.flatMap((rows) => {
      const plain = unfiltered.find((r) => r.rows === rows)!;
      const filtered = runs.find((r) => r.filtered && r.rows === rows);
      return [
        line(plain, [count(rows), 'none']),
        ...(filtered
          ? [
              line(filtered, [
                count(rows),
                `${count(filtered.hiddenByFilter)} rows hidden by value (${count(filtered.rowFilterCalls)} isRowHiddenByFilter calls)`,
              ]),
            ]
          : []),
      ];
    }),
  ].join('\n');
  const sensitivity = runs.filter((r) => !r.filtered);
  const table2 = [
    `| time per 100-contact request | requests ${head}`,
    `| ---: | ---: | ---: | --- | ---: | ---: | ---: |`,
    ...sensitivity.map((run) => line(run, [`${run.requestMs / 1000} s`])),
  ].join('\n');
  return `## At scale: executions and the network floor

Default latency model: one 100-contact request takes ${seconds(unfiltered[0]?.requestMs ?? defaultRequestMs())}
(proxy ${DEFAULT_LATENCY.fetchBaseMs} ms + BotPenguin ${DEFAULT_LATENCY.fetchServerMs} ms + ${DEFAULT_LATENCY.fetchPerContactMs} ms per contact); 4 requests
go at once, so a wave of 400 rows takes that long. The floor is what the requests alone need.
With a filter, every third contact (tags "${'vip, lead'}") is hidden by value.

${scale}

## Sensitivity to BotPenguin's time per request (${count(sensitivityRows)} rows)

Each request takes exactly the time shown (Google's proxy included), whatever its size.

${table2}
`;
}
