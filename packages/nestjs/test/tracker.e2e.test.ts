import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  createCatalog,
  createTracker,
  type UsageEvent,
  type UsageSink,
} from '@tokenledger/core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { TokenledgerModule } from '../src/index.js';
import { FeatureModule } from './app.js';

// A made-up price so that every cost below can be checked by hand:
// 2 USD per million input tokens, 8 USD per million output tokens. The
// test app's calls use 10 input and 5 output tokens: 10 x 2 / 1e6 = 0.00002
// plus 5 x 8 / 1e6 = 0.00004, so 0.000060000 USD each.
const catalog = createCatalog([
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
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

describe.each(['express', 'fastify'] as const)(
  'TokenledgerModule with the real tracker on platform-%s',
  (platform) => {
    it('should store every event with its user and endpoint when the app shuts down', async () => {
      const events: UsageEvent[] = [];
      // A flush interval far beyond the test: only the shutdown flush writes.
      const tracker = createTracker({
        store: memorySink(events),
        catalog,
        spoolPath: false,
        flushIntervalMs: 600_000,
      });
      const moduleRef = await Test.createTestingModule({
        imports: [TokenledgerModule.forRoot({ tracker }), FeatureModule],
      }).compile();
      const app: INestApplication =
        platform === 'express'
          ? moduleRef.createNestApplication({ logger: false })
          : moduleRef.createNestApplication(new FastifyAdapter(), {
              logger: false,
            });
      await app.init();
      if (platform === 'fastify') {
        await app.getHttpAdapter().getInstance().ready();
      }

      await Promise.all(
        ['ana', 'ben', 'cleo'].map((user, i) =>
          request(app.getHttpServer())
            .post(`/claims/${i}/validate`)
            .set('x-user', user)
            .send({ delayMs: 3 - i }),
        ),
      );
      await request(app.getHttpServer()).get('/papers/1/summary');
      expect(events).toEqual([]);

      await app.close();

      expect(
        events.map((e) => [e.userId, e.endpoint, e.costUsd]).sort(),
      ).toEqual([
        ['ana', 'claims.validate', '0.000060000'],
        ['anonymous', 'PapersController.summary', '0.000060000'],
        ['ben', 'claims.validate', '0.000060000'],
        ['cleo', 'claims.validate', '0.000060000'],
      ]);
    });
  },
);
