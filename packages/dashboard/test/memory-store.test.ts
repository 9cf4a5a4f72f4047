import type { UsageStore } from '@tokenledger/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from './support/memory-store.js';
import { fortnight } from './support/seed.js';
import { seededSqlite } from './support/sqlite-store.js';

const NOW = new Date('2026-12-03T12:00:00.000Z');
const WEEK = { from: new Date('2026-11-26T12:00:00Z'), to: NOW };

/**
 * The API tests run on the in-memory test store; this checks that it answers
 * exactly as the real SQLite store does, so those tests say something about
 * the real one.
 */
describe('MemoryStore (test double)', () => {
  const memory = new MemoryStore();
  let sqlite: UsageStore;

  beforeAll(async () => {
    const events = fortnight(NOW);
    await memory.insertEvents(events);
    sqlite = await seededSqlite(events);
  });

  afterAll(() => sqlite.close());

  it.each([
    ['totals', { filter: WEEK }],
    ['users', { filter: WEEK, groupBy: ['user'] as const }],
    [
      'models by day',
      {
        filter: { ...WEEK, provider: 'openai' },
        groupBy: ['model', 'day'] as const,
      },
    ],
  ])('should aggregate %s as SQLite does', async (_name, query) => {
    const sort = (rows: object[]) =>
      [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    const key = (row: object) =>
      JSON.stringify(
        Object.entries(row).sort(([x], [y]) => x.localeCompare(y)),
      );

    expect(sort(await memory.query(query))).toEqual(
      sort(await sqlite.query(query)),
    );
  });

  it('should give the same hourly series split by release', async () => {
    const query = {
      filter: WEEK,
      bucket: 'hour' as const,
      groupBy: 'release' as const,
    };

    expect(await memory.timeSeries(query)).toEqual(
      await sqlite.timeSeries(query),
    );
  });

  it('should page the calls in the same order', async () => {
    const ids = async (store: UsageStore) =>
      (await store.events({ filter: WEEK, limit: 300 })).events.map(
        (e) => e.id,
      );

    expect(await ids(memory)).toEqual(await ids(sqlite));
  });

  it('should offer the same facets', async () => {
    expect(await memory.facets({ filter: WEEK })).toEqual(
      await sqlite.facets({ filter: WEEK }),
    );
  });
});
