/**
 * How many sheet rows per second the contact pipeline turns into outcomes (mapping resolution,
 * normalisation, validation, payloads, duplicate detection). Generating the rows is not timed.
 * Run: node --import tsx --import ./tools/source-globals.mjs bench/pipeline-throughput.ts [rows]
 */
import { pathToFileURL } from 'node:url';
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { type PipelineSettings, processRows } from '../src/core/contacts';
import { resolveMapping } from '../src/core/mapping';
import { generateMixedRows } from '../tools/fixtures/mixed-rows';

export interface ThroughputResult {
  rows: number;
  /** Passes of each that were timed (ROUNDS). */
  rounds: number;
  /** The median of the passes over the rows. */
  ms: number;
  rowsPerSecond: number;
  /** libphonenumber-js's own parse + isValid of the same rows' phone cells, timed in the same run
   * (the median of ROUNDS passes, each next to a pipeline pass): the floor the pipeline is compared
   * with (its goal: within 1.5× of it). */
  libphonenumberMs: number;
}

/** Passes of each, taken in turn: single passes gave ratios from 1.55× to 2.85× on one commit. */
const ROUNDS = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The phone column of the mixed rows (tools/fixtures/mixed-rows.ts). */
const PHONE_COLUMN = 1;

/** What libphonenumber-js alone does for the same rows: parse each phone cell and ask isValid. */
function libphonenumberPass(cells: readonly unknown[]): number {
  let valid = 0;
  for (const cell of cells) {
    const parsed = parsePhoneNumberFromString(String(cell ?? ''), 'IN');
    if (parsed?.isValid()) valid++;
  }
  return valid;
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export function measurePipelineThroughput(rows = 100_000): ThroughputResult {
  const { headers, rows: values } = generateMixedRows(rows, 42);
  const sheetRows = values.map((cells, index) => ({ rowNumber: index + 2, values: cells }));
  const settings: PipelineSettings = {
    defaultCountry: 'IN',
    defaultTags: ['Google Sheets'],
    formatDate: isoDate,
  };
  // Warm up libphonenumber-js and the JIT so the figure reflects steady state.
  const warm = resolveMapping(headers, null);
  processRows(sheetRows.slice(0, 10_000), warm.columns, settings);

  const phoneCells = values.map((cells) => cells[PHONE_COLUMN]);
  libphonenumberPass(phoneCells.slice(0, 10_000));

  const pipelineTimes: number[] = [];
  const libphonenumberTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const { columns } = resolveMapping(headers, null);
    const outcomes = processRows(sheetRows, columns, settings);
    pipelineTimes.push(performance.now() - started);
    if (outcomes.length !== sheetRows.length) throw new Error('pipeline lost rows');
    const libStarted = performance.now();
    libphonenumberPass(phoneCells);
    libphonenumberTimes.push(performance.now() - libStarted);
  }
  const ms = median(pipelineTimes);
  const libphonenumberMs = median(libphonenumberTimes);
  return {
    rows,
    rounds: ROUNDS,
    ms: Math.round(ms),
    rowsPerSecond: Math.round((rows / ms) * 1000),
    libphonenumberMs: Math.max(1, Math.round(libphonenumberMs)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requested = Number(process.argv[2] ?? 100_000);
  const result = measurePipelineThroughput(requested);
  console.log(
    `pipeline: ${result.rows} rows in ${result.ms} ms = ${result.rowsPerSecond} rows/s; libphonenumber parse + isValid ${result.libphonenumberMs} ms (${(result.ms / result.libphonenumberMs).toFixed(2)}×)`,
  );
}
