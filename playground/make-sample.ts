/**
 * Writes playground/sample-contacts.csv from the seeded mixed-rows generator (run once; the CSV is
 * committed). Cells are written as a CRM export would hold them, with one twist: most "+…"
 * numbers get a leading apostrophe, the way people keep a "+" in Sheets, and about one in five is
 * left bare so that it turns into #ERROR! on load, as it does in Sheets.
 *
 *   node --import tsx playground/make-sample.ts
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CellValue } from '../src/core/contacts';
import { generateMixedRows, MIXED_HEADERS } from '../tools/fixtures/mixed-rows';
import { formatCsv } from './csv';

const ROWS = 200;
const SEED = 2024;
const STATUS_HEADER = 'BotPenguin Status';

function csvText(value: CellValue, index: number): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  const text = String(value ?? '');
  if (/^\+\d/.test(text) && /\D/.test(text.slice(1)) && index % 5 !== 0) return `'${text}`;
  return text;
}

const { rows } = generateMixedRows(ROWS, SEED);
// The add-on creates its status columns itself; the sample starts without them.
const keep = MIXED_HEADERS.map((header, column) => (header === STATUS_HEADER ? -1 : column)).filter(
  (c) => c >= 0,
);
const table = [
  keep.map((column) => MIXED_HEADERS[column]),
  ...rows.map((row, index) => keep.map((column) => csvText(row[column], index))),
];
const target = fileURLToPath(new URL('./sample-contacts.csv', import.meta.url));
writeFileSync(target, formatCsv(table));
console.log(`wrote ${table.length - 1} rows to ${target}`);
