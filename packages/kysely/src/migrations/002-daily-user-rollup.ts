import type { Kysely } from 'kysely';
import { detectDialect } from '../dialects/detect.js';
import {
  DAILY_USER_ROLLUP_TABLE,
  DAY_MS,
  ROLLUP_MEASURES,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import { rebuildDailyUserDay } from '../write/daily-rollup.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

/**
 * Creates the daily user rollup and fills it from the hourly user rollup,
 * one UTC day per transaction, so that a database written by the previous
 * version answers the same from either. Rerunning after a failure is safe:
 * the table is created only if missing and each day is rebuilt whole.
 */
export async function up(db: AnyDb): Promise<void> {
  const dialect = detectDialect(db);

  let table = db.schema
    .createTable(DAILY_USER_ROLLUP_TABLE)
    .ifNotExists()
    .modifyEnd(dialect.rollupTableOptions)
    .addColumn('day_ms', 'bigint', (c) => c.notNull())
    .addColumn('key_hash', 'char(32)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('priced', 'smallint', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${DAILY_USER_ROLLUP_TABLE}_pk`, [
      'day_ms',
      'key_hash',
    ]);
  table = ROLLUP_MEASURES.reduce(
    (acc, measure) =>
      acc.addColumn(measure, 'bigint', (c) => c.notNull().defaultTo(0)),
    table,
  );
  await table.execute();

  const range = await db
    .selectFrom(USER_ROLLUP_TABLE)
    .select((eb) => [
      eb.fn.min('hour_ms').as('first'),
      eb.fn.max('hour_ms').as('last'),
    ])
    .executeTakeFirst();
  if (range?.first === null || range?.first === undefined) return;

  const first = Number(range.first);
  const last = Number(range.last);
  for (let day = first - (first % DAY_MS); day <= last; day += DAY_MS) {
    await db
      .transaction()
      .execute((trx) => rebuildDailyUserDay(trx, dialect, day));
  }
}

/** Drops the daily user rollup. */
export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable(DAILY_USER_ROLLUP_TABLE).ifExists().execute();
}
