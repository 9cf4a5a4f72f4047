import { TokenledgerError, type UsageEvent } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { ROLLUP_TABLES } from '../src/schema/tables.js';
import { makeEvent, makeUnpricedEvent } from './support/events.js';
import { describeEachDialect } from './support/harness.js';
import { rawQuery, rollupSum } from './support/totals.js';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-02T00:00:00.000Z');

describeEachDialect('insertEvents', (harness) => {
  describe('when a batch is retried', () => {
    it('should store each id once and count the rest as duplicates', async () => {
      const { store, db, dialect } = await harness.open();

      const first = await store.insertEvents([
        makeEvent({ id: 'a' }),
        makeEvent({ id: 'b' }),
      ]);
      const retried = await store.insertEvents([
        makeEvent({ id: 'a' }),
        makeEvent({ id: 'b' }),
        makeEvent({ id: 'c' }),
      ]);

      expect(first).toEqual({ inserted: 2, duplicates: 0 });
      expect(retried).toEqual({ inserted: 1, duplicates: 2 });
      // 3 events x 0.004100000 USD each
      const [rollup] = await store.query({});
      const [raw] = await rawQuery(db, dialect, {});
      expect(rollup?.calls).toBe(3);
      expect(rollup?.costUsd).toBe('0.012300000');
      expect(raw).toEqual(rollup);
      expect(await rollupSum(db, 'usage_rollups_hourly', 'calls')).toBe('3');
      expect(
        await rollupSum(db, 'usage_rollups_hourly_all_users', 'calls'),
      ).toBe('3');
    });

    it('should keep the stored event when a retry carries other fields', async () => {
      const { store, db, dialect } = await harness.open();
      await store.insertEvents([makeEvent({ id: 'a', endpoint: 'POST /a' })]);

      const retried = await store.insertEvents([
        makeEvent({ id: 'a', endpoint: 'POST /b', costUsd: '1.000000000' }),
        makeEvent({ id: 'c', endpoint: 'POST /c' }),
      ]);

      expect(retried).toEqual({ inserted: 1, duplicates: 1 });
      const byEndpoint = await store.query({ groupBy: ['endpoint'] });
      // 'a' keeps its first endpoint and cost; 'c' costs 0.004100000 USD
      expect(byEndpoint.map((r) => [r.endpoint, r.calls, r.costUsd])).toEqual([
        ['POST /a', 1, '0.004100000'],
        ['POST /c', 1, '0.004100000'],
      ]);
      expect(await rawQuery(db, dialect, { groupBy: ['endpoint'] })).toEqual(
        byEndpoint,
      );
    });

    it('should add only the new events of a chunk with a stored id in its middle to every rollup', async () => {
      const { store, db } = await harness.open();
      await store.insertEvents([makeEvent({ id: 'b', userId: 'user-2' })]);

      // one chunk: 'a' precedes the stored 'b' in the multi-row insert, so
      // MySQL's failed statement must take 'a' back before it is inserted again
      const result = await store.insertEvents([
        makeEvent({ id: 'a', userId: 'user-1' }),
        makeEvent({ id: 'b', userId: 'user-2', costUsd: '9.000000000' }),
        makeEvent({ id: 'c', userId: 'user-3' }),
      ]);

      expect(result).toEqual({ inserted: 2, duplicates: 1 });
      const ids = await db.selectFrom('usage_events').select('id').execute();
      expect(ids.map((row) => row.id).sort()).toEqual(['a', 'b', 'c']);
      // 3 events stored, each counted once: 3 x 0.004100000 USD, 3 x 1000 input tokens
      for (const table of ROLLUP_TABLES) {
        expect(await rollupSum(db, table, 'calls'), table).toBe('3');
        expect(await rollupSum(db, table, 'cost_nano'), table).toBe('12300000');
        expect(await rollupSum(db, table, 'input_tokens'), table).toBe('3000');
      }
      const byUser = await store.query({ groupBy: ['user'] });
      expect(byUser.map((r) => [r.user, r.calls, r.costUsd])).toEqual([
        ['user-1', 1, '0.004100000'],
        ['user-2', 1, '0.004100000'],
        ['user-3', 1, '0.004100000'],
      ]);
    });

    it('should change nothing when every id of the batch is stored', async () => {
      const { store, db } = await harness.open();
      const batch = [makeEvent({ id: 'a' }), makeEvent({ id: 'b' })];
      await store.insertEvents(batch);

      const result = await store.insertEvents(batch);

      expect(result).toEqual({ inserted: 0, duplicates: 2 });
      // 2 x 0.004100000 USD from the first insert only
      for (const table of ROLLUP_TABLES) {
        expect(await rollupSum(db, table, 'calls'), table).toBe('2');
        expect(await rollupSum(db, table, 'cost_nano'), table).toBe('8200000');
      }
    });

    it('should count an id repeated inside one batch once', async () => {
      const { store } = await harness.open();

      const result = await store.insertEvents([
        makeEvent({ id: 'a' }),
        makeEvent({ id: 'a' }),
      ]);

      expect(result).toEqual({ inserted: 1, duplicates: 1 });
      expect((await store.query({}))[0]?.calls).toBe(1);
    });

    it('should count concurrent inserts of the same batch once', async () => {
      const { store, db } = await harness.open();
      const batch = Array.from({ length: 50 }, (_, i) =>
        makeEvent({ id: `e${i}` }),
      );

      const results = await Promise.all([
        store.insertEvents(batch),
        store.insertEvents(batch),
        store.insertEvents(batch),
      ]);

      expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(50);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(100);
      expect(await rollupSum(db, 'usage_rollups_hourly', 'calls')).toBe('50');
    });
  });

  describe('when two writers insert overlapping batches at once', () => {
    it('should store and count every id once', async () => {
      const { store, db } = await harness.open();
      const events = Array.from({ length: 75 }, (_, i) =>
        makeEvent({ id: `e${i}`, userId: `user-${i % 4}` }),
      );

      // e25..e49 are in both batches
      const results = await Promise.all([
        store.insertEvents(events.slice(0, 50)),
        store.insertEvents(events.slice(25, 75)),
      ]);

      expect(results.reduce((sum, r) => sum + r.inserted, 0)).toBe(75);
      expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(25);
      // 75 x 0.004100000 USD = 0.307500000 USD
      for (const table of ROLLUP_TABLES) {
        expect(await rollupSum(db, table, 'calls'), table).toBe('75');
        expect(await rollupSum(db, table, 'cost_nano'), table).toBe(
          '307500000',
        );
      }
    });
  });

  describe('when a batch spans several chunks', () => {
    it('should insert every new event and skip the stored ones', async () => {
      const { store, db, dialect } = await harness.open();
      const events = Array.from({ length: 1201 }, (_, i) =>
        makeEvent({
          id: `e${i}`,
          timestamp: new Date(START + (i % 30) * HOUR),
        }),
      );
      await store.insertEvents(events.slice(1000));

      const result = await store.insertEvents(events);

      // 1201 in 3 chunks of 500/500/201; e1000..e1200 (201) already stored
      expect(result).toEqual({ inserted: 1000, duplicates: 201 });
      const byDay = await store.query({ groupBy: ['day'] });
      // hour = i % 30; 1201 = 40 x 30 + 1, so hour 0 has 41 events, the rest 40.
      // Nov 2 is hours 0..23: 41 + 23 x 40 = 961; Nov 3 is hours 24..29: 6 x 40
      expect(byDay.map((r) => [r.day, r.calls])).toEqual([
        ['2026-11-02', 961],
        ['2026-11-03', 240],
      ]);
      expect(await rawQuery(db, dialect, { groupBy: ['day'] })).toEqual(byDay);
    });
  });

  describe('when sums pass 2^53 nano-USD', () => {
    it('should add costs exactly', async () => {
      const { store, db, dialect } = await harness.open();
      const cost = '4000000.000000001';
      const zero = '0.000000000';
      const events = ['x', 'y', 'z'].map((id) =>
        makeEvent({
          id,
          costUsd: cost,
          cost: {
            input: cost,
            output: zero,
            cacheWrite: zero,
            cacheRead: zero,
            units: zero,
          },
        }),
      );

      await store.insertEvents(events);

      // 3 x 4,000,000.000000001 = 12,000,000.000000003 USD = 1.2e16 nano > 2^53
      const [rollup] = await store.query({});
      const [raw] = await rawQuery(db, dialect, {});
      expect(rollup?.costUsd).toBe('12000000.000000003');
      expect(rollup?.cost.input).toBe('12000000.000000003');
      expect(raw?.costUsd).toBe('12000000.000000003');
    });
  });

  describe('when events are read back', () => {
    it('should return every field as it was recorded', async () => {
      const { store } = await harness.open();
      const full = makeEvent({
        id: 'full',
        release: null,
        tags: { team: 'claims', région: 'é-🚀' },
        usage: {
          inputTokens: 10,
          outputTokens: 5,
          cacheWriteTokens: 1,
          cacheWrite1hTokens: 2,
          cacheReadTokens: 3,
          reasoningTokens: 4,
          audioInputTokens: 6,
          audioOutputTokens: 1,
          pages: 7,
          images: 0,
          requests: 2,
        },
        providerCostUsd: '0.004099999',
        latencyMs: 12.5,
        prefixHash: 'abcd',
        prefixTokens: 1024,
        maxTokensHit: null,
        batch: true,
        streamed: true,
        incomplete: true,
        status: 'aborted',
        attempt: 2,
      });
      const unpriced = makeUnpricedEvent({
        id: 'unpriced',
        timestamp: new Date('2026-11-02T09:00:00.000Z'),
        latencyMs: null,
        requestId: null,
        shape: null,
      });

      await store.insertEvents([full, unpriced]);

      const page = await store.events({ limit: 10 });
      expect(page.events).toEqual([full, unpriced]);
    });

    it('should store an unpriced event as unpriced, not as $0', async () => {
      const { store } = await harness.open();

      await store.insertEvents([
        makeUnpricedEvent({ id: 'u' }),
        makeEvent({ id: 'p' }),
      ]);

      const [totals] = await store.query({ filter: { priced: false } });
      expect(totals?.calls).toBe(1);
      expect(totals?.unpricedCalls).toBe(1);
      expect(totals?.costUsd).toBe('0.000000000');
      const [all] = await store.query({});
      expect(all?.unpricedCalls).toBe(1);
      expect(all?.costUsd).toBe('0.004100000');
    });
  });

  describe('when an event is malformed', () => {
    it('should reject the batch and store none of it', async () => {
      const { store } = await harness.open();
      const broken = makeEvent({ id: 'broken', costUsd: 'twelve' });

      const failure = store.insertEvents([makeEvent({ id: 'ok' }), broken]);

      await expect(failure).rejects.toThrow(TokenledgerError);
      await expect(failure).rejects.toMatchObject({ code: 'INVALID_EVENT' });
      await expect(failure).rejects.toThrow(
        'Event "broken" has costUsd = "twelve": must be a USD amount with 9 decimals under 1e9, such as "0.004185000". Build events with the tracker or validate them with UsageEventSchema before inserting.',
      );
      expect((await store.query({}))[0]?.calls).toBe(0);
    });

    it('should name a missing id or key field and store none of the batch', async () => {
      const { store } = await harness.open();
      const noId = { ...makeEvent(), id: undefined } as never;
      const numericId = makeEvent({ id: 42 as never });
      const noUser = makeEvent({ id: 'u', userId: null as never });
      const longStatus = makeEvent({
        id: 's',
        status: 'x'.repeat(17) as never,
      });

      await expect(
        store.insertEvents([makeEvent({ id: 'ok' }), noId]),
      ).rejects.toThrow(
        'An event has id = undefined: must be a string, got undefined. Build events with the tracker or validate them with UsageEventSchema before inserting.',
      );
      await expect(store.insertEvents([numericId])).rejects.toThrow(
        'An event has id = 42: must be a string, got number.',
      );
      await expect(store.insertEvents([noUser])).rejects.toThrow(
        'Event "u" has userId = null: must be a string, got object.',
      );
      await expect(store.insertEvents([longStatus])).rejects.toMatchObject({
        code: 'INVALID_EVENT',
        message: expect.stringContaining('has status = "xxxxxxxxxxxxxxxxx"'),
      });
      await expect(store.insertEvents([null as never])).rejects.toThrow(
        'insertEvents needs events, got null in the batch.',
      );
      expect((await store.query({}))[0]?.calls).toBe(0);
    });

    it('should refuse something that is not a list of events', async () => {
      const { store } = await harness.open();

      await expect(store.insertEvents({} as never)).rejects.toThrow(
        'insertEvents needs an array of events, got object.',
      );
      await expect(store.insertEvents(null as never)).rejects.toThrow(
        'insertEvents needs an array of events, got null.',
      );
      expect(await store.insertEvents([])).toEqual({
        inserted: 0,
        duplicates: 0,
      });
    });

    it('should name a token count that is not a non-negative integer', async () => {
      const { store } = await harness.open();
      const usage = makeEvent().usage;
      const negative = makeEvent({
        id: 'neg',
        usage: { ...usage, inputTokens: -5 },
      });
      const fractional = makeEvent({
        id: 'frac',
        usage: { ...usage, pages: 1.5 },
      });

      await expect(store.insertEvents([negative])).rejects.toThrow(
        'Event "neg" has usage.inputTokens = -5: must be an integer from 0 to 100000000, got -5.',
      );
      await expect(store.insertEvents([fractional])).rejects.toMatchObject({
        code: 'INVALID_EVENT',
        message: expect.stringContaining('usage.pages = 1.5'),
      });
      expect((await store.query({}))[0]?.calls).toBe(0);
    });

    it('should name an unknown status, tags that are not a map of strings, and a total that is not the sum of its parts', async () => {
      const { store } = await harness.open();
      const zero = '0.000000000';
      // parts add up to 0.003 + 0.001 = 0.004000000, the total says 0.005
      const badSum = makeEvent({
        id: 'sum',
        costUsd: '0.005000000',
        cost: {
          input: '0.003000000',
          output: '0.001000000',
          cacheWrite: zero,
          cacheRead: zero,
          units: zero,
        },
      });
      const tooMany = Object.fromEntries(
        Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']),
      );

      await expect(
        store.insertEvents([
          makeEvent({ id: 'ok' }),
          makeEvent({ id: 'st', status: 'failed' as never }),
        ]),
      ).rejects.toThrow(
        'Event "st" has status = "failed": must be one of ok, error, aborted, timeout.',
      );
      await expect(
        store.insertEvents([makeEvent({ id: 't1', tags: 'x' as never })]),
      ).rejects.toThrow(
        'Event "t1" has tags = "x": must be a plain object of strings.',
      );
      await expect(
        store.insertEvents([
          makeEvent({ id: 't2', tags: { team: 7 } as never }),
        ]),
      ).rejects.toThrow(
        'Event "t2" has tags.team = 7: must be a string, got number.',
      );
      await expect(
        store.insertEvents([makeEvent({ id: 't3', tags: tooMany })]),
      ).rejects.toThrow('Event "t3" has tags = {"k0":"v",');
      await expect(store.insertEvents([badSum])).rejects.toMatchObject({
        code: 'INVALID_EVENT',
        message:
          'Event "sum" has costUsd = "0.005000000": must equal the sum of cost.input, output, cacheWrite, cacheRead and units (the pricing engine rounds each part to 9 decimals, then adds them); they add up to "0.004000000". Build events with the tracker or validate them with UsageEventSchema before inserting.',
      });
      expect((await store.query({}))[0]?.calls).toBe(0);
    });

    // Each of these was stored on SQLite; on MySQL a value too wide for its
    // column failed the whole batch with an error naming no event.
    it('should refuse every field the schema refuses, on either dialect', async () => {
      const { store } = await harness.open();
      const cases: [Partial<UsageEvent>, string][] = [
        [{ release: 'r'.repeat(150) }, 'release = "rrr'],
        [{ shape: 's'.repeat(100) }, 'shape = "sss'],
        [{ latencyMs: Number.NaN }, 'latencyMs = NaN: must be a finite number'],
        [{ latencyMs: -5 }, 'latencyMs = -5: must not be negative'],
        [{ attempt: 0 }, 'attempt = 0: must be a positive integer'],
        [{ batch: 'yes' as never }, 'batch = "yes": must be a boolean'],
        [{ providerCostUsd: 'abc' }, 'providerCostUsd = "abc": must be a USD'],
        [{ costUsd: '0.0041' }, 'costUsd = "0.0041": must be a USD'],
        [
          { costUsd: '5000000000.000000000' },
          'costUsd = "5000000000.000000000": must be a USD amount with 9 decimals under 1e9',
        ],
        [{ priced: false }, 'priced = false: must be true exactly when'],
        [{ timestamp: null as never }, 'timestamp = null: must be a valid'],
        [{ tags: new Map() as never }, 'tags = a Map: must be a plain object'],
        [
          { unpricedReason: 'r'.repeat(2001) },
          `unpricedReason = "${'r'.repeat(79)}… (2003 characters): is 2001 characters; at most 2000`,
        ],
      ];

      for (const [fields, problem] of cases) {
        const event = makeEvent({ id: 'bad', ...fields });

        await expect(
          store.insertEvents([makeEvent({ id: 'ok' }), event]),
          JSON.stringify(fields),
        ).rejects.toMatchObject({
          code: 'INVALID_EVENT',
          message: expect.stringContaining(`Event "bad" has ${problem}`),
        });
      }
      expect((await store.query({}))[0]?.calls).toBe(0);
    });

    // zod and MySQL's utf8mb4 count characters; an emoji is two UTF-16
    // units, and counting those refused what the schema let through
    it('should take a release of 60 emoji, 120 UTF-16 units, as 60 characters', async () => {
      const { store } = await harness.open();
      const release = '😀'.repeat(60);

      await store.insertEvents([makeEvent({ id: 'emoji', release })]);

      const [stored] = (await store.events({ limit: 1 })).events;
      expect(stored?.release).toBe(release);
    });

    it('should name a priced event without a cost', async () => {
      const { store } = await harness.open();

      const failure = store.insertEvents([makeEvent({ id: 'p', cost: null })]);

      await expect(failure).rejects.toThrow(
        'Event "p" has priced = true: must be true exactly when costUsd and cost are set: a priced event carries both, an unpriced one neither (never $0).',
      );
    });
  });
});
