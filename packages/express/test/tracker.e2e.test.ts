import type { Server } from 'node:http';
import {
  createCatalog,
  createTracker,
  type Tracker,
  type UsageEvent,
  type UsageSink,
} from '@tokenledger/core';
import express5 from 'express';
import express4 from 'express4';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenledger } from '../src/index.js';

// A made-up price so that every cost below can be checked by hand:
// 2 USD per million input tokens, 8 USD per million output tokens.
const catalog = createCatalog([
  {
    provider: 'openai',
    model: 'test-chat',
    effectiveFrom: '2026-01-01',
    prices: { input: '2', output: '8' },
    source: { url: 'https://example.com/test-price', checked: '2026-01-01' },
  },
]);

function memorySink(events: UsageEvent[]): UsageSink {
  return {
    async insertEvents(batch) {
      events.push(...batch);
      return { inserted: batch.length, duplicates: 0 };
    },
  };
}

function buildApp(express: typeof express5, tracker: Tracker) {
  const app = express();
  app.use(
    tokenledger({
      tracker,
      costHeader: true,
      user: (req) => req.get('x-user'),
    }),
  );

  const claims = express.Router();
  claims.post('/:id/validate', (req, res) => {
    const calls = Number(req.query['calls'] ?? 1);
    for (let i = 0; i < calls; i++) {
      tracker.record({
        provider: 'openai',
        model: String(req.query['model'] ?? 'test-chat'),
        shape: 'openai.chat',
        usage: {
          prompt_tokens: 1000,
          completion_tokens: 500,
          total_tokens: 1500,
        },
      });
    }
    res.json({ ok: true });
  });
  app.use('/claims', claims);

  return app;
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('tokenledger() with the real tracker on %s', (_name, express) => {
  let events: UsageEvent[];
  let tracker: Tracker;
  let server: Server;

  beforeEach(() => {
    events = [];
    tracker = createTracker({
      store: memorySink(events),
      catalog,
      spoolPath: false,
      flushIntervalMs: 60_000,
    });
    server = buildApp(express, tracker).listen(0);
  });

  afterEach(async () => {
    server.close();
    await tracker.shutdown();
  });

  it('should store each event with its own user and route pattern', async () => {
    const users = ['ana', 'ben', 'cleo', 'dev', 'eve', 'fay'];

    await Promise.all(
      users.map((user, i) =>
        request(server)
          .post(`/claims/${i}/validate`)
          .set('x-user', user)
          .expect(200),
      ),
    );
    await tracker.flush();

    expect(events.map((e) => [e.userId, e.endpoint, e.costUsd]).sort()).toEqual(
      users.map((user) => [user, 'POST /claims/:id/validate', '0.006000000']),
    );
  });

  it('should store anonymous for a request without a user', async () => {
    await request(server).post('/claims/1/validate').expect(200);
    await tracker.flush();

    expect(events.map((e) => e.userId)).toEqual(['anonymous']);
  });

  it('should send the exact cost of the calls in the header', async () => {
    // Per call: 1000 input x 2 USD/M = 0.002, 500 output x 8 USD/M = 0.004,
    // so 0.006 USD; three calls make 0.018000000.
    const response = await request(server)
      .post('/claims/1/validate?calls=3')
      .expect(200);

    expect(response.headers['x-tokenledger-cost']).toBe('0.018000000; calls=3');
  });

  it('should count an unknown model as unpriced, not as free', async () => {
    const response = await request(server)
      .post('/claims/1/validate?model=mystery-model')
      .expect(200);
    await tracker.flush();

    expect(response.headers['x-tokenledger-cost']).toBe(
      '0.000000000; calls=1; unpriced=1',
    );
    expect(events[0]).toMatchObject({ priced: false, costUsd: null });
  });
});
