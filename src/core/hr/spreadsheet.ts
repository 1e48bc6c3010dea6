/** A cell of an exported table: text, a number, or nothing. */
export type ExportCell = string | number | null;

// A spreadsheet reads a cell starting with these as a formula (OWASP "CSV injection"); a tab or carriage return can
// hide one behind leading whitespace.
const FORMULA_START = /^[=+\-@\t\r]/;

/** Makes text safe to open in a spreadsheet: a cell that would start a formula is prefixed with an apostrophe. */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: neutralised, then quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvField(value: ExportCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = neutraliseCell(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV lines (CRLF, as Excel writes them); join them after `CSV_BOM` to make a file Excel opens as UTF-8. */
export function csvLines(rows: readonly (readonly ExportCell[])[]): string {
  return rows.map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** The byte-order mark that makes Excel read a CSV file as UTF-8 rather than the system's code page. */
export const CSV_BOM = '\uFEFF';

/** A whole table as one CSV text, BOM first. */
export function toCsv(header: readonly string[], rows: readonly (readonly ExportCell[])[]): string {
  return CSV_BOM + csvLines([header, ...rows]);
}
