import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../src/dialects/sqlite/open.js';
import { withStatementCache } from '../src/dialects/sqlite/statement-cache.js';
import { writeHandleOf } from '../src/dialects/sqlite/write-handle.js';
import { createKyselyStore } from '../src/index.js';
import { ROLLUP_TABLES } from '../src/schema/tables.js';
import { makeEvent, makeUnpricedEvent } from './support/events.js';

const at = (hour: number, minute = 0) =>
  new Date(Date.UTC(2026, 10, 2, hour, minute));

/**
 * Two batches: the second repeats `a` and `c` (stored), repeats `e` within
 * itself, and adds `f`. Priced calls cost 0.004100000 USD each.
 */
const FIRST = [
  makeEvent({ id: 'a', userId: 'ann', timestamp: at(10, 5) }),
  makeEvent({ id: 'b', userId: 'bob', timestamp: at(10, 50) }),
  makeUnpricedEvent({ id: 'c', userId: 'bob', timestamp: at(11, 10) }),
];
const SECOND = [
  makeEvent({ id: 'a', userId: 'ann', timestamp: at(10, 5) }),
  makeUnpricedEvent({ id: 'c', userId: 'bob', timestamp: at(11, 10) }),
  makeEvent({
    id: 'e',
    userId: 'ann',
    endpoint: 'POST /chat',
    timestamp: at(11, 30),
  }),
  makeEvent({
    id: 'e',
    userId: 'ann',
    endpoint: 'POST /chat',
    timestamp: at(11, 30),
  }),
  makeEvent({ id: 'f', userId: 'cy', status: 'error', timestamp: at(12, 0) }),
];

// biome-ignore lint/suspicious/noExplicitAny: tests read our tables by name
async function tables(db: Kysely<any>) {
  const dump: Record<string, unknown[]> = {};
  for (const table of ['usage_events', ...ROLLUP_TABLES]) {
    const key =
      table === 'usage_events'
        ? 'id'
        : table.includes('daily')
          ? 'day_ms'
          : 'hour_ms';
    dump[table] = await db
      .selectFrom(table)
      .selectAll()
      .orderBy(key)
      .orderBy(table === 'usage_events' ? 'id' : 'key_hash')
      .execute();
  }

  return dump;
}

describe('the two SQLite write paths', () => {
  it('should write the same rows one transaction at a time as through Kysely', async () => {
    // openSqlite's database: one synchronous transaction a batch
    const direct = await openSqlite(':memory:');
    // a Kysely instance of your own: a Kysely query a statement
    const yours = new Kysely({
      dialect: new SqliteDialect({
        database: withStatementCache(new Database(':memory:')),
      }),
    });
    expect(writeHandleOf(direct)).toBeDefined();
    expect(writeHandleOf(yours)).toBeUndefined();
    const stores = await Promise.all(
      [direct, yours].map((db) =>
        createKyselyStore({ db, destroyOnClose: true }),
      ),
    );

    const results = [];
    for (const store of stores) {
      await store.migrate();
      results.push([
        await store.insertEvents(FIRST),
        await store.insertEvents(SECOND),
      ]);
    }

    // e twice in one batch counts once: 6 distinct ids, 5 rows stored
    expect(results[0]).toEqual([
      { inserted: 3, duplicates: 0 },
      { inserted: 2, duplicates: 3 },
    ]);
    expect(results[1]).toEqual(results[0]);
    const [summary] = await stores[0]!.query({});
    // a, b, e, f priced: 4 x 0.004100000; c unpriced
    expect([summary?.calls, summary?.unpricedCalls, summary?.costUsd]).toEqual([
      5,
      1,
      '0.016400000',
    ]);
    expect(await tables(direct)).toEqual(await tables(yours));
    await Promise.all(stores.map((store) => store.close()));
  });

  it('should leave nothing of a batch that fails midway', async () => {
    const db = await openSqlite(':memory:');
    const store = await createKyselyStore({ db, destroyOnClose: true });
    await store.migrate();
    await store.insertEvents(FIRST);

    // h and the ten g share their rollup rows: ten costs of just under a
    // billion USD pass a signed 64-bit count of nano-USD (9.2e18) only in
    // the rollup sums, after all of them are in
    const huge = Array.from({ length: 10 }, (_, i) =>
      makeEvent({
        id: `g${i}`,
        timestamp: at(13),
        costUsd: '999999999.000000000',
      }),
    );
    await expect(
      store.insertEvents([makeEvent({ id: 'h', timestamp: at(13) }), ...huge]),
    ).rejects.toThrow(/too big/);

    const [summary] = await store.query({});
    expect([summary?.calls, summary?.costUsd]).toEqual([3, '0.008200000']);
    const stored = await db.selectFrom('usage_events').select('id').execute();
    expect(stored.map((row) => row.id).sort()).toEqual(['a', 'b', 'c']);
    await store.close();
  });
});
