import {
  type Anomaly,
  type Explanation,
  TokenledgerError,
  type UsageFilter,
  type UsageStore,
} from '@tokenledger/core';
import type { Request } from 'express';
import type { CacheDiagnostics } from './api/analysis-types.js';

/**
 * Decides whether a request may see the dashboard.
 *
 * @example
 * ```ts
 * const auth: DashboardAuth = (req) => req.session?.user?.role === 'admin';
 * ```
 */
export type DashboardAuth = (req: Request) => boolean | Promise<boolean>;

/**
 * What the `/api/explain` endpoint asks the analysis for: the dimension
 * filter (no time) and the two windows to compare.
 *
 * @example
 * ```ts
 * const request: ExplainRequest = {
 *   filter: { endpoint: 'POST /chat' },
 *   before: { from: new Date('2026-11-01'), to: new Date('2026-11-08') },
 *   after: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 *   by: 'endpoint',
 * };
 * ```
 */
export interface ExplainRequest {
  filter: UsageFilter;
  before: { from: Date; to: Date };
  after: { from: Date; to: Date };
  by?: 'endpoint' | 'model' | 'user';
  /** Subject of the overall sentence, e.g. `'After release 1.2.0'`. */
  title?: string;
}

/**
 * What the `/api/anomalies` endpoint asks the analysis for: the dimension
 * filter (no time), the hours to check and the thresholds.
 *
 * @example
 * ```ts
 * const request: AnomaliesRequest = {
 *   filter: { endpoint: 'POST /chat' },
 *   from: new Date('2026-11-14T00:00Z'),
 *   to: new Date('2026-11-15T00:00Z'),
 *   threshold: 5,
 *   baselineWeeks: 4,
 *   minUsd: '0.01',
 * };
 * ```
 */
export interface AnomaliesRequest {
  filter: UsageFilter;
  from: Date;
  to: Date;
  /** Robust z-score above which an hour is an anomaly. */
  threshold: number;
  /** Same hour of the week, this many weeks back, make the baseline. */
  baselineWeeks: number;
  /** An anomaly must also be this many USD above the baseline median. */
  minUsd: string;
}

/**
 * The cost analysis the dashboard shows in "Why did cost change?" and
 * "Prompt cache". By default every method is core's analysis over the
 * store; pass one to replace it. A method set to `undefined` turns its
 * endpoint into a 501 and the page says it is not available.
 *
 * @example
 * ```ts
 * const analysis: DashboardAnalysis = {
 *   explain: (request) => myStore.explain(request),
 * };
 * ```
 */
export interface DashboardAnalysis {
  explain?: ((request: ExplainRequest) => Promise<Explanation>) | undefined;
  cacheDiagnostics?:
    | ((request: { filter: UsageFilter }) => Promise<CacheDiagnostics>)
    | undefined;
  anomalies?: ((request: AnomaliesRequest) => Promise<Anomaly[]>) | undefined;
}

/**
 * Options of `dashboard()`.
 *
 * @example
 * ```ts
 * const options: DashboardOptions = { store, token: process.env.DASHBOARD_TOKEN };
 * ```
 * @see docs/dashboard.md
 */
export interface DashboardOptions {
  /** Where the events are: any {@link UsageStore}, e.g. `openStore(...)`. */
  store: UsageStore;
  /** Lets a request in when it returns true (your own session check). */
  auth?: DashboardAuth;
  /**
   * A shared secret, at least 16 characters: the API takes
   * `Authorization: Bearer <token>`, the page shows a login form.
   */
  token?: string;
  /** Serve without any auth. Only for a dashboard bound to loopback. */
  allowUnauthenticated?: boolean;
  /** Lifetime of the login cookie. Default 12 hours. */
  sessionMaxAgeMs?: number;
  /**
   * Explanations, cache diagnostics and anomalies, method by method.
   * Default: the store's `explain` and `cacheDiagnostics` when it has them,
   * else core's `explainFromStore`, `cacheDiagnostics` and
   * `detectAnomalies` over the store.
   */
  analysis?: DashboardAnalysis;
  /** Called with every error a request hit (the response is a 500). */
  onError?: (error: TokenledgerError) => void;
  /** The clock presets are resolved against. Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * The smallest accepted `token`: shorter ones are guessable.
 *
 * @example
 * ```ts
 * if (token.length < MIN_TOKEN_LENGTH) throw new Error('token too short');
 * ```
 */
export const MIN_TOKEN_LENGTH = 16;

/** Checks the options and throws an `INVALID_OPTIONS` error naming the fix. */
export function checkOptions(options: DashboardOptions): void {
  if (!options || typeof options.store?.query !== 'function') {
    throw invalid(
      'dashboard() needs a UsageStore: dashboard({ store, token }). Open one with openStore() from @tokenledger/kysely.',
    );
  }

  const { auth, token, allowUnauthenticated } = options;

  if (auth === undefined && token === undefined && !allowUnauthenticated) {
    throw invalid(
      'dashboard() refuses to serve cost data without auth: pass { token: process.env.DASHBOARD_TOKEN } or { auth: (req) => boolean }, or { allowUnauthenticated: true } for a dashboard bound to 127.0.0.1 only.',
    );
  }

  if (auth !== undefined && typeof auth !== 'function') {
    throw invalid('dashboard({ auth }) must be a function (req) => boolean.');
  }

  if (
    token !== undefined &&
    (typeof token !== 'string' || token.length < MIN_TOKEN_LENGTH)
  ) {
    throw invalid(
      `dashboard({ token }) must be a string of at least ${MIN_TOKEN_LENGTH} characters; generate one with: openssl rand -hex 24`,
    );
  }
}

function invalid(message: string): TokenledgerError {
  return new TokenledgerError('INVALID_OPTIONS', message);
}
