/**
 * The cache diagnostics the dashboard shows. Core has no cache analysis yet,
 * so the shape is declared here; an analysis passed in options or a store
 * method `cacheDiagnostics()` provides the data.
 */

/**
 * A cause of poor prompt caching, with its evidence and its price.
 *
 * @example
 * ```ts
 * const cause: CacheCause = { cause: 'prefix churn', evidenceCount: 412, savingUsdPerDay: '12.500000000' };
 * ```
 */
export interface CacheCause {
  cause: string;
  evidenceCount: number;
  savingUsdPerDay: string;
  detail?: Record<string, unknown>;
}

/**
 * Prompt-cache health of one endpoint and model.
 *
 * @example
 * ```ts
 * const diagnostic: CacheDiagnostic = {
 *   endpoint: 'POST /chat', model: 'claude-sonnet-4-5', cacheReadShare: 0.12,
 *   lostUsdPerDay: '31.000000000', causes: [],
 * };
 * ```
 */
export interface CacheDiagnostic {
  endpoint: string;
  model: string;
  cacheReadShare: number;
  writeReadRatio?: number | null;
  lostUsdPerDay: string;
  causes: CacheCause[];
}

/**
 * Every endpoint and model's cache diagnostics.
 *
 * @example
 * ```ts
 * const none: CacheDiagnostics = [];
 * ```
 */
export type CacheDiagnostics = CacheDiagnostic[];
