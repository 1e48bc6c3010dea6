/** A cell of an exported table: text, a number, or nothing. */
export type CsvCell = string | number | null;

// A spreadsheet reads a cell starting with these as a formula (OWASP "CSV injection"); a tab or carriage return can
// hide one behind leading whitespace.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: text that would start a formula gets an apostrophe first; quoted when it holds a separator, quote or line break. */
export function csvField(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The byte-order mark that makes Excel read a CSV file as UTF-8 rather than the system's code page. */
export const CSV_BOM = '\uFEFF';

/** Rows as one CSV text (CRLF, as Excel writes it), BOM first. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}
