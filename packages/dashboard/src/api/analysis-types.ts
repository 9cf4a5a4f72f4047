/**
 * The cache diagnostics the dashboard shows. Core has no cache analysis yet,
 * so the shape is declared here; an analysis passed in options or a store
 * method `cacheDiagnostics()` provides the data.
 */

/** A cause of poor prompt caching, with its evidence and its price. */
export interface CacheCause {
  cause: string;
  evidenceCount: number;
  savingUsdPerDay: string;
  detail?: Record<string, unknown>;
}

/** Prompt-cache health of one endpoint and model. */
export interface CacheDiagnostic {
  endpoint: string;
  model: string;
  cacheReadShare: number;
  writeReadRatio?: number | null;
  lostUsdPerDay: string;
  causes: CacheCause[];
}

/** Every endpoint and model's cache diagnostics. */
export type CacheDiagnostics = CacheDiagnostic[];
