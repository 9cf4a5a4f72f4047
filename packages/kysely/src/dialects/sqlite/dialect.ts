import { sql } from 'kysely';
import { EVENTS_TABLE } from '../../schema/tables.js';
import type { StoreDialect } from '../types.js';

function isPrimaryKeyConflict(error: unknown): boolean {
  return (
    (error as { code?: unknown } | null)?.code ===
    'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * SQLite: nano-USD in INTEGER columns (64-bit), tags read with `json_each`.
 *
 * @see https://www.sqlite.org/json1.html#jeach
 */
export const sqliteDialect: StoreDialect = {
  name: 'sqlite',
  quote: (identifier) => `"${identifier}"`,
  asText: (expression) => sql<string>`cast(${expression} as text)`,
  nanoParam: (nano) => nano,
  rollupUpsertClause(keyColumns, measures) {
    const key = keyColumns.map((c) => `"${c}"`).join(', ');
    const updates = measures.map((m) => `"${m}" = "${m}" + excluded."${m}"`);

    return ` on conflict (${key}) do update set ${updates.join(', ')}`;
  },
  // https://www.sqlite.org/lang_upsert.html
  skipStoredIdClause: ' on conflict ("id") do nothing',
  tagMatches(key, values) {
    if (values.length === 0) return sql<boolean>`0 = 1`;

    return sql<boolean>`exists (select 1 from json_each(${sql.ref(`${EVENTS_TABLE}.tags`)}) as tag where tag.key = ${key} and tag.value in (${sql.join(values)}))`;
  },
  sortsRollupRows: false,
  rollupChunkRows: 100,
  // better-sqlite3 binds values to a prepared statement: nothing to format.
  valueInliner: async () => undefined,
  isDuplicateKeyError: isPrimaryKeyConflict,
  isRetryableWriteError: isPrimaryKeyConflict,
  tableOptions: undefined,
  // One b-tree clustered by the key instead of a rowid table plus an index.
  // https://www.sqlite.org/withoutrowid.html
  rollupTableOptions: sql`without rowid`,
};
