/**
 * The cache diagnostics the dashboard shows are core's: `cacheDiagnostics`
 * of `@tokenledger/core` by default, or whatever an analysis passed in
 * options (or a store method `cacheDiagnostics()`) returns in that shape.
 */
import type { CacheDiagnostic } from '@tokenledger/core';

export type { CacheCause, CacheDiagnostic } from '@tokenledger/core';

/**
 * Every endpoint and model's cache diagnostics, the most costly first.
 *
 * @example
 * ```ts
 * const none: CacheDiagnostics = [];
 * ```
 */
export type CacheDiagnostics = CacheDiagnostic[];
