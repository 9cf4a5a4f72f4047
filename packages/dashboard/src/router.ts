import { toTokenledgerError } from '@tokenledger/core';
import express, {
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import {
  anomalies,
  anomaliesSchema,
  cache,
  cacheSchema,
  explain,
  explainSchema,
  resolveAnalysis,
} from './api/analysis.js';
import { breakdown, breakdownSchema } from './api/breakdown.js';
import { coalescing } from './api/coalesce.js';
import { events, eventsSchema } from './api/events.js';
import { exportCsv, exportSchema } from './api/export-csv.js';
import { facets, facetsSchema } from './api/facets.js';
import { type ApiDeps, apiRoute } from './api/route.js';
import { summary, summarySchema } from './api/summary.js';
import { timeseries, timeseriesSchema } from './api/timeseries.js';
import { checkOptions, type DashboardOptions } from './options.js';
import { assetHandler } from './server/assets.js';
import { authGate, loginHandler, logoutHandler } from './server/auth.js';
import { securityHeaders } from './server/headers.js';
import { dashboardPage } from './server/pages.js';

/**
 * Creates the cost dashboard: an Express router serving the page and its
 * JSON API. It refuses to start without `token` or `auth`, unless
 * `allowUnauthenticated: true` is passed for a loopback-only dashboard.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { dashboard } from '@tokenledger/dashboard';
 * import { openStore } from '@tokenledger/kysely';
 *
 * const store = await openStore('sqlite:./usage.db');
 * const app = express();
 * app.use('/llm-costs', dashboard({ store, token: process.env.DASHBOARD_TOKEN }));
 * ```
 * @see docs/dashboard.md
 */
export function dashboard(options: DashboardOptions): Router {
  checkOptions(options);

  const deps: ApiDeps = {
    store: coalescing(options.store),
    analysis: resolveAnalysis(options.analysis, options.store),
    now: options.now ?? (() => new Date()),
  };
  const router = express.Router();

  router.use(securityHeaders);
  router.get('/', addTrailingSlash);
  router.get('/assets/:name', assetHandler());
  if (options.token !== undefined) {
    const form = express.urlencoded({ extended: false, limit: '2kb' });
    router.post('/login', form, loginHandler(options.token, options));
    router.post('/logout', logoutHandler);
  }
  router.use(authGate(options));

  router.get('/', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(dashboardPage());
  });
  router.get('/api/summary', apiRoute(summarySchema, deps, summary));
  router.get('/api/timeseries', apiRoute(timeseriesSchema, deps, timeseries));
  router.get('/api/breakdown', apiRoute(breakdownSchema, deps, breakdown));
  router.get('/api/events', apiRoute(eventsSchema, deps, events));
  router.get('/api/facets', apiRoute(facetsSchema, deps, facets));
  router.get('/api/explain', apiRoute(explainSchema, deps, explain));
  router.get('/api/cache', apiRoute(cacheSchema, deps, cache));
  router.get('/api/anomalies', apiRoute(anomaliesSchema, deps, anomalies));
  router.get('/api/export.csv', apiRoute(exportSchema, deps, exportCsv));
  router.use('/api', notFound);
  router.use(errorHandler(options));

  return router;
}

function addTrailingSlash(req: Request, res: Response, next: NextFunction) {
  const [path = '', search] = req.originalUrl.split('?');
  if (path.endsWith('/')) return next();

  res.redirect(301, `${path}/${search === undefined ? '' : `?${search}`}`);
}

function notFound(req: Request, res: Response) {
  res.status(404).json({
    error: {
      code: 'NOT_FOUND',
      message: `No dashboard API at ${req.method} ${req.baseUrl}${req.path}; see docs/dashboard.md for the endpoints.`,
    },
  });
}

function errorHandler(options: DashboardOptions) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const wrapped = toTokenledgerError(error, 'STORAGE_FAILED');
    options.onError?.(wrapped);

    if (res.headersSent) return next(error);

    res.status(500).json({
      error: {
        code: wrapped.code,
        message:
          'The dashboard could not answer: the store failed. The server reported the error to its onError hook.',
      },
    });
  };
}
