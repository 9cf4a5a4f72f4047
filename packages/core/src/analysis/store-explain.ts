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

/** Past this many new users, their calls per group are read unfiltered. */
const MAX_NEW_USERS_FILTERED = 1000;

/**
 * The user activity of both windows for the volume split and the
 * concentration. Only the users new in the after window need their calls
 * per group (see {@link UserActivity}); everyone else is one row per user.
 * Per user and group, the rows are about as many as the calls when users
 * are many, so they are read for the new users alone, who are usually few.
 */
async function userActivity(
  store: UsageStore,
  request: StoreExplainRequest,
  before: WindowRead,
  after: WindowRead,
): Promise<{ before: UserActivity[]; after: UserActivity[] }> {
  const by = request.by;
  const activity = (row: AggregateRow, key: string): UserActivity => ({
    key,
    userId: row.user ?? '',
    calls: row.calls,
    costUsd: row.costUsd,
  });
  const whole = (rows: AggregateRow[]) =>
    rows.map((row) => activity(row, by === 'user' ? (row.user ?? '') : 'all'));
  if (!by || by === 'user') {
    return { before: whole(before.users), after: whole(after.users) };
  }

  const known = new Set(before.users.map((row) => row.user ?? ''));
  const newcomers = after.users
    .map((row) => row.user ?? '')
    .filter((userId) => !known.has(userId));
  const existing = after.users.filter((row) => known.has(row.user ?? ''));
  if (newcomers.length === 0) {
    return { before: whole(before.users), after: whole(existing) };
  }

  const fresh = new Set(newcomers);
  const filter = {
    ...request.filter,
    ...request.after,
    priced: true,
    ...(newcomers.length <= MAX_NEW_USERS_FILTERED
      ? { userId: newcomers }
      : {}),
  };
  const perGroup = await store.query({ filter, groupBy: [by, 'user'] });
  const newcomerRows = perGroup
    .filter((row) => fresh.has(row.user ?? ''))
    .map((row) => activity(row, row[by] ?? ''));

  return {
    before: whole(before.users),
    after: [...whole(existing), ...newcomerRows],
  };
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
