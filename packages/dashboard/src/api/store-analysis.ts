import {
  storeAnalysis as coreStoreAnalysis,
  detectAnomalies,
  type UsageStore,
} from '@tokenledger/core';
import type { DashboardAnalysis } from '../options.js';

/**
 * The analysis the dashboard runs when neither the options nor the store
 * provide one: core's analysis over the store, i.e. `explainFromStore`
 * (drivers, new and existing users, concentration, new releases),
 * `cacheDiagnostics` (causes and savings) and `detectAnomalies` (hourly
 * cost per endpoint against the same hour of earlier weeks, or days).
 */
export function storeAnalysis(store: UsageStore): Required<DashboardAnalysis> {
  const core = coreStoreAnalysis(store);

  return {
    explain: (request) => core.explain(request),
    cacheDiagnostics: (request) => core.cacheDiagnostics(request),
    anomalies: ({ filter, from, to, threshold, baselineWeeks, minUsd }) =>
      detectAnomalies(store, {
        filter,
        from,
        to,
        now: to,
        threshold,
        baselineWeeks,
        minUsd,
      }),
  };
}
