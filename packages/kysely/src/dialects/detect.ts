import { TokenledgerError } from '@tokenledger/core';
import { type Kysely, MysqlAdapter, SqliteAdapter } from 'kysely';
import { mysqlDialect } from './mysql/dialect.js';
import { sqliteDialect } from './sqlite/dialect.js';
import type { StoreDialect } from './types.js';

/**
 * Tells which supported dialect a Kysely instance speaks, from its adapter.
 *
 * @example
 * ```ts
 * detectDialect(db).name; // 'sqlite'
 * ```
 */
export function detectDialect(db: Kysely<unknown>): StoreDialect {
  const adapter = db.getExecutor().adapter;

  if (isAdapter(adapter, SqliteAdapter)) return sqliteDialect;
  if (isAdapter(adapter, MysqlAdapter)) return mysqlDialect;

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    `@tokenledger/kysely supports SQLite and MySQL/MariaDB, not a Kysely instance with ${adapter.constructor.name}. Create it with SqliteDialect or MysqlDialect, or use openStore('sqlite:./tokenledger.db').`,
  );
}

// A second copy of kysely (ESM next to CJS) defeats instanceof; the class name
// still tells.
function isAdapter(adapter: object, type: abstract new () => object) {
  return adapter instanceof type || adapter.constructor.name === type.name;
}
