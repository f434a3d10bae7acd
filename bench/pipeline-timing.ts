/**
 * The timed passes of the contact pipeline (mapping resolution, normalisation, validation,
 * payloads, duplicate detection) and of libphonenumber-js's own parse + isValid, side by side.
 * pipeline-throughput.ts builds this file as Code.js is built and runs it in a process of its own;
 * it prints a ThroughputResult as JSON. Generating the rows is not timed.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';
import { type PipelineSettings, processRows } from '../src/core/contacts';
import { dayPerMinute } from '../src/core/dates';
import { resolveMapping } from '../src/core/mapping';
import { generateMixedRows } from '../tools/fixtures/mixed-rows';
import type { ThroughputResult } from './pipeline-throughput';

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

/** A pass's settings, made afresh for each pass as the add-on makes them for each sheet it reads:
 * days as its dayFormatter (sheet-context.ts) makes them, once per minute, from a cold start. */
const passSettings = (): PipelineSettings => ({
  defaultCountry: 'IN',
  defaultTags: ['Google Sheets'],
  formatDate: dayPerMinute((date) => date.toISOString().slice(0, 10)),
});

function timePipeline(rows: number): ThroughputResult {
  const { headers, rows: values } = generateMixedRows(rows, 42);
  const sheetRows = values.map((cells, index) => ({ rowNumber: index + 2, values: cells }));
  // Warm up libphonenumber-js and the JIT so the figure reflects steady state.
  const warm = resolveMapping(headers, null);
  processRows(sheetRows.slice(0, 10_000), warm.columns, passSettings());

  const phoneCells = values.map((cells) => cells[PHONE_COLUMN]);
  libphonenumberPass(phoneCells.slice(0, 10_000));

  const pipelineTimes: number[] = [];
  const libphonenumberTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const settings = passSettings();
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

console.log(JSON.stringify(timePipeline(Number(process.argv[2]))));
