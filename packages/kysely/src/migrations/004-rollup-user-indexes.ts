import type { Kysely } from 'kysely';
import {
  DAILY_USER_ROLLUP_TABLE,
  USER_ROLLUP_TABLE,
} from '../schema/tables.js';
import { createIndexOnce, dropIndexOnce } from './indexes.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

const USER_INDEXES: readonly [
  table: string,
  name: string,
  columns: string[],
][] = [
  [USER_ROLLUP_TABLE, 'usage_rollups_hourly_user', ['user_id', 'hour_ms']],
  [
    DAILY_USER_ROLLUP_TABLE,
    'usage_rollups_daily_users_user',
    ['user_id', 'day_ms'],
  ],
];

/**
 * Indexes both user rollups by (user, time), so that a user filter reads
 * that user's rollup rows instead of the user's events (a heavy user makes
 * hundreds of thousands of calls a month, and the hourly rollup holds one
 * row per hour and endpoint, model and release) or every user's rows of
 * the range. The hourly index costs the writer one entry per new rollup
 * row; the daily one an entry per user and day. Safe to rerun.
 */
export async function up(db: AnyDb): Promise<void> {
  for (const [table, name, columns] of USER_INDEXES) {
    await createIndexOnce(db, table, name, columns);
  }
}

/** Drops the two indexes. */
export async function down(db: AnyDb): Promise<void> {
  for (const [table, name] of USER_INDEXES) {
    await dropIndexOnce(db, table, name);
  }
}
