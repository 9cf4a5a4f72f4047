import type { PriceCatalog } from '../../pricing/types.js';
import type { TimeWindow } from '../types.js';

/** Why a call did not read its prompt prefix from the cache. */
export type CacheCauseCode =
  | 'belowMinimum'
  | 'expired'
  | 'prefixChurn'
  | 'writesNeverRead';

/** A cause of poor prompt caching, with its evidence and its price. */
export interface CacheCause {
  code: CacheCauseCode;
  /** The cause in words, e.g. `'prefix churn'`. */
  cause: string;
  /** Calls that show it. */
  evidenceCount: number;
  /** What fixing it would save, USD per day, 9 decimals (list prices). */
  savingUsdPerDay: string;
  detail?: Record<string, unknown>;
}

/** Prompt-cache health of one endpoint and model. */
export interface CacheDiagnostic {
  endpoint: string;
  model: string;
  calls: number;
  /** Cache reads over every prompt token, 0..1. */
  cacheReadShare: number;
  /** Cache writes (both TTLs) per cache read; null without reads. */
  writeReadRatio: number | null;
  /** Cost per day above what the best week's cache mix would cost. */
  lostUsdPerDay: string;
  /** The 7-day block with the highest read share, when there was one. */
  bestWeek: (TimeWindow & { cacheReadShare: number }) | null;
  /** Largest saving first. */
  causes: CacheCause[];
  /** Calls without a prefix fingerprint: only the size check applies. */
  unfingerprintedCalls: number;
  /**
   * Set when the endpoint had more calls in the window than the diagnosis
   * reads: `causes` and `unfingerprintedCalls` come from its newest
   * `calls` only, from `from` to `to`, and their savings are per day of
   * that time. The other figures cover the whole window.
   */
  sampled?: TimeWindow & { calls: number };
}

/** Options of the pure {@link diagnoseCache}. */
export interface DiagnoseCacheOptions {
  /** The window the events cover; savings are per day of it. */
  window: TimeWindow;
  /** Where minimum sizes, TTLs and list prices come from. Default: the bundled catalog. */
  catalog?: PriceCatalog;
}
