import {
  type TokenledgerError,
  TokenledgerError as TokenledgerErrorClass,
  type UsageRecorder,
} from '@tokenledger/core';

/**
 * What the module needs of a tracker: core's `createTracker()` result fits.
 *
 * @example
 * ```ts
 * const tracker: TrackerLike = createTracker({ store });
 * ```
 */
export type TrackerLike = UsageRecorder & {
  flush(): Promise<unknown>;
  shutdown?(): Promise<unknown>;
};

/**
 * Options of `TokenledgerModule.forRoot()`. Every callback runs inside a
 * guard: what it throws goes to `onError`, never to the request.
 *
 * @example
 * ```ts
 * const options: TokenledgerModuleOptions = {
 *   tracker,
 *   user: (req) => req.user?.email,
 *   tags: (req) => ({ tenant: req.headers['x-tenant'] ?? 'none' }),
 * };
 * ```
 */
export interface TokenledgerModuleOptions {
  /** The tracker the app records its LLM calls with. */
  tracker: TrackerLike;
  /**
   * The end user of a request (Express or Fastify request), read when a call
   * is recorded. Default: `req.user?.id`, then `req.auth?.sub`, else the
   * tracker's `anonymous`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: Express's or Fastify's request, as the app chose
  user?: (req: any) => string | undefined;
  /** Extra dimensions of every call of a request, read once per request. */
  // biome-ignore lint/suspicious/noExplicitAny: Express's or Fastify's request, as the app chose
  tags?: (req: any) => Record<string, string>;
  /**
   * What to do with the tracker when the app shuts down: `'flush'` its
   * buffer (default), or `'shutdown'` it (flush, then close its storage)
   * when the module owns it.
   */
  onShutdown?: 'flush' | 'shutdown';
  /**
   * Opens a scope for every HTTP request (default): an Express middleware or
   * a Fastify `preHandler` hook, and a global guard that names the endpoint.
   * `false` leaves it to `@UseInterceptors(TokenledgerInterceptor)` on the
   * controllers that make LLM calls.
   */
  applyGlobally?: boolean;
  /** Receives every failure of the adapter. Default: ignore it. */
  onError?: (error: TokenledgerError) => void;
}

/** Checks the options once, at boot, naming the right call. */
export function checkOptions(
  options: TokenledgerModuleOptions,
): TokenledgerModuleOptions {
  const tracker = options?.tracker;
  if (
    typeof tracker?.record !== 'function' ||
    typeof tracker.flush !== 'function'
  ) {
    throw invalid(
      'TokenledgerModule.forRoot({ tracker }) needs a tracker with record() and flush(), e.g. TokenledgerModule.forRoot({ tracker: createTracker({ store }) }).',
    );
  }

  for (const name of ['user', 'tags', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw invalid(
        `TokenledgerModule option ${name} must be a function of the request, e.g. ${name}: (req) => ...; got ${JSON.stringify(options[name])}.`,
      );
    }
  }

  if (options.onShutdown === 'shutdown' && !tracker.shutdown) {
    throw invalid(
      "TokenledgerModule.forRoot({ onShutdown: 'shutdown' }) needs a tracker with shutdown(); use onShutdown: 'flush' for this one.",
    );
  }

  return options;
}

function invalid(message: string): TokenledgerError {
  return new TokenledgerErrorClass('INVALID_OPTIONS', message);
}
