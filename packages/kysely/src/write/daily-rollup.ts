import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { measureSelections, readSums } from '../queries/totals.js';
import {
  DAILY_USER_ROLLUP_TABLE,
  DAY_MS,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import {
  dailyUserDimensions,
  type RollupDelta,
  rollupRowKey,
} from './rollup-rows.js';
import { upsertRollups } from './statements.js';

// biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
type AnyDb = Kysely<any>;

/**
 * Replaces the daily user rollup rows of the UTC day that starts at
 * `dayMs` by the sums of the hourly user rollup over that day's hours from
 * `fromHourMs` on (the whole day by default). The hourly rollup holds the
 * same events, so the day is rebuilt exactly: the migration backfills with
 * it, and pruning rebuilds the day its cutoff falls in. Call it inside a
 * transaction. Resolves to the number of rows written.
 */
export async function rebuildDailyUserDay(
  db: AnyDb,
  dialect: StoreDialect,
  dayMs: number,
  fromHourMs = dayMs,
): Promise<number> {
  await db
    .deleteFrom(DAILY_USER_ROLLUP_TABLE)
    .where('day_ms', '=', dayMs)
    .execute();

  const rows = await db
    .selectFrom(USER_ROLLUP_TABLE)
    .select(['user_id', 'status', 'priced'])
    .select(measureSelections(USER_ROLLUP_TABLE, dialect))
    .where('hour_ms', '>=', Math.max(dayMs, fromHourMs))
    .where('hour_ms', '<', dayMs + DAY_MS)
    .groupBy(['user_id', 'status', 'priced'])
    .execute();
  const deltas: RollupDelta[] = rows.map((row) => {
    const dimensions = dailyUserDimensions(
      String(row.user_id),
      String(row.status),
      Number(row.priced),
    );

    return {
      key: rollupRowKey(dayMs, dimensions),
      measures: readSums(row),
    };
  });
  await upsertRollups(db, dialect, DAILY_USER_ROLLUP_TABLE, deltas);

  return deltas.length;
}
