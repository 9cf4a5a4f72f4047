import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import {
  ALL_USERS_ROLLUP_TABLE,
  DAILY_USER_ROLLUP_TABLE,
  DAY_MS,
  EVENTS_TABLE,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import { rebuildDailyUserDay } from '../write/daily-rollup.js';
import { invalid } from './filter-input.js';
import { floorHour } from './plan.js';

/**
 * Deletes the events before the start of the hour that contains
 * `olderThan`, with their rollup hours, in one transaction. The cutoff is
 * rounded down to the hour so that a rollup hour is never half pruned; the
 * daily user rollup drops the days before the cutoff and rebuilds the day
 * it falls in from the hours that remain.
 */
export async function pruneBefore(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
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

    const cutoffDay = cutoff - (cutoff % DAY_MS);
    await trx
      .deleteFrom(DAILY_USER_ROLLUP_TABLE)
      .where('day_ms', '<', cutoffDay)
      .execute();
    if (cutoffDay < cutoff) {
      await rebuildDailyUserDay(trx, dialect, cutoffDay, cutoff);
    }

    return Number(deleted.numDeletedRows);
  });
}
