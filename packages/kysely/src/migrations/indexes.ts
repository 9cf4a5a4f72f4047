import { type Kysely, sql } from 'kysely';
import { detectDialect } from '../dialects/detect.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

/**
 * Creates the index unless it exists: MySQL 8 has no
 * `CREATE INDEX IF NOT EXISTS`, and a migration that failed half-way must
 * be safe to rerun.
 */
export async function createIndexOnce(
  db: AnyDb,
  table: string,
  name: string,
  columns: string[],
): Promise<void> {
  if (await hasIndex(db, table, name)) return;

  await db.schema.createIndex(name).on(table).columns(columns).execute();
}

/** Drops the index if it exists (MySQL names its table, SQLite does not). */
export async function dropIndexOnce(
  db: AnyDb,
  table: string,
  name: string,
): Promise<void> {
  if (!(await hasIndex(db, table, name))) return;

  const drop = db.schema.dropIndex(name);
  await (detectDialect(db).name === 'mysql' ? drop.on(table) : drop).execute();
}

async function hasIndex(
  db: AnyDb,
  table: string,
  name: string,
): Promise<boolean> {
  const found =
    detectDialect(db).name === 'mysql'
      ? sql`select 1 from information_schema.statistics where table_schema = database() and table_name = ${table} and index_name = ${name}`
      : sql`select 1 from sqlite_master where type = 'index' and name = ${name}`;

  return (await found.execute(db)).rows.length > 0;
}
