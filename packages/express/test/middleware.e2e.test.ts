import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import express5 from 'express';
import express4 from 'express4';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenledger } from '../src/index.js';
import { background, buildApp, releaseBackground } from './app.js';
import { recordCall } from './capture-recorder.js';
import { TestLedger } from './ledger.js';

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('tokenledger() on %s', (_name, express) => {
  let ledger: TestLedger;
  let server: Server;

  beforeEach(() => {
    ledger = new TestLedger();
    server = buildApp(express, ledger.tracker).listen(0);
  });

  afterEach(async () => {
    releaseBackground();
    await Promise.all(background);
    background.clear();
    server.close();
    await ledger.tracker.shutdown();
  });

  describe('when many requests run at once', () => {
    it('should give each call its own request user and route pattern', async () => {
      // 40 requests, finishing in reverse order of their start (delay 39..0
      // ms), so scopes interleave; each records one call.
      const ids = Array.from({ length: 40 }, (_, i) => i);

      await Promise.all(
        ids.map((i) =>
          request(server)
            .post(`/claims/${1000 + i}/validate`)
            .set('x-request-id', `r${i}`)
            .set('x-user', `user-${i}`)
            .send({ delayMs: 39 - i })
            .expect(200),
        ),
      );

      expect(await ledger.calls()).toHaveLength(40);
      for (const i of ids) {
        expect(await ledger.byRequest(`r${i}`)).toEqual([
          {
            requestId: `r${i}`,
            userId: `user-${i}`,
            endpoint: 'POST /claims/:id/validate',
            tags: {},
          },
        ]);
      }
    });
  });

  describe('when requests to every kind of route run at once', () => {
    // Six kinds of route, eight requests each, all in flight together: a
    // plain route with params, a nested router, a sub-application, a
    // handler that throws and leaves background work, work after the
    // response, and an SSE stream. Each request has its own user.
    const kinds = [
      {
        path: (i: number) => `/claims/${i}/validate`,
        method: 'post',
        calls: 1,
        endpoint: 'POST /claims/:id/validate',
      },
      {
        path: (i: number) => `/orgs/o${i}/papers/p${i}/reviews/${i}/summarize`,
        method: 'post',
        calls: 1,
        endpoint: 'POST /orgs/:org/papers/:paperId/reviews/:reviewId/summarize',
      },
      {
        path: (i: number) => `/admin/users/u${i}/audit`,
        method: 'get',
        calls: 1,
        endpoint: 'GET /admin/users/:userId/audit',
      },
      {
        path: (i: number) => `/jobs/${i}/fail`,
        method: 'get',
        calls: 3,
        endpoint: 'GET /jobs/:id/fail',
      },
      {
        path: (i: number) => `/reports/${i}`,
        method: 'get',
        calls: 1,
        endpoint: 'GET /reports/:id',
      },
      {
        path: (i: number) => `/stream/${i}`,
        method: 'get',
        calls: 3,
        endpoint: 'GET /stream/:id',
      },
    ] as const;

    it('should give every call its own request user and route pattern', async () => {
      const requests = kinds.flatMap((kind, k) =>
        Array.from({ length: 8 }, (_, n) => ({ kind, i: k * 8 + n })),
      );

      await Promise.all(
        requests.map(({ kind, i }) =>
          request(server)
            [kind.method](kind.path(i))
            .set('x-request-id', `m${i}`)
            .set('x-user', `mixed-${i}`)
            .send({ delayMs: i % 7 }),
        ),
      );
      releaseBackground();
      // 8 x (1 + 1 + 1 + 3 + 1 + 3) = 80 calls
      await ledger.waitFor(80);
      await Promise.all(background);

      const calls = await ledger.calls();
      expect(calls).toHaveLength(80);
      for (const { kind, i } of requests) {
        const mine = calls.filter(
          (c) => c.requestId?.replace(':error-handler', '') === `m${i}`,
        );
        expect(mine.map((c) => [c.userId, c.endpoint])).toEqual(
          Array(kind.calls).fill([`mixed-${i}`, kind.endpoint]),
        );
      }
    });
  });

  describe('when routers are nested and mounted at paths with params', () => {
    it('should name the endpoint by the mount and route patterns', async () => {
      await request(server)
        .get('/orgs/acme/papers')
        .set('x-request-id', 'list')
        .expect(200);
      await request(server)
        .post('/orgs/acme/papers/p-17/reviews/42/summarize')
        .set('x-request-id', 'summarize')
        .expect(200);

      expect((await ledger.byRequest('list'))[0]?.endpoint).toBe(
        'GET /orgs/:org/papers',
      );
      expect((await ledger.byRequest('summarize'))[0]?.endpoint).toBe(
        'POST /orgs/:org/papers/:paperId/reviews/:reviewId/summarize',
      );
    });
  });

  describe('when the route is in a mounted sub-application', () => {
    it('should name the endpoint by the mount path and route pattern', async () => {
      await request(server)
        .get('/admin/users/u-9/audit')
        .set('x-request-id', 'sub')
        .set('x-user', 'root')
        .expect(200);

      expect(await ledger.byRequest('sub')).toEqual([
        {
          requestId: 'sub',
          userId: 'root',
          endpoint: 'GET /admin/users/:userId/audit',
          tags: {},
        },
      ]);
    });
  });

  describe('when the app has no 404 handler of its own', () => {
    // Express answers 404 itself and restores req.baseUrl to undefined on
    // the way out; the middleware must not throw there (it once did).
    it('should let Express answer 404 and keep serving', async () => {
      const bare = express();
      bare.use(tokenledger({ tracker: ledger.tracker }));
      bare.get('/ok', (_req, res) => {
        res.send('ok');
      });
      const app = bare.listen(0);

      try {
        await request(app).get('/nope').expect(404);
        await request(app).post('/ok').expect(404);
        await request(app).get('/ok').expect(200, 'ok');
      } finally {
        app.close();
      }
    });
  });

  describe('when Express set the prototype of req before routing', () => {
    // Express 5 does, so the route watch needs no accessor on each request;
    // Express 4 writes req.baseUrl first, which gets one of its own.
    it('should define no accessor on the request but where Express 4 needs it', async () => {
      const app = express();
      app.use(tokenledger({ tracker: ledger.tracker }));
      app.get('/own/:id', (req, res) => {
        const own = (name: string) =>
          Object.getOwnPropertyDescriptor(req, name)?.get !== undefined;
        res.json({ baseUrl: own('baseUrl'), route: own('route') });
      });
      const listening = app.listen(0);

      try {
        // the second request is the one that finds the watch installed
        await request(listening).get('/own/1');
        const { body } = await request(listening).get('/own/2').expect(200);
        expect(body).toEqual({ baseUrl: express === express4, route: false });
      } finally {
        listening.close();
      }
    });
  });

  describe('when tokenledger() is used only inside a mounted sub-application', () => {
    // The parent app, without tokenledger(), reads what Express left on req
    // after the sub-application's route threw.
    function mountedApp(tracked: boolean) {
      const parent = express();
      const admin = express();
      if (tracked) admin.use(tokenledger({ tracker: ledger.tracker }));
      admin.get('/users/:userId', () => {
        recordCall(ledger.tracker, 'in-route');
        throw new Error('audit failed');
      });
      parent.use('/orgs/:org/admin', admin);
      parent.use(
        (_error: Error, req: Request, res: Response, _next: NextFunction) => {
          recordCall(ledger.tracker, 'parent-error-handler');
          res.status(500).json({
            route: req.route?.path,
            baseUrl: req.baseUrl ?? null,
          });
        },
      );

      return parent.listen(0);
    }

    // The sub-app cannot see the params of the mount it was reached by, so
    // it names endpoints from its own routes, never from the raw URL.
    it('should name the endpoint by the sub-application route, also in the parent', async () => {
      const app = mountedApp(true);
      try {
        await request(app).get('/orgs/acme/admin/users/u-1').expect(500);
      } finally {
        app.close();
      }

      const calls = await ledger.calls();
      expect(calls.map((c) => [c.requestId, c.endpoint])).toEqual([
        ['in-route', 'GET /users/:userId'],
        ['parent-error-handler', 'GET /users/:userId'],
      ]);
    });

    it('should leave req.route and req.baseUrl as Express set them', async () => {
      const seen = [];
      for (const tracked of [false, true]) {
        const app = mountedApp(tracked);
        try {
          const { body } = await request(app).get('/orgs/acme/admin/users/u-1');
          seen.push(body);
        } finally {
          app.close();
        }
      }

      expect(seen[1]).toEqual(seen[0]);
      expect(seen[0]).toMatchObject({ route: '/users/:userId', baseUrl: '' });
    });
  });

  describe('when no route matches', () => {
    it('should name the endpoint METHOD (unmatched)', async () => {
      await request(server)
        .delete('/nowhere/123')
        .set('x-request-id', 'lost')
        .expect(404);

      expect((await ledger.byRequest('lost'))[0]?.endpoint).toBe(
        'DELETE (unmatched)',
      );
    });
  });

  describe('when a handler in a nested router throws', () => {
    // Leaving the router restores req.baseUrl to '' before the app's error
    // handler runs; the calls must still be named by the full pattern.
    it('should keep the route for calls before, in the error handler and after', async () => {
      await request(server)
        .get('/jobs/9/fail')
        .set('x-request-id', 'f')
        .set('x-user', 'u-fail')
        .expect(500);
      await ledger.waitFor(3);

      const calls = await ledger.calls();
      expect(calls.map((c) => [c.requestId, c.userId, c.endpoint])).toEqual([
        ['f', 'u-fail', 'GET /jobs/:id/fail'],
        ['f:error-handler', 'u-fail', 'GET /jobs/:id/fail'],
        ['f', 'u-fail', 'GET /jobs/:id/fail'],
      ]);
    });
  });

  describe('when work continues after the response', () => {
    it('should attribute background calls to the request', async () => {
      await request(server)
        .get('/reports/5')
        .set('x-request-id', 'bg')
        .set('x-user', 'u-bg')
        .expect(200, { queued: true });
      expect(ledger.tracker.stats().recorded).toBe(0);

      releaseBackground();
      await ledger.waitFor(1);

      expect(await ledger.calls()).toEqual([
        {
          requestId: 'bg',
          userId: 'u-bg',
          endpoint: 'GET /reports/:id',
          tags: {},
        },
      ]);
    });
  });

  describe('when the response is a server-sent event stream', () => {
    it('should attribute every chunk call to the request', async () => {
      const response = await request(server)
        .get('/stream/3')
        .set('x-request-id', 'sse')
        .set('x-user', 'u-sse')
        .expect(200);

      expect(response.text).toBe('data: a\n\ndata: b\n\ndata: c\n\n');
      const calls = await ledger.calls();
      expect(calls.map((c) => [c.userId, c.endpoint])).toEqual([
        ['u-sse', 'GET /stream/:id'],
        ['u-sse', 'GET /stream/:id'],
        ['u-sse', 'GET /stream/:id'],
      ]);
    });
  });

  describe('when an auth middleware sets the user after the scope opened', () => {
    it('should use the user it set with setUsageContext', async () => {
      await request(server)
        .post('/claims/1/validate')
        .set('x-request-id', 'late')
        .set('x-late-user', 'u-late')
        .send({})
        .expect(200);

      expect((await ledger.byRequest('late'))[0]?.userId).toBe('u-late');
    });
  });

  describe('when the user comes from req.auth.sub (express-jwt)', () => {
    it('should use the token subject', async () => {
      await request(server)
        .post('/claims/1/validate')
        .set('x-request-id', 'jwt')
        .set('x-auth-sub', 'sub-42')
        .send({})
        .expect(200);

      expect((await ledger.byRequest('jwt'))[0]?.userId).toBe('sub-42');
    });

    it('should prefer req.user.id when both are set', async () => {
      await request(server)
        .post('/claims/1/validate')
        .set('x-request-id', 'both')
        .set('x-user', 'passport-7')
        .set('x-auth-sub', 'sub-42')
        .send({})
        .expect(200);

      expect((await ledger.byRequest('both'))[0]?.userId).toBe('passport-7');
    });
  });

  describe('when the request has no user', () => {
    it('should store the user as anonymous', async () => {
      await request(server)
        .post('/claims/1/validate')
        .set('x-request-id', 'anon')
        .send({})
        .expect(200);

      expect((await ledger.byRequest('anon'))[0]?.userId).toBe('anonymous');
    });
  });
});
