import type { INestApplication } from '@nestjs/common';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TokenledgerModule, type TrackerLike } from '../src/index.js';
import { background, FeatureModule, releaseBackground } from './app.js';
import { TestLedger } from './ledger.js';

async function createApp(
  platform: 'express' | 'fastify',
  tracker: TrackerLike,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [TokenledgerModule.forRoot({ tracker }), FeatureModule],
  }).compile();

  if (platform === 'express') {
    return moduleRef.createNestApplication({ logger: false }).init();
  }

  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    new FastifyAdapter(),
    { logger: false },
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();

  return app;
}

describe.each(['express', 'fastify'] as const)(
  'TokenledgerModule on platform-%s',
  (platform) => {
    let ledger: TestLedger;
    let app: INestApplication;

    beforeEach(async () => {
      ledger = new TestLedger();
      app = await createApp(platform, ledger.tracker);
    });

    afterEach(async () => {
      releaseBackground();
      await Promise.all(background);
      background.clear();
      await app.close();
      await ledger.tracker.shutdown();
    });

    describe('when many requests run at once', () => {
      it('should give each call its own request user and endpoint', async () => {
        // 30 requests, finishing in reverse order of their start (delay 29..0
        // ms), so the scopes interleave; each records one call.
        const ids = Array.from({ length: 30 }, (_, i) => i);

        await Promise.all(
          ids.map((i) =>
            request(app.getHttpServer())
              .post(`/claims/${500 + i}/validate`)
              .set('x-request-id', `r${i}`)
              .set('x-user', `user-${i}`)
              .send({ delayMs: 29 - i })
              .expect(201),
          ),
        );

        expect(await ledger.calls()).toHaveLength(30);
        for (const i of ids) {
          expect(await ledger.byRequest(`r${i}`)).toEqual([
            {
              requestId: `r${i}`,
              userId: `user-${i}`,
              endpoint: 'claims.validate',
              tags: {},
            },
          ]);
        }
      });
    });

    describe('when the request has a JSON body that arrives in many chunks', () => {
      // On Fastify the body is read after Nest middleware ran, in the
      // socket's data events: the scope must still reach the handler.
      it('should attribute a call made after an await in the handler', async () => {
        const notes = Array.from({ length: 1000 }, (_, i) =>
          `note ${i} `.repeat(8),
        );

        const response = await request(app.getHttpServer())
          .post('/claims/9/review')
          .set('x-request-id', 'body')
          .set('x-user', 'u-body')
          .send({ notes })
          .expect(201);

        expect(response.body).toEqual({ notes: 1000 });
        expect(await ledger.calls()).toEqual([
          {
            requestId: 'body',
            userId: 'u-body',
            endpoint: 'claims',
            tags: {},
          },
        ]);
      });
    });

    describe('when a guard calls setUsageContext', () => {
      it('should store the user it set', async () => {
        await request(app.getHttpServer())
          .get('/claims/5')
          .set('x-request-id', 'guarded')
          .set('x-guard-user', 'from-guard')
          .expect(200);

        expect((await ledger.calls()).map((c) => c.userId)).toEqual([
          'from-guard',
        ]);
      });
    });

    describe('when endpoints are named at several levels', () => {
      it('should prefer the handler name, then the class name, then Controller.handler', async () => {
        const server = app.getHttpServer();
        await request(server)
          .post('/claims/1/validate')
          .set('x-request-id', 'handler')
          .send({});
        await request(server).get('/claims/1').set('x-request-id', 'class');
        await request(server)
          .get('/papers/1/summary')
          .set('x-request-id', 'default');

        const calls = await ledger.calls();
        expect(calls.map((c) => [c.requestId, c.endpoint])).toEqual([
          ['handler', 'claims.validate'],
          ['class', 'claims'],
          ['default', 'PapersController.summary'],
        ]);
      });
    });

    describe('when a handler returns an Observable', () => {
      it('should attribute the calls made when it emits', async () => {
        await request(app.getHttpServer())
          .get('/papers/7/summary')
          .set('x-request-id', 'obs')
          .set('x-user', 'u-obs')
          .expect(200, 'summary');

        expect(await ledger.calls()).toEqual([
          {
            requestId: 'obs',
            userId: 'u-obs',
            endpoint: 'PapersController.summary',
            tags: {},
          },
        ]);
      });
    });

    describe('when the response is a server-sent event stream', () => {
      it('should attribute the call of every event to the request', async () => {
        const response = await request(app.getHttpServer())
          .get('/papers/stream')
          .set('x-request-id', 'sse')
          .set('x-user', 'u-sse')
          .expect(200);

        expect(response.text).toContain('data: {"n":2}');
        const calls = await ledger.calls();
        expect(calls.map((c) => [c.userId, c.endpoint])).toEqual([
          ['u-sse', 'PapersController.stream'],
          ['u-sse', 'PapersController.stream'],
          ['u-sse', 'PapersController.stream'],
        ]);
      });
    });

    describe('when a handler throws', () => {
      it('should attribute the calls before the throw and in work it started', async () => {
        await request(app.getHttpServer())
          .get('/papers/fail')
          .set('x-request-id', 'f')
          .set('x-user', 'u-fail')
          .expect(500);
        await ledger.waitFor(2);

        const calls = await ledger.calls();
        expect(calls.map((c) => [c.userId, c.endpoint])).toEqual([
          ['u-fail', 'PapersController.fail'],
          ['u-fail', 'PapersController.fail'],
        ]);
      });
    });

    describe('when work continues after the response', () => {
      it('should attribute the background call to the request', async () => {
        await request(app.getHttpServer())
          .get('/papers/report')
          .set('x-request-id', 'bg')
          .set('x-user', 'u-bg')
          .expect(200, { queued: true });
        expect(ledger.tracker.stats().recorded).toBe(0);

        releaseBackground();
        await ledger.waitFor(1);

        expect((await ledger.calls())[0]).toMatchObject({
          userId: 'u-bg',
          endpoint: 'PapersController.report',
        });
      });
    });

    describe('when the app shuts down', () => {
      it('should flush the tracker', async () => {
        await request(app.getHttpServer())
          .get('/claims/4')
          .set('x-request-id', 'last');
        expect(ledger.events).toEqual([]);

        await app.close();

        expect(ledger.events.map((e) => e.requestId)).toEqual(['last']);
      });
    });
  },
);
