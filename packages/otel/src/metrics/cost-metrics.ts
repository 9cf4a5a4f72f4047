import type { BatchObservableResult, MeterProvider } from '@opentelemetry/api';
import {
  type TokenledgerError,
  toTokenledgerError,
  type UsageEvent,
} from '@tokenledger/core';
import { type CostInstruments, InstrumentRegistry } from './instruments.js';
import { ActiveSpanCost } from './span-cost.js';
import { CostTotals } from './totals.js';

/**
 * Options of {@link otelCostMetrics}.
 *
 * @example
 * ```ts
 * const options: OtelCostMetricsOptions = { includeUserId: true };
 * ```
 */
export interface OtelCostMetricsOptions {
  /**
   * Adds `user.id` to every data point. Off by default: one series per user
   * and model can overwhelm a metrics backend; the stored events keep the
   * user either way.
   */
  includeUserId?: boolean;
  /** Adds the cost totals to the active span, if any. Default true. */
  annotateActiveSpan?: boolean;
  /**
   * The meter provider to use. Default: the global one, looked up at every
   * event, so one registered after `createTracker` is still used.
   */
  meterProvider?: MeterProvider;
  /** Receives export failures; recording goes on regardless. */
  onError?: (error: TokenledgerError) => void;
}

/**
 * Makes the tracker's `onRecorded` option export every recorded call as
 * OpenTelemetry metrics through the global `MeterProvider`, as observable
 * (cumulative) counters of running totals kept in memory, one series per
 * attribute set:
 * `tokenledger.cost` (USD), `tokenledger.tokens` by `gen_ai.token.type`,
 * `tokenledger.reasoning_tokens` and `tokenledger.calls`, each with
 * `gen_ai.provider.name`, `gen_ai.response.model` and
 * `tokenledger.endpoint` (plus `user.id` when `includeUserId`). It also adds
 * `gen_ai.usage.cost` and `tokenledger.cost_usd` to the active span. The
 * cost metric is a float view of the exact amount the tracker stores.
 *
 * @see docs/opentelemetry.md
 * @example
 * ```ts
 * const tracker = createTracker({ store, onRecorded: otelCostMetrics() });
 * ```
 */
export function otelCostMetrics(
  options: OtelCostMetricsOptions = {},
): (event: UsageEvent) => void {
  const totals = new CostTotals(options.includeUserId === true);
  const registry = new InstrumentRegistry(
    options.meterProvider,
    (result, instruments) =>
      observeSafely(totals, result, instruments, options),
  );
  const spans =
    options.annotateActiveSpan === false ? null : new ActiveSpanCost();

  return function exportToOpenTelemetry(event) {
    try {
      registry.ensure();
      totals.add(event);
      spans?.add(event);
    } catch (error) {
      report(options, error);
    }
  };
}

function observeSafely(
  totals: CostTotals,
  result: BatchObservableResult,
  instruments: CostInstruments,
  options: OtelCostMetricsOptions,
): void {
  try {
    totals.observe(result, instruments);
  } catch (error) {
    report(options, error);
  }
}

function report(options: OtelCostMetricsOptions, error: unknown): void {
  try {
    options.onError?.(toTokenledgerError(error, 'INTERNAL'));
  } catch {
    // An onError that throws must not reach the tracker.
  }
}
