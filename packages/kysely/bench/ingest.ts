/**
 * Ingestion: events/s inserting N events (1,000,000 by default) in batches
 * of 500, through the store (idempotency check + rollups) and through the
 * bare driver into the same schema, on SQLite and MariaDB, in one run.
 * Run with `pnpm bench`; BENCH_SCALE=0.05 shrinks it, BENCH_DIALECTS=sqlite
 * (or mysql) runs one dialect only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createPool } from 'mysql2/promise';
import { mysqlDialect } from '../src/dialects/mysql/dialect.js';
import { sqliteDialect } from '../src/dialects/sqlite/dialect.js';
import type { StoreDialect } from '../src/dialects/types.js';
import { openStore } from '../src/index.js';
import { migrateToLatest } from '../src/migrations/index.js';
import { EVENT_COLUMNS } from '../src/schema/tables.js';
import {
  eventRowValues,
  eventTimeMs,
  readEventCosts,
} from '../src/write/event-row.js';
import { scaled, trafficBatches } from './data.js';
import { benchMysql } from './mariadb.js';

const EVENTS = scaled(1_000_000);
const BATCH = 500;
const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,mysql').split(',');
const traffic = {
  events: EVENTS,
  days: 30,
  start: new Date('2026-11-01T00:00:00Z'),
};

type Insert = (
  batch: ReturnType<typeof trafficBatches> extends Generator<infer B>
    ? B
    : never,
) => Promise<unknown>;

async function timeInserts(insert: Insert): Promise<number> {
  let elapsedMs = 0;

  for (const batch of trafficBatches(traffic, BATCH)) {
    const started = performance.now();
    await insert(batch);
    elapsedMs += performance.now() - started;
  }

  return Math.round(EVENTS / (elapsedMs / 1000));
}

function rows(batch: Parameters<Insert>[0], dialect: StoreDialect) {
  return batch.map((event) =>
    eventRowValues(event, eventTimeMs(event), readEventCosts(event), dialect),
  );
}

async function bareSqlite(file: string): Promise<number> {
  // the same settings as openSqlite, so only the write path differs
  const database = new Database(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('cache_size = -65536');
  database.pragma('wal_autocheckpoint = 16384');
  database.pragma('journal_size_limit = 67108864');
  const db = new Kysely({ dialect: new SqliteDialect({ database }) });
  await migrateToLatest(db);

  const placeholders = EVENT_COLUMNS.map(() => '?').join(', ');
  const statement = database.prepare(
    `insert into usage_events (${EVENT_COLUMNS.join(', ')}) values (${placeholders})`,
  );
  const insertAll = database.transaction((values: unknown[][]) => {
    for (const row of values) statement.run(row);
  });

  const rate = await timeInserts(async (batch) =>
    insertAll(rows(batch, sqliteDialect)),
  );
  await db.destroy();

  return rate;
}

async function storeRate(url: string): Promise<number> {
  const store = await openStore(url);
  await store.migrate();

  const rate = await timeInserts((batch) => store.insertEvents(batch));
  await store.close();

  return rate;
}

async function bareMysql(url: string): Promise<number> {
  const store = await openStore(url);
  await store.migrate();
  await store.close();
  const pool = createPool({ uri: url, connectionLimit: 1 });

  const text = `insert into usage_events (${EVENT_COLUMNS.map((c) => `\`${c}\``).join(', ')}) values ?`;
  const rate = await timeInserts((batch) =>
    pool.query(text, [rows(batch, mysqlDialect)]),
  );
  await pool.end();

  return rate;
}

function report(name: string, bare: number, store: number) {
  const ratio = ((store / bare) * 100).toFixed(0);
  process.stdout.write(
    `${name}: bare driver ${bare.toLocaleString('en')} events/s, store with rollups ${store.toLocaleString('en')} events/s (${ratio}% of bare)\n`,
  );
}

async function main() {
  process.stdout.write(
    `ingest: ${EVENTS.toLocaleString('en')} events in batches of ${BATCH}\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'tokenledger-bench-'));

  try {
    if (DIALECTS.includes('sqlite')) {
      const bare = await bareSqlite(join(dir, 'bare.db'));
      const store = await storeRate(`sqlite:${join(dir, 'store.db')}`);
      report('SQLite', bare, store);
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
      const bareUrl = await mysql.database('bench_bare');
      const storeUrl = await mysql.database('bench_store');
      report('MariaDB', await bareMysql(bareUrl), await storeRate(storeUrl));
    } finally {
      await mysql.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
