import { describe, expect, it } from 'vitest';
import { makeEvent, makeUnpricedEvent } from './support/events.js';
import { describeEachDialect, type StoreHarness } from './support/harness.js';
import { rawQuery } from './support/totals.js';

const at = (iso: string) => new Date(`2026-11-${iso}Z`);

/**
 * Five calls. Priced ones cost 0.004100000 USD unless noted.
 * e1 alice chat      02T10:15  tags team=core
 * e2 bob   chat      02T10:45
 * e3 alice summarize 02T11:05  0.000500000 (input 0.0004, output 0.0001), team=growth
 * e4 carol summarize 02T11:30  unpriced
 * e5 alice chat      03T09:00  status error, release null
 */
async function seeded(harness: StoreHarness) {
  const opened = await harness.open();
  const small = {
    costUsd: '0.000500000',
    cost: {
      input: '0.000400000',
      output: '0.000100000',
      cacheWrite: '0.000000000',
      cacheRead: '0.000000000',
      units: '0.000000000',
    },
  };

  await opened.store.insertEvents([
    makeEvent({
      id: 'e1',
      userId: 'alice',
      endpoint: 'chat',
      timestamp: at('02T10:15:00'),
      tags: { team: 'core' },
    }),
    makeEvent({
      id: 'e2',
      userId: 'bob',
      endpoint: 'chat',
      timestamp: at('02T10:45:00'),
    }),
    makeEvent({
      id: 'e3',
      userId: 'alice',
      endpoint: 'summarize',
      timestamp: at('02T11:05:00'),
      tags: { team: 'growth' },
      ...small,
    }),
    makeUnpricedEvent({
      id: 'e4',
      userId: 'carol',
      endpoint: 'summarize',
      timestamp: at('02T11:30:00'),
    }),
    makeEvent({
      id: 'e5',
      userId: 'alice',
      endpoint: 'chat',
      timestamp: at('03T09:00:00'),
      status: 'error',
      release: null,
    }),
  ]);

  return opened;
}

