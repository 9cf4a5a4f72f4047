import { formatUsd, parseUsd, type UsageEvent } from '@tokenledger/core';

/**
 * The LLM cost of one request so far, kept in `res.locals` by the
 * middleware's `costLocals` option.
 *
 * @example
 * ```ts
 * res.on('finish', () => {
 *   const cost: RequestCost = res.locals.tokenledgerCost;
 *   log.info({ costUsd: cost.costUsd, unpriced: cost.unpricedCalls });
 * });
 * ```
 */
export interface RequestCost {
  /** LLM calls recorded in the request's scope. */
  calls: number;
  /** Calls without a price: their cost is unknown, not zero. */
  unpricedCalls: number;
  /** Sum of the priced calls, USD with 9 decimals. */
  costUsd: string;
}

/** The slice of an Express response the cost summary writes. */
export interface CostTarget {
  headersSent: boolean;
  locals: Record<string, unknown>;
  setHeader(name: string, value: string): unknown;
}

/** Where the summary goes; both off by default. */
export interface CostOutputs {
  header: string | undefined;
  localsKey: string | undefined;
}

/**
 * Starts a request's cost summary and returns the `onRecorded` hook that
 * adds each event to it. The header is rewritten on every event while the
 * headers are not sent yet, so it covers the calls made before the response
 * started; `res.locals` keeps counting after that.
 */
export function startCostSummary(
  res: CostTarget,
  outputs: CostOutputs,
): (event: UsageEvent) => void {
  const cost: RequestCost = { calls: 0, unpricedCalls: 0, costUsd: '' };
  let totalNano = 0n;

  const publish = () => {
    cost.costUsd = formatUsd(totalNano);
    if (outputs.header && !res.headersSent) {
      res.setHeader(outputs.header, costHeaderValue(cost));
    }
  };

  if (outputs.localsKey) res.locals[outputs.localsKey] = cost;
  publish();

  return (event) => {
    cost.calls += 1;
    if (event.costUsd === null) cost.unpricedCalls += 1;
    else totalNano += parseUsd(event.costUsd);

    publish();
  };
}

/**
 * Formats a {@link RequestCost} for the `X-Tokenledger-Cost` header:
 * `<usd>; calls=<n>`, plus `; unpriced=<m>` when some calls had no price.
 *
 * @example
 * ```ts
 * costHeaderValue({ calls: 2, unpricedCalls: 1, costUsd: '0.004185000' });
 * // '0.004185000; calls=2; unpriced=1'
 * ```
 */
export function costHeaderValue(cost: RequestCost): string {
  const unpriced =
    cost.unpricedCalls > 0 ? `; unpriced=${cost.unpricedCalls}` : '';

  return `${cost.costUsd}; calls=${cost.calls}${unpriced}`;
}
