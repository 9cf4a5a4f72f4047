/**
 * The shapes the dashboard shows from the cost analysis (issue 9 of the
 * project, `explainChange` / `store.explain` in core). They are declared
 * here, structurally, so the dashboard does not depend on an analysis build.
 */

/** One driver's share of a change in cost per day. */
export interface DriverContribution {
  driver: 'volume' | 'promptSize' | 'cacheMix' | 'outputSize' | 'price';
  /** USD per day, 9 decimals, signed. */
  usdPerDay: string;
  detail?: Record<string, unknown>;
}

/** Why cost per day changed between two windows. */
export interface Explanation {
  totalChangeUsdPerDay: string;
  drivers: DriverContribution[];
  groups: {
    key: string;
    totalChangeUsdPerDay: string;
    drivers: DriverContribution[];
  }[];
  sentences: string[];
}

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
