import { parseUsd } from '../money.js';
import type {
  AggregateRow,
  GroupByDimension,
  UsageFilter,
  UsageStore,
} from '../store.js';
import { explainChange } from './explain.js';
import {
  MAX_USERS_FILTERED,
  readWindowUsers,
  type WindowUsers,
} from './store-users.js';
import type {
  Concentration,
  ExplainOptions,
  Explanation,
  TimeWindow,
  UserActivity,
  WindowAggregate,
} from './types.js';
import { concentrationOf } from './users.js';

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
  const reader = readOnce(store);
  const [beforeSide, afterSide] = foldFewUsers(
    by,
    await Promise.all([
      readWindow(reader, request, before),
      readWindow(reader, request, after),
    ]),
  );
  const [releases, users] = await Promise.all([
    newReleases(reader, request, beforeSide, afterSide),
    userAnalysis(reader, request, beforeSide, afterSide),
  ]);

  const explanation = explainChange(beforeSide.groups, afterSide.groups, {
    before,
    after,
    ...(by ? { by } : {}),
    ...users,
    releases,
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

/** Grouped by user, the costliest this many keep a group of their own. */
export const MAX_USER_GROUPS = 100;

/**
 * Grouped by user, keeps the {@link MAX_USER_GROUPS} costliest users (cost
 * of both windows together, ties by id) as groups and sums every other
 * user into one group, `N other users`: the exact arithmetic of 10,000
 * groups summed their drivers over denominators that grew with every
 * group (20 s at 10,000 users). The overall change is the same; the other
 * users' drivers are those of their sum.
 */
function foldFewUsers(
  by: ExplainDimension | null,
  sides: [WindowRead, WindowRead],
): [WindowRead, WindowRead] {
  if (by !== 'user') return sides;

  const costs = new Map<string, bigint>();
  for (const side of sides) {
    for (const group of side.groups) {
      const nano = parseUsd(group.costUsd);
      costs.set(group.key, (costs.get(group.key) ?? 0n) + nano);
    }
  }
  if (costs.size <= MAX_USER_GROUPS) return sides;

  const kept = new Set(
    [...costs]
      .sort(([a, x], [b, y]) => (x === y ? (a < b ? -1 : 1) : x > y ? -1 : 1))
      .slice(0, MAX_USER_GROUPS)
      .map(([key]) => key),
  );
  const others = otherUsersKey(costs.size - kept.size, costs);
  const keyOf = (key: string) => (kept.has(key) ? key : others);

  return sides.map((side) => ({
    ...side,
    groups: side.groups.map((group) => ({ ...group, key: keyOf(group.key) })),
    releases: mergedReleases(side.releases, keyOf),
  })) as [WindowRead, WindowRead];
}

/** `N other users`, made unlike every real user id. */
function otherUsersKey(count: number, users: Map<string, unknown>): string {
  let key = `${count.toLocaleString('en')} other users`;
  while (users.has(key)) key = `(${key})`;

  return key;
}

function mergedReleases(
  releases: Map<string, Set<string>>,
  keyOf: (key: string) => string,
): Map<string, Set<string>> {
  const merged = new Map<string, Set<string>>();
  for (const [key, seen] of releases) {
    const into = merged.get(keyOf(key)) ?? new Set<string>();
    for (const release of seen) into.add(release);
    merged.set(keyOf(key), into);
  }

  return merged;
}

/** What an explanation reads a store with. */
type Reader = Pick<UsageStore, 'query'> & Partial<Pick<UsageStore, 'events'>>;

/**
 * The store's `query`, each distinct query asked once per explanation:
 * adjacent windows share the day between them, which both read whole.
 */
function readOnce(store: UsageStore): Reader {
  const asked = new Map<string, Promise<AggregateRow[]>>();

  return {
    ...(store.events ? { events: (query) => store.events(query) } : {}),
    query(query) {
      const key = JSON.stringify(query);
      let rows = asked.get(key);
      if (rows === undefined) {
        rows = store.query(query);
        asked.set(key, rows);
      }

      return rows;
    },
  };
}

interface WindowRead {
  window: TimeWindow;
  /** The priced calls per group and release: several rows per key. */
  rows: AggregateRow[];
  /** The same rows with their group key. */
  groups: (AggregateRow & WindowAggregate)[];
  /** Per group key, the releases seen. */
  releases: Map<string, Set<string>>;
  /** Per user (every user but when grouped by user), or null. */
  users: WindowUsers | null;
  unpriced: number;
}

/**
 * One window: its priced calls by group and release (the groups and the
 * releases seen, in one read; grouped by user, by user alone), its
 * unpriced calls, and its users.
 */
async function readWindow(
  store: Reader,
  request: StoreExplainRequest,
  window: TimeWindow,
): Promise<WindowRead> {
  const by = request.by;
  const priced = { ...request.filter, ...window, priced: true };
  const unpricedFilter = { ...request.filter, ...window, priced: false };

  // per user, releases are not read: by release they would be about a row
  // per call (the hourly user rollup), by user alone a row per user and day
  const groupBy = by === 'user' ? ['user' as const] : keyed(by, ['release']);
  const [rows, unpriced, users] = await Promise.all([
    store.query({ filter: priced, groupBy }),
    store.query({ filter: unpricedFilter, measures: ['calls'] }),
    by === 'user'
      ? null
      : readWindowUsers(store, { ...request.filter, priced: true }, window),
  ]);

  return {
    window,
    rows,
    groups: rows.map((row) => ({ ...row, key: keyOf(by, row) })),
    releases: releasesSeen(rows, (row) => keyOf(by, row)),
    users,
    unpriced: unpriced.reduce((sum, row) => sum + row.calls, 0),
  };
}

/** `extra` grouped under `by` too, each dimension once. */
function keyed(
  by: ExplainDimension | undefined,
  extra: GroupByDimension[],
): GroupByDimension[] {
  return by ? [by, ...extra.filter((d) => d !== by)] : extra;
}

function keyOf(by: ExplainDimension | undefined, row: AggregateRow): string {
  return by ? (row[by] ?? '') : 'all';
}

function releasesSeen(
  rows: readonly AggregateRow[],
  keyOfRow: (row: AggregateRow) => string,
): Map<string, Set<string>> {
  const byKey = new Map<string, Set<string>>();

  for (const row of rows) {
    if (!row.release || row.calls === 0) continue;

    const seen = byKey.get(keyOfRow(row)) ?? new Set<string>();
    seen.add(row.release);
    byKey.set(keyOfRow(row), seen);
  }

  return byKey;
}

/**
 * Per group, the releases of the after window not seen before, oldest
 * first (by the first hour with calls, then by name). Hours are read only
 * when a group has more than one to order.
 */
async function newReleases(
  store: Reader,
  request: StoreExplainRequest,
  before: WindowRead,
  after: WindowRead,
): Promise<Record<string, string[]>> {
  const fresh = new Map<string, string[]>();
  for (const [key, releases] of after.releases) {
    const known = before.releases.get(key);
    const unseen = [...releases].filter((release) => !known?.has(release));
    if (unseen.length > 0) fresh.set(key, unseen);
  }

  const toOrder = [...fresh.values()].filter((list) => list.length > 1);
  const firstHours =
    toOrder.length === 0
      ? new Map<string, Map<string, number>>()
      : await firstSeen(store, request, [...new Set(toOrder.flat())]);

  const result: Record<string, string[]> = {};
  for (const [key, releases] of fresh) {
    const hours = firstHours.get(key);
    const hourOf = (release: string) => hours?.get(release) ?? 0;
    result[key] = releases.sort(
      (a, b) => hourOf(a) - hourOf(b) || (a < b ? -1 : 1),
    );
  }

  return result;
}

/** Per group key, release -> first hour with calls in the after window (epoch ms). */
async function firstSeen(
  store: Reader,
  request: StoreExplainRequest,
  releases: string[],
): Promise<Map<string, Map<string, number>>> {
  const by = request.by;
  const rows = await store.query({
    filter: {
      ...request.filter,
      ...request.after,
      priced: true,
      release: releases,
    },
    groupBy: keyed(by, ['release', 'hour']),
    measures: ['calls'],
  });
  const byKey = new Map<string, Map<string, number>>();

  for (const row of rows) {
    if (!row.release || row.calls === 0) continue;

    const hour = Date.parse(row.hour ?? '');
    const seen = byKey.get(keyOf(by, row)) ?? new Map<string, number>();
    seen.set(row.release, Math.min(seen.get(row.release) ?? hour, hour));
    byKey.set(keyOf(by, row), seen);
  }

  return byKey;
}

/**
 * The user analysis of both windows, as `explainChange` takes it. Grouped
 * by user, the group rows are the users. Otherwise the users are read per
 * window (`readWindowUsers`: every id, the top ones exact) and summed up
 * here: the new users of the after window and their calls per group, and
 * each window's concentration.
 */
async function userAnalysis(
  store: Reader,
  request: StoreExplainRequest,
  before: WindowRead,
  after: WindowRead,
): Promise<Pick<ExplainOptions, 'users' | 'userSummary'>> {
  if (!before.users || !after.users) {
    const activity = (row: AggregateRow): UserActivity => ({
      key: row.user ?? '',
      userId: row.user ?? '',
      calls: row.calls,
      costUsd: row.costUsd,
    });

    return {
      users: {
        before: before.rows.map(activity),
        after: after.rows.map(activity),
      },
    };
  }

  const known = before.users.ids;
  const afterIds = [...after.users.ids];
  const newcomers = afterIds.filter((userId) => !known.has(userId));
  const returning = afterIds.filter((userId) => known.has(userId));

  return {
    userSummary: {
      newUsers: newcomers.length,
      newUserCalls: await newUserCalls(store, request, after, {
        newcomers,
        returning,
      }),
      concentration: {
        before: windowConcentration(before, before.users),
        after: windowConcentration(after, after.users),
      },
    },
  };
}

/**
 * The calls per group of the users new in the after window. With many
 * users, rows per user and group are about as many as the calls, so those
 * calls are read for the smaller side only: the new users themselves, or
 * the returning users, whose calls per group are taken from the group's
 * calls.
 */
async function newUserCalls(
  store: Reader,
  request: StoreExplainRequest,
  after: WindowRead,
  users: { newcomers: string[]; returning: string[] },
): Promise<Record<string, number>> {
  const by = request.by;
  const fromNew = users.newcomers.length <= users.returning.length;
  const side = fromNew ? users.newcomers : users.returning;

  const calls = new Map<string, number>();
  if (!fromNew) {
    for (const group of after.groups) {
      calls.set(group.key, (calls.get(group.key) ?? 0) + group.calls);
    }
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
    const rows = await store.query({
      filter,
      groupBy: keyed(by, ['user']),
      measures: ['calls'],
    });

    for (const row of rows) {
      if (!members.has(row.user ?? '')) continue;

      const key = keyOf(by, row);
      calls.set(key, (calls.get(key) ?? 0) + sign * row.calls);
    }
  }

  return Object.fromEntries(calls);
}

/** The concentration of one window: its users, its total cost, its top. */
function windowConcentration(
  side: WindowRead,
  users: WindowUsers,
): Concentration {
  const totalNano = side.rows.reduce(
    (total, row) => total + parseUsd(row.costUsd),
    0n,
  );

  return concentrationOf(
    { users: users.ids.size, totalNano, top: users.top },
    side.window,
  );
}
