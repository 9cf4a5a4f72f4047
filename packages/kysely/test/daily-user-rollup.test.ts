import type {
  AggregateQuery,
  GroupByDimension,
  UsageFilter,
} from '@tokenledger/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/migrations/index.js';
import { checkFilter } from '../src/queries/filter-input.js';
import { planSources } from '../src/queries/plan.js';
import { createKyselyStore } from '../src/store.js';
import { mixedEvents, openMixedStore } from './support/dataset.js';
import { makeEvent, makeUnpricedEvent, REPRICED } from './support/events.js';
import { describeEachDialect, type TestStore } from './support/harness.js';
import { expectStoreMatchesRaw, rawQuery } from './support/totals.js';

const t = (iso: string) => new Date(`2026-11-${iso}Z`);
const DAILY = 'usage_rollups_daily_users';
// 002 and every later migration (each safe to rerun): what a database from
// before 002 lacks
const FROM_002 = Object.keys(MIGRATIONS).slice(1);

// mixedEvents spans 2026-11-02T00:00 to 2026-11-05T00:00: ranges that hold
// whole days, cut days at one or both ends, cut hours, or hold no whole day
const FILTERS: UsageFilter[] = [
  {},
  { from: t('02T00:00:00'), to: t('05T00:00:00') },
  { from: t('03T00:00:00'), to: t('04T00:00:00') },
  { from: t('02T06:00:00'), to: t('04T18:00:00') },
  { from: t('02T06:17:31.250'), to: t('04T03:59:59.999') },
  { from: t('02T23:59:59.999'), to: t('04T00:00:00.001') },
  { from: t('03T05:00:00'), to: t('03T20:30:00') },
  { from: t('03T12:00:00') },
  { to: t('03T12:30:00') },
  { priced: true, from: t('02T13:00:00'), to: t('04T11:00:00') },
  { priced: false, status: ['error', 'timeout'] },
  { status: 'ok', from: t('02T00:30:00') },
  { endpoint: 'chat', from: t('02T06:00:00'), to: t('04T18:00:00') },
  // a user filter: whole days daily, the rest from events
  { userId: 'alice', from: t('02T06:17:31.250'), to: t('04T18:00:00') },
  { userId: ['bob', 'dave'], priced: true, from: t('02T00:00:00') },
  { userId: 'carol', to: t('03T12:30:00') },
  { userId: ['alice', 'carol'], status: 'ok' },
];

// The sweeps below make 400 to 700 queries; on MariaDB, while the rest of
// the monorepo's suites share the machine's 2 cores, one took 20 s.
const SWEEP_TIMEOUT_MS = 120_000;

const GROUPINGS: GroupByDimension[][] = [
  ['user'],
  ['user', 'day'],
  ['day', 'user'],
  ['user', 'endpoint'],
];

