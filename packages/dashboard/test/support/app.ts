import express from 'express';
import { dashboard } from '../../src/index.js';
import type { DashboardOptions } from '../../src/options.js';
import { MemoryStore } from './memory-store.js';
import { makeEvent } from './seed.js';

/** The clock of the API tests. */
export const NOW = new Date('2026-12-03T12:00:00.000Z');

/**
 * Four calls around {@link NOW}; costs in nano-USD (see test/support/seed.ts
 * for the prices):
 * - a: alice, Sonnet, 10:00, 1000 in x 3000 + 200 out x 15000 + 3000 cache
 *   read x 300 = 3,000,000 + 3,000,000 + 900,000 = 6,900,000 ($0.0069)
 * - b: bob, gpt-4o-mini, 11:30, 2000 x 150 + 500 x 600 = 600,000 ($0.0006)
 * - c: carol, mystery-model, 09:00, 100 in, 10 out: unpriced
 * - d: alice, Sonnet, the day before at 08:00, 1000 x 3000 + 100 x 15000
 *   = 4,500,000 ($0.0045), in the previous 24 hours
 */
export function smallStore(): MemoryStore {
  const store = new MemoryStore();
  store.rows.set(
    'a',
    makeEvent({
      id: 'a',
      at: '2026-12-03T10:00:00Z',
      userId: 'alice',
      input: 1000,
      output: 200,
      cacheRead: 3000,
    }),
  );
  store.rows.set(
    'b',
    makeEvent({
      id: 'b',
      at: '2026-12-03T11:30:00Z',
      userId: 'bob',
      model: 'gpt-4o-mini',
      endpoint: 'POST /claims/:id/validate',
      input: 2000,
      output: 500,
    }),
  );
  store.rows.set(
    'c',
    makeEvent({
      id: 'c',
      at: '2026-12-03T09:00:00Z',
      userId: 'carol',
      model: 'mystery-model',
      input: 100,
      output: 10,
    }),
  );
  store.rows.set(
    'd',
    makeEvent({
      id: 'd',
      at: '2026-12-02T08:00:00Z',
      userId: 'alice',
      input: 1000,
      output: 100,
    }),
  );

  return store;
}

/** An app with the dashboard mounted at `/llm-costs`. */
export function mountDashboard(
  options: Partial<DashboardOptions> = {},
): express.Express {
  const app = express();
  app.use(
    '/llm-costs',
    dashboard({
      store: smallStore(),
      allowUnauthenticated: true,
      now: () => NOW,
      ...options,
    }),
  );

  return app;
}
