/**
 * Ingestion: events/s inserting N events (1,000,000 by default) in batches
 * of 500, through the store (idempotency check + rollups) and through the
 * bare driver (better-sqlite3 prepared statement in a transaction; mysql2
 * multi-row INSERT) into the same schema, on SQLite and MariaDB, in one run.
 * Bare driver and store take turns batch by batch (the same batch of rows
 * for each, each in its own database, which goes first rotating), so both
 * see the same load on a shared machine; run one after the other, their
 * ratio moved by a factor of 2. Each is timed only while it inserts.
 * Run with `pnpm bench`; BENCH_SCALE=0.05 shrinks it,
 * BENCH_DIALECTS=sqlite (or mysql) runs one dialect only, and
 * BENCH_BOTH_PATHS=1 adds a third leg: the store on a Kysely instance of
 * your own, which writes through Kysely a statement at a time instead of
 * the path `openStore` takes (one synchronous transaction on SQLite, two
 * round trips a batch on MySQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, MysqlDialect, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2';
import { createPool as createPromisePool } from 'mysql2/promise';
import { mysqlDialect } from '../src/dialects/mysql/dialect.js';
import { sqliteDialect } from '../src/dialects/sqlite/dialect.js';
import { withStatementCache } from '../src/dialects/sqlite/statement-cache.js';
import { createKyselyStore, openStore } from '../src/index.js';
import { migrateToLatest } from '../src/migrations/index.js';
import { EVENT_COLUMNS } from '../src/schema/tables.js';
import {
  BARE_MYSQL_INSERT,
  eventRows,
  scaled,
  trafficBatches,
} from './data.js';
import { benchMysql } from './mariadb.js';

const EVENTS = scaled(1_000_000);
const BATCH = 500;
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,mysql').split(',');
const BOTH_PATHS = process.env.BENCH_BOTH_PATHS === '1';
const traffic = {
  events: EVENTS,
  days: 30,
  start: new Date('2026-11-01T00:00:00Z'),
};

type Batch =
  ReturnType<typeof trafficBatches> extends Generator<infer B> ? B : never;

/** One way of inserting the batches, in its own database. */
interface Leg {
  name: string;
  insert(batch: Batch): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Gives every leg each batch in turn (the first to go rotates) and returns
 * each leg's events/s over the time it spent inserting.
 */
async function race(legs: Leg[]): Promise<number[]> {
  const elapsedMs = legs.map(() => 0);
  let round = 0;

  for (const batch of trafficBatches(traffic, BATCH)) {
    for (let turn = 0; turn < legs.length; turn++) {
      const index = (round + turn) % legs.length;
      const started = performance.now();
      await (legs[index] as Leg).insert(batch);
      elapsedMs[index] =
        (elapsedMs[index] as number) + performance.now() - started;
    }
    round += 1;
  }
  for (const leg of legs) await leg.close();

  return elapsedMs.map((ms) => Math.round(EVENTS / (ms / 1000)));
}

async function bareSqlite(file: string): Promise<Leg> {
  const database = sqliteLikeOpenSqlite(file);
  const db = new Kysely({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db);

  const placeholders = EVENT_COLUMNS.map(() => '?').join(', ');
  const statement = database.prepare(
    `insert into usage_events (${EVENT_COLUMNS.join(', ')}) values (${placeholders})`,
  );
  const insertAll = database.transaction((values: unknown[][]) => {
    for (const row of values) statement.run(row);
  });

  return {
    name: 'bare driver',
    insert: async (batch) => insertAll(eventRows(batch, sqliteDialect)),
    close: () => db.destroy(),
  };
}

async function storeLeg(url: string): Promise<Leg> {
  const store = await openStore(url);
  await store.migrate();

  return {
    name: 'store with rollups',
    insert: (batch) => store.insertEvents(batch),
    close: () => store.close(),
  };
}

/**
 * The store on a Kysely instance of your own: the same settings as
 * `openStore`'s, without the write path `openStore` registers.
 */
async function ownKyselyLeg(
  dialect: 'sqlite' | 'mysql',
  location: string,
): Promise<Leg> {
  const db =
    dialect === 'sqlite'
      ? new Kysely({
          dialect: new SqliteDialect({
            database: withStatementCache(sqliteLikeOpenSqlite(location)),
          }),
        })
      : new Kysely({
          dialect: new MysqlDialect({
            pool: createPool({
              uri: location,
              supportBigNumbers: true,
              bigNumberStrings: true,
              timezone: 'Z',
            }),
          }),
        });
  const store = await createKyselyStore({ db, destroyOnClose: true });
  await store.migrate();

  return {
    name: 'store on your own Kysely',
    insert: (batch) => store.insertEvents(batch),
    close: () => store.close(),
  };
}

/** The same settings as openSqlite, so only the write path differs. */
function sqliteLikeOpenSqlite(file: string) {
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('cache_size = -65536');
  database.pragma('wal_autocheckpoint = 16384');
  database.pragma('journal_size_limit = 67108864');

  return database;
}

async function bareMysql(url: string): Promise<Leg> {
  const store = await openStore(url);
  await store.migrate();
  await store.close();
  const pool = createPromisePool({ uri: url, connectionLimit: 1 });

  return {
    name: 'bare driver',
    insert: (batch) =>
      pool.query(BARE_MYSQL_INSERT, [eventRows(batch, mysqlDialect)]),
    close: () => pool.end(),
  };
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

async function report(dialect: string, legs: Leg[]) {
  const startedAt = new Date().toISOString().slice(11, 19);
  const loadBefore = load();
  const rates = await race(legs);
  const [bare, ...stores] = rates as [number, ...number[]];
  const figures = stores.map((rate, i) => {
    const ratio = ((rate / bare) * 100).toFixed(1);
    return `${legs[i + 1]?.name} ${rate.toLocaleString('en')} events/s (${ratio}% of bare)`;
  });
  process.stdout.write(
    `${dialect}: bare driver ${bare.toLocaleString('en')} events/s, ${figures.join(', ')}; ${startedAt} to ${new Date().toISOString().slice(11, 19)} UTC, load average ${loadBefore} to ${load()}\n`,
  );
}

async function main() {
  process.stdout.write(
    `ingest: ${EVENTS.toLocaleString('en')} events in batches of ${BATCH}, interleaved by batch\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-bench-'));

  try {
    if (DIALECTS.includes('sqlite')) {
      await report('SQLite', [
        await bareSqlite(join(dir, 'bare.db')),
        await storeLeg(`sqlite:${join(dir, 'store.db')}`),
        ...(BOTH_PATHS
          ? [await ownKyselyLeg('sqlite', join(dir, 'own.db'))]
          : []),
      ]);
    }
    if (!DIALECTS.includes('mysql')) return;

    const mysql = await benchMysql();
    if (!mysql) {
      process.stdout.write(
        'MariaDB: skipped, install mariadb-server or set TOKENLEDGER_MYSQL_URL\n',
      );
      return;
    }
    try {
      const legs = [
        await bareMysql(await mysql.database('bench_bare')),
        await storeLeg(await mysql.database('bench_store')),
        ...(BOTH_PATHS
          ? [await ownKyselyLeg('mysql', await mysql.database('bench_own'))]
          : []),
      ];
      await report('MariaDB', legs);
    } finally {
      await mysql.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
