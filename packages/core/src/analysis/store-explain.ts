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

  const explanation = explainChange(beforeSide.groups, afterSide.groups, {
    before,
    after,
    ...(by ? { by } : {}),
    users: { before: beforeSide.users, after: afterSide.users },
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
  users: UserActivity[];
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
    store.query({
      filter: priced,
      groupBy: by === 'user' ? ['user'] : keyed(['user']),
    }),
    store.query({ filter: priced, groupBy: keyed(['release', 'hour']) }),
    store.query({ filter: { ...request.filter, ...window, priced: false } }),
  ]);

  return {
    groups: groups.map((row) => ({ ...row, key: keyOf(row) })),
    users: users.map((row) => ({
      key: keyOf(row),
      userId: row.user ?? '',
      calls: row.calls,
      costUsd: row.costUsd,
    })),
    releases: firstSeen(releases, keyOf),
    unpriced: unpriced.reduce((sum, row) => sum + row.calls, 0),
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
