import type { GroupByDimension } from '@tokenledger/core';
import {
  ALL_USERS_ROLLUP_TABLE,
  DAILY_USER_FILTER_COLUMNS,
  DAILY_USER_ROLLUP_TABLE,
  DAY_MS,
  EVENTS_TABLE,
  HOUR_MS,
  type SourceTable,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import type { CheckedFilter } from './filter-input.js';

/** `auto` reads rollups where they can answer; `raw` reads only events. */
export type SourceMode = 'auto' | 'raw';

/** One table to read and the half-open time range to read from it. */
export interface SourcePlan {
  table: SourceTable;
  fromMs: number | undefined;
  toMs: number | undefined;
}

/**
 * Splits a query into the tables that answer it. Rollups cover the whole
 * hours of the range; the partial hours at either end read raw events. Tag
 * filters read raw events only. Grouping by user reads the user rollups,
 * everything else the much smaller all-users rollup. A query that needs
 * nothing but user, day, status and priced (grouped by at most user and
 * day, filtered by at most those) reads the whole UTC days of its range
 * from the daily user rollup, and only the hours around them hourly.
 * A user filter reads raw events, where the events' index on (user, time)
 * finds one user's calls (the hourly user rollup has no user index: see
 * migration 004), except for those whole days, which the daily rollup's
 * index on (user, day) finds in a row per user and day.
 */
export function planSources(
  filter: CheckedFilter,
  groupBy: readonly GroupByDimension[],
  mode: SourceMode,
): SourcePlan[] {
  const { fromMs, toMs } = filter;
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) return [];
  if (mode === 'raw' || filter.tags.length > 0) {
    return [{ table: EVENTS_TABLE, fromMs, toMs }];
  }

  const filtersUser = filter.columns.some((c) => c.column === 'user_id');
  if (filtersUser) {
    return dailyAnswers(filter, groupBy)
      ? splitAtUnits(fromMs, toMs, DAY_MS, EVENTS_TABLE, dailyPlan)
      : [{ table: EVENTS_TABLE, fromMs, toMs }];
  }

  return splitAtUnits(fromMs, toMs, HOUR_MS, EVENTS_TABLE, (from, to) =>
    groupBy.includes('user')
      ? userPlans(filter, groupBy, from, to)
      : [{ table: ALL_USERS_ROLLUP_TABLE, fromMs: from, toMs: to }],
  );
}

/** The whole hours `[fromMs, toMs)` of a query grouped by user. */
function userPlans(
  filter: CheckedFilter,
  groupBy: readonly GroupByDimension[],
  fromMs: number | undefined,
  toMs: number | undefined,
): SourcePlan[] {
  if (!dailyAnswers(filter, groupBy)) {
    return [{ table: USER_ROLLUP_TABLE, fromMs, toMs }];
  }

  return splitAtUnits(fromMs, toMs, DAY_MS, USER_ROLLUP_TABLE, dailyPlan);
}

/** Whether the daily user rollup holds every column the query needs. */
export function dailyAnswers(
  filter: CheckedFilter,
  groupBy: readonly GroupByDimension[],
): boolean {
  return (
    groupBy.every((d) => d === 'user' || d === 'day') &&
    filter.columns.every((c) => DAILY_USER_FILTER_COLUMNS.includes(c.column))
  );
}

function dailyPlan(
  fromMs: number | undefined,
  toMs: number | undefined,
): SourcePlan[] {
  return [{ table: DAILY_USER_ROLLUP_TABLE, fromMs, toMs }];
}

/**
 * Plans the whole `unitMs` units of `[fromMs, toMs)` with `whole` and reads
 * the partial units at either end from `edges`; all of it from `edges` when
 * the range holds no whole unit.
 */
function splitAtUnits(
  fromMs: number | undefined,
  toMs: number | undefined,
  unitMs: number,
  edges: SourceTable,
  whole: (fromMs: number | undefined, toMs: number | undefined) => SourcePlan[],
): SourcePlan[] {
  const wholeFrom = fromMs === undefined ? undefined : ceilTo(fromMs, unitMs);
  const wholeTo = toMs === undefined ? undefined : floorTo(toMs, unitMs);
  if (
    wholeFrom !== undefined &&
    wholeTo !== undefined &&
    wholeFrom >= wholeTo
  ) {
    return [{ table: edges, fromMs, toMs }];
  }

  const plans = whole(wholeFrom, wholeTo);
  if (fromMs !== undefined && wholeFrom !== undefined && fromMs < wholeFrom) {
    plans.push({ table: edges, fromMs, toMs: wholeFrom });
  }
  if (toMs !== undefined && wholeTo !== undefined && wholeTo < toMs) {
    plans.push({ table: edges, fromMs: wholeTo, toMs });
  }

  return plans;
}

/** The start of the hour that contains `ms` (UTC). */
export function floorHour(ms: number): number {
  return floorTo(ms, HOUR_MS);
}

function floorTo(ms: number, unitMs: number): number {
  return Math.floor(ms / unitMs) * unitMs;
}

function ceilTo(ms: number, unitMs: number): number {
  return Math.ceil(ms / unitMs) * unitMs;
}
