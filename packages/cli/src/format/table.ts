/**
 * One column of a {@link renderTable} table.
 *
 * @example
 * ```ts
 * const calls: Column<AggregateRow> = { header: 'calls', align: 'right', value: (row) => String(row.calls) };
 * ```
 */
export interface Column<Row> {
  header: string;
  align?: 'left' | 'right';
  value(row: Row): string;
}

/**
 * Renders rows as a plain-text table, every column padded to its widest
 * cell, with a rule under the header and one above the footer rows.
 *
 * @example
 * ```ts
 * renderTable([{ header: 'model', value: (r) => r.model }], rows, [totals]);
 * ```
 */
export function renderTable<Row>(
  columns: readonly Column<Row>[],
  rows: readonly Row[],
  footer: readonly Row[] = [],
): string {
  const header = columns.map((column) => column.header);
  const body = rows.map((row) => columns.map((column) => column.value(row)));
  const foot = footer.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((_, i) =>
    Math.max(...[header, ...body, ...foot].map((cells) => cells[i]!.length)),
  );

  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        columns[i]!.align === 'right'
          ? cell.padStart(widths[i]!)
          : cell.padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');

  return [
    line(header),
    rule,
    ...body.map(line),
    ...(foot.length > 0 ? [rule, ...foot.map(line)] : []),
  ].join('\n');
}

/** An integer with thousands separators: `1234567` → `1,234,567`. */
export function formatCount(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A 0..1 share as a percentage with one decimal: `0.4567` → `45.7%`. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
