import type { AggregateRow, GroupByDimension } from '@tokenledger/core';
import { type Column, formatCount, formatShare } from './table.js';

/** An aggregate row; `label` stands in the first key column (totals). */
export type ReportRow = AggregateRow & { label?: string };

/**
 * The columns of `tokenledger report`: the group keys, then calls, the
 * token classes, the pages (OCR and other calls billed per page, which
 * count no tokens), the exact cost and the cache read share.
 *
 * @example
 * ```ts
 * renderTable(reportColumns(['endpoint']), rows, [{ ...totals, label: 'total' }]);
 * ```
 */
export function reportColumns(
  by: readonly GroupByDimension[],
): Column<ReportRow>[] {
  const keys = by.map(
    (key, index): Column<ReportRow> => ({
      header: key,
      value: (row) => (index === 0 && row.label ? row.label : (row[key] ?? '')),
    }),
  );
  const count = (
    header: string,
    read: (row: ReportRow) => number,
  ): Column<ReportRow> => ({
    header,
    align: 'right',
    value: (row) => formatCount(read(row)),
  });

  return [
    ...keys,
    count('calls', (row) => row.calls),
    count('unpriced', (row) => row.unpricedCalls),
    count('input', (row) => row.inputTokens),
    count('cache read', (row) => row.cacheReadTokens),
    count(
      'cache write',
      (row) => row.cacheWriteTokens + row.cacheWrite1hTokens,
    ),
    count('output', (row) => row.outputTokens),
    count('pages', (row) => row.pages),
    // a group of unpriced calls only has no cost to show, not a zero one
    {
      header: 'cost (USD)',
      align: 'right',
      value: (row) =>
        row.calls > 0 && row.unpricedCalls === row.calls
          ? 'unpriced'
          : row.costUsd,
    },
    {
      header: 'cache read share',
      align: 'right',
      value: (row) => formatShare(row.cacheReadShare),
    },
  ];
}
