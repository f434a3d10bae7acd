/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields that hold a comma,
 * quote or line break wrapped in double quotes with inner quotes doubled. Small enough to own,
 * which keeps the playground free of a parsing dependency.
 */

/** Parses CSV text into rows of strings. A UTF-8 BOM is ignored; a trailing line break adds no row. */
export function parseCsv(text: string): string[][] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStarted = false;
  let i = 0;
  while (i < source.length) {
    const char = source[i];
    if (inQuotes) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += char;
      i++;
      continue;
    }
    if (char === '"' && field === '') {
      inQuotes = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (char === ',') {
      row.push(field);
      field = '';
      fieldStarted = true;
      i++;
      continue;
    }
    if (char === '\r' || char === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += char === '\r' && source[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += char;
    fieldStarted = true;
    i++;
  }
  if (inQuotes) throw new Error('CSV: a quoted field is not closed before the end of the file');
  if (fieldStarted || field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** One field, quoted only when it must be. */
function formatCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(rows: string[][]): string {
  return `${rows.map((row) => row.map(formatCsvField).join(',')).join('\r\n')}\r\n`;
}
