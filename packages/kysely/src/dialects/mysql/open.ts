import { Kysely, MysqlDialect } from 'kysely';
import { loadDriver } from '../load-driver.js';

type Mysql2 = typeof import('mysql2');

/** Options for a MySQL connection pool opened from a URL. */
export interface MysqlPoolOptions {
  /** Connections in the pool. Default 10. */
  maxConnections?: number;
  /** How long to wait for a connection to the server. Default 10,000 ms. */
  connectTimeoutMs?: number;
}

/**
 * Opens a mysql2 pool on a `mysql://` URL. Big integers come back as
 * strings, so nano-USD never passes through a float.
 */
export async function openMysql(
  uri: string,
  options: MysqlPoolOptions = {},
  // biome-ignore lint/suspicious/noExplicitAny: the schema is ours, typed by name
): Promise<Kysely<any>> {
  const mysql = await loadDriver<Mysql2>('mysql2', () => import('mysql2'));

  const pool = mysql.createPool({
    uri,
    connectionLimit: options.maxConnections ?? 10,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
  });

  return new Kysely({ dialect: new MysqlDialect({ pool }) });
}
