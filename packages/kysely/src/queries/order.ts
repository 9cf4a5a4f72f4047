import type {
  AggregateQuery,
  GroupByDimension,
  UsageTotals,
} from '@tokenledger/core';
import { ROLLUP_MEASURES, type RollupMeasure } from '../schema/tables.js';
import type { GroupSums } from './aggregate.js';
import { invalid } from './filter-input.js';
import { type Sums, TOTAL_COLUMNS, toTotals } from './totals.js';

const COST_INDEX = ROLLUP_MEASURES.indexOf('cost_nano');

type Compare = (a: GroupSums, b: GroupSums) => number;

/**
 * The order of aggregate groups: `orderBy` if given (ties by group keys),
 * else by time when grouped by `day`/`hour`, else by cost descending.
 */
export function comparator(
  groupBy: GroupByDimension[],
  orderBy: AggregateQuery['orderBy'],
): Compare {
  if (!orderBy) {
    const byTime = groupBy.includes('day') || groupBy.includes('hour');

    return byTime ? byKeys : (a, b) => byCost(b, a) || byKeys(a, b);
  }

  const sign = checkDirection(orderBy.direction);
  const field = orderBy.field;
  const keyIndex = groupBy.indexOf(field as GroupByDimension);

  if (keyIndex >= 0) {
    return (a, b) =>
      sign * compareValues(a.keys[keyIndex], b.keys[keyIndex]) || byKeys(a, b);
  }

  if (field === 'costUsd') return (a, b) => sign * byCost(a, b) || byKeys(a, b);

  const total = totalReader(checkTotalField(field, groupBy));

  return (a, b) =>
    sign * compareValues(total(a.sums), total(b.sums)) || byKeys(a, b);
}

function checkDirection(direction: unknown): 1 | -1 {
  if (direction === undefined || direction === 'asc') return 1;
  if (direction === 'desc') return -1;

  throw invalid(
    `orderBy.direction must be 'asc' or 'desc', got ${JSON.stringify(direction)}`,
  );
}

type NumericTotal = Exclude<keyof UsageTotals, 'cost' | 'costUsd'>;

function checkTotalField(
  field: string,
  groupBy: GroupByDimension[],
): NumericTotal {
  const numeric = Object.keys(toTotals([])).filter(
    (key) => key !== 'cost' && key !== 'costUsd',
  );
  if (numeric.includes(field)) return field as NumericTotal;

  throw invalid(
    `cannot order by ${JSON.stringify(field)}; use costUsd, ${numeric.join(', ')} or a groupBy dimension (${groupBy.join(', ') || 'none'})`,
  );
}

/**
 * Reads one numeric total straight from a group's sums: sorting 10,000
 * groups compares about 130,000 pairs, too many to build their totals.
 */
function totalReader(total: NumericTotal): (sums: Sums) => number {
  if (total === 'cacheReadShare') return (sums) => toTotals(sums)[total];

  // every other numeric total is one column
  const at = ROLLUP_MEASURES.indexOf(TOTAL_COLUMNS[total][0] as RollupMeasure);

  return (sums) => Number(sums[at] ?? 0n);
}

function byCost(a: GroupSums, b: GroupSums): number {
  return compareValues(a.sums[COST_INDEX], b.sums[COST_INDEX]);
}

/** Orders groups by their keys, in `groupBy` order. */
export function byKeys(a: GroupSums, b: GroupSums): number {
  for (let i = 0; i < a.keys.length; i++) {
    const order = compareValues(a.keys[i], b.keys[i]);
    if (order !== 0) return order;
  }

  return 0;
}

function compareValues<T>(a: T, b: T): number {
  if (a === b) return 0;

  return (a as T & {}) < (b as T & {}) ? -1 : 1;
}