describeEachDialect('query', (harness) => {
  describe('when grouped by endpoint', () => {
    it('should total each endpoint, costliest first', async () => {
      const { store, db, dialect } = await seeded(harness);
      const query = {
        filter: { from: at('02T00:00:00'), to: at('04T00:00:00') },
        groupBy: ['endpoint'] as const,
      };

      const rows = await store.query({ ...query, groupBy: [...query.groupBy] });

      // chat: e1 e2 e5 = 3 x 0.0041; summarize: e3 0.0005 + e4 unpriced
      expect(
        rows.map((r) => [r.endpoint, r.calls, r.unpricedCalls, r.costUsd]),
      ).toEqual([
        ['chat', 3, 0, '0.012300000'],
        ['summarize', 2, 1, '0.000500000'],
      ]);
      // chat prompt tokens: 3 x (1000 input + 300 cache read) = 3900, 900 read
      expect(rows[0]).toMatchObject({
        inputTokens: 3000,
        outputTokens: 600,
        cacheReadTokens: 900,
        reasoningTokens: 150,
        cacheReadShare: 900 / 3900,
        cost: {
          input: '0.009000000',
          output: '0.003000000',
          cacheRead: '0.000300000',
        },
      });
      expect(
        await rawQuery(db, dialect, { ...query, groupBy: ['endpoint'] }),
      ).toEqual(rows);
    });
  });

  describe('userCosts', () => {
    it("should give each user's calls and exact cost, as query grouped by user", async () => {
      const { store } = await seeded(harness);
      const filter = { from: at('02T10:30:00'), to: at('04T00:00:00') };

      const users = await store.userCosts({ filter });
      const rows = await store.query({ filter, groupBy: ['user'] });

      // from 10:30: alice e3 0.0005 + e5 0.0041; bob e2 0.0041; carol e4 unpriced
      const sorted = [...users].sort((a, b) =>
        a.userId.localeCompare(b.userId),
      );
      expect(sorted).toEqual([
        { userId: 'alice', calls: 2, costNano: 4_600_000n },
        { userId: 'bob', calls: 1, costNano: 4_100_000n },
        { userId: 'carol', calls: 1, costNano: 0n },
      ]);
      expect(rows.map((r) => [r.user, r.calls, r.costUsd])).toEqual([
        ['alice', 2, '0.004600000'],
        ['bob', 1, '0.004100000'],
        ['carol', 1, '0.000000000'],
      ]);
    });

    it('should narrow by the filter and refuse options it does not take', async () => {
      const { store } = await seeded(harness);

      const priced = await store.userCosts({
        filter: { priced: true, userId: ['alice', 'carol'] },
      });

      // alice e1 + e3 + e5 = 0.0041 + 0.0005 + 0.0041; carol's one call is unpriced
      expect(priced).toEqual([
        { userId: 'alice', calls: 3, costNano: 8_700_000n },
      ]);
      await expect(
        store.userCosts({ filter: {}, groupBy: ['user'] } as never),
      ).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    });
  });

  describe('when only some measures are asked for', () => {
    it('should sum those exactly, in the same rows and order', async () => {
      const { store } = await seeded(harness);
      const filter = { from: at('02T00:00:00'), to: at('04T00:00:00') };

      const rows = await store.query({
        filter,
        groupBy: ['user'],
        measures: ['calls'],
      });

      // by cost, which is always summed: alice e1 e3 e5 = 0.0041 + 0.0005
      // + 0.0041, bob e2, carol e4 unpriced; tokens not summed read 0
      expect(rows.map((r) => [r.user, r.calls, r.costUsd])).toEqual([
        ['alice', 3, '0.008700000'],
        ['bob', 1, '0.004100000'],
        ['carol', 1, '0.000000000'],
      ]);
      expect(rows[0]).toMatchObject({ inputTokens: 0, unpricedCalls: 0 });
    });

    it('should sum a cost breakdown and what it orders by', async () => {
      const { store } = await seeded(harness);

      const rows = await store.query({
        filter: { from: at('02T11:00:00'), to: at('02T12:00:00') },
        groupBy: ['endpoint'],
        measures: ['cost'],
        orderBy: { field: 'inputTokens', direction: 'desc' },
      });

      // e3 (1000 input tokens) and e4 (unpriced, also 1000)
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        endpoint: 'summarize',
        calls: 0,
        inputTokens: 2000,
        costUsd: '0.000500000',
        cost: { input: '0.000400000', output: '0.000100000' },
      });
    });

    it('should sum only those in a time series too', async () => {
      const { store } = await seeded(harness);
      const filter = { from: at('02T00:00:00'), to: at('04T00:00:00') };

      const narrow = await store.timeSeries({
        filter,
        bucket: 'day',
        measures: ['calls', 'costUsd'],
      });
      const full = await store.timeSeries({ filter, bucket: 'day' });

      // the same buckets, calls and cost; tokens not summed read 0
      expect(narrow.map((p) => [p.bucketStart, p.calls, p.costUsd])).toEqual(
        full.map((p) => [p.bucketStart, p.calls, p.costUsd]),
      );
      expect(narrow.map((p) => p.inputTokens)).toEqual(narrow.map(() => 0));
      expect(full.some((p) => p.inputTokens > 0)).toBe(true);
    });

    it('should name a measure that is not a total', async () => {
      const { store } = await harness.open();

      await expect(
        store.query({ measures: ['tokens' as never] }),
      ).rejects.toThrow(
        'Invalid store query: cannot sum "tokens"; measures are totals of a row such as calls, costUsd, cost, inputTokens. See docs/storage.md#queries.',
      );
    });
  });

  describe('when the range is half-open', () => {
    it('should include from and exclude to', async () => {
      const { store } = await seeded(harness);

      const [totals] = await store.query({
        filter: { from: at('02T10:45:00'), to: at('03T09:00:00') },
      });

      // e2 (at from), e3, e4; e5 sits exactly at `to`
      expect(totals?.calls).toBe(3);
      expect(totals?.costUsd).toBe('0.004600000');
    });

    it('should return one zero row for an empty range', async () => {
      const { store } = await seeded(harness);

      const rows = await store.query({
        filter: { from: at('05T00:00:00'), to: at('04T00:00:00') },
      });

      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        calls: 0,
        costUsd: '0.000000000',
        cacheReadShare: 0,
      });
    });
  });

  describe('when filtered by dimension lists', () => {
    it('should match any value of each list and all the lists', async () => {
      const { store } = await seeded(harness);

      const count = async (filter: object) =>
        (await store.query({ filter }))[0]?.calls;

      expect(await count({ userId: ['alice', 'carol'] })).toBe(4);
      expect(await count({ userId: 'alice', endpoint: 'chat' })).toBe(2);
      expect(await count({ status: 'error' })).toBe(1);
      expect(await count({ status: ['ok', 'timeout'] })).toBe(4);
      expect(await count({ priced: false })).toBe(1);
      expect(await count({ release: '2.4.0' })).toBe(4);
      expect(await count({ model: 'acme-llm-9' })).toBe(1);
      expect(await count({ provider: [] })).toBe(0);
    });

    it('should filter on tags from raw events', async () => {
      const { store } = await seeded(harness);

      const count = async (tags: Record<string, string | string[]>) =>
        (await store.query({ filter: { tags } }))[0]?.calls;

      expect(await count({ team: 'core' })).toBe(1);
      expect(await count({ team: ['core', 'growth'] })).toBe(2);
      expect(await count({ team: 'core', other: 'x' })).toBe(0);
      expect(await count({ team: [] })).toBe(0);
    });
  });

  describe('when grouped by time', () => {
    it('should label days and hours and order them by time', async () => {
      const { store } = await seeded(harness);

      const days = await store.query({ groupBy: ['day'] });
      const hours = await store.query({
        groupBy: ['hour'],
        filter: { userId: 'alice' },
      });

      expect(days.map((r) => [r.day, r.calls])).toEqual([
        ['2026-11-02', 4],
        ['2026-11-03', 1],
      ]);
      expect(hours.map((r) => [r.hour, r.calls])).toEqual([
        ['2026-11-02T10:00:00.000Z', 1],
        ['2026-11-02T11:00:00.000Z', 1],
        ['2026-11-03T09:00:00.000Z', 1],
      ]);
    });
  });

  describe('when ordered and limited', () => {
    it('should sort by the asked field and keep the first rows', async () => {
      const { store } = await seeded(harness);

      const rows = await store.query({
        groupBy: ['user'],
        orderBy: { field: 'calls', direction: 'asc' },
        limit: 2,
      });
      const byName = await store.query({
        groupBy: ['user'],
        orderBy: { field: 'user', direction: 'desc' },
      });

      // bob 1 and carol 1 tie on calls: keys break the tie; alice has 3
      expect(rows.map((r) => [r.user, r.calls])).toEqual([
        ['bob', 1],
        ['carol', 1],
      ]);
      expect(byName.map((r) => r.user)).toEqual(['carol', 'bob', 'alice']);
    });
  });

  describe('when values hold SQL metacharacters', () => {
    it('should match them literally', async () => {
      const { store, db, dialect } = await harness.open();
      const hostile = {
        quote: `o'brien"; drop table usage_events; --`,
        percent: '100% off_%',
        unicode: '用户-é-🚀',
        long: 'x'.repeat(200),
        backslash: 'a\\b\\\\\\0',
        placeholder: 'what? ?? ?',
      };
      await store.insertEvents(
        Object.values(hostile).map((value, i) =>
          makeEvent({
            id: `h${i}`,
            userId: value,
            endpoint: value,
            tags: { [`k'"${i}`]: value },
          }),
        ),
      );

      for (const [i, value] of Object.values(hostile).entries()) {
        const filter = {
          userId: value,
          endpoint: value,
          tags: { [`k'"${i}`]: value },
        };
        expect((await store.query({ filter }))[0]?.calls).toBe(1);
        expect(
          (await store.events({ filter, limit: 5 })).events.map((e) => e.id),
        ).toEqual([`h${i}`]);
      }

      const none = async (filter: object) =>
        (await store.query({ filter }))[0]?.calls;
      expect(await none({ userId: '%' })).toBe(0);
      expect(await none({ endpoint: '100%' })).toBe(0);
      expect(await none({ userId: 'y'.repeat(10_000) })).toBe(0);
      expect(await none({ tags: { '$.a': '%' } })).toBe(0);
      const users = await rawQuery(db, dialect, {
        groupBy: ['user'],
        orderBy: { field: 'user' },
      });
      // binary order: '1' < 'a' < 'o' < 'w' < 'x' < '用'
      expect(users.map((r) => r.user)).toEqual([
        hostile.percent,
        hostile.backslash,
        hostile.quote,
        hostile.placeholder,
        hostile.long,
        hostile.unicode,
      ]);
    });
  });

  describe('when the query is malformed', () => {
    it('should name an unknown groupBy dimension', async () => {
      const { store } = await harness.open();

      const failure = store.query({ groupBy: ['country' as never] });

      await expect(failure).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
      await expect(failure).rejects.toThrow(
        'Invalid store query: cannot group by "country"; use user, provider, model, endpoint, release, day, hour. See docs/storage.md#queries.',
      );
    });

    it('should name a bad time series bucket or grouping', async () => {
      const { store } = await harness.open();

      await expect(
        store.timeSeries({ bucket: 'week' } as never),
      ).rejects.toThrow(
        `Invalid store query: bucket must be 'hour' or 'day', got "week". See docs/storage.md#queries.`,
      );
      await expect(
        store.timeSeries({ bucket: 'day', groupBy: 'hour' } as never),
      ).rejects.toThrow(
        'cannot group by "hour"; use user, provider, model, endpoint, release',
      );
      await expect(store.events(undefined as never)).rejects.toThrow(
        'limit must be an integer from 1 to 1000, got undefined',
      );
    });

    it('should name an option the method does not take', async () => {
      const { store } = await harness.open();

      await expect(
        store.query({ groupBy: ['day'], bucket: 'day' } as never),
      ).rejects.toThrow(
        `Invalid store query: query() has no option "bucket"; use filter, groupBy, orderBy, limit, measures; to bucket by time, group by 'day' or 'hour', or call timeSeries(). See docs/storage.md#queries.`,
      );
      await expect(
        store.query({ filtre: { endpoint: 'chat' } } as never),
      ).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        message: expect.stringContaining('query() has no option "filtre"'),
      });
      await expect(store.query('endpoint' as never)).rejects.toThrow(
        'query() needs an object of filter, groupBy, orderBy, limit, measures, got string',
      );
      await expect(
        store.timeSeries({ bucket: 'day', limit: 5 } as never),
      ).rejects.toThrow(
        'timeSeries() has no option "limit"; use filter, bucket, groupBy, measures',
      );
      await expect(
        store.events({ limit: 5, orderBy: 'ts' } as never),
      ).rejects.toThrow(
        'events() has no option "orderBy"; use filter, cursor, limit',
      );
    });

    it('should name an unknown filter dimension and a bad value', async () => {
      const { store } = await harness.open();

      await expect(
        store.query({ filter: { country: 'fr' } as never }),
      ).rejects.toThrow(
        'Invalid store query: unknown filter dimension "country"; use one of from, to, userId, provider, model, endpoint, release, status, priced, tags. See docs/storage.md#queries.',
      );
      await expect(
        store.query({ filter: { userId: 42 } as never }),
      ).rejects.toThrow(
        'filter.userId must be a string or a list of strings, got 42',
      );
      await expect(
        store.query({ filter: { status: 'failed' } as never }),
      ).rejects.toThrow(
        'filter.status "failed" is not a call status; use ok, error, aborted, timeout',
      );
      await expect(
        store.query({ filter: { from: new Date('nope') } }),
      ).rejects.toThrow(
        'filter.from must be a valid Date, got an invalid Date',
      );
      await expect(store.query({ filter: null as never })).rejects.toThrow(
        'Invalid store query: filter must be an object such as { from, to, endpoint }, got null. See docs/storage.md#queries.',
      );
      await expect(store.query({ filter: [] as never })).rejects.toThrow(
        'filter must be an object such as { from, to, endpoint }, got an array.',
      );
      await expect(store.query({ limit: 0 })).rejects.toThrow(
        'limit must be a positive integer, got 0',
      );
      await expect(store.query({ orderBy: { field: 'cost' } })).rejects.toThrow(
        'cannot order by "cost"; use costUsd, calls, unpricedCalls',
      );
    });
  });
});
