import type { GroupByDimension } from '@tokenledger/core';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import {
  DAILY_USER_ROLLUP_TABLE,
  DAY_MS,
  EVENTS_TABLE,
  HOUR_MS,
  ROLLUP_MEASURES,
  type RollupMeasure,
} from '../schema/tables.js';
import type { CheckedFilter } from './filter-input.js';
import { readWithOpenEnd } from './open-end.js';
import { planSources, type SourceMode, type SourcePlan } from './plan.js';
import {
  addSums,
  measureSelections,
  type Sums,
  sumsReader,
  zeroSums,
} from './totals.js';
import { timeColumn, whereFilter } from './where.js';

/** One group: its key values (hour and day as epoch ms) and exact sums. */
export interface GroupSums {
  keys: (string | number)[];
  sums: Sums;
}

/** The column of each grouping dimension but the time buckets. */
export const DIMENSION_COLUMNS = {
  user: 'user_id',
  provider: 'provider',
  model: 'model',
  endpoint: 'endpoint',
  release: 'app_release',
} as const;

/**
 * Sums the events that match `filter`, grouped by `groupBy`, reading each
 * planned source and adding up groups that span sources (rollups for whole
 * hours, raw events for the partial ones). Without `groupBy` there is
 * exactly one group. A range that ends after the newest event reads its
 * last hour and day whole from the rollups (see `readWithOpenEnd`). Only
 * `measures` are summed; the others are 0.
 */
export async function aggregateGroups(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
  filter: CheckedFilter,
  groupBy: readonly GroupByDimension[],
  mode: SourceMode = 'auto',
  measures: readonly RollupMeasure[] = ROLLUP_MEASURES,
): Promise<GroupSums[]> {
  if (mode === 'raw') {
    return sumSources(db, dialect, filter, groupBy, mode, measures);
  }

  return readWithOpenEnd(db, dialect, filter, (snapshot, readFilter) =>
    sumSources(snapshot, dialect, readFilter, groupBy, mode, measures),
  );
}

/**
 * {@link aggregateGroups} on `db` as it is (a snapshot already opened, and
 * the range end already settled), summing only `measures` (the others are
 * 0), so that a query in several steps reads one state.
 */
export async function sumSources(
  // biome-ignore lint/suspicious/noExplicitAny: see aggregateGroups
  db: Kysely<any>,
  dialect: StoreDialect,
  filter: CheckedFilter,
  groupBy: readonly GroupByDimension[],
  mode: SourceMode,
  measures: readonly RollupMeasure[] = ROLLUP_MEASURES,
): Promise<GroupSums[]> {
  const plans = planSources(filter, groupBy, mode);
  const readSums = sumsReader(measures);
  const groups = new Map<string, GroupSums>();

  for (const plan of plans) {
    const rows = await selectGroups(
      db,
      dialect,
      plan,
      filter,
      groupBy,
      measures,
    );
    // One source groups each key once: nothing to merge.
    if (plans.length === 1 && rows.length > 0) {
      return rows.map((row) => ({
        keys: readKeys(groupBy, row),
        sums: readSums(row),
      }));
    }

    for (const row of rows) {
      mergeRow(groups, readKeys(groupBy, row), readSums(row));
    }
  }

  if (groupBy.length === 0 && groups.size === 0) {
    return [{ keys: [], sums: zeroSums() }];
  }

  return [...groups.values()];
}

async function selectGroups(
  // biome-ignore lint/suspicious/noExplicitAny: see aggregateGroups
  db: Kysely<any>,
  dialect: StoreDialect,
  plan: SourcePlan,
  filter: CheckedFilter,
  groupBy: readonly GroupByDimension[],
  measures: readonly RollupMeasure[],
): Promise<Record<string, unknown>[]> {
  const groupExpressions = groupBy.map((d) => groupExpression(d, plan));
  const keySelections = groupExpressions.map((e, i) => e.as(`g_${groupBy[i]}`));

  let query = db
    .selectFrom(plan.table)
    .select([
      ...keySelections,
      ...measureSelections(plan.table, dialect, measures),
    ]);
  query = whereFilter(query, plan, filter, dialect);
  if (groupExpressions.length > 0) query = query.groupBy(groupExpressions);

  return query.execute();
}

function groupExpression(
  dimension: GroupByDimension,
  plan: SourcePlan,
): RawBuilder<unknown> {
  const time = sql.ref(timeColumn(plan));

  if (dimension === 'day') {
    return plan.table === DAILY_USER_ROLLUP_TABLE
      ? sql`${time}`
      : sql`${time} - (${time} % ${sql.lit(DAY_MS)})`;
  }
  if (dimension === 'hour') {
    return plan.table === EVENTS_TABLE
      ? sql`${time} - (${time} % ${sql.lit(HOUR_MS)})`
      : sql`${time}`;
  }

  return sql`${sql.ref(DIMENSION_COLUMNS[dimension])}`;
}

/** A result row's group keys: hour and day as epoch ms, the rest text. */
function readKeys(
  groupBy: readonly GroupByDimension[],
  row: Record<string, unknown>,
): (string | number)[] {
  const keys: (string | number)[] = new Array(groupBy.length);
  for (let i = 0; i < groupBy.length; i++) {
    const dimension = groupBy[i] as GroupByDimension;
    const value = row[`g_${dimension}`];
    keys[i] =
      dimension === 'day' || dimension === 'hour'
        ? Number(value)
        : String(value);
  }

  return keys;
}

function mergeRow(
  groups: Map<string, GroupSums>,
  keys: (string | number)[],
  sums: Sums,
) {
  const id = keys.length === 1 ? String(keys[0]) : JSON.stringify(keys);
  const group = groups.get(id);

  if (group) addSums(group.sums, sums);
  else groups.set(id, { keys, sums });
}
