import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { MIGRATIONS } from '../src/migrations/index.js';
import { createKyselyStore } from '../src/store.js';
import { makeEvent } from './support/events.js';
import { describeEachDialect } from './support/harness.js';

// 003 and every later migration (each safe to rerun): what a database from
// before 003 lacks
const FROM_003 = Object.keys(MIGRATIONS).slice(2);

// biome-ignore lint/suspicious/noExplicitAny: reads the catalog of either dialect
async function eventIndexes(db: any, dialect: string): Promise<string[]> {
  const rows =
    dialect === 'mysql'
      ? await sql<{
          name: string;
        }>`select distinct index_name as name from information_schema.statistics where table_schema = database() and table_name = 'usage_events' and index_name like 'usage_events_user%'`.execute(
          db,
        )
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'index' and name like 'usage_events_user%'`.execute(
          db,
        );

  return rows.rows.map((row) => row.name).sort();
}

describeEachDialect('migration to the per-user cost index', (harness) => {
  it('should replace the index of a database that migration 002 left', async () => {
    const { store, db, dialect } = await harness.open();
    await store.insertEvents([
      makeEvent({ id: 'a', userId: 'alice', costUsd: '0.000000125' }),
      makeEvent({ id: 'b', userId: 'bob', costUsd: '0.000000002' }),
    ]);
    // As the previous version left it: the narrow index, 003 not recorded.
    await db.schema
      .createIndex('usage_events_user_ts')
      .on('usage_events')
      .columns(['user_id', 'ts_ms'])
      .execute();
    const drop = db.schema.dropIndex('usage_events_user_ts_cost');
    await (dialect.name === 'mysql' ? drop.on('usage_events') : drop).execute();
    await db
      .deleteFrom('tokenledger_migration')
      .where('name', 'in', FROM_003)
      .execute();

    const upgraded = await createKyselyStore({ db });
    expect(await upgraded.migrate()).toEqual(FROM_003);

    expect(await eventIndexes(db, dialect.name)).toEqual([
      'usage_events_user_ts_cost',
    ]);
    const users = await upgraded.query({
      filter: { userId: ['alice', 'bob'] },
      groupBy: ['user'],
    });
    expect(users.map((u) => [u.user, u.calls, u.costUsd])).toEqual([
      ['alice', 1, '0.000000125'],
      ['bob', 1, '0.000000002'],
    ]);
  });

  it('should replace the per-user time index, and rerun after a failure', async () => {
    const { store, db, dialect } = await harness.open();
    expect(await eventIndexes(db, dialect.name)).toEqual([
      'usage_events_user_ts_cost',
    ]);

    // As a run that failed between its two steps leaves it: both indexes,
    // the migration not recorded.
    await db.schema
      .createIndex('usage_events_user_ts')
      .on('usage_events')
      .columns(['user_id', 'ts_ms'])
      .execute();
    await db
      .deleteFrom('tokenledger_migration')
      .where('name', 'in', FROM_003)
      .execute();
    await store.insertEvents([
      makeEvent({ id: 'a', userId: 'alice', costUsd: '0.000000125' }),
    ]);

    const upgraded = await createKyselyStore({ db });
    expect(await upgraded.migrate()).toEqual(FROM_003);
    expect(await eventIndexes(db, dialect.name)).toEqual([
      'usage_events_user_ts_cost',
    ]);
    expect(await (await createKyselyStore({ db })).migrate()).toEqual([]);
    const [alice] = await upgraded.query({ filter: { userId: 'alice' } });
    expect([alice?.calls, alice?.costUsd]).toEqual([1, '0.000000125']);
  });
});

describeEachDialect('the per-user cost index', (harness) => {
  it('should answer a user cost read from the index alone', async () => {
    const { db, dialect } = await harness.open();
    const read = sql`select user_id, count(*), sum(cost_nano) from usage_events where ts_ms >= 0 and ts_ms < 10 and user_id in ('a', 'b') and priced in (1) group by user_id`;

    const explain =
      dialect.name === 'sqlite' ? sql`explain query plan` : sql`explain`;
    const plan = await sql<Record<string, unknown>>`${explain} ${read}`.execute(
      db,
    );

    // SQLite: 'SEARCH ... USING COVERING INDEX <name>'; MySQL: key <name>,
    // Extra 'Using where; Using index'
    const text = JSON.stringify(plan.rows);
    expect(text).toContain('usage_events_user_ts_cost');
    expect(text).toMatch(
      dialect.name === 'sqlite' ? /USING COVERING INDEX/ : /Using index/,
    );
  });
});
