/**
 * Writes RFC 4180 CSV: fields separated by commas, records by CRLF, fields that hold a comma,
 * quote or line break wrapped in double quotes with inner quotes doubled. Reading files (any of
 * `,` `;` tab, UTF-8/UTF-16) is tools/fixtures/exports/csv.ts.
 */

/** One field, quoted only when it must be. */
function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(rows: string[][]): string {
  return `${rows.map((row) => row.map(formatCsvField).join(',')).join('\r\n')}\r\n`;
}
