import type {
  AggregateMeasure,
  AggregateQuery,
  AggregateRow,
  GroupByDimension,
  TimeSeriesPoint,
  TimeSeriesQuery,
} from '@tokenledger/core';
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import type { RollupMeasure } from '../schema/tables.js';
import { aggregateGroups, type GroupSums, sumSources } from './aggregate.js';
import {
  type CheckedFilter,
  type ColumnFilter,
  checkFilter,
  checkQueryKeys,
  invalid,
} from './filter-input.js';
import { readWithOpenEnd } from './open-end.js';
import { byKeys, comparator } from './order.js';
import { dailyAnswers, type SourceMode } from './plan.js';
import { fillTotals, isAggregateMeasure, measureColumns } from './totals.js';

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

const QUERY_KEYS = ['filter', 'groupBy', 'orderBy', 'limit', 'measures'];
const TIME_SERIES_KEYS = ['filter', 'bucket', 'groupBy', 'measures'];

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
  checkQueryKeys(query, 'query', QUERY_KEYS);
  const groupBy = checkGroupBy(query.groupBy ?? [], GROUP_BY_DIMENSIONS);
  const compare = comparator(groupBy, query.orderBy);
  const limit = checkLimit(query.limit);
  const measures = measureColumns(
    checkMeasures(query.measures, query.orderBy?.field),
  );

  const filter = checkFilter(query.filter);
  const groups = ranksUsersFirst(filter, groupBy, query.orderBy, limit, mode)
    ? await topUsers(db, dialect, filter, { compare, limit, measures })
    : await aggregateGroups(db, dialect, filter, groupBy, mode, measures);
  const sorted = groups.sort(compare).slice(0, limit);

  // one object per row: spreading (later, merging) two objects per row was
  // a fifth of a 10,000-user query's time
  return sorted.map((group) =>
    fillTotals(keyRecord(groupBy, group.keys), group.sums),
  );
}

/**
 * Whether to rank users by cost first: a query for the top `limit` users by
 * cost (the dashboard's user table) that the daily user rollup answers.
 */
function ranksUsersFirst(
  filter: CheckedFilter,
  groupBy: GroupByDimension[],
  orderBy: AggregateQuery['orderBy'],
  limit: number | undefined,
  mode: SourceMode,
): limit is number {
  return (
    limit !== undefined &&
    mode === 'auto' &&
    groupBy.length === 1 &&
    groupBy[0] === 'user' &&
    (orderBy === undefined || orderBy.field === 'costUsd') &&
    dailyAnswers(filter, groupBy)
  );
}

/**
 * The top `limit` users by cost, in two reads of one snapshot: every
 * user's cost alone, ranked, then every measure of the top users only.
 * With 10,000 users, a week is about 140,000 daily rows; sorting them with
 * their 15 sums was most of the query, sorting them with one is not.
 */
async function topUsers(
  db: AnyDb,
  dialect: StoreDialect,
  filter: CheckedFilter,
  order: {
    compare: ReturnType<typeof comparator>;
    limit: number;
    measures: readonly RollupMeasure[];
  },
): Promise<GroupSums[]> {
  const { compare, limit, measures } = order;
  return readWithOpenEnd(db, dialect, filter, async (snapshot, readFilter) => {
    const ranked = await sumSources(
      snapshot,
      dialect,
      readFilter,
      ['user'],
      'auto',
      ['cost_nano'],
    );
    const top = ranked.sort(compare).slice(0, limit);
    if (top.length === 0) return [];

    const users: ColumnFilter = {
      column: 'user_id',
      values: top.map((g) => String(g.keys[0])),
    };
    const ofTop = { ...readFilter, columns: [...readFilter.columns, users] };

    return sumSources(snapshot, dialect, ofTop, ['user'], 'auto', measures);
  });
}

/** Answers a {@link TimeSeriesQuery}: buckets in time order, then by group. */
export async function runTimeSeries(
  db: AnyDb,
  dialect: StoreDialect,
  query: TimeSeriesQuery,
  mode: SourceMode = 'auto',
): Promise<TimeSeriesPoint[]> {
  checkQueryKeys(query, 'timeSeries', TIME_SERIES_KEYS);
  if (query.bucket !== 'hour' && query.bucket !== 'day') {
    throw invalid(
      `bucket must be 'hour' or 'day', got ${JSON.stringify(query.bucket)}`,
    );
  }

  const series = query.groupBy === undefined ? [] : [query.groupBy];
  checkGroupBy(series, GROUP_BY_DIMENSIONS.slice(0, 5));
  const groupBy = [query.bucket, ...series];
  const measures = measureColumns(checkMeasures(query.measures, undefined));

  const groups = await aggregateGroups(
    db,
    dialect,
    checkFilter(query.filter),
    groupBy,
    mode,
    measures,
  );
  groups.sort(byKeys);

  return groups.map(({ keys: [bucket, group], sums }) => {
    const bucketStart = new Date(Number(bucket));
    const point =
      group === undefined
        ? { bucketStart }
        : { bucketStart, group: String(group) };

    return fillTotals(point, sums);
  });
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

/** The totals to sum: the asked ones and the one ordered by, or all. */
function checkMeasures(
  measures: unknown,
  orderField: string | undefined,
): AggregateMeasure[] | undefined {
  if (measures === undefined) return undefined;
  if (!Array.isArray(measures)) {
    throw invalid('measures must be a list of totals such as calls, costUsd');
  }

  for (const measure of measures) {
    if (!isAggregateMeasure(measure)) {
      throw invalid(
        `cannot sum ${JSON.stringify(measure)}; measures are totals of a row such as calls, costUsd, cost, inputTokens`,
      );
    }
  }

  return isAggregateMeasure(orderField) ? [...measures, orderField] : measures;
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined || (Number.isInteger(limit) && limit > 0))
    return limit;

  throw invalid(
    `limit must be a positive integer, got ${JSON.stringify(limit)}`,
  );
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
