import type {
  AggregateQuery,
  GroupByDimension,
  UsageFilter,
} from '@tokenledger/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTimeSeries } from '../src/queries/query.js';
import { mixedEvents } from './support/dataset.js';
import { describeEachDialect, type TestStore } from './support/harness.js';
import { rawQuery } from './support/totals.js';

const t = (iso: string) => new Date(`2026-11-${iso}Z`);

const FILTERS: UsageFilter[] = [
  {},
  { from: t('02T06:00:00'), to: t('04T18:00:00') },
  { from: t('02T06:17:31.250'), to: t('04T03:59:59.999') },
  { from: t('03T00:00:00') },
  { to: t('03T12:30:00') },
  { userId: ['alice', 'dave'], status: 'ok' },
  { endpoint: 'chat', release: '2.5.0', priced: true },
  { provider: 'openai', model: ['m-mini', 'm-large'], from: t('02T12:20:00') },
  { priced: false, status: ['error', 'timeout'] },
];

const GROUPINGS: GroupByDimension[][] = [
  [],
  ['endpoint'],
  ['user'],
  ['model', 'provider'],
  ['release'],
  ['day', 'endpoint'],
  ['hour'],
  ['user', 'hour'],
];

describeEachDialect('rollups and raw events', (harness) => {
  let opened: TestStore;

  beforeAll(async () => {
    opened = await harness.open({ scope: 'suite' });
    await opened.store.insertEvents(mixedEvents(2000));
    // 2000 events must still be 2000 after the same batch again
    await opened.store.insertEvents(mixedEvents(2000));
  }, 60_000);

  describe('when the filter and grouping allow rollups', () => {
    it('should give the same rows as raw events for every combination', async () => {
      const { store, db, dialect } = opened;
      let compared = 0;

      for (const filter of FILTERS) {
        for (const groupBy of GROUPINGS) {
          const query: AggregateQuery = { filter, groupBy };
          const fromRollups = await store.query(query);

          expect(fromRollups, JSON.stringify(query)).toEqual(
            await rawQuery(db, dialect, query),
          );
          compared += fromRollups.length;
        }
      }

      const [all] = await store.query({});
      expect(all?.calls).toBe(2000);
      expect(compared).toBeGreaterThan(1000);
    });

    it('should give the same time series as raw events', async () => {
      const { store, db, dialect } = opened;

      for (const filter of FILTERS.slice(0, 4)) {
        for (const bucket of ['hour', 'day'] as const) {
          const query = { filter, bucket, groupBy: 'endpoint' as const };

          expect(await store.timeSeries(query)).toEqual(
            await runTimeSeries(db, dialect, query, 'raw'),
          );
        }
      }
    });
  });
});

describeEachDialect('query source', (harness) => {
  it('should read rollups for whole hours and raw events for tags', async () => {
    const { store, db } = await harness.open();
    await store.insertEvents(mixedEvents(50));

    // Tamper with the rollup to see which table answers.
    await db
      .updateTable('usage_rollups_hourly_all_users')
      .set({ calls: 1000 })
      .execute();

    const [fromRollups] = await store.query({});
    const [fromEvents] = await store.query({ filter: { tags: {} } });
    const [withTags] = await store.query({
      filter: { tags: { team: ['core', 'growth'] } },
    });
    expect(fromRollups?.calls).toBeGreaterThanOrEqual(1000);
    expect(fromEvents?.calls).toBe(fromRollups?.calls);
    // mixedEvents(50) tags 33 events with team=core or team=growth
    expect(withTags?.calls).toBe(33);
  });
});

describe('rollup equivalence dataset', () => {
  it('should mix priced, unpriced and tagged events', () => {
    const events = mixedEvents(2000);

    expect(new Set(events.map((e) => e.id)).size).toBe(2000);
    const share = (test: (e: (typeof events)[number]) => boolean) =>
      events.filter(test).length / events.length;

    expect(share((e) => !e.priced)).toBeCloseTo(0.1, 1);
    expect(share((e) => e.release === null)).toBeCloseTo(0.33, 1);
    expect(share((e) => 'team' in e.tags)).toBeCloseTo(0.5, 1);
    expect(share((e) => e.status === 'ok')).toBeCloseTo(0.6, 1);
  });
});
