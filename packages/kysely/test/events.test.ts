import { describe, expect, it } from 'vitest';
import { makeEvent } from './support/events.js';
import { describeEachDialect } from './support/harness.js';
import { rawQuery } from './support/totals.js';

const at = (iso: string) => new Date(`2026-11-02T${iso}Z`);

describeEachDialect('events', (harness) => {
  describe('when paging', () => {
    it('should return every event once, newest first, ties by id', async () => {
      const { store } = await harness.open();
      const times = [
        '10:00:00',
        '10:05:00',
        '10:05:00',
        '10:05:00',
        '11:00:00',
        '09:00:00',
        '10:30:00',
      ];
      await store.insertEvents(
        times.map((time, i) => makeEvent({ id: `e${i}`, timestamp: at(time) })),
      );

      const pages: string[][] = [];
      let cursor: string | undefined;
      do {
        const page = await store.events({
          limit: 3,
          ...(cursor ? { cursor } : {}),
        });
        pages.push(page.events.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);

      // 11:00 e4, 10:30 e6, 10:05 e3 e2 e1 (id desc), 10:00 e0, 09:00 e5
      expect(pages).toEqual([['e4', 'e6', 'e3'], ['e2', 'e1', 'e0'], ['e5']]);
    });

    it('should end with a null cursor when the last page is full', async () => {
      const { store } = await harness.open();
      await store.insertEvents([
        makeEvent({ id: 'a' }),
        makeEvent({ id: 'b' }),
      ]);

      const page = await store.events({ limit: 2 });

      expect(page.events.map((e) => e.id)).toEqual(['b', 'a']);
      expect(page.nextCursor).toBeNull();
    });

    it('should page within a filter', async () => {
      const { store } = await harness.open();
      await store.insertEvents(
        ['alice', 'bob', 'alice', 'alice'].map((userId, i) =>
          makeEvent({ id: `e${i}`, userId, timestamp: at(`1${i}:00:00`) }),
        ),
      );

      const first = await store.events({
        filter: { userId: 'alice', from: at('10:30:00') },
        limit: 1,
      });
      const second = await store.events({
        filter: { userId: 'alice', from: at('10:30:00') },
        limit: 1,
        cursor: first.nextCursor ?? '',
      });

      expect(first.events.map((e) => e.id)).toEqual(['e3']);
      expect(second.events.map((e) => e.id)).toEqual(['e2']);
      expect(second.nextCursor).toBeNull();
    });

    it('should keep the range of a filter that ends before the cursor', async () => {
      const { store } = await harness.open();
      const times = ['09:00:00', '10:00:00', '11:00:00', '12:00:00'];
      await store.insertEvents(
        times.map((time, i) => makeEvent({ id: `e${i}`, timestamp: at(time) })),
      );
      const first = await store.events({ limit: 1 });

      // the cursor is at 12:00 (e3); the filter ends at 10:30, before it
      const page = await store.events({
        filter: { to: at('10:30:00') },
        limit: 5,
        cursor: first.nextCursor ?? '',
      });
      const atCursor = await store.events({
        filter: { to: at('12:00:00.001') },
        limit: 5,
        cursor: first.nextCursor ?? '',
      });

      expect(page.events.map((e) => e.id)).toEqual(['e1', 'e0']);
      expect(atCursor.events.map((e) => e.id)).toEqual(['e2', 'e1', 'e0']);
    });
  });

  describe('when the request is malformed', () => {
    it('should reject a foreign cursor and a bad page size', async () => {
      const { store } = await harness.open();

      await expect(
        store.events({ limit: 10, cursor: 'page-2' }),
      ).rejects.toThrow(
        'Invalid store query: cursor "page-2" is not one this store returned; pass the nextCursor of the previous page. See docs/storage.md#queries.',
      );
      await expect(
        store.events({ limit: 10, cursor: 'page-2' }),
      ).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
        details: { option: 'cursor' },
      });
      await expect(store.events({ limit: 0 })).rejects.toThrow(
        'limit must be an integer from 1 to 1000, got 0',
      );
      await expect(store.events({ limit: 1001 })).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
      });
    });
  });
});

describeEachDialect('facets', (harness) => {
  it('should list the distinct values of each dimension, sorted', async () => {
    const { store } = await harness.open();
    await store.insertEvents([
      makeEvent({ id: 'a', userId: 'zoe', endpoint: 'chat', release: null }),
      makeEvent({
        id: 'b',
        userId: 'adam',
        endpoint: 'chat',
        provider: 'openai',
        model: 'gpt-5',
      }),
      makeEvent({
        id: 'c',
        userId: 'mia',
        endpoint: 'search',
        timestamp: at('12:30:00'),
        release: '2.5.0',
      }),
    ]);

    const all = await store.facets();
    const late = await store.facets({ filter: { from: at('12:00:00') } });
    const tagged = await store.facets({ filter: { tags: { team: 'none' } } });

    expect(all).toEqual({
      users: ['adam', 'mia', 'zoe'],
      providers: ['anthropic', 'openai'],
      models: ['claude-sonnet-4-5-20250929', 'gpt-5'],
      endpoints: ['chat', 'search'],
      releases: ['2.4.0', '2.5.0'],
    });
    expect(late).toEqual({
      users: ['mia'],
      providers: ['anthropic'],
      models: ['claude-sonnet-4-5-20250929'],
      endpoints: ['search'],
      releases: ['2.5.0'],
    });
    expect(tagged).toEqual({
      users: [],
      providers: [],
      models: [],
      endpoints: [],
      releases: [],
    });
  });
});

describeEachDialect('prune', (harness) => {
  it('should delete events and rollups before the hour of the cutoff', async () => {
    const { store, db, dialect } = await harness.open();
    const times = ['08:10:00', '09:59:59', '10:00:00', '10:30:00', '11:00:00'];
    await store.insertEvents(
      times.map((time, i) => makeEvent({ id: `e${i}`, timestamp: at(time) })),
    );

    const deleted = await store.prune({ olderThan: at('10:45:00') });

    // cutoff rounds down to 10:00: e0 and e1 go, e2 (10:00) stays
    expect(deleted).toBe(2);
    const page = await store.events({ limit: 10 });
    expect(page.events.map((e) => e.id)).toEqual(['e4', 'e3', 'e2']);
    const [totals] = await store.query({});
    const [raw] = await rawQuery(db, dialect, {});
    expect(totals?.calls).toBe(3);
    expect(totals?.costUsd).toBe('0.012300000');
    expect(raw).toEqual(totals);
    const hours = await db
      .selectFrom('usage_rollups_hourly')
      .select('hour_ms')
      .execute();
    expect(hours.map((h) => Number(h.hour_ms)).sort()).toEqual([
      at('10:00:00').getTime(),
      at('11:00:00').getTime(),
    ]);
  });

  it('should reject a cutoff that is not a date', async () => {
    const { store } = await harness.open();

    await expect(
      store.prune({ olderThan: 'yesterday' as never }),
    ).rejects.toThrow('prune needs olderThan as a valid Date, got "yesterday"');
  });
});
