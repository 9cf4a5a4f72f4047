/**
 * Where a MariaDB ingest batch spends its time: 100,000 events (times
 * BENCH_SCALE) in batches of 500 through the store's writer, then the same
 * rows through the bench's bare multi-row INSERT, each statement timed from
 * the call into mysql2 to its callback and grouped by kind (begin,
 * stored-id select, event insert, each rollup upsert, commit), with
 * mysql2's client-side formatting of the parameters timed apart (it is part
 * of the statement's time too). What remains of a batch is JavaScript
 * outside the driver (preparing rows, summing rollups, Kysely). JavaScript
 * that runs while a statement is in flight (the writer sums the rollups
 * during the last event insert) delays that statement's callback, so it is
 * counted in the statement's time. Run after `tsc -p bench/tsconfig.json`
 * with `node .bench/packages/kysely/bench/ingest-profile.js`.
 */
import { Kysely, MysqlDialect } from 'kysely';
import { createPool, type Pool, type PoolConnection } from 'mysql2';
import { mysqlDialect } from '../src/dialects/mysql/dialect.js';
import { createKyselyStore, openStore } from '../src/index.js';
import {
  BARE_MYSQL_INSERT,
  eventRows,
  scaled,
  trafficBatches,
} from './data.js';
import { benchMysql } from './mariadb.js';

const EVENTS = scaled(100_000);
const BATCH = 500;

/** Milliseconds spent per kind of statement, and how many ran. */
const spent = new Map<string, { ms: number; count: number }>();

function charge(kind: string, ms: number) {
  const entry = spent.get(kind) ?? { ms: 0, count: 0 };
  entry.ms += ms;
  entry.count += 1;
  spent.set(kind, entry);
}

/** The kind of a statement, from its first words and table. */
function kindOf(text: string): string {
  const table = /^insert into `(\w+)`/.exec(text)?.[1];
  if (table) return `insert ${table}`;

  return text.split(' ', 1)[0]?.toLowerCase() ?? text;
}

type QueryCallback = (error: unknown, result: unknown) => void;

/** Wraps one connection's `query` and `format` to time them. */
function instrument(connection: PoolConnection) {
  const marked = connection as PoolConnection & { profiled?: true };
  if (marked.profiled) return;
  marked.profiled = true;

  const format = connection.format.bind(connection);
  connection.format = ((text: string, values: unknown) => {
    const started = performance.now();
    const formatted = format(text, values as never);
    charge(`  format (${kindOf(text)})`, performance.now() - started);
    return formatted;
  }) as typeof connection.format;

  const query = connection.query.bind(connection) as (
    text: string,
    values: unknown,
    done: QueryCallback,
  ) => unknown;
  (connection as unknown as { query: unknown }).query = (
    text: string,
    values: unknown,
    done: QueryCallback,
  ) => {
    const started = performance.now();
    return query(text, values, (error, result) => {
      charge(kindOf(text), performance.now() - started);
      done(error, result);
    });
  };
}

function instrumentedPool(uri: string): Pool {
  const pool = createPool({
    uri,
    connectionLimit: 10,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
  });
  const getConnection = pool.getConnection.bind(pool);
  pool.getConnection = (done) =>
    getConnection((error, connection) => {
      if (connection) instrument(connection);
      done(error, connection);
    });

  return pool;
}

async function main() {
  const mysql = await benchMysql();
  if (!mysql) throw new Error('no MariaDB: install mariadb-server');

  try {
    const pool = instrumentedPool(await mysql.database('bench_profile'));
    const db = new Kysely({ dialect: new MysqlDialect({ pool }) });
    const store = await createKyselyStore({ db, destroyOnClose: true });
    await store.migrate();
    spent.clear();

    const traffic = {
      events: EVENTS,
      days: 30,
      start: new Date('2026-11-01T00:00:00Z'),
    };
    let batches = 0;
    let totalMs = 0;
    for (const batch of trafficBatches(traffic, BATCH)) {
      const started = performance.now();
      await store.insertEvents(batch);
      totalMs += performance.now() - started;
      batches += 1;
    }
    await store.close();
    report('store', batches, totalMs);

    spent.clear();
    await bare(await mysql.database('bench_profile_bare'), traffic);
  } finally {
    await mysql.stop();
  }
}

/** The bench's bare driver path: one multi-row INSERT per batch. */
async function bare(
  uri: string,
  traffic: Parameters<typeof trafficBatches>[0],
) {
  const store = await openStore(uri);
  await store.migrate();
  await store.close();
  const pool = instrumentedPool(uri);
  let batches = 0;
  let totalMs = 0;
  for (const batch of trafficBatches(traffic, BATCH)) {
    const started = performance.now();
    const values = eventRows(batch, mysqlDialect);
    await new Promise((resolve, reject) =>
      pool.getConnection((error, connection) => {
        if (error) return reject(error);
        connection.query(BARE_MYSQL_INSERT, [values], (failure: unknown) => {
          connection.release();
          failure ? reject(failure) : resolve(undefined);
        });
      }),
    );
    totalMs += performance.now() - started;
    batches += 1;
  }
  await new Promise((resolve) => pool.end(resolve));
  report('bare', batches, totalMs);
}

function report(name: string, batches: number, totalMs: number) {
  const perBatch = (ms: number) => (ms / batches).toFixed(2);
  let inSql = 0;
  process.stdout.write(
    `${name}: ${EVENTS.toLocaleString('en')} events, ${batches} batches of ${BATCH}, ms per batch\n`,
  );
  for (const [kind, { ms, count }] of [...spent].sort()) {
    if (!kind.startsWith(' ')) inSql += ms;
    process.stdout.write(
      `${kind.padEnd(48)} ${perBatch(ms).padStart(7)}  (${(count / batches).toFixed(2)} a batch)\n`,
    );
  }
  process.stdout.write(
    `${'outside the driver'.padEnd(48)} ${perBatch(totalMs - inSql).padStart(7)}\n${'whole batch'.padEnd(48)} ${perBatch(totalMs).padStart(7)}  (${Math.round(EVENTS / (totalMs / 1000)).toLocaleString('en')} events/s)\n`,
  );
}

await main();
