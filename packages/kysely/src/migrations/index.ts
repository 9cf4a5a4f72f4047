import { TokenledgerError } from '@tokenledger/core';
import { type Kysely, type Migration, Migrator } from 'kysely';
import * as eventsAndRollups from './001-events-and-rollups.js';
import * as dailyUserRollup from './002-daily-user-rollup.js';
import * as userCostIndex from './003-user-cost-index.js';
import * as dailyUserIndex from './004-daily-user-index.js';

/** Where Kysely's Migrator records what ran, apart from the app's own. */
export const MIGRATION_TABLE = 'tokenledger_migration';
export const MIGRATION_LOCK_TABLE = 'tokenledger_migration_lock';

/** Every migration this version knows, oldest first (names sort by age). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '2026_12_03_001_events_and_rollups': eventsAndRollups,
  '2026_12_04_002_daily_user_rollup': dailyUserRollup,
  '2026_12_04_003_user_cost_index': userCostIndex,
  '2026_12_04_004_daily_user_index': dailyUserIndex,
};

/**
 * Brings the schema to this version's latest migration, one migration set
 * for SQLite and MySQL, through Kysely's `Migrator`. Idempotent. Refuses a
 * schema that a newer version migrated, rather than guess at it.
 *
 * @returns the names of the migrations it applied (empty when up to date).
 * @example
 * ```ts
 * await migrateToLatest(db);
 * // ['2026_12_03_001_events_and_rollups', '2026_12_04_002_daily_user_rollup',
 * //  '2026_12_04_003_user_cost_index', '2026_12_04_004_daily_user_index']
 * ```
 */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: the schema does not exist yet
  db: Kysely<any>,
): Promise<string[]> {
  await assertSchemaNotNewer(db);

  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
  });
  const { error, results = [] } = await migrator.migrateToLatest();

  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    throw new TokenledgerError(
      'STORAGE_FAILED',
      `Migrating the tokenledger schema failed${failed ? ` at ${failed}` : ''}: ${messageOf(error)}. Check that the database user may create tables and indexes.`,
      { cause: error },
    );
  }

  return results.map((r) => r.migrationName);
}

// biome-ignore lint/suspicious/noExplicitAny: reads Migrator's own table
async function assertSchemaNotNewer(db: Kysely<any>) {
  const tables = await db.introspection.getTables();
  if (!tables.some((table) => table.name === MIGRATION_TABLE)) return;

  const applied = await db.selectFrom(MIGRATION_TABLE).select('name').execute();
  const unknown = applied
    .map((row) => String(row.name))
    .filter((name) => !(name in MIGRATIONS));
  if (unknown.length === 0) return;

  throw new TokenledgerError(
    'STORAGE_FAILED',
    `The database schema is newer than this @tokenledger/kysely: it has migration ${unknown.join(', ')}, which this version does not know. Upgrade @tokenledger/kysely to the version that migrated it, or point the store at another database.`,
    { details: { unknownMigrations: unknown } },
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
