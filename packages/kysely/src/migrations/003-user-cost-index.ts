import type { Kysely } from 'kysely';
import { EVENTS_TABLE } from '../schema/tables.js';
import { createIndexOnce, dropIndexOnce } from './indexes.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before any typed schema exists
type AnyDb = Kysely<any>;

const OLD_INDEX = 'usage_events_user_ts';
const NEW_INDEX = 'usage_events_user_ts_cost';

/**
 * Widens the per-user time index of the events by `priced` and `cost_nano`,
 * so that a user's calls and cost over a part of a day (explain's read of
 * the users a cut day leaves in doubt) come from the index alone, without
 * a lookup into the table per event. The writer still keeps one entry per
 * event in it; the entry is only wider. Safe to rerun after a failure:
 * each step checks whether it already ran (MySQL 8 has no
 * `CREATE INDEX IF NOT EXISTS`).
 */
export async function up(db: AnyDb): Promise<void> {
  await createIndexOnce(db, EVENTS_TABLE, NEW_INDEX, [
    'user_id',
    'ts_ms',
    'priced',
    'cost_nano',
  ]);

  await dropIndexOnce(db, EVENTS_TABLE, OLD_INDEX);
}

/** Puts the narrower index of migration 001 back. */
export async function down(db: AnyDb): Promise<void> {
  await createIndexOnce(db, EVENTS_TABLE, OLD_INDEX, ['user_id', 'ts_ms']);

  await dropIndexOnce(db, EVENTS_TABLE, NEW_INDEX);
}
