import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Wraps a better-sqlite3 database so that Kysely reuses prepared statements:
 * Kysely prepares every query afresh, and preparing a 500-row insert (20,500
 * placeholders) costs about as much as running it. Keeps the `size` most
 * recently used statements, keyed by their SQL text.
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
