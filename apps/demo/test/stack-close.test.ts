import type { UsageStore } from '@tokenledger/core';
import { openStore } from '@tokenledger/kysely';
import { describe, expect, it } from 'vitest';
import { ReleaseState } from '../src/app/release.js';
import { systemClock } from '../src/clock.js';
import { startDemoStack } from '../src/stack.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `store` whose aggregate queries take `delayMs` longer. */
function slowQueries(store: UsageStore, delayMs: number): UsageStore {
  return new Proxy(store, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (key === 'query') {
        return async (...args: Parameters<UsageStore['query']>) => {
          await sleep(delayMs);
          return target.query(...args);
        };
      }

      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('the demo stack when it stops', () => {
  it('should answer a request under way before closing, then refuse new ones', async () => {
    const store = await openStore('sqlite::memory:');
    await store.migrate();
    const stack = await startDemoStack({
      store: slowQueries(store, 400),
      clock: systemClock,
      release: new ReleaseState('2.4.0'),
    });
    const url = `${stack.expressUrl}/llm-costs/api/summary?range=7d`;

    const underWay = fetch(url);
    await sleep(100);
    const closing = stack.close();
    const response = await underWay;
    await closing;

    expect(response.status).toBe(200);
    const body = (await response.json()) as { current: { calls: number } };
    expect(body.current.calls).toBe(0);
    await expect(fetch(url)).rejects.toThrow('fetch failed');
    await store.close();
  });
});
