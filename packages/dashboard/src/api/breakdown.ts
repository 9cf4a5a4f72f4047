import {
  type AggregateRow,
  divRoundHalfEven,
  formatUsd,
  parseUsd,
  promptTokens,
  type UsageTotals,
} from '@tokenledger/core';
import { z } from 'zod';
import { EMPTY_TOTALS, shareOf } from './figures.js';
import {
  DIMENSIONS,
  type Dimension,
  filterShape,
  numberParam,
} from './params.js';
import { type ApiContext, rangeJson } from './route.js';

/** `GET /api/breakdown`: cost by one dimension, top N and "other". */
export const breakdownSchema = z.strictObject({
  ...filterShape,
  by: z.enum(DIMENSIONS),
  top: numberParam({ min: 1, max: 1000, whole: true }).default(25),
});

/** One row of a breakdown table. */
export interface BreakdownRow {
  /** The dimension's value; null for "other" and for a missing release. */
  key: string | null;
  /** Set on the row summing every group beyond the top N. */
  other?: true;
  calls: number;
  unpricedCalls: number;
  costUsd: string;
  /** This row's cost over the total, 0..1 with 6 decimals. */
  share: number;
  costPerCallUsd: string | null;
  promptTokens: number;
  outputTokens: number;
  cacheReadShare: number;
}

/** Answers `/api/breakdown`. */
export async function breakdown(
  context: ApiContext<z.output<typeof breakdownSchema>>,
) {
  const { store, filter, params, windows } = context;

  const [groups, totals] = await Promise.all([
    store.query({
      filter,
      groupBy: [params.by],
      orderBy: { field: 'costUsd', direction: 'desc' },
      limit: params.top + 1,
    }),
    store.query({ filter }),
  ]);
  const total = totals[0] ?? EMPTY_TOTALS;
  const totalNano = parseUsd(total.costUsd);
  const shown = groups.slice(0, params.top);

  const rows = shown.map((row) => toRow(row, keyOf(row, params.by), totalNano));
  if (groups.length > params.top) {
    rows.push({
      ...toRow(remainder(total, shown), null, totalNano),
      other: true,
    });
  }

  return {
    range: rangeJson(windows.current),
    by: params.by,
    rows,
    total: toRow(total, null, totalNano),
  };
}

/** Builds a table row from store totals. */
export function toRow(
  totals: UsageTotals,
  key: string | null,
  totalNano: bigint,
): BreakdownRow {
  const cost = parseUsd(totals.costUsd);
  const priced = BigInt(totals.calls - totals.unpricedCalls);
  const prompt = promptTokens(totals);

  return {
    key,
    calls: totals.calls,
    unpricedCalls: totals.unpricedCalls,
    costUsd: formatUsd(cost),
    share: shareOf(cost, totalNano),
    costPerCallUsd:
      priced > 0n ? formatUsd(divRoundHalfEven(cost, priced)) : null,
    promptTokens: prompt,
    outputTokens: totals.outputTokens,
    cacheReadShare: prompt > 0 ? totals.cacheReadTokens / prompt : 0,
  };
}

/** The dimension's value in an aggregate row. */
export function keyOf(row: AggregateRow, by: Dimension): string | null {
  return row[by] ?? null;
}

function remainder(total: UsageTotals, shown: UsageTotals[]): UsageTotals {
  const minus = (pick: (t: UsageTotals) => number) =>
    pick(total) - shown.reduce((sum, row) => sum + pick(row), 0);
  const cost = shown.reduce(
    (sum, row) => sum - parseUsd(row.costUsd),
    parseUsd(total.costUsd),
  );

  return {
    ...EMPTY_TOTALS,
    calls: minus((t) => t.calls),
    unpricedCalls: minus((t) => t.unpricedCalls),
    inputTokens: minus((t) => t.inputTokens),
    outputTokens: minus((t) => t.outputTokens),
    cacheReadTokens: minus((t) => t.cacheReadTokens),
    cacheWriteTokens: minus((t) => t.cacheWriteTokens),
    cacheWrite1hTokens: minus((t) => t.cacheWrite1hTokens),
    costUsd: formatUsd(cost),
  };
}
