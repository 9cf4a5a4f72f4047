import type {
  AggregateQuery,
  AggregateRow,
  GroupByDimension,
  TimeSeriesPoint,
  TimeSeriesQuery,
  UsageTotals,
} from '@tokenledger/core';
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { ROLLUP_MEASURES } from '../schema/tables.js';
import { aggregateGroups, type GroupSums } from './aggregate.js';
import { checkFilter, invalid } from './filter-input.js';
import type { SourceMode } from './plan.js';
import { toTotals } from './totals.js';

// biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
type AnyDb = Kysely<any>;

const GROUP_BY_DIMENSIONS: readonly GroupByDimension[] = [
  'user',
  'provider',
  'model',
  'endpoint',
  'release',
  'day',
  'hour',
];

const COST_INDEX = ROLLUP_MEASURES.indexOf('cost_nano');

/**
 * Answers an {@link AggregateQuery}. Rows come ordered by `orderBy`, by
 * default by time when grouped by `day`/`hour`, else by cost descending;
 * ties by group keys.
 */
export async function runQuery(
  db: AnyDb,
  dialect: StoreDialect,
  query: AggregateQuery,
  mode: SourceMode = 'auto',
): Promise<AggregateRow[]> {
  const groupBy = checkGroupBy(query.groupBy ?? [], GROUP_BY_DIMENSIONS);
  const compare = comparator(groupBy, query.orderBy);
  const limit = checkLimit(query.limit);

  const groups = await aggregateGroups(
    db,
    dialect,
    checkFilter(query.filter),
    groupBy,
    mode,
  );
  const sorted = groups.sort(compare).slice(0, limit);

  return sorted.map((group) => ({
    ...keyRecord(groupBy, group.keys),
    ...toTotals(group.sums),
  }));
}

/** Answers a {@link TimeSeriesQuery}: buckets in time order, then by group. */
export async function runTimeSeries(
  db: AnyDb,
  dialect: StoreDialect,
  query: TimeSeriesQuery,
  mode: SourceMode = 'auto',
): Promise<TimeSeriesPoint[]> {
  if (query.bucket !== 'hour' && query.bucket !== 'day') {
    throw invalid(
      `bucket must be 'hour' or 'day', got ${JSON.stringify(query.bucket)}`,
    );
  }

  const series = query.groupBy === undefined ? [] : [query.groupBy];
  checkGroupBy(series, GROUP_BY_DIMENSIONS.slice(0, 5));
  const groupBy = [query.bucket, ...series];

  const groups = await aggregateGroups(
    db,
    dialect,
    checkFilter(query.filter),
    groupBy,
    mode,
  );
  groups.sort(byKeys);

  return groups.map(({ keys: [bucket, group], sums }) => ({
    bucketStart: new Date(Number(bucket)),
    ...(group === undefined ? {} : { group: String(group) }),
    ...toTotals(sums),
  }));
}

function checkGroupBy(
  groupBy: readonly unknown[],
  allowed: readonly GroupByDimension[],
): GroupByDimension[] {
  if (!Array.isArray(groupBy))
    throw invalid('groupBy must be a list of dimensions');

  for (const dimension of groupBy) {
    if (!allowed.includes(dimension as GroupByDimension)) {
      throw invalid(
        `cannot group by ${JSON.stringify(dimension)}; use ${allowed.join(', ')}`,
      );
    }
  }

  if (new Set(groupBy).size !== groupBy.length) {
    throw invalid(`groupBy lists a dimension twice: ${groupBy.join(', ')}`);
  }

  return groupBy as GroupByDimension[];
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || (Number.isInteger(limit) && limit > 0))
    return limit;

  throw invalid(
    `limit must be a positive integer, got ${JSON.stringify(limit)}`,
  );
}

type Compare = (a: GroupSums, b: GroupSums) => number;

function comparator(
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

  const total = checkTotalField(field, groupBy);

  return (a, b) =>
    sign * compareValues(toTotals(a.sums)[total], toTotals(b.sums)[total]) ||
    byKeys(a, b);
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

function byCost(a: GroupSums, b: GroupSums): number {
  return compareValues(a.sums[COST_INDEX], b.sums[COST_INDEX]);
}

function byKeys(a: GroupSums, b: GroupSums): number {
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

function keyRecord(groupBy: GroupByDimension[], keys: (string | number)[]) {
  const record: Partial<Record<GroupByDimension, string>> = {};

  groupBy.forEach((dimension, i) => {
    const key = keys[i];
    if (dimension === 'day')
      record.day = new Date(Number(key)).toISOString().slice(0, 10);
    else if (dimension === 'hour')
      record.hour = new Date(Number(key)).toISOString();
    else record[dimension] = String(key);
  });

  return record;
}
