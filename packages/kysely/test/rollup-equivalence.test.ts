import type {
  AggregateQuery,
  GroupByDimension,
  UsageFilter,
} from '@tokenledger/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFilter } from '../src/queries/filter-input.js';
import { planSources } from '../src/queries/plan.js';
import { runTimeSeries } from '../src/queries/query.js';
import { mixedEvents, openMixedStore } from './support/dataset.js';
import { describeEachDialect, type TestStore } from './support/harness.js';
import { expectStoreMatchesRaw, rawQuery } from './support/totals.js';

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
    // 2000 events must still be 2000 after the same batch again
    opened = await openMixedStore(harness, 2000);
  }, 60_000);

  describe('when the filter and grouping allow rollups', () => {
    it('should give the same rows as raw events for every combination', async () => {
      const compared = await expectStoreMatchesRaw(opened, FILTERS, GROUPINGS);

      const [all] = await opened.store.query({});
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
    const { store, db, dialect } = await harness.open();
    await store.insertEvents(mixedEvents(50));

    // Tamper with the rollup to see which table answers.
    const { rows } = await db
      .selectFrom('usage_rollups_hourly_all_users')
      .select((eb) => eb.fn.countAll().as('rows'))
      .executeTakeFirstOrThrow();
    await db
      .updateTable('usage_rollups_hourly_all_users')
      .set({ calls: 1000 })
      .execute();

    const [fromRollups] = await store.query({});
    const [fromEvents] = await rawQuery(db, dialect, {});
    const [emptyTags] = await store.query({ filter: { tags: {} } });
    const [withTags] = await store.query({
      filter: { tags: { team: ['core', 'growth'] } },
    });
    expect(Number(rows)).toBeGreaterThan(1);
    expect(fromRollups?.calls).toBe(1000 * Number(rows));
    expect(fromEvents?.calls).toBe(50);
    // an empty tags object filters nothing, so the rollups still answer
    expect(emptyTags?.calls).toBe(1000 * Number(rows));
    // mixedEvents(50) tags 33 events with team=core or team=growth
    expect(withTags?.calls).toBe(33);
  });
});

// Endpoint filters go to the rollups (unlike user and tag filters), so
// these values reach the rollup queries as bound parameters too.
const HOSTILE_ENDPOINTS = [
  `o'brien"; drop table usage_events; --`,
  '100% off_%',
  'back\\slash \\" \\%',
  '用户-é-🚀',
  'x'.repeat(200),
];

describeEachDialect('rollups and raw events with metacharacters', (harness) => {
  let opened: TestStore;
  const events = mixedEvents(500).map((event, i) => ({
    ...event,
    id: `meta-${i}`,
    endpoint: HOSTILE_ENDPOINTS[i % HOSTILE_ENDPOINTS.length] as string,
  }));

  beforeAll(async () => {
    opened = await harness.open({ scope: 'suite' });
    await opened.store.insertEvents(events);
  }, 60_000);

  it('should answer endpoint filters from rollups exactly as from raw events', async () => {
    const { store, db, dialect } = opened;
    const filters: UsageFilter[] = [
      ...HOSTILE_ENDPOINTS.map((endpoint) => ({ endpoint })),
      { endpoint: HOSTILE_ENDPOINTS.slice(0, 3) },
      {
        endpoint: [HOSTILE_ENDPOINTS[3] as string, 'absent'],
        from: t('02T06:17:31.250'),
        to: t('04T03:59:59.999'),
      },
    ];

    for (const filter of filters) {
      const plan = planSources(checkFilter(filter), [], 'auto');
      expect(plan[0]?.table).toBe('usage_rollups_hourly_all_users');

      for (const groupBy of [[], ['endpoint'], ['hour']] as const) {
        const query: AggregateQuery = { filter, groupBy: [...groupBy] };
        expect(await store.query(query), JSON.stringify(query)).toEqual(
          await rawQuery(db, dialect, query),
        );
      }
    }
  });

  it('should count every event of each endpoint, one fifth of the data', async () => {
    const { store } = opened;

    for (const endpoint of HOSTILE_ENDPOINTS) {
      const [row] = await store.query({ filter: { endpoint } });
      // 500 events, endpoints assigned round robin over 5 values
      expect(row?.calls, endpoint).toBe(100);
    }
    const byEndpoint = await store.query({ groupBy: ['endpoint'] });
    expect(byEndpoint.map((row) => row.endpoint).sort()).toEqual(
      [...HOSTILE_ENDPOINTS].sort(),
    );
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
