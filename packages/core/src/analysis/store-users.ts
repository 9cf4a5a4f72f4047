import { parseUsd } from '../money.js';
import type { AggregateRow, UsageFilter, UsageStore } from '../store.js';
import type { TimeWindow } from './types.js';
import { byCostThenId, type UserCost } from './users.js';

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
 * and the cut parts are read per user for everyone instead.
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
  store: UsageStore,
  filter: UsageFilter,
  window: TimeWindow,
): Promise<WindowUsers> {
  const { whole, edges } = dayParts(window);
  const perUser = (range: TimeWindow, userId?: string[]) =>
    store.query({
      filter: { ...filter, ...range, ...(userId ? { userId } : {}) },
      groupBy: ['user'],
      measures: ['calls', 'costUsd'],
    });

  const [wholeRows, ...dayRows] = await Promise.all([
    whole ? perUser(whole) : Promise.resolve([]),
    ...edges.map((edge) => perUser(edge.day)),
  ]);
  const lower = costByUser([wholeRows]);
  if (edges.length === 0) return exactUsers(lower);

  const slack = costByUser(dayRows);
  const doubtful = inDoubt(lower, slack);
  if (doubtful.length > MAX_USERS_FILTERED || hasNegative(slack)) {
    const parts = await Promise.all(edges.map((edge) => perUser(edge.part)));

    return exactUsers(costByUser([wholeRows, ...parts]));
  }

  const exact = await Promise.all(
    doubtful.length === 0
      ? []
      : edges.map((edge) => perUser(edge.part, doubtful)),
  );

  return boundedUsers(lower, slack, { doubtful, read: costByUser(exact) });
}

/**
 * The whole UTC days of a window and its partial days. A window inside one
 * day is one partial day; one that spans midnight without a whole day, two.
 */
function dayParts(window: TimeWindow): {
  whole: TimeWindow | null;
  edges: Edge[];
} {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const firstWhole = Math.ceil(from / DAY_MS) * DAY_MS;
  const lastWhole = Math.floor(to / DAY_MS) * DAY_MS;
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

/** Each user's cost over the row sets (one row per user and set). */
function costByUser(sets: readonly AggregateRow[][]): Map<string, bigint> {
  const costs = new Map<string, bigint>();
  for (const rows of sets) {
    for (const row of rows) {
      const userId = row.user ?? '';
      costs.set(userId, (costs.get(userId) ?? 0n) + parseUsd(row.costUsd));
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
  const floors = [...lower.values()].sort((a, b) =>
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
  const top = [...costs.entries()]
    .map(([userId, costNano]) => ({ userId, costNano }))
    .sort(byCostThenId)
    .slice(0, topCount(costs.size));

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
  known.sort(byCostThenId);

  return { ids, top: known.slice(0, topCount(ids.size)) };
}
