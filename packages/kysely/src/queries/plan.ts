import {
  ALL_USERS_ROLLUP_TABLE,
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
 * filters read raw events only, and so do user filters: the events' index
 * on (user, time) finds one user's calls faster than a scan of the user
 * rollup. Grouping by user reads the user rollup; everything else the much
 * smaller all-users rollup.
 */
export function planSources(
  filter: CheckedFilter,
  groupsByUser: boolean,
  mode: SourceMode,
): SourcePlan[] {
  const { fromMs, toMs } = filter;
  if (fromMs !== undefined && toMs !== undefined && fromMs >= toMs) return [];

  const raw = { table: EVENTS_TABLE, fromMs, toMs } as const;
  const filtersUser = filter.columns.some((c) => c.column === 'user_id');
  if (mode === 'raw' || filter.tags.length > 0 || filtersUser) return [raw];

  const rollupFrom = fromMs === undefined ? undefined : ceilHour(fromMs);
  const rollupTo = toMs === undefined ? undefined : floorHour(toMs);
  if (
    rollupFrom !== undefined &&
    rollupTo !== undefined &&
    rollupFrom >= rollupTo
  ) {
    return [raw];
  }

  const table = groupsByUser ? USER_ROLLUP_TABLE : ALL_USERS_ROLLUP_TABLE;
  const plans: SourcePlan[] = [{ table, fromMs: rollupFrom, toMs: rollupTo }];
  if (fromMs !== undefined && rollupFrom !== undefined && fromMs < rollupFrom) {
    plans.push({ table: EVENTS_TABLE, fromMs, toMs: rollupFrom });
  }
  if (toMs !== undefined && rollupTo !== undefined && rollupTo < toMs) {
    plans.push({ table: EVENTS_TABLE, fromMs: rollupTo, toMs });
  }

  return plans;
}

/** The start of the hour that contains `ms` (UTC). */
export function floorHour(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

function ceilHour(ms: number): number {
  return Math.ceil(ms / HOUR_MS) * HOUR_MS;
}
