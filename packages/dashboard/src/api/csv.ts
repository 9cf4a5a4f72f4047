/** A CSV cell: text the user supplied, or a value we computed. */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Encodes one CSV record (RFC 4180: quoted when needed, CRLF). Text cells
 * that a spreadsheet would run as a formula get a leading `'`, since user
 * ids and endpoint names are user-supplied (OWASP "CSV injection").
 */
export function csvRecord(
  cells: readonly CsvCell[],
  textColumns: ReadonlySet<number>,
): string {
  return `${cells.map((cell, i) => csvCell(cell, textColumns.has(i))).join(',')}\r\n`;
}

function csvCell(cell: CsvCell, isText: boolean): string {
  if (cell === null || cell === undefined) return '';

  let text = String(cell);
  if (isText && FORMULA_START.test(text)) text = `'${text}`;

  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
