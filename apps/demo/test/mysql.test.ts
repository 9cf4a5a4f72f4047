import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AggregateRow, UsageEvent } from '@tokenledger/core';
import type { KyselyUsageStore } from '@tokenledger/kysely';
import { createConnection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../tools/testing/mariadb-setup.js';
import { mysqlUrl } from '../../../tools/testing/services.js';
import { clearStore, openDemoDatabase } from '../src/database.js';
import {
  type GenerateResult,
  generateTraffic,
} from '../src/traffic/generate.js';
import { twoDayScenario } from '../src/traffic/scenario.js';
import { allEvents } from './stored-events.js';

// the same fixed two days as e2e.test.ts: the traffic is seeded, so both stores get the same calls
const scenario = twoDayScenario(Date.parse('2026-11-02T00:00:00Z'));
const baseUrl = mysqlUrl();

/** What must match between the stores: everything but the random ids and timings. */
function comparable(event: UsageEvent) {
  const { id: _id, requestId: _request, latencyMs: _latency, ...rest } = event;
  return rest;
}

function inOrder(events: UsageEvent[]) {
  return events
    .map(comparable)
    .sort(
      (a, b) =>
        a.timestamp.getTime() - b.timestamp.getTime() ||
        a.endpoint.localeCompare(b.endpoint) ||
        a.userId.localeCompare(b.userId),
    );
}

async function totals(store: KyselyUsageStore): Promise<{
  all: AggregateRow[];
  byEndpointAndDay: AggregateRow[];
}> {
  return {
    all: await store.query({}),
    byEndpointAndDay: await store.query({
      groupBy: ['endpoint', 'day'],
      orderBy: { field: 'endpoint' },
    }),
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const connection = await createConnection(url);
  try {
    await connection.query(statement);
  } finally {
    await connection.end();
  }
}

describe.skipIf(!baseUrl)('the demo seeding on MySQL and on SQLite', () => {
  const database = `tl_demo_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const url = (baseUrl ?? '').replace(/\/[^/]+$/, `/${database}`);
  let dataDir: string;
  let sqlite: KyselyUsageStore | undefined;
  let mysql: KyselyUsageStore | undefined;
  let onSqlite: GenerateResult;
  let onMysql: GenerateResult;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'tokenledger-demo-mysql-'));
    await admin(baseUrl ?? '', `create database ${database}`);

    ({ store: sqlite } = await openDemoDatabase(dataDir, 'sqlite::memory:'));
    ({ store: mysql } = await openDemoDatabase(dataDir, url));
    onSqlite = await generateTraffic({ store: sqlite, scenario });
    onMysql = await generateTraffic({ store: mysql, scenario });
  }, 180_000);

  afterAll(async () => {
    await sqlite?.close();
    await mysql?.close();
    if (baseUrl) await admin(baseUrl, `drop database if exists ${database}`);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('should play the same traffic into both stores', () => {
    expect(onMysql.report.failures).toBe(0);
    expect(onMysql.report.requests).toBe(onSqlite.report.requests);
    expect(onMysql.served).toHaveLength(onSqlite.served.length);
    expect(onMysql.tracker.written).toBe(onMysql.served.length);
    expect(onMysql.tracker.dropped + onMysql.tracker.rejected).toBe(0);
  });

  it('should store exactly the same totals, overall and per endpoint and day', async () => {
    const [fromSqlite, fromMysql] = await Promise.all([
      totals(sqlite as KyselyUsageStore),
      totals(mysql as KyselyUsageStore),
    ]);

    expect(fromMysql.all[0]?.calls).toBe(onSqlite.served.length);
    expect(fromMysql.all).toEqual(fromSqlite.all);
    expect(fromMysql.byEndpointAndDay).toEqual(fromSqlite.byEndpointAndDay);
  });

  it('should store the same events, field by field', async () => {
    const [fromSqlite, fromMysql] = await Promise.all([
      allEvents(sqlite as KyselyUsageStore),
      allEvents(mysql as KyselyUsageStore),
    ]);

    expect(fromMysql).toHaveLength(onSqlite.served.length);
    expect(inOrder(fromMysql)).toEqual(inOrder(fromSqlite));
  });

  it('should hold the same totals, not twice them, after a rerun on the same database', async () => {
    // a rerun without the marker (another --data-dir, or --reset) clears, then generates
    const before = await totals(mysql as KyselyUsageStore);
    const { store: again } = await openDemoDatabase(dataDir, url);
    try {
      await clearStore(again);
      const rerun = await generateTraffic({ store: again, scenario });

      expect(rerun.tracker.written).toBe(onMysql.tracker.written);
      expect(await totals(again)).toEqual(before);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('should say the password is wrong, and how to fall back to SQLite', async () => {
    const wrong = url.replace(/:[^:@/]*@/, ':not-the-password@');

    await expect(openDemoDatabase(dataDir, wrong)).rejects.toThrow(
      /ER_ACCESS_DENIED_ERROR[\s\S]*The server refused user '[^']+' \(wrong password[\s\S]*unset DATABASE_URL\) to use SQLite at /,
    );
  });
});

describe('the demo on a MySQL URL nothing listens on', () => {
  it('should say nothing accepts connections there and fail instead of hanging', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'tokenledger-demo-mysql-'));
    try {
      await expect(
        openDemoDatabase(dataDir, `mysql://tl:pw@127.0.0.1:${port}/demo`),
      ).rejects.toThrow(
        new RegExp(
          `\\(ECONNREFUSED\\)[\\s\\S]*Nothing accepts connections on 127\\.0\\.0\\.1:${port}: start the MySQL/MariaDB server, or fix the host and port\\.\\nDATABASE_URL is set`,
        ),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
