import {
  setUsageContext,
  type TokenledgerError,
  type UsageRecorder,
  type UsageStore,
} from '@tokenledger/core';
import { dashboard } from '@tokenledger/dashboard';
import { tokenledger } from '@tokenledger/express';
import express, {
  type Express,
  type NextFunction,
  type Request,
  type Response,
} from 'express';
import type { DemoClients } from './clients.js';
import type { ReleaseState } from './release.js';
import { productRoutes, userOf } from './routes.js';

/** What {@link createDemoApp} wires together. */
export interface DemoAppOptions {
  tracker: UsageRecorder;
  store: UsageStore;
  clients: DemoClients;
  release: ReleaseState;
  /** Receives tokenledger adapter failures and request errors. Default: ignore. */
  onError?: (error: unknown) => void;
}

/**
 * The demo product as an Express app: the endpoints behind the tokenledger
 * middleware (user from `x-user-id`, endpoint from the route pattern,
 * release from the running deploy), and the dashboard at `/llm-costs`.
 *
 * @example
 * ```ts
 * const app = createDemoApp({ tracker, store, clients, release: new ReleaseState() });
 * app.listen(3000, '127.0.0.1');
 * ```
 */
export function createDemoApp(options: DemoAppOptions): Express {
  const { tracker, store, clients, release } = options;
  const onError = options.onError ?? (() => {});
  const app = express();

  app.use(
    '/llm-costs',
    dashboard({
      store,
      allowUnauthenticated: true,
      onError: (error: TokenledgerError) => onError(error),
    }),
  );

  app.use(express.json({ limit: '1mb' }));
  app.use(
    tokenledger({
      tracker,
      user: userOf,
      costHeader: true,
      onError: (error) => onError(error),
    }),
  );
  app.use((_req: Request, _res: Response, next: NextFunction) => {
    setUsageContext({ release: release.current });
    next();
  });
  app.use(productRoutes(clients, release));

  app.use(
    (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
      onError(error);
      if (res.headersSent) {
        res.end();
        return;
      }
      const status = clientErrorStatus(error);
      if (status !== undefined) {
        res.status(status).json({ error: clientErrorMessage(error, status) });
        return;
      }
      res.status(502).json({ error: 'The LLM provider call failed.' });
    },
  );

  return app;
}

/** The 4xx status body-parser gives a bad request body, if it is one. */
function clientErrorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;

  return typeof status === 'number' && status >= 400 && status < 500
    ? status
    : undefined;
}

function clientErrorMessage(error: unknown, status: number): string {
  const type = (error as { type?: unknown }).type;

  return type === 'entity.parse.failed'
    ? 'The request body is not valid JSON; send a JSON object with Content-Type: application/json.'
    : `The request was refused (${status}).`;
}
