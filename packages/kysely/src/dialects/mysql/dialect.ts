import { sql } from 'kysely';
import { loadDriver } from '../load-driver.js';
import type { InlineValues, StoreDialect } from '../types.js';

type Mysql2 = typeof import('mysql2');

const ER_DUP_ENTRY = 1062;
const ER_LOCK_DEADLOCK = 1213;

// A duplicate or a deadlock: another writer got there first.
const RETRYABLE_ERRNOS = [ER_DUP_ENTRY, ER_LOCK_DEADLOCK];

function errnoOf(error: unknown): number {
  return Number((error as { errno?: unknown } | null)?.errno);
}

let inliner: Promise<InlineValues | undefined> | undefined;

/**
 * mysql2's own `format`, which its `query(text, values)` applies before
 * sending: the text sent is the same, only formatted earlier. Undefined
 * when the Kysely instance runs on another MySQL driver without mysql2
 * installed; values are then bound as usual.
 */
function mysql2Format(): Promise<InlineValues | undefined> {
  inliner ??= loadDriver<Mysql2>('mysql2', () => import('mysql2')).then(
    (mysql) => (text, values) =>
      mysql.format(text, values as Parameters<Mysql2['format']>[1]),
    () => undefined,
  );

  return inliner;
}

const TABLE_OPTIONS = sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin`;

/**
 * MySQL and MariaDB: nano-USD in BIGINT, exact sums through DECIMAL, binary
 * collation so that filters and groups compare strings exactly as SQLite
 * does, tags matched with `JSON_CONTAINS` (no JSON path built from a key).
 *
 * @see https://dev.mysql.com/doc/refman/8.0/en/json-search-functions.html#function_json-contains
 */
export const mysqlDialect: StoreDialect = {
  name: 'mysql',
  quote: (identifier) => `\`${identifier}\``,
  asText: (expression) => sql<string>`cast(${expression} as char)`,
  nanoParam: (nano) => (nano === null ? null : nano.toString()),
  rollupUpsertClause(_keyColumns, measures) {
    const updates = measures.map(
      (m) => `\`${m}\` = \`${m}\` + values(\`${m}\`)`,
    );

    return ` on duplicate key update ${updates.join(', ')}`;
  },
  skipStoredIdClause: undefined,
  tagMatches(key, values) {
    if (values.length === 0) return sql<boolean>`0 = 1`;

    const candidates = values.map(
      (value) => sql`json_contains(tags, ${JSON.stringify({ [key]: value })})`,
    );

    return sql<boolean>`(${sql.join(candidates, sql` or `)})`;
  },
  sortsRollupRows: true,
  // a batch of 500 events never makes more than 500 rows in a rollup
  rollupChunkRows: 500,
  valueInliner: mysql2Format,
  isDuplicateKeyError: (error) => errnoOf(error) === ER_DUP_ENTRY,
  isRetryableWriteError: (error) => RETRYABLE_ERRNOS.includes(errnoOf(error)),
  tableOptions: TABLE_OPTIONS,
  rollupTableOptions: TABLE_OPTIONS,
};
