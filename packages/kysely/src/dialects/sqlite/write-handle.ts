import type { Kysely, SqliteStatement } from 'kysely';

/**
 * The better-sqlite3 database behind a Kysely instance that `openSqlite`
 * made: its cached `prepare` and its `transaction`, so that the writer can
 * run a whole batch as one synchronous transaction instead of a Kysely
 * query per statement.
 */
export interface SqliteWriteHandle {
  prepare(sql: string): SqliteStatement;
  transaction<T>(work: () => T): () => T;
}

const handles = new WeakMap<Kysely<unknown>, SqliteWriteHandle>();

/** Remembers the database behind `db` (see {@link SqliteWriteHandle}). */
export function registerWriteHandle(
  db: Kysely<unknown>,
  handle: SqliteWriteHandle,
): void {
  handles.set(db, handle);
}

/**
 * The database behind `db` when `openSqlite` made it, else undefined
 * (a Kysely instance of your own is written through Kysely).
 */
export function writeHandleOf(
  db: Kysely<unknown>,
): SqliteWriteHandle | undefined {
  return handles.get(db);
}
