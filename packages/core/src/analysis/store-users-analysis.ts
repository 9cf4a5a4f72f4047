import { parseUsd } from '../money.js';
import type { AggregateRow } from '../store.js';
import type { StoreExplainRequest } from './store-explain.js';
import { MAX_USERS_FILTERED, type WindowUsers } from './store-users.js';
import { keyed, keyOf, type Reader, type WindowRead } from './store-window.js';
import type { Concentration, ExplainOptions, UserActivity } from './types.js';
import { concentrationOf } from './users.js';

/**
 * The user analysis of both windows, as `explainChange` takes it. Grouped
 * by user, the group rows are the users. Otherwise the users are read per
 * window (`readWindowUsers`: every id, the top ones exact) and summed up
 * here: the new users of the after window and their calls per group, and
 * each window's concentration.
 */
export async function userAnalysis(
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