describeEachDialect('daily user rollup', (harness) => {
  let opened: TestStore;

  beforeAll(async () => {
    // the same batch again must not count twice in the daily rollup either
    opened = await openMixedStore(harness, 2000);
  }, 60_000);

  describe('when a query groups by user', () => {
    it(
      'should give the same rows as raw events, whole days or not',
      async () => {
        const compared = await expectStoreMatchesRaw(
          opened,
          FILTERS,
          GROUPINGS,
        );

        expect(compared).toBeGreaterThan(300);
      },
      SWEEP_TIMEOUT_MS,
    );

    it(
      'should rank the top users by cost as raw events do',
      async () => {
        const { store, db, dialect } = opened;
        let compared = 0;

        for (const filter of FILTERS) {
          for (const limit of [1, 2, 3, 10]) {
            for (const orderBy of [
              undefined,
              { field: 'costUsd', direction: 'desc' } as const,
              { field: 'costUsd', direction: 'asc' } as const,
            ]) {
              const query: AggregateQuery = {
                filter,
                groupBy: ['user'],
                limit,
                ...(orderBy ? { orderBy } : {}),
              };
              const rows = await store.query(query);

              expect(rows, JSON.stringify(query)).toEqual(
                await rawQuery(db, dialect, query),
              );
              compared += rows.length;
            }
          }
        }
        expect(compared).toBe(456);
      },
      SWEEP_TIMEOUT_MS,
    );

    it('should offer the same users in the facets as raw events hold', async () => {
      const { store, db, dialect } = opened;

      for (const filter of FILTERS.slice(0, 9)) {
        const rows = await rawQuery(db, dialect, { filter, groupBy: ['user'] });
        const { users } = await store.facets({ filter });

        expect(users, JSON.stringify(filter)).toEqual(
          rows.map((row) => row.user).sort(),
        );
      }
    });

    it('should offer every dimension of a user filter as raw events hold', async () => {
      const { store, db, dialect } = opened;
      const userFilters = FILTERS.filter((f) => f.userId !== undefined);

      for (const filter of userFilters) {
        const facets = await store.facets({ filter });
        const raw = async (by: GroupByDimension) =>
          (await rawQuery(db, dialect, { filter, groupBy: [by] }))
            .map((row) => row[by] ?? '')
            .filter((value) => value !== '')
            .sort();

        expect(facets, JSON.stringify(filter)).toEqual({
          users: await raw('user'),
          providers: await raw('provider'),
          models: await raw('model'),
          endpoints: await raw('endpoint'),
          releases: await raw('release'),
        });
      }
      expect(userFilters).toHaveLength(4);
    });

    it('should hold one row per day, user, status and priced', async () => {
      const { db } = opened;

      const { rows } = await db
        .selectFrom(DAILY)
        .select((eb) => eb.fn.countAll().as('rows'))
        .executeTakeFirstOrThrow();

      const keys = new Set(
        mixedEvents(2000).map((e) =>
          [
            e.timestamp.toISOString().slice(0, 10),
            e.userId,
            e.status,
            e.priced,
          ].join(),
        ),
      );
      // of the 3 days x 4 users x 3 statuses x 2 (priced or not), 70 occur
      expect(keys.size).toBe(70);
      expect(Number(rows)).toBe(70);
    });
  });

  describe('when the range holds whole days', () => {
    it('should read them from the daily rollup and the ragged hours hourly', () => {
      const ragged = checkFilter({
        from: t('02T06:17:31.250'),
        to: t('04T03:59:59.999'),
        priced: true,
      });
      const day = 86_400_000;
      const hour = 3_600_000;
      const from = t('02T06:17:31.250').getTime();
      const to = t('04T03:59:59.999').getTime();
      const [nov3, nov4] = [t('03T00:00:00'), t('04T00:00:00')].map((d) =>
        d.getTime(),
      ) as [number, number];

      expect(planSources(ragged, ['user'], 'auto')).toEqual([
        { table: DAILY, fromMs: nov3, toMs: nov4 },
        { table: 'usage_rollups_hourly', fromMs: nov3 - 17 * hour, toMs: nov3 },
        { table: 'usage_rollups_hourly', fromMs: nov4, toMs: nov4 + 3 * hour },
        { table: 'usage_events', fromMs: from, toMs: nov3 - 17 * hour },
        { table: 'usage_events', fromMs: nov4 + 3 * hour, toMs: to },
      ]);
      expect(nov4 - nov3).toBe(day);
    });

    it('should answer from the daily rollup, and not when another dimension filters', async () => {
      const { store, db } = await harness.open();
      await store.insertEvents([
        makeEvent({ id: 'a', timestamp: t('02T10:15:00'), userId: 'alice' }),
        makeEvent({ id: 'b', timestamp: t('02T23:59:59.999'), userId: 'bob' }),
      ]);
      // Tamper with the daily rollup to see which table answers.
      await db.updateTable(DAILY).set({ calls: 1000 }).execute();
      const day = { from: t('02T00:00:00'), to: t('03T00:00:00') };

      const daily = await store.query({ filter: day, groupBy: ['user'] });
      const filtered = await store.query({
        filter: { ...day, endpoint: 'POST /claims/:id/validate' },
        groupBy: ['user'],
      });
      const perHour = await store.query({
        filter: day,
        groupBy: ['user', 'hour'],
      });

      expect(daily.map((row) => [row.user, row.calls])).toEqual([
        ['alice', 1000],
        ['bob', 1000],
      ]);
      expect(filtered.map((row) => [row.user, row.calls])).toEqual([
        ['alice', 1],
        ['bob', 1],
      ]);
      expect(perHour.map((row) => row.calls)).toEqual([1, 1]);
    });
  });

  describe('when events are written', () => {
    it('should sum them by UTC day, user, status and priced, exactly', async () => {
      const { store, db } = await harness.open();
      await store.insertEvents([
        makeEvent({ id: 'a', timestamp: t('02T00:00:00') }),
        makeEvent({ id: 'b', timestamp: t('02T23:59:59.999') }),
        makeEvent({ id: 'c', timestamp: t('03T00:00:00') }),
        makeUnpricedEvent({ id: 'd', timestamp: t('02T12:00:00') }),
        makeEvent({ id: 'e', timestamp: t('02T12:00:00'), status: 'error' }),
      ]);
      await store.insertEvents([makeEvent({ id: 'a' })]);

      const rows = await db
        .selectFrom(DAILY)
        .select(['day_ms', 'user_id', 'status', 'priced', 'calls'])
        .select(['unpriced_calls', 'input_tokens', 'cost_nano'])
        .orderBy('day_ms')
        .orderBy('status')
        .orderBy('priced')
        .execute();

      // a and b share 2026-11-02 ok priced: 2 calls, 2 x 1000 input tokens,
      // 2 x 4100000 nano-USD; c is the next day; d and e have rows of their own
      expect(
        rows.map((row) => [
          new Date(Number(row.day_ms)).toISOString().slice(0, 10),
          row.user_id,
          row.status,
          Number(row.priced),
          Number(row.calls),
          Number(row.unpriced_calls),
          Number(row.input_tokens),
          String(row.cost_nano),
        ]),
      ).toEqual([
        ['2026-11-02', 'user-1', 'error', 1, 1, 0, 1000, '4100000'],
        ['2026-11-02', 'user-1', 'ok', 0, 1, 1, 1000, '0'],
        ['2026-11-02', 'user-1', 'ok', 1, 2, 0, 2000, '8200000'],
        ['2026-11-03', 'user-1', 'ok', 1, 1, 0, 1000, '4100000'],
      ]);
    });

    it('should move a repriced event between its priced and unpriced rows', async () => {
      const { store, db, dialect } = await harness.open();
      await store.insertEvents([
        makeUnpricedEvent({ id: 'u1', userId: 'alice' }),
        makeEvent({ id: 'p1', userId: 'alice' }),
      ]);

      await store.updateCosts([{ id: 'u1', ...REPRICED }]);

      const [alice] = await store.query({ groupBy: ['user'] });
      const rows = await db.selectFrom(DAILY).select('calls').execute();
      // 0.004100000 (p1) + 0.004060000 (u1) = 0.008160000, in one row left
      expect(alice).toMatchObject({ calls: 2, unpricedCalls: 0 });
      expect(alice?.costUsd).toBe('0.008160000');
      expect(rows.map((row) => Number(row.calls))).toEqual([2]);
      expect(await store.query({ groupBy: ['user'] })).toEqual(
        await rawQuery(db, dialect, { groupBy: ['user'] }),
      );
    });
  });

  describe('when events are pruned in the middle of a day', () => {
    it('should drop the days before and rebuild the day of the cutoff', async () => {
      const { store, db, dialect } = await harness.open();
      await store.insertEvents(mixedEvents(600));

      await store.prune({ olderThan: t('03T13:45:00') });

      for (const groupBy of [['user'], ['user', 'day']] as const) {
        const query = { groupBy: [...groupBy] };
        expect(await store.query(query)).toEqual(
          await rawQuery(db, dialect, query),
        );
      }
      const days = await db
        .selectFrom(DAILY)
        .select('day_ms')
        .distinct()
        .orderBy('day_ms')
        .execute();
      expect(days.map((d) => Number(d.day_ms))).toEqual([
        t('03T00:00:00').getTime(),
        t('04T00:00:00').getTime(),
      ]);
    });
  });
});

