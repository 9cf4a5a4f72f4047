import type { Kysely } from 'kysely';
import {
  ALL_USERS_ROLLUP_TABLE,
  EVENTS_TABLE,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import { invalid } from './filter-input.js';
import { floorHour } from './plan.js';

/**
 * Deletes the events before the start of the hour that contains
 * `olderThan`, with their rollup hours, in one transaction. The cutoff is
 * rounded down to the hour so that a rollup hour is never half pruned.
 */
export async function pruneBefore(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  olderThan: Date,
): Promise<number> {
  const ms = olderThan instanceof Date ? olderThan.getTime() : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw invalid(
      `prune needs olderThan as a valid Date, got ${JSON.stringify(olderThan)}`,
    );
  }

  const cutoff = floorHour(ms);

  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom(EVENTS_TABLE)
      .where('ts_ms', '<', cutoff)
      .executeTakeFirst();

    for (const table of [USER_ROLLUP_TABLE, ALL_USERS_ROLLUP_TABLE]) {
      await trx.deleteFrom(table).where('hour_ms', '<', cutoff).execute();
    }

    return Number(deleted.numDeletedRows);
  });
}
