import type { AggregateQuery } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../test/support/memory-store.js';
import { coalescing } from './coalesce.js';

describe('coalescing', () => {
  it('should run identical concurrent queries once and later ones again', async () => {
    const store = new MemoryStore();
    const seen: AggregateQuery[] = [];
    const query = store.query.bind(store);
    store.query = (q) => {
      seen.push(q);
      return query(q);
    };
    const shared = coalescing(store);
    const filter = { from: new Date('2026-12-01'), to: new Date('2026-12-02') };

    const [a, b, c] = await Promise.all([
      shared.query({ filter }),
      shared.query({ filter }),
      shared.query({ filter, groupBy: ['user'] }),
    ]);
    await shared.query({ filter });

    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(seen).toHaveLength(3);
  });

  it('should keep the other store methods', async () => {
    const shared = coalescing(new MemoryStore());

    expect(await shared.events({ limit: 1 })).toEqual({
      events: [],
      nextCursor: null,
    });
  });
});
