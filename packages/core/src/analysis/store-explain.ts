import type {
  AggregateRow,
  GroupByDimension,
  UsageFilter,
  UsageStore,
} from '../store.js';
import { explainChange } from './explain.js';
import type {
  Explanation,
  TimeWindow,
  UserActivity,
  UserActivityInput,
  WindowAggregate,
} from './types.js';

/** A dimension an explanation can be grouped by. */
export type ExplainDimension = Exclude<GroupByDimension, 'day' | 'hour'>;

/** What {@link explainFromStore} compares. */
export interface StoreExplainRequest {
  /** Narrows both windows (its `from` and `to` are ignored). */
  filter?: UsageFilter;
  before: TimeWindow;
  after: TimeWindow;
  /** Group by this dimension; ungrouped (one group, `all`) when omitted. */
  by?: ExplainDimension;
  /** Subject of the overall sentence. Default `'Overall'`. */
  title?: string;
}

/** An {@link Explanation} read from a store, with what it could not price. */
export interface StoreExplanation extends Explanation {
  before: TimeWindow;
  after: TimeWindow;
  by: ExplainDimension | null;
  /** Calls left out because they have no price (never counted as $0). */
  unpricedCalls: { before: number; after: number };
}

/**
 * Explains the change in cost per day between two windows of a store: the
 * priced calls of each window, grouped by `by`, through
 * {@link explainChange}, with the volume split between new and existing
 * users, cost concentration, and the releases first seen in the after
 * window. Dialect-free: it only uses `store.query`.
 *
 * @example
 * ```ts
 * const explanation = await explainFromStore(store, {
 *   before: { from: new Date('2026-11-01'), to: new Date('2026-11-08') },
 *   after: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 *   by: 'endpoint',
 * });
 * console.log(explanation.sentences.join('\n'));
 * ```
 * @see docs/analysis.md
 */
export async function explainFromStore(
  store: UsageStore,
  request: StoreExplainRequest,
): Promise<StoreExplanation> {
  const { before, after } = request;
  const by = request.by ?? null;
  const [beforeSide, afterSide] = await Promise.all([
    readWindow(store, request, before),
    readWindow(store, request, after),
  ]);
  const users = await userActivity(store, request, beforeSide, afterSide);

  const explanation = explainChange(beforeSide.groups, afterSide.groups, {
    before,
    after,
    ...(by ? { by } : {}),
    users,
    releases: newReleases(beforeSide.releases, afterSide.releases),
    ...(request.title ? { title: request.title } : {}),
  });

  return {
    ...explanation,
    before,
    after,
    by,
    unpricedCalls: { before: beforeSide.unpriced, after: afterSide.unpriced },
  };
}

interface WindowRead {
  groups: WindowAggregate[];
  /** The priced calls and cost of each user in the window, one row each. */
  users: AggregateRow[];
  /** Per group key, release -> first hour seen (epoch ms). */
  releases: Map<string, Map<string, number>>;
  unpriced: number;
}

async function readWindow(
  store: UsageStore,
  request: StoreExplainRequest,
  window: TimeWindow,
): Promise<WindowRead> {
  const by = request.by;
  const priced = { ...request.filter, ...window, priced: true };
  const keyed = (extra: GroupByDimension[]) => (by ? [by, ...extra] : extra);
  const keyOf = (row: AggregateRow) => (by ? (row[by] ?? '') : 'all');

  const [groups, users, releases, unpriced] = await Promise.all([
    store.query({ filter: priced, groupBy: keyed([]) }),
    store.query({ filter: priced, groupBy: ['user'] }),
    store.query({ filter: priced, groupBy: keyed(['release', 'hour']) }),
    store.query({ filter: { ...request.filter, ...window, priced: false } }),
  ]);

  return {
    groups: groups.map((row) => ({ ...row, key: keyOf(row) })),
    users,
    releases: firstSeen(releases, keyOf),
    unpriced: unpriced.reduce((sum, row) => sum + row.calls, 0),
  };
}

/** Past this many users, a per-group read is not filtered by their ids. */
const MAX_USERS_FILTERED = 1000;

/**
 * The user activity of both windows for the volume split and the
 * concentration: one row per user and window, and the calls per group of
 * the users new in the after window. With many users, rows per user and
 * group are about as many as the calls, so those calls are read for the
 * smaller side only: the new users themselves, or the returning users,
 * whose calls per group are taken from the group's calls.
 */
async function userActivity(
  store: UsageStore,
  request: StoreExplainRequest,
  before: WindowRead,
  after: WindowRead,
): Promise<UserActivityInput> {
  const by = request.by;
  const activity = (row: AggregateRow): UserActivity => ({
    key: by === 'user' ? (row.user ?? '') : 'all',
    userId: row.user ?? '',
    calls: row.calls,
    costUsd: row.costUsd,
  });
  const users = {
    before: before.users.map(activity),
    after: after.users.map(activity),
  };
  if (!by || by === 'user') return users;

  const known = new Set(before.users.map((row) => row.user ?? ''));
  const afterIds = after.users.map((row) => row.user ?? '');
  const newcomers = afterIds.filter((userId) => !known.has(userId));
  const returning = afterIds.filter((userId) => known.has(userId));
  const fromNew = newcomers.length <= returning.length;
  const side = fromNew ? newcomers : returning;

  const calls = new Map<string, number>();
  if (!fromNew) {
    for (const group of after.groups) calls.set(group.key, group.calls);
  }
  if (side.length > 0) {
    const members = new Set(side);
    const sign = fromNew ? 1 : -1;
    const filter = {
      ...request.filter,
      ...request.after,
      priced: true,
      ...(side.length <= MAX_USERS_FILTERED ? { userId: side } : {}),
    };
    const rows = await store.query({ filter, groupBy: [by, 'user'] });

    for (const row of rows) {
      if (!members.has(row.user ?? '')) continue;

      const key = row[by] ?? '';
      calls.set(key, (calls.get(key) ?? 0) + sign * row.calls);
    }
  }

  return { ...users, newUserCalls: Object.fromEntries(calls) };
}

function firstSeen(
  rows: readonly AggregateRow[],
  keyOf: (row: AggregateRow) => string,
): Map<string, Map<string, number>> {
  const byKey = new Map<string, Map<string, number>>();

  for (const row of rows) {
    if (!row.release || row.calls === 0) continue;

    const hour = Date.parse(row.hour ?? '');
    const seen = byKey.get(keyOf(row)) ?? new Map<string, number>();
    seen.set(row.release, Math.min(seen.get(row.release) ?? hour, hour));
    byKey.set(keyOf(row), seen);
  }

  return byKey;
}

/** Per group, the releases of the after window not seen before, oldest first. */
function newReleases(
  before: Map<string, Map<string, number>>,
  after: Map<string, Map<string, number>>,
): Record<string, string[]> {
  const result: Record<string, string[]> = {};

  for (const [key, releases] of after) {
    const known = before.get(key);
    const fresh = [...releases.entries()]
      .filter(([release]) => !known?.has(release))
      .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
      .map(([release]) => release);
    if (fresh.length > 0) result[key] = fresh;
  }

  return result;
}
