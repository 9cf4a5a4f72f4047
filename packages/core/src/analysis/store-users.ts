import { parseUsd } from '../money.js';
import type { UsageFilter, UsageStore, UserCalls } from '../store.js';
import type { TimeWindow } from './types.js';
import { byCostThenId, firstInOrder, type UserCost } from './users.js';

/** Past this many users, a read is not filtered by their ids. */
export const MAX_USERS_FILTERED = 1000;

const DAY_MS = 86_400_000;

/** What explain needs of the users of one window. */
export interface WindowUsers {
  /** Every user with priced calls in the window. */
  ids: Set<string>;
  /**
   * Users whose cost in the window is known exactly, among them the top
   * 1% and the top ten (ranked, costliest first, ties by id).
   */
  top: UserCost[];
}

/** A partial day at an edge of a window, and the whole day it lies in. */
interface Edge {
  part: TimeWindow;
  day: TimeWindow;
}

/**
 * Reads the users of a window (priced calls, `filter` narrowing them) for
 * the volume split and the concentration: who they are, and the exact cost
 * of the costliest. Whole UTC days are read per user as they are; a day the
 * window cuts is read whole too, as a bound: a user's cost in the window
 * lies between the cost of its whole days and that plus the cost of the cut
 * days (costs are never negative). Only the users that bound leaves in
 * doubt, those who could rank among the top and those seen on a cut day
 * only, are read exactly, by their ids, for the cut part. More than
 * {@link MAX_USERS_FILTERED} of them, or a cut day with a negative cost,
 * and the cut parts are read per user for everyone instead. A window with
 * no matching call stored at or after its end (the dashboard's current
 * range, which ends now) reads its last day with the whole days: a store
 * answers that from its daily rows (see docs/storage.md, "Which table
 * answers"), so no bound is needed there.
 *
 * @example
 * ```ts
 * const users = await readWindowUsers(store, { priced: true }, {
 *   from: new Date('2026-11-17T00:00Z'),
 *   to: new Date('2026-11-23T13:37Z'),
 * });
 * users.ids.size; // users with priced calls
 * users.top[0]; // { userId: 'user-7', costNano: 91_200_000_000n }
 * ```
 */
export async function readWindowUsers(
  store: Pick<UsageStore, 'query'> &
    Partial<Pick<UsageStore, 'events' | 'userCosts'>>,
  filter: UsageFilter,
  window: TimeWindow,
): Promise<WindowUsers> {
  const endsLast = await nothingAfter(store, filter, window);
  const { whole, edges } = dayParts(window, endsLast);
  const perUser: PerUser = (range, userId) =>
    userTallies(store, {
      ...filter,
      ...range,
      ...(userId ? { userId } : {}),
    });

  const [wholeDays, ...days] = await Promise.all([
    whole ? perUser(whole) : Promise.resolve([]),
    ...edges.map((edge) => perUser(edge.day)),
  ]);
  const lower = costByUser([wholeDays]);
  if (edges.length === 0) return exactUsers(lower);

  const slack = costByUser(days);
  const doubtful = inDoubt(lower, slack);
  if (doubtful.length > MAX_USERS_FILTERED || hasNegative(slack)) {
    const parts = await Promise.all(edges.map((edge) => perUser(edge.part)));

    return exactUsers(costByUser([wholeDays, ...parts]));
  }

  const exact = await Promise.all(
    doubtful.length === 0
      ? []
      : edges.map((edge, i) =>
          readEdge(perUser, edge, days[i] ?? [], doubtful),
        ),
  );

  return boundedUsers(lower, slack, { doubtful, read: costByUser(exact) });
}

/** One user's priced calls and cost in some range. */
type Tally = UserCalls;

type PerUser = (range: TimeWindow, userId?: string[]) => Promise<Tally[]>;

/**
 * Each user's calls and cost under `filter`: from the store's `userCosts`
 * where it has one (no totals, order or decimal strings to build for
 * 10,000 users), else from `query`.
 */
async function userTallies(
  store: Pick<UsageStore, 'query'> & Partial<Pick<UsageStore, 'userCosts'>>,
  filter: UsageFilter,
): Promise<Tally[]> {
  if (store.userCosts) return store.userCosts({ filter });

  const rows = await store.query({
    filter,
    groupBy: ['user'],
    measures: ['calls', 'costUsd'],
  });

  return rows.map((row) => ({
    userId: row.user ?? '',
    calls: row.calls,
    costNano: parseUsd(row.costUsd),
  }));
}

/**
 * The doubtful users' calls and cost in the cut part of a day, as rows:
 * read directly, or, when the rest of the day is shorter (as after a
 * window that ends now), as the day minus the rest of it.
 */
async function readEdge(
  perUser: PerUser,
  edge: Edge,
  day: readonly Tally[],
  doubtful: string[],
): Promise<Tally[]> {
  const rest = restOfDay(edge);
  if (length(edge.part) <= rest.reduce((ms, r) => ms + length(r), 0)) {
    return perUser(edge.part, doubtful);
  }

  const outside = new Map<string, Tally>();
  for (const rows of await Promise.all(rest.map((r) => perUser(r, doubtful)))) {
    for (const tally of rows) {
      const seen = outside.get(tally.userId);
      outside.set(tally.userId, {
        userId: tally.userId,
        calls: (seen?.calls ?? 0) + tally.calls,
        costNano: (seen?.costNano ?? 0n) + tally.costNano,
      });
    }
  }
  const wanted = new Set(doubtful);

  return day
    .filter((day) => wanted.has(day.userId))
    .map((day) => {
      const other = outside.get(day.userId);
      return {
        userId: day.userId,
        calls: day.calls - (other?.calls ?? 0),
        costNano: day.costNano - (other?.costNano ?? 0n),
      };
    })
    .filter((part) => part.calls > 0);
}

