import type { UsageFilter, UserCalls } from '@tokenledger/core';
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { ROLLUP_MEASURES } from '../schema/tables.js';
import { aggregateGroups } from './aggregate.js';
import { checkFilter, checkQueryKeys } from './filter-input.js';

const CALLS = ROLLUP_MEASURES.indexOf('calls');
const COST = ROLLUP_MEASURES.indexOf('cost_nano');

/**
 * Each user's calls and cost under `filter`, unordered: the groups of
 * `query({ filter, groupBy: ['user'] })` from the same tables, summing two
 * columns, with neither the other totals, the sort nor the decimal strings
 * (for 10,000 users, the objects and strings were most of the time the
 * explanation spent in JavaScript).
 */
export async function readUserCosts(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
  query: { filter?: UsageFilter },
): Promise<UserCalls[]> {
  checkQueryKeys(query, 'userCosts', ['filter']);
  const filter = checkFilter(query.filter);
  const groups = await aggregateGroups(db, dialect, filter, ['user'], 'auto', [
    'calls',
    'cost_nano',
  ]);

  return groups.map(({ keys, sums }) => ({
    userId: String(keys[0]),
    calls: Number(sums[CALLS]),
    costNano: sums[COST] as bigint,
  }));
}
