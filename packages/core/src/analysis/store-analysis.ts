import type { UsageFilter, UsageStore } from '../store.js';
import { cacheDiagnostics } from './cache/store.js';
import type { CacheDiagnostic } from './cache/types.js';
import {
  explainFromStore,
  type StoreExplainRequest,
  type StoreExplanation,
} from './store-explain.js';

/** Options of {@link storeAnalysis}. */
export interface StoreAnalysisOptions {
  /** Most calls one cache diagnosis reads for the causes, shared between the endpoints. Default 15,000. */
  maxEvents?: number;
  /** Default `new Date()`: the end of a diagnosis without `filter.to`. */
  now?: () => Date;
}

/** The analysis methods the dashboard calls, bound to one store. */
export interface StoreAnalysis {
  explain(request: StoreExplainRequest): Promise<StoreExplanation>;
  cacheDiagnostics(request: {
    filter: UsageFilter;
  }): Promise<CacheDiagnostic[]>;
}

/**
 * The cost analysis of one store, in the shape `dashboard({ analysis })`
 * takes: `explain` for "why did cost change" and `cacheDiagnostics` for
 * the prompt-cache panel.
 *
 * @example
 * ```ts
 * app.use('/costs', dashboard({ store, token, analysis: storeAnalysis(store) }));
 * ```
 */
export function storeAnalysis(
  store: UsageStore,
  options: StoreAnalysisOptions = {},
): StoreAnalysis {
  return {
    explain: (request) => explainFromStore(store, request),
    async cacheDiagnostics({ filter }) {
      const result = await cacheDiagnostics(store, {
        filter,
        ...(options.maxEvents === undefined
          ? {}
          : { maxEvents: options.maxEvents }),
        ...(options.now ? { now: options.now() } : {}),
      });

      return result.diagnostics;
    },
  };
}