describeEachDialect('migration to the daily user rollup', (harness) => {
  it('should backfill a database written before it, exactly', async () => {
    const { db, dialect } = await harness.open();
    const first = await createKyselyStore({ db });
    await first.insertEvents(mixedEvents(1000));
    // As the previous version left it: no daily rollup, migration 002 not run.
    await db.schema.dropTable(DAILY).execute();
    await db
      .deleteFrom('tokenledger_migration')
      .where('name', 'in', FROM_002)
      .execute();

    const upgraded = await createKyselyStore({ db });
    const applied = await upgraded.migrate();

    expect(applied).toEqual(FROM_002);
    for (const filter of FILTERS) {
      const query: AggregateQuery = { filter, groupBy: ['user', 'day'] };
      expect(await upgraded.query(query), JSON.stringify(filter)).toEqual(
        await rawQuery(db, dialect, query),
      );
    }
  });

  it('should rebuild whole days when rerun after a failed backfill', async () => {
    const { store, db, dialect } = await harness.open();
    await store.insertEvents(mixedEvents(500));
    // A backfill that stopped half way: some days wrong, the name not recorded.
    await db.updateTable(DAILY).set({ calls: 7 }).execute();
    await db
      .deleteFrom(DAILY)
      .where('day_ms', '=', t('03T00:00:00').getTime())
      .execute();
    await db
      .deleteFrom('tokenledger_migration')
      .where('name', 'in', FROM_002)
      .execute();

    const upgraded = await createKyselyStore({ db });
    expect(await upgraded.migrate()).toEqual(FROM_002);

    expect(await upgraded.query({ groupBy: ['user'] })).toEqual(
      await rawQuery(db, dialect, { groupBy: ['user'] }),
    );
  });

  it('should create an empty daily rollup for an empty database', async () => {
    const { db } = await harness.open();

    const rows = await db.selectFrom(DAILY).selectAll().execute();

    expect(rows).toEqual([]);
  });
});

describe('daily user rollup filters', () => {
  it('should serve status and priced filters only', () => {
    const plan = (filter: UsageFilter) =>
      planSources(checkFilter(filter), ['user'], 'auto')[0]?.table;

    expect(plan({ status: 'ok', priced: true })).toBe(DAILY);
    expect(plan({ model: 'm' })).toBe('usage_rollups_hourly');
    expect(plan({ release: '2.4.0' })).toBe('usage_rollups_hourly');
  });
});