/** The hours of an edge's day outside its cut part: one range, or two. */
function restOfDay(edge: Edge): TimeWindow[] {
  const ranges: TimeWindow[] = [];
  if (edge.day.from < edge.part.from)
    ranges.push({ from: edge.day.from, to: edge.part.from });
  if (edge.part.to < edge.day.to)
    ranges.push({ from: edge.part.to, to: edge.day.to });

  return ranges;
}

function length(range: TimeWindow): number {
  return range.to.getTime() - range.from.getTime();
}

/**
 * The whole UTC days of a window and its partial days. A window inside one
 * day is one partial day; one that spans midnight without a whole day, two.
 */
/**
 * Whether the store holds no call matching `filter` at or after the
 * window's end (a store without `events` is not asked: false). Only the
 * plan depends on it: every read stays exact whatever is written meanwhile.
 */
async function nothingAfter(
  store: Partial<Pick<UsageStore, 'events'>>,
  filter: UsageFilter,
  window: TimeWindow,
): Promise<boolean> {
  if (!store.events || window.to.getTime() % DAY_MS === 0) return false;

  const { from: _from, to: _to, ...rest } = filter;
  const later = await store.events({
    filter: { ...rest, from: window.to },
    limit: 1,
  });

  return later.events.length === 0;
}

/**
 * The whole UTC days of a window and the cut days at its edges. When the
 * window `endsLast` (nothing stored after it), its last cut day goes with
 * the whole days: that read is exact and cheap.
 */
function dayParts(
  window: TimeWindow,
  endsLast: boolean,
): {
  whole: TimeWindow | null;
  edges: Edge[];
} {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const firstWhole = Math.ceil(from / DAY_MS) * DAY_MS;
  const lastWhole = endsLast ? to : Math.floor(to / DAY_MS) * DAY_MS;
  if (lastWhole < firstWhole) return { whole: null, edges: [edge(from, to)] };

  const edges: Edge[] = [];
  if (from < firstWhole) edges.push(edge(from, firstWhole));
  if (lastWhole < to) edges.push(edge(lastWhole, to));
  const whole = firstWhole < lastWhole ? range(firstWhole, lastWhole) : null;

  return { whole, edges };
}

function edge(fromMs: number, toMs: number): Edge {
  const dayStart = Math.floor(fromMs / DAY_MS) * DAY_MS;

  return { part: range(fromMs, toMs), day: range(dayStart, dayStart + DAY_MS) };
}

function range(fromMs: number, toMs: number): TimeWindow {
  return { from: new Date(fromMs), to: new Date(toMs) };
}

/** Each user's cost over the sets of tallies (one per user and set). */
function costByUser(sets: readonly (readonly Tally[])[]): Map<string, bigint> {
  const costs = new Map<string, bigint>();
  for (const set of sets) {
    for (const { userId, costNano } of set) {
      costs.set(userId, (costs.get(userId) ?? 0n) + costNano);
    }
  }

  return costs;
}

function hasNegative(costs: Map<string, bigint>): boolean {
  for (const cost of costs.values()) if (cost < 0n) return true;

  return false;
}

/**
 * The users of the cut days the bound cannot settle: those seen on a cut
 * day only (are they in the window?) and those whose upper bound reaches
 * the lower bound of the k-th costliest, k being the most users the top 1%
 * and the top ten can be. Any other user costs less than k users for sure.
 */
function inDoubt(
  lower: Map<string, bigint>,
  slack: Map<string, bigint>,
): string[] {
  const unseen = [...slack.keys()].filter((userId) => !lower.has(userId));
  const most = topCount(lower.size + unseen.length);
  const floors = firstInOrder(lower.values(), most, (a, b) =>
    a > b ? -1 : a < b ? 1 : 0,
  );
  const threshold = floors.length < most ? null : (floors[most - 1] ?? null);

  return [...slack.entries()]
    .filter(
      ([userId, extra]) =>
        !lower.has(userId) ||
        threshold === null ||
        (lower.get(userId) ?? 0n) + extra >= threshold,
    )
    .map(([userId]) => userId);
}

/** How many top users the concentration of `users` users reads. */
function topCount(users: number): number {
  return Math.max(10, Math.ceil(users / 100));
}

function exactUsers(costs: Map<string, bigint>): WindowUsers {
  const top = firstInOrder(
    [...costs.entries()].map(([userId, costNano]) => ({ userId, costNano })),
    topCount(costs.size),
    byCostThenId,
  );

  return { ids: new Set(costs.keys()), top };
}

/**
 * The users from the bound: those of the whole days and those of the cut
 * days only that the exact read found, with the exact cost of everyone
 * the cut days did not touch and of the doubtful ones.
 */
function boundedUsers(
  lower: Map<string, bigint>,
  slack: Map<string, bigint>,
  exact: { doubtful: readonly string[]; read: Map<string, bigint> },
): WindowUsers {
  const { doubtful, read } = exact;
  const known: UserCost[] = [];
  for (const [userId, costNano] of lower) {
    if (!slack.has(userId)) known.push({ userId, costNano });
  }
  for (const userId of doubtful) {
    const seen = lower.get(userId);
    const extra = read.get(userId);
    if (seen === undefined && extra === undefined) continue;

    known.push({ userId, costNano: (seen ?? 0n) + (extra ?? 0n) });
  }

  const ids = new Set([...lower.keys(), ...read.keys()]);

  return { ids, top: firstInOrder(known, topCount(ids.size), byCostThenId) };
}
