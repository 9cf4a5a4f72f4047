import type { UsageEvent } from '@tokenledger/core';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { TableNode } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CheckedFilter } from '../src/queries/filter-input.js';
import { openEndFilter } from '../src/queries/open-end.js';
import { createKyselyStore } from '../src/store.js';
import { makeEvent, makeUnpricedEvent } from './support/events.js';
import { describeEachDialect, type TestStore } from './support/harness.js';
import { rawQuery } from './support/totals.js';

const at = (iso: string) => new Date(`2026-11-${iso}Z`);
const ms = (iso: string) => at(iso).getTime();
const range = (fromMs: number, toMs: number | undefined): CheckedFilter => ({
  fromMs,
  toMs,
  columns: [],
  tags: [],
});

describe('openEndFilter', () => {
  describe('when no event is stored at or after the end', () => {
    it('should end the range at the next UTC midnight', () => {
      const filter = range(ms('24T00:00:00'), ms('30T13:37:00'));

      expect(openEndFilter(filter, ms('30T13:36:59.999')).toMs).toBe(
        Date.parse('2026-12-01T00:00:00Z'),
      );
      expect(openEndFilter(filter, null).toMs).toBe(
        Date.parse('2026-12-01T00:00:00Z'),
      );
    });
  });

  describe('when an event is stored at or after the end', () => {
    it('should keep the range as it is', () => {
      const filter = range(ms('24T00:00:00'), ms('30T13:37:00'));

      expect(openEndFilter(filter, ms('30T13:37:00'))).toBe(filter);
      expect(openEndFilter(filter, ms('30T23:00:00'))).toBe(filter);
    });
  });

  describe('when the range is open or ends at midnight', () => {
    it('should keep the range as it is', () => {
      const open = range(ms('24T00:00:00'), undefined);
      const midnight = range(ms('24T00:00:00'), ms('30T00:00:00'));

      expect(openEndFilter(open, null)).toBe(open);
      expect(openEndFilter(midnight, null)).toBe(midnight);
    });
  });
});

/** Records the tables each select reads, through the store's own Kysely. */
class TablesRead implements KyselyPlugin {
  tables: string[] = [];

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (node.kind === 'SelectQueryNode') {
      for (const from of node.from?.froms ?? []) {
        if (TableNode.is(from)) this.tables.push(from.table.identifier.name);
      }
    }

    return node;
  }

  async transformResult({
    result,
  }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}

// Three days of one user pair: yesterday whole, today up to 13:20. Every
// priced event costs 0.004100000 USD (see makeEvent).
function todayAndYesterday(): UsageEvent[] {
  return [
    makeEvent({ id: 'a1', userId: 'ann', timestamp: at('29T08:00:00') }),
    makeEvent({ id: 'a2', userId: 'ann', timestamp: at('30T09:30:00') }),
    makeEvent({ id: 'a3', userId: 'ann', timestamp: at('30T13:05:00') }),
    makeEvent({ id: 'b1', userId: 'bob', timestamp: at('29T23:59:59.999') }),
    makeEvent({ id: 'b2', userId: 'bob', timestamp: at('30T13:20:00') }),
    makeUnpricedEvent({
      id: 'b3',
      userId: 'bob',
      timestamp: at('30T00:00:00'),
    }),
  ];
}

describeEachDialect('a range that ends after the newest event', (harness) => {
  let opened: TestStore;
  let tables: TablesRead;
  let store: ReturnType<typeof createKyselyStore> extends Promise<infer S>
    ? S
    : never;

  beforeEach(async () => {
    opened = await harness.open();
    await opened.store.insertEvents(todayAndYesterday());
    tables = new TablesRead();
    store = await createKyselyStore({ db: opened.db.withPlugin(tables) });
  });

  const now = { from: at('29T00:00:00'), to: at('30T13:37:00') };

  it('should read per user from the daily rollup alone, with the exact sums', async () => {
    const rows = await store.query({ filter: now, groupBy: ['user'] });

    // ann: 3 priced calls, 3 x 0.0041; bob: 2 priced + 1 unpriced
    expect(
      rows.map((r) => [r.user, r.calls, r.unpricedCalls, r.costUsd]),
    ).toEqual([
      ['ann', 3, 0, '0.012300000'],
      ['bob', 3, 1, '0.008200000'],
    ]);
    expect(rows).toEqual(
      await rawQuery(opened.db, opened.dialect, {
        filter: now,
        groupBy: ['user'],
      }),
    );
    expect(new Set(tables.tables)).toEqual(
      new Set(['usage_events', 'usage_rollups_daily_users']),
    );
  });

  it('should read the last hour from the hourly rollup, not from events', async () => {
    const hours = await store.timeSeries({ filter: now, bucket: 'hour' });

    expect(
      hours.map((p) => [p.bucketStart.toISOString(), p.calls]).slice(-2),
    ).toEqual([
      ['2026-11-30T09:00:00.000Z', 1],
      ['2026-11-30T13:00:00.000Z', 2],
    ]);
    // one max(ts_ms) read of the events, no range scan of them
    expect(tables.tables.filter((t) => t === 'usage_events')).toHaveLength(1);
  });

  it('should give the same facets as the events hold', async () => {
    const facets = await store.facets({ filter: now });

    expect(facets.users).toEqual(['ann', 'bob']);
    expect(facets.models).toEqual(['acme-llm-9', 'claude-sonnet-4-5-20250929']);
  });

  describe('when the query asks for the top users by cost', () => {
    it('should rank on cost alone, then read every measure of the top ones', async () => {
      // cy and dee tie with ann at 3 calls each: 0.0123 USD; bob 0.0082
      await opened.store.insertEvents([
        ...['c1', 'c2', 'c3'].map((id) =>
          makeEvent({ id, userId: 'cy', timestamp: at('29T12:00:00') }),
        ),
        ...['d1', 'd2', 'd3'].map((id) =>
          makeEvent({ id, userId: 'dee', timestamp: at('30T01:00:00') }),
        ),
      ]);
      tables.tables = [];

      const rows = await store.query({
        filter: now,
        groupBy: ['user'],
        orderBy: { field: 'costUsd', direction: 'desc' },
        limit: 2,
      });

      // ties by user id: ann before cy before dee
      expect(
        rows.map((r) => [r.user, r.calls, r.inputTokens, r.costUsd]),
      ).toEqual([
        ['ann', 3, 3000, '0.012300000'],
        ['cy', 3, 3000, '0.012300000'],
      ]);
      // newest event, the ranking, then the two users' daily rows
      expect(tables.tables).toEqual([
        'usage_events',
        'usage_rollups_daily_users',
        'usage_rollups_daily_users',
      ]);
    });
  });

  describe('when an event is stored after the end', () => {
    it('should leave that event out', async () => {
      await opened.store.insertEvents([
        makeEvent({ id: 'late', userId: 'cy', timestamp: at('30T13:37:00') }),
      ]);

      const rows = await store.query({ filter: now, groupBy: ['user'] });

      expect(rows.map((r) => [r.user, r.calls])).toEqual([
        ['ann', 3],
        ['bob', 3],
      ]);
      expect((await store.facets({ filter: now })).users).toEqual([
        'ann',
        'bob',
      ]);
    });
  });

  describe('when the store is empty', () => {
    it('should answer one empty total', async () => {
      const empty = await harness.open();

      const [total] = await empty.store.query({ filter: now });

      expect([total?.calls, total?.costUsd]).toEqual([0, '0.000000000']);
    });
  });
});
