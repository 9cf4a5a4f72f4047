import Database from 'better-sqlite3';
import { type CompiledQuery, Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createKyselyStore } from '../src/store.js';
import { makeEvent } from './support/events.js';
import { describeEachDialect } from './support/harness.js';

const DAILY_INDEX = 'usage_rollups_daily_users_user';

// biome-ignore lint/suspicious/noExplicitAny: reads the catalog of either dialect
async function userRollupIndexes(db: any, dialect: string): Promise<string[]> {
  const found =
    dialect === 'mysql'
      ? sql<{
          name: string;
        }>`select distinct index_name as name from information_schema.statistics where table_schema = database() and index_name like 'usage_rollups%user%'`
      : sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and name like 'usage_rollups%user%'`;

  return (await found.execute(db)).rows.map((row) => row.name).sort();
}

describeEachDialect('migration to the daily user index', (harness) => {
  it('should index the daily user rollup, and only it, by user and day', async () => {
    const { db, dialect } = await harness.open();

    expect(await userRollupIndexes(db, dialect.name)).toEqual([DAILY_INDEX]);
  });

  it('should add it to a database written before, and find nothing to do after', async () => {
    const { store, db, dialect } = await harness.open();
    await store.insertEvents([
      makeEvent({ id: 'a', userId: 'alice', costUsd: '0.000000125' }),
    ]);
    // As a run that failed before its index leaves it: the index missing,
    // the migration not recorded.
    const drop = db.schema.dropIndex(DAILY_INDEX);
    await (dialect.name === 'mysql'
      ? drop.on('usage_rollups_daily_users')
      : drop
    ).execute();
    await db
      .deleteFrom('tokenledger_migration')
      .where('name', '=', '2026_12_04_004_daily_user_index')
      .execute();

    const upgraded = await createKyselyStore({ db });

    expect(await upgraded.migrate()).toEqual([
      '2026_12_04_004_daily_user_index',
    ]);
    expect(await userRollupIndexes(db, dialect.name)).toEqual([DAILY_INDEX]);
    expect(await (await createKyselyStore({ db })).migrate()).toEqual([]);
    const [alice] = await upgraded.query({ filter: { userId: 'alice' } });
    expect([alice?.calls, alice?.costUsd]).toEqual([1, '0.000000125']);
  });
});

describe('a user filter on SQLite', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(() => close?.());

  const readsRollup = (statement: CompiledQuery) =>
    /^select .* from "usage_rollups/i.test(statement.sql);

  // The store's own reads of rollups, logged, then explained by SQLite.
  async function plansOf(
    run: (store: Awaited<ReturnType<typeof open>>) => Promise<unknown>,
  ) {
    const statements: CompiledQuery[] = [];
    const store = await open(statements);
    await store.insertEvents([
      makeEvent({
        id: 'a',
        userId: 'alice',
        timestamp: new Date('2026-11-02T10:30:00Z'),
      }),
    ]);
    statements.length = 0;

    await run(store);

    const db = store.db;
    const plans: string[] = [];
    for (const statement of statements.filter(readsRollup)) {
      const { rows } = await db.executeQuery<{ detail: string }>({
        ...statement,
        sql: `explain query plan ${statement.sql}`,
      });
      plans.push(rows.map((row) => row.detail).join('; '));
    }

    return plans;
  }

  async function open(statements: CompiledQuery[]) {
    const db = new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(':memory:') }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query);
      },
    });
    const store = await createKyselyStore({ db, destroyOnClose: true });
    close = () => store.close();
    await store.migrate();

    return Object.assign(store, { db });
  }

  it('should search the daily user rollup by its user index', async () => {
    const plans = await plansOf((store) =>
      store.query({
        filter: {
          userId: 'alice',
          from: new Date('2026-11-02T00:00:00Z'),
          to: new Date('2026-11-04T00:00:00Z'),
        },
      }),
    );

    expect(plans).toEqual([
      expect.stringMatching(
        /^SEARCH usage_rollups_daily_users USING INDEX usage_rollups_daily_users_user \(user_id=\? AND day_ms>\? AND day_ms<\?\)/,
      ),
    ]);
  });
});
