import type { Attributes, MeterProvider } from '@opentelemetry/api';
import {
  type TokenledgerError,
  toTokenledgerError,
  type UsageEvent,
} from '@tokenledger/core';
import { type CostInstruments, InstrumentCache } from './instruments.js';
import { ActiveSpanCost } from './span-cost.js';

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

// Disjoint classes under the semantic conventions' gen_ai.token.type: the
// values add up to every token of the call (reasoning is inside output).
const TOKEN_CLASSES = [
  ['input', 'inputTokens'],
  ['cache_read', 'cacheReadTokens'],
  ['cache_creation', 'cacheWriteTokens'],
  ['cache_creation_1h', 'cacheWrite1hTokens'],
  ['output', 'outputTokens'],
] as const;

/**
 * Makes the tracker's `onRecorded` option export every recorded call as
 * OpenTelemetry metrics through the global `MeterProvider`:
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
  const instruments = new InstrumentCache(options.meterProvider);
  const spans =
    options.annotateActiveSpan === false ? null : new ActiveSpanCost();

  return function exportToOpenTelemetry(event) {
    try {
      addToMetrics(
        instruments.current(),
        event,
        options.includeUserId === true,
      );
      spans?.add(event);
    } catch (error) {
      report(options, error);
    }
  };
}

function addToMetrics(
  instruments: CostInstruments,
  event: UsageEvent,
  includeUserId: boolean,
): void {
  const attributes: Attributes = {
    'gen_ai.provider.name': event.provider,
    'gen_ai.response.model': event.model,
    'tokenledger.endpoint': event.endpoint,
  };
  if (includeUserId) attributes['user.id'] = event.userId;

  instruments.calls.add(1, {
    ...attributes,
    'tokenledger.priced': event.priced,
  });
  if (event.costUsd !== null)
    instruments.cost.add(Number(event.costUsd), attributes);

  for (const [type, key] of TOKEN_CLASSES) {
    const count = event.usage[key];
    if (count > 0) {
      instruments.tokens.add(count, {
        ...attributes,
        'gen_ai.token.type': type,
      });
    }
  }
  if (event.usage.reasoningTokens > 0) {
    instruments.reasoningTokens.add(event.usage.reasoningTokens, attributes);
  }
}

function report(options: OtelCostMetricsOptions, error: unknown): void {
  try {
    options.onError?.(toTokenledgerError(error, 'INTERNAL'));
  } catch {
    // An onError that throws must not reach the tracker.
  }
}
