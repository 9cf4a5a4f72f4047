import type { AggregateQuery, AggregateRow } from '@tokenledger/core';
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../../src/dialects/types.js';
import { runQuery } from '../../src/queries/query.js';

/** The same query answered from raw events only, for comparison. */
export function rawQuery(
  // biome-ignore lint/suspicious/noExplicitAny: tests read our tables by name
  db: Kysely<any>,
  dialect: StoreDialect,
  query: AggregateQuery,
): Promise<AggregateRow[]> {
  return runQuery(db, dialect, query, 'raw');
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
