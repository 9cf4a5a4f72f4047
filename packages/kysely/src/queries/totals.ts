import {
  type AggregateMeasure,
  formatUsd,
  type UsageTotals,
} from '@tokenledger/core';
import { type AliasedRawBuilder, sql } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import {
  EVENTS_TABLE,
  ROLLUP_MEASURES,
  type RollupMeasure,
  type SourceTable,
} from '../schema/tables.js';

/** Exact sums of a group, in the order of `ROLLUP_MEASURES`. */
export type Sums = bigint[];

const PROMPT_COLUMNS: readonly RollupMeasure[] = [
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
];

/** The columns each public total is made of. */
export const TOTAL_COLUMNS: Record<AggregateMeasure, readonly RollupMeasure[]> =
  {
    calls: ['calls'],
    unpricedCalls: ['unpriced_calls'],
    inputTokens: ['input_tokens'],
    outputTokens: ['output_tokens'],
    cacheWriteTokens: ['cache_write_tokens'],
    cacheWrite1hTokens: ['cache_write_1h_tokens'],
    cacheReadTokens: ['cache_read_tokens'],
    reasoningTokens: ['reasoning_tokens'],
    pages: ['pages'],
    costUsd: ['cost_nano'],
    cost: [
      'cost_input_nano',
      'cost_output_nano',
      'cost_cache_write_nano',
      'cost_cache_read_nano',
      'cost_units_nano',
    ],
    cacheReadShare: PROMPT_COLUMNS,
  };

/**
 * The columns to sum for the totals a query reads (all when `measures` is
 * undefined), in `ROLLUP_MEASURES` order. `cost_nano` is always summed: the
 * default row order is by cost.
 *
 * @example
 * ```ts
 * measureColumns(['calls']); // ['calls', 'cost_nano']
 * ```
 */
export function measureColumns(
  measures: readonly AggregateMeasure[] | undefined,
): readonly RollupMeasure[] {
  if (measures === undefined) return ROLLUP_MEASURES;

  const wanted = new Set<RollupMeasure>(['cost_nano']);
  for (const measure of measures) {
    for (const column of TOTAL_COLUMNS[measure]) wanted.add(column);
  }

  return ROLLUP_MEASURES.filter((column) => wanted.has(column));
}

/** Whether `value` names a total of an aggregate row. */
export function isAggregateMeasure(value: unknown): value is AggregateMeasure {
  return typeof value === 'string' && Object.hasOwn(TOTAL_COLUMNS, value);
}

/**
 * The measure columns of an aggregate select, aliased `m_<measure>`: every
 * measure, or the `columns` given. On raw events they are computed; on
 * rollups they are sums of sums. Each is read back as text, so sums past
 * 2^53 stay exact whatever the driver does with big integers. A measure
 * not selected reads back as 0 in {@link readSums}.
 */
export function measureSelections(
  table: SourceTable,
  dialect: StoreDialect,
  columns: readonly RollupMeasure[] = ROLLUP_MEASURES,
): AliasedRawBuilder<string, string>[] {
  return columns.map((measure) => {
    const sum =
      table === EVENTS_TABLE ? rawSum(measure) : sql`sum(${sql.ref(measure)})`;

    return dialect.asText(sql`coalesce(${sum}, 0)`).as(`m_${measure}`);
  });
}

function rawSum(measure: string) {
  if (measure === 'calls') return sql`count(*)`;
  if (measure === 'unpriced_calls') {
    return sql`sum(case when ${sql.ref('priced')} = 0 then 1 else 0 end)`;
  }
  if (measure === 'pages') return sql`sum(coalesce(${sql.ref('pages')}, 0))`;

  return sql`sum(${sql.ref(measure)})`;
}

const AT = Object.fromEntries(
  ROLLUP_MEASURES.map((measure, index) => [measure, index]),
) as Record<RollupMeasure, number>;

/** Reads every measure of one result row (0 for those not selected). */
export function readSums(row: Record<string, unknown>): Sums {
  return readEverySum(row);
}

/**
 * A reader of the sums of rows that select only `columns` (0 for the
 * others): a 10,000-user query then looks up two properties a row, not
 * fifteen.
 */
export function sumsReader(
  columns: readonly RollupMeasure[],
): (row: Record<string, unknown>) => Sums {
  const read = columns.map((column) => ({
    alias: `m_${column}`,
    at: AT[column],
  }));
  const zeros = zeroSums();

  return (row) => {
    const sums = zeros.slice();
    for (const { alias, at } of read) {
      const value = row[alias];
      if (value !== undefined && value !== null) {
        sums[at] = BigInt(typeof value === 'string' ? value : String(value));
      }
    }

    return sums;
  };
}

const readEverySum = sumsReader(ROLLUP_MEASURES);

/** Adds `more` into `into`. */
export function addSums(into: Sums, more: Sums): void {
  for (let i = 0; i < more.length; i++) {
    into[i] = (into[i] ?? 0n) + (more[i] as bigint);
  }
}

/** Sums of an empty set. */
export function zeroSums(): Sums {
  return ROLLUP_MEASURES.map(() => 0n);
}

const ZERO_USD = formatUsd(0n);

/** Turns exact sums into the public totals: counts and 9-decimal costs. */
export function toTotals(sums: Sums): UsageTotals {
  return fillTotals({}, sums);
}

/**
 * Writes the public totals of `sums` onto `row` (a group's key record) and
 * returns it: one object per result row, built field by field, where a
 * 10,000-user query used to build and merge two.
 */
export function fillTotals<T extends object>(
  row: T,
  sums: Sums,
): T & UsageTotals {
  const out = row as T & UsageTotals;
  const count = (at: number) => Number(sums[at] ?? 0n);
  const usd = (at: number) => {
    const nano = sums[at] ?? 0n;
    return nano === 0n ? ZERO_USD : formatUsd(nano);
  };

  const cacheReadTokens = count(AT.cache_read_tokens);
  const promptTokens =
    count(AT.input_tokens) +
    cacheReadTokens +
    count(AT.cache_write_tokens) +
    count(AT.cache_write_1h_tokens);

  out.calls = count(AT.calls);
  out.unpricedCalls = count(AT.unpriced_calls);
  out.inputTokens = count(AT.input_tokens);
  out.outputTokens = count(AT.output_tokens);
  out.cacheWriteTokens = count(AT.cache_write_tokens);
  out.cacheWrite1hTokens = count(AT.cache_write_1h_tokens);
  out.cacheReadTokens = cacheReadTokens;
  out.reasoningTokens = count(AT.reasoning_tokens);
  out.pages = count(AT.pages);
  out.costUsd = usd(AT.cost_nano);
  out.cost = {
    input: usd(AT.cost_input_nano),
    output: usd(AT.cost_output_nano),
    cacheWrite: usd(AT.cost_cache_write_nano),
    cacheRead: usd(AT.cost_cache_read_nano),
    units: usd(AT.cost_units_nano),
  };
  out.cacheReadShare = promptTokens === 0 ? 0 : cacheReadTokens / promptTokens;

  return out;
}
