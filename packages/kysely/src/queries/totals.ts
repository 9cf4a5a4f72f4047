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

const COUNT_MEASURES = ROLLUP_MEASURES.filter((m) => !m.startsWith('cost_'));

const PROMPT_COLUMNS: readonly RollupMeasure[] = [
  'input_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'cache_write_1h_tokens',
];

/** The columns each public total is made of. */
const TOTAL_COLUMNS: Record<AggregateMeasure, readonly RollupMeasure[]> = {
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

const MEASURE_ALIASES = ROLLUP_MEASURES.map((measure) => `m_${measure}`);

/** Reads the measures of one result row (0 for those not selected). */
export function readSums(row: Record<string, unknown>): Sums {
  return MEASURE_ALIASES.map((alias) => {
    const value = row[alias];
    if (value === undefined || value === null) return 0n;

    return BigInt(typeof value === 'string' ? value : String(value));
  });
}

/** Adds `more` into `into`. */
export function addSums(into: Sums, more: Sums): void {
  more.forEach((value, i) => {
    into[i] = (into[i] ?? 0n) + value;
  });
}

/** Sums of an empty set. */
export function zeroSums(): Sums {
  return ROLLUP_MEASURES.map(() => 0n);
}

const AT = Object.fromEntries(
  ROLLUP_MEASURES.map((measure, index) => [measure, index]),
) as Record<RollupMeasure, number>;

const ZERO_USD = formatUsd(0n);

/** Turns exact sums into the public totals: counts and 9-decimal costs. */
export function toTotals(sums: Sums): UsageTotals {
  const count = (measure: (typeof COUNT_MEASURES)[number]) =>
    Number(sums[AT[measure]] ?? 0n);
  const usd = (measure: RollupMeasure) => {
    const nano = sums[AT[measure]] ?? 0n;
    return nano === 0n ? ZERO_USD : formatUsd(nano);
  };

  const cacheReadTokens = count('cache_read_tokens');
  const promptTokens =
    count('input_tokens') +
    cacheReadTokens +
    count('cache_write_tokens') +
    count('cache_write_1h_tokens');

  return {
    calls: count('calls'),
    unpricedCalls: count('unpriced_calls'),
    inputTokens: count('input_tokens'),
    outputTokens: count('output_tokens'),
    cacheWriteTokens: count('cache_write_tokens'),
    cacheWrite1hTokens: count('cache_write_1h_tokens'),
    cacheReadTokens,
    reasoningTokens: count('reasoning_tokens'),
    pages: count('pages'),
    costUsd: usd('cost_nano'),
    cost: {
      input: usd('cost_input_nano'),
      output: usd('cost_output_nano'),
      cacheWrite: usd('cost_cache_write_nano'),
      cacheRead: usd('cost_cache_read_nano'),
      units: usd('cost_units_nano'),
    },
    cacheReadShare: promptTokens === 0 ? 0 : cacheReadTokens / promptTokens,
  };
}
