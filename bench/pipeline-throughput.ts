/**
 * How many sheet rows per second the contact pipeline turns into outcomes (mapping resolution,
 * normalisation, validation, payloads, duplicate detection). Generating the rows is not timed.
 * Run: node --import tsx bench/pipeline-throughput.ts [rows]
 */
import { pathToFileURL } from 'node:url';
import { type PipelineSettings, processRows } from '../src/core/contacts';
import { resolveMapping } from '../src/core/mapping';
import { generateMixedRows } from '../tools/fixtures/mixed-rows';

export interface ThroughputResult {
  rows: number;
  ms: number;
  rowsPerSecond: number;
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

  const started = performance.now();
  const { columns } = resolveMapping(headers, null);
  const outcomes = processRows(sheetRows, columns, settings);
  const ms = performance.now() - started;
  if (outcomes.length !== sheetRows.length) throw new Error('pipeline lost rows');
  return { rows, ms: Math.round(ms), rowsPerSecond: Math.round((rows / ms) * 1000) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const requested = Number(process.argv[2] ?? 100_000);
  const result = measurePipelineThroughput(requested);
  console.log(`pipeline: ${result.rows} rows in ${result.ms} ms = ${result.rowsPerSecond} rows/s`);
}
