import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Wraps a better-sqlite3 database so that Kysely reuses prepared statements:
 * Kysely prepares every query afresh, and the store's SQLite writer runs one
 * cached single-row insert per event, whose prepare would otherwise cost
 * more than running it. Keeps the `size` most recently used statements,
 * keyed by their SQL text. `openStore('sqlite:…')` does this for you; wrap
 * the database yourself when you bring your own Kysely instance.
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3';
 * import { Kysely, SqliteDialect } from 'kysely';
 *
 * const database = withStatementCache(new Database('usage.db'));
 * const store = await createKyselyStore({
 *   db: new Kysely({ dialect: new SqliteDialect({ database }) }),
 * });
 * ```
 */
export function withStatementCache(
  database: SqliteDatabase,
  size = 64,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();

  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      let statement = statements.get(sql);

      if (statement) statements.delete(sql);
      else statement = database.prepare(sql);
      statements.set(sql, statement);

      if (statements.size > size) {
        const oldest = statements.keys().next().value as string;
        statements.delete(oldest);
      }

      return statement;
    },
  };
}
