import type {
  AggregateQuery,
  AggregateRow,
  GroupByDimension,
  UsageStore,
} from '../store.js';
import type { ExplainDimension, StoreExplainRequest } from './store-explain.js';
import { readWindowUsers, type WindowUsers } from './store-users.js';
import type { TimeWindow, WindowAggregate } from './types.js';

/** What an explanation reads a store with. */
export type Reader = Pick<UsageStore, 'query'> &
  Partial<Pick<UsageStore, 'events' | 'userCosts'>>;

/**
 * The store's `query` and `userCosts`, each distinct question asked once
 * per explanation: adjacent windows share the day between them, which
 * both read whole.
 */
export function readOnce(store: UsageStore): Reader {
  const query = once((q: AggregateQuery) => store.query(q));
  const userCosts = store.userCosts?.bind(store);

  return {
    query,
    ...(store.events ? { events: (q) => store.events(q) } : {}),
    ...(userCosts ? { userCosts: once(userCosts) } : {}),
  };
}

/** `ask`, answering a question asked again (the same JSON) from the first answer. */
function once<Q, A>(
  ask: (question: Q) => Promise<A>,
): (question: Q) => Promise<A> {
  const asked = new Map<string, Promise<A>>();

  return (question) => {
    const key = JSON.stringify(question);
    let answer = asked.get(key);
    if (answer === undefined) {
      answer = ask(question);
      asked.set(key, answer);
    }

    return answer;
  };
}

/** One window as read: its priced rows, per group and per user. */
export interface WindowRead {
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
export async function readWindow(
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
export function keyed(
  by: ExplainDimension | undefined,
  extra: GroupByDimension[],
): GroupByDimension[] {
  return by ? [by, ...extra.filter((d) => d !== by)] : extra;
}

/** The group key of a row: its `by` value, or `all` when ungrouped. */
export function keyOf(
  by: ExplainDimension | undefined,
  row: AggregateRow,
): string {
  return by ? (row[by] ?? '') : 'all';
}

/** Per group key, the releases of the rows with calls. */
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
