import { setTimeout as sleep } from 'node:timers/promises';
import { setUsageContext, type UsageRecorder } from '@tokenledger/core';
import type express from 'express';
import type { Express as App, NextFunction, Request, Response } from 'express';
import {
  type TokenledgerMiddlewareOptions,
  tokenledger,
} from '../src/index.js';
import { recordCall } from './capture-recorder.js';

type Express = typeof express;

/** Work the app started and did not wait for, so tests can await it. */
export const background = new Set<Promise<void>>();

let release: () => void = () => {};
let gate = new Promise<void>((resolve) => {
  release = resolve;
});

/** Lets the background work started so far go on (until then it waits). */
export function releaseBackground(): void {
  release();
  gate = new Promise<void>((resolve) => {
    release = resolve;
  });
}

const id = (req: Request) => String(req.get('x-request-id'));

/**
 * The test app: every route records calls tagged with the `x-request-id`
 * header, in the ways a real app does (before and after responding, in a
 * nested router, in an SSE stream, before throwing).
 */
export function buildApp(
  express: Express,
  recorder: UsageRecorder,
  options: Partial<TokenledgerMiddlewareOptions> = {},
): App {
  const app = express();
  app.use(express.json());
  app.use(tokenledger({ tracker: recorder, ...options }));
  app.use(fakeAuth);

  app.get('/health', (_req, res) => {
    res.send('ok');
  });

  app.post('/claims/:id/validate', async (req, res) => {
    await sleep(Number(req.body.delayMs ?? 0));
    recordCall(recorder, id(req));
    res.json({ ok: true });
  });

  app.get('/reports/:id', (req, res) => {
    res.json({ queued: true });
    const work = gate.then(() => recordCall(recorder, id(req)));
    background.add(work);
  });

  app.get('/stream/:id', async (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const chunk of ['a', 'b', 'c']) {
      await sleep(5);
      recordCall(recorder, id(req));
      res.write(`data: ${chunk}\n\n`);
    }
    res.end();
  });

  app.use('/orgs/:org/papers', papersRouter(express, recorder));
  app.use('/jobs', jobsRouter(express, recorder));
  app.use('/admin', adminApp(express, recorder));

  app.use((req: Request, res: Response) => {
    recordCall(recorder, id(req));
    res.status(404).send('not found');
  });

  app.use((error: Error, req: Request, res: Response, _next: NextFunction) => {
    recordCall(recorder, `${id(req)}:error-handler`);
    res.status(500).send(error.message);
  });

  return app;
}

function papersRouter(express: Express, recorder: UsageRecorder) {
  const papers = express.Router();
  const reviews = express.Router();

  papers.get('/', (req, res) => {
    recordCall(recorder, id(req));
    res.json([]);
  });

  reviews.post('/:reviewId/summarize', (req, res) => {
    recordCall(recorder, id(req));
    res.json({});
  });

  papers.use('/:paperId/reviews', reviews);

  return papers;
}

function jobsRouter(express: Express, recorder: UsageRecorder) {
  const jobs = express.Router();

  jobs.get('/:id/fail', (req) => {
    recordCall(recorder, id(req));
    background.add(sleep(10).then(() => recordCall(recorder, id(req))));
    throw new Error('handler failed');
  });

  return jobs;
}

/** A mounted sub-application, which swaps the prototype of `req`. */
function adminApp(express: Express, recorder: UsageRecorder) {
  const admin = express();

  admin.get('/users/:userId/audit', (req, res) => {
    recordCall(recorder, id(req));
    res.json({});
  });

  return admin;
}

/**
 * Stands in for passport and express-jwt: `x-user` becomes `req.user`,
 * `x-auth-sub` becomes `req.auth.sub`, `x-late-user` a late `setUsageContext`.
 */
function fakeAuth(req: Request, _res: Response, next: NextFunction) {
  const user = req.get('x-user');
  if (user) (req as { user?: { id: string } }).user = { id: user };

  const sub = req.get('x-auth-sub');
  if (sub) (req as { auth?: { sub: string } }).auth = { sub };

  const lateUser = req.get('x-late-user');
  if (lateUser) setUsageContext({ userId: lateUser });

  next();
}
