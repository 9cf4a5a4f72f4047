import { describe, expect, it } from 'vitest';
import { makeEvent, makeUnpricedEvent, REPRICED } from './support/events.js';
import { describeEachDialect } from './support/harness.js';
import { rawQuery } from './support/totals.js';

describeEachDialect('updateCosts', (harness) => {
  describe('when an unpriced event gets a price', () => {
    it('should store the cost and move it to the priced rollup rows', async () => {
      const { store, db, dialect } = await harness.open();
      await store.insertEvents([
        makeUnpricedEvent({ id: 'u1' }),
        makeEvent({ id: 'p1' }),
      ]);

      const updated = await store.updateCosts([{ id: 'u1', ...REPRICED }]);

      expect(updated).toBe(1);
      const { events } = await store.events({ limit: 10 });
      const u1 = events.find((event) => event.id === 'u1');
      expect(u1).toMatchObject({ ...REPRICED, model: 'acme-llm-9' });
      // 0.004100000 (p1, unchanged) + 0.004060000 (u1) = 0.008160000
      const [totals] = await store.query({});
      expect(totals).toMatchObject({
        calls: 2,
        unpricedCalls: 0,
        costUsd: '0.008160000',
      });
      expect(await store.query({ groupBy: ['user', 'model'] })).toEqual(
        await rawQuery(db, dialect, { groupBy: ['user', 'model'] }),
      );
    });
  });

  describe('when a priced event becomes unpriced', () => {
    it('should clear its cost and count it unpriced', async () => {
      const { store, db, dialect } = await harness.open();
      await store.insertEvents([
        makeEvent({ id: 'p1' }),
        makeEvent({ id: 'p2' }),
      ]);

      await store.updateCosts([
        {
          id: 'p2',
          priced: false,
          unpricedReason: 'no price',
          costUsd: null,
          cost: null,
          priceId: null,
          canonicalModel: null,
        },
      ]);

      const [totals] = await store.query({
        filter: { endpoint: 'POST /claims/:id/validate' },
      });
      expect(totals).toMatchObject({
        calls: 2,
        unpricedCalls: 1,
        costUsd: '0.004100000',
      });
      expect(await store.query({ groupBy: ['hour'] })).toEqual(
        await rawQuery(db, dialect, { groupBy: ['hour'] }),
      );
    });
  });

  describe('when ids are unknown or the list is empty', () => {
    it('should update nothing', async () => {
      const { store } = await harness.open();
      await store.insertEvents([makeEvent({ id: 'p1' })]);

      expect(await store.updateCosts([])).toBe(0);
      expect(await store.updateCosts([{ id: 'nope', ...REPRICED }])).toBe(0);
      const [totals] = await store.query({});
      expect(totals?.costUsd).toBe('0.004100000');
    });
  });
});
