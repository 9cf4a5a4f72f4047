import type { Kysely } from 'kysely';
import { DAILY_USER_ROLLUP_TABLE } from '../schema/tables.js';
import { createIndexOnce, dropIndexOnce } from './indexes.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

const INDEX = 'usage_rollups_daily_users_user';

/**
 * Indexes the daily user rollup by (user, day), so that a user filter the
 * daily rollup answers (a user's calls and cost, the top users' totals,
 * the explanation's reads of a few users) reads those users' rows instead
 * of every user's rows of the range: 30 rows for a month instead of about
 * 600,000 at 10,000 users. The writer adds an entry only with a user's
 * first call of a day. Safe to rerun.
 *
 * The hourly user rollup has no such index: it holds about a row per call,
 * and an entry per row cost the writer 10 to 15% of its throughput (see
 * docs/storage.md).
 */
export async function up(db: AnyDb): Promise<void> {
  await createIndexOnce(db, DAILY_USER_ROLLUP_TABLE, INDEX, [
    'user_id',
    'day_ms',
  ]);
}

/** Drops the index. */
export async function down(db: AnyDb): Promise<void> {
  await dropIndexOnce(db, DAILY_USER_ROLLUP_TABLE, INDEX);
}
