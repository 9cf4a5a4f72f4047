import { type Span, trace } from '@opentelemetry/api';
import { formatUsd, parseUsd, type UsageEvent } from '@tokenledger/core';

/**
 * Attributes {@link otelCostMetrics} sets on the active span: running totals
 * of the calls recorded while it was active.
 *
 * @example
 * ```ts
 * span.attributes[SPAN_COST_ATTRIBUTES.costUsd]; // '0.019950000'
 * ```
 */
export const SPAN_COST_ATTRIBUTES = {
  /** Float USD, the name OpenLIT and others read. */
  cost: 'gen_ai.usage.cost',
  /** The exact decimal string, 9 decimals. */
  costUsd: 'tokenledger.cost_usd',
  calls: 'tokenledger.calls',
  unpricedCalls: 'tokenledger.unpriced_calls',
} as const;

interface SpanTotal {
  nano: bigint;
  calls: number;
  unpriced: number;
}

// Kept on the span object itself: a WeakMap entry per span cost more than
// the rest of the export.
const TOTAL = Symbol('tokenledger.spanCost');
type WithTotal = { [TOTAL]?: SpanTotal };

/**
 * Adds each recorded call's cost to the span active when it was recorded,
 * as running totals: a request span that made three calls carries the sum
 * of the three. Unpriced calls are counted apart, never as $0.
 */
export class ActiveSpanCost {
  add(event: UsageEvent): void {
    const span: (Span & WithTotal) | undefined = trace.getActiveSpan();
    if (!span?.isRecording()) return;

    span[TOTAL] ??= { nano: 0n, calls: 0, unpriced: 0 };
    const total = span[TOTAL];
    total.calls += 1;
    if (event.costUsd === null) total.unpriced += 1;
    else total.nano += parseUsd(event.costUsd);

    const exact = formatUsd(total.nano);
    span.setAttributes({
      [SPAN_COST_ATTRIBUTES.cost]: Number(exact),
      [SPAN_COST_ATTRIBUTES.costUsd]: exact,
      [SPAN_COST_ATTRIBUTES.calls]: total.calls,
      ...(total.unpriced > 0
        ? { [SPAN_COST_ATTRIBUTES.unpricedCalls]: total.unpriced }
        : {}),
    });
  }
}
