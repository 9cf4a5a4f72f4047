import type {
  AggregateQuery,
  AggregateRow,
  GroupByDimension,
  UsageFilter,
} from '@tokenledger/core';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { StoreDialect } from '../../src/dialects/types.js';
import { runQuery } from '../../src/queries/query.js';
import type { TestStore } from './harness.js';

/** The same query answered from raw events only, for comparison. */
export function rawQuery(
  // biome-ignore lint/suspicious/noExplicitAny: tests read our tables by name
  db: Kysely<any>,
  dialect: StoreDialect,
  query: AggregateQuery,
): Promise<AggregateRow[]> {
  return runQuery(db, dialect, query, 'raw');
}

/**
 * Asks the store every filter x grouping and expects the rows the raw
 * events give; returns how many rows were compared, so a test can check it
 * compared something.
 */
export async function expectStoreMatchesRaw(
  opened: TestStore,
  filters: readonly UsageFilter[],
  groupings: readonly GroupByDimension[][],
): Promise<number> {
  const { store, db, dialect } = opened;
  let compared = 0;

  for (const filter of filters) {
    for (const groupBy of groupings) {
      const query: AggregateQuery = { filter, groupBy };
      const rows = await store.query(query);

      expect(rows, JSON.stringify(query)).toEqual(
        await rawQuery(db, dialect, query),
      );
      compared += rows.length;
    }
  }

  return compared;
}

/** Sums one rollup column straight from its table. */
export async function rollupSum(
  // biome-ignore lint/suspicious/noExplicitAny: see above
  db: Kysely<any>,
  table: string,
  column: string,
): Promise<string> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.sum(column).as('total'))
    .executeTakeFirstOrThrow();

  return String(row.total ?? 0);
}
