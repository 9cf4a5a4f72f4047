/**
 * Renders rows as CSV (RFC 4180: CRLF line ends, fields with a comma, quote
 * or line break quoted, quotes doubled).
 *
 * @example
 * ```ts
 * renderCsv(['model', 'costUsd'], [['gpt-4o', '0.012500000']]);
 * ```
 */
export function renderCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  return [header, ...rows]
    .map((cells) => cells.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
