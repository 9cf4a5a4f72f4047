import { type Kysely, sql } from 'kysely';
import { detectDialect } from '../dialects/detect.js';
import { EVENTS_TABLE } from '../schema/tables.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

const OLD_INDEX = 'usage_events_user_ts';
const NEW_INDEX = 'usage_events_user_ts_cost';

/**
 * Widens the per-user time index of the events by `priced` and `cost_nano`,
 * so that a user's calls and cost over a part of a day (explain's read of
 * the users a cut day leaves in doubt) come from the index alone, without
 * a lookup into the table per event. The writer still keeps one entry per
 * event in it; the entry is only wider. Safe to rerun after a failure:
 * each step checks whether it already ran (MySQL 8 has no
 * `CREATE INDEX IF NOT EXISTS`).
 */
export async function up(db: AnyDb): Promise<void> {
  await createIndex(db, NEW_INDEX, ['user_id', 'ts_ms', 'priced', 'cost_nano']);

  await dropIndex(db, OLD_INDEX);
}

/** Puts the narrower index of migration 001 back. */
export async function down(db: AnyDb): Promise<void> {
  await createIndex(db, OLD_INDEX, ['user_id', 'ts_ms']);

  await dropIndex(db, NEW_INDEX);
}

async function createIndex(db: AnyDb, name: string, columns: string[]) {
  if (await hasIndex(db, name)) return;

  await db.schema.createIndex(name).on(EVENTS_TABLE).columns(columns).execute();
}

// MySQL names the table of the index; SQLite's DROP INDEX takes no table.
async function dropIndex(db: AnyDb, name: string) {
  if (!(await hasIndex(db, name))) return;

  const drop = db.schema.dropIndex(name);
  await (detectDialect(db).name === 'mysql'
    ? drop.on(EVENTS_TABLE)
    : drop
  ).execute();
}

async function hasIndex(db: AnyDb, name: string): Promise<boolean> {
  const found =
    detectDialect(db).name === 'mysql'
      ? sql`select 1 from information_schema.statistics where table_schema = database() and table_name = ${EVENTS_TABLE} and index_name = ${name}`
      : sql`select 1 from sqlite_master where type = 'index' and name = ${name}`;

  return (await found.execute(db)).rows.length > 0;
}
