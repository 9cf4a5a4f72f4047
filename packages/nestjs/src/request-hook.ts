import type { HttpServer } from '@nestjs/common';
import { TokenledgerError, withUsageContext } from '@tokenledger/core';
import type { RequestScopes } from './request-scope.js';

type Continue = (error?: unknown) => void;

/**
 * Opens the usage scope of every request in the HTTP platform itself, around
 * the rest of its handling, so that Nest needs no interceptor for it:
 *
 * - Express: a middleware, added before Nest's own middleware and routes
 *   (after the body parser, which keeps the async context anyway);
 * - Fastify: a `preHandler` hook, the last step before the route handler.
 *   Not a Nest middleware, which Fastify runs in `onRequest`: the body is
 *   read after that, in the socket's `data` events, which do not carry the
 *   scope on to the handler.
 *
 * Other platforms get no scope; that is reported to `onError`.
 */
export function installRequestScopes(
  adapter: HttpServer | undefined,
  scopes: RequestScopes,
): void {
  if (!adapter) return;

  const type = adapter.getType();
  const open = (req: object, next: Continue) => {
    let scope: ReturnType<RequestScopes['open']>;
    try {
      scope = scopes.open(req);
    } catch (error) {
      scopes.report(error);
      return next();
    }

    withUsageContext(scope, next);
  };

  if (type === 'express') {
    adapter.getInstance().use(function tokenledgerScope(
      req: object,
      _res: unknown,
      next: Continue,
    ) {
      open(req, next);
    });
  } else if (type === 'fastify') {
    adapter
      .getInstance()
      .addHook(
        'preHandler',
        function tokenledgerScope(
          request: object,
          _reply: unknown,
          done: Continue,
        ) {
          open(request, done);
        },
      );
  } else {
    scopes.report(
      new TokenledgerError(
        'INVALID_OPTIONS',
        `TokenledgerModule opens request scopes on platform-express and platform-fastify, not on '${type}': pass applyGlobally: false and put @UseInterceptors(TokenledgerInterceptor) on the controllers that make LLM calls.`,
      ),
    );
  }
}
