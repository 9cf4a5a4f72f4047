import { AsyncLocalStorage } from 'node:async_hooks';
import { TokenledgerError } from './errors.js';
import type { UsageEvent } from './schema.js';

/** A value known now, or a getter resolved when a call is recorded. */
export type Lazy<T> = T | (() => T);

/**
 * Who and what a recorded call is attributed to. Values may be getters,
 * resolved at record time: Express only knows the route pattern after
 * routing, and auth middleware may set the user after the scope opened.
 */
export interface UsageContext {
  /** The end user; `anonymous` when unset. */
  userId?: Lazy<string | undefined>;
  /** Low-cardinality feature or route name, e.g. `POST /claims/:id/validate`. */
  endpoint?: Lazy<string | undefined>;
  /** The app release; overrides the tracker's `release`. */
  release?: Lazy<string | undefined>;
  /** Extra dimensions, merged over the tracker's and the call's. */
  tags?: Record<string, string>;
  /**
   * Called by the tracker with each event recorded in this scope, after it
   * was priced (adapters use it for a per-request cost summary). Errors it
   * throws are routed to the tracker's `onError`, never to the caller.
   */
  onRecorded?: (event: UsageEvent) => void;
}

/** A {@link UsageContext} with every getter resolved. */
export interface ResolvedUsageContext {
  userId: string | undefined;
  endpoint: string | undefined;
  release: string | undefined;
  tags: Record<string, string>;
  onRecorded: ((event: UsageEvent) => void) | undefined;
}

const storage = new AsyncLocalStorage<UsageContext>();

/**
 * Runs `fn` in a usage scope: every call recorded inside it, across awaits,
 * timers and callbacks, carries this user, endpoint, release and tags. A
 * nested scope inherits what it does not set.
 *
 * @example
 * ```ts
 * await withUsageContext({ userId: 'u_42', endpoint: 'claims.validate' }, () =>
 *   validateClaim(claim),
 * );
 * ```
 */
export function withUsageContext<T>(context: UsageContext, fn: () => T): T {
  const parent = storage.getStore();
  const merged: UsageContext = parent
    ? { ...parent, ...context, tags: { ...parent.tags, ...context.tags } }
    : { ...context };

  return storage.run(merged, fn);
}

/**
 * The current scope with its getters resolved, or `undefined` outside any
 * scope. A getter that throws resolves to `undefined`.
 *
 * @example
 * ```ts
 * currentUsageContext()?.userId; // 'u_42'
 * ```
 */
export function currentUsageContext(): ResolvedUsageContext | undefined {
  const context = storage.getStore();
  if (!context) return undefined;

  return {
    userId: resolve(context.userId),
    endpoint: resolve(context.endpoint),
    release: resolve(context.release),
    tags: context.tags ?? {},
    onRecorded: context.onRecorded,
  };
}

/**
 * Changes the current scope in place, e.g. to set the user once an auth
 * middleware has run. Throws outside a scope, naming the fix.
 *
 * @example
 * ```ts
 * app.use(auth, (req, _res, next) => {
 *   setUsageContext({ userId: req.user.id });
 *   next();
 * });
 * ```
 */
export function setUsageContext(partial: UsageContext): void {
  const context = storage.getStore();

  if (!context) {
    throw new TokenledgerError(
      'NO_CONTEXT',
      'setUsageContext() was called outside a usage scope. Register the tokenledger middleware (Express) or TokenledgerModule (NestJS) before this code, or wrap it in withUsageContext().',
    );
  }

  if (partial.userId !== undefined) context.userId = partial.userId;
  if (partial.endpoint !== undefined) context.endpoint = partial.endpoint;
  if (partial.release !== undefined) context.release = partial.release;
  if (partial.tags !== undefined)
    context.tags = { ...context.tags, ...partial.tags };
}

function resolve<T>(value: Lazy<T> | undefined): T | undefined {
  if (typeof value !== 'function') return value;

  try {
    return (value as () => T)();
  } catch {
    return undefined;
  }
}
