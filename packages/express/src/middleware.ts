import {
  type TokenledgerError,
  type UsageContext,
  type UsageRecorder,
  withUsageContext,
} from '@tokenledger/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { type CostOutputs, startCostSummary } from './cost-summary.js';
import { guarded, guardReporter } from './guard.js';
import { checkOptions } from './options.js';
import {
  capturedEndpoint,
  captureRoute,
  type RouteCapture,
} from './route-capture.js';

/**
 * Options of {@link tokenledger}. Every callback runs inside a guard: what it
 * throws goes to `onError` and never reaches the request.
 *
 * @example
 * ```ts
 * const options: TokenledgerMiddlewareOptions = {
 *   tracker,
 *   user: (req) => req.get('x-user-id'),
 *   onError: (error) => logger.warn({ code: error.code }, error.message),
 * };
 * ```
 */
export interface TokenledgerMiddlewareOptions {
  /** The tracker the app records its LLM calls with. */
  tracker: UsageRecorder;
  /**
   * The end user of a request, read when a call is recorded. Default:
   * `req.user?.id`, then `req.auth?.sub`, else the tracker's `anonymous`.
   */
  user?: (req: Request) => string | undefined;
  /**
   * The endpoint name, read when a call is recorded. Default: `METHOD
   * route-pattern` (`POST /claims/:id/validate`), or `METHOD (unmatched)`.
   */
  endpoint?: (req: Request) => string | undefined;
  /** Extra dimensions of every call of the request, read once per request. */
  tags?: (req: Request) => Record<string, string>;
  /**
   * Sends the request's LLM cost so far in a response header
   * (`true`: `X-Tokenledger-Cost`, or a header name). Default: off.
   */
  costHeader?: boolean | string;
  /**
   * Keeps a live {@link RequestCost} summary in `res.locals` (`true`:
   * `res.locals.tokenledgerCost`, or a key). Default: off.
   */
  costLocals?: boolean | string;
  /** Receives every failure of the adapter. Default: ignore it. */
  onError?: (error: TokenledgerError) => void;
}

/**
 * Express middleware (4 and 5) that opens a usage scope around each request,
 * so that every LLM call made while handling it, including after the
 * response, in background work and in streams, is attributed to the
 * request's user and route. Mount it before the routes, after auth if the
 * user comes from there (a later auth middleware can also call
 * `setUsageContext({ userId })`).
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/express.md
 * @example
 * ```ts
 * const tracker = createTracker({ store });
 * app.use(tokenledger({ tracker, user: (req) => req.get('x-user-id') }));
 * app.post('/claims/:id/validate', async (req, res) => { ... });
 * // calls recorded there: endpoint 'POST /claims/:id/validate'
 * ```
 */
export function tokenledger(
  options: TokenledgerMiddlewareOptions,
): RequestHandler {
  const settings = checkOptions(options);
  const report = guardReporter(options.onError);
  const readers = scopeReaders(options, report);

  return function tokenledgerMiddleware(
    req: Request,
    res: Response,
    next: NextFunction,
  ) {
    let scope: UsageContext;
    try {
      scope = openScope(req, res, readers, settings);
    } catch (error) {
      report(error);
      return next();
    }

    withUsageContext(scope, next);
  };
}

interface ScopeReaders {
  user(req: Request): string | undefined;
  endpoint(req: Request, capture: RouteCapture): string | undefined;
  tags: ((req: Request) => Record<string, string> | undefined) | undefined;
}

/**
 * The getters of a scope, built once per middleware so that a request only
 * allocates the two closures that bind them to it.
 */
function scopeReaders(
  options: TokenledgerMiddlewareOptions,
  report: (error: unknown) => void,
): ScopeReaders {
  const { user, endpoint, tags } = options;

  return {
    user: guarded(report, (req) => user?.(req) ?? defaultUser(req)),
    endpoint: guarded(
      report,
      (req, capture) => endpoint?.(req) ?? capturedEndpoint(req, capture),
    ),
    tags: tags && guarded(report, tags),
  };
}

function openScope(
  req: Request,
  res: Response,
  readers: ScopeReaders,
  settings: CostOutputs,
): UsageContext {
  const capture = captureRoute(req);
  const scope: UsageContext = {
    userId: () => readers.user(req),
    endpoint: () => readers.endpoint(req, capture),
  };

  const tags = readers.tags?.(req);
  if (tags) scope.tags = tags;
  if (settings.header || settings.localsKey) {
    scope.onRecorded = startCostSummary(res, settings);
  }

  return scope;
}

function defaultUser(req: Request): string | undefined {
  const { user, auth } = req as {
    user?: { id?: unknown };
    auth?: { sub?: unknown };
  };
  const id = user?.id ?? auth?.sub;

  return id === undefined || id === null ? undefined : String(id);
}
