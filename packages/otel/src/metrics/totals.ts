import type { Attributes, BatchObservableResult } from '@opentelemetry/api';
import { formatUsd, parseUsd, type UsageEvent } from '@tokenledger/core';
import type { CostInstruments } from './instruments.js';

// Disjoint classes under the semantic conventions' gen_ai.token.type: the
// values add up to every token of the call (reasoning is inside output).
const TOKEN_CLASSES = [
  ['input', 'inputTokens'],
  ['cache_read', 'cacheReadTokens'],
  ['cache_creation', 'cacheWriteTokens'],
  ['cache_creation_1h', 'cacheWrite1hTokens'],
  ['output', 'outputTokens'],
] as const;

/** The running totals of one attribute set. */
interface Series {
  attributes: Attributes;
  tokenAttributes: Attributes[];
  pricedAttributes: Attributes;
  unpricedAttributes: Attributes;
  nano: bigint;
  tokens: number[];
  reasoning: number;
  priced: number;
  unpriced: number;
}

/**
 * Running totals per provider, model, endpoint (and user), kept exactly
 * (cost in nano-USD) and handed to the SDK when it collects. Observable
 * counters instead of `Counter.add` per event: the SDK hashes the
 * attributes of every `add`, which cost ten times the rest of a record.
 */
export class CostTotals {
  readonly #series = new Map<string, Series>();

  constructor(private readonly includeUserId: boolean) {}

  add(event: UsageEvent): void {
    const series = this.#seriesOf(event);
    const { usage } = event;

    if (event.costUsd === null) series.unpriced += 1;
    else {
      series.priced += 1;
      series.nano += parseUsd(event.costUsd);
    }
    for (let i = 0; i < TOKEN_CLASSES.length; i += 1) {
      series.tokens[i]! += usage[TOKEN_CLASSES[i]![1]];
    }
    series.reasoning += usage.reasoningTokens;
  }

  observe(result: BatchObservableResult, instruments: CostInstruments): void {
    for (const series of this.#series.values()) {
      if (series.priced > 0) {
        const cost = Number(formatUsd(series.nano));
        result.observe(instruments.cost, cost, series.attributes);
        result.observe(
          instruments.calls,
          series.priced,
          series.pricedAttributes,
        );
      }
      if (series.unpriced > 0) {
        result.observe(
          instruments.calls,
          series.unpriced,
          series.unpricedAttributes,
        );
      }
      series.tokens.forEach((count, i) => {
        if (count > 0) {
          result.observe(instruments.tokens, count, series.tokenAttributes[i]);
        }
      });
      if (series.reasoning > 0) {
        result.observe(
          instruments.reasoningTokens,
          series.reasoning,
          series.attributes,
        );
      }
    }
  }

  #seriesOf(event: UsageEvent): Series {
    const user = this.includeUserId ? event.userId : '';
    const key = `${event.provider}\u0000${event.model}\u0000${event.endpoint}\u0000${user}`;
    const known = this.#series.get(key);
    if (known) return known;

    const attributes: Attributes = {
      'gen_ai.provider.name': event.provider,
      'gen_ai.response.model': event.model,
      'tokenledger.endpoint': event.endpoint,
      ...(this.includeUserId ? { 'user.id': event.userId } : {}),
    };
    const series: Series = {
      attributes,
      tokenAttributes: TOKEN_CLASSES.map(([type]) => ({
        ...attributes,
        'gen_ai.token.type': type,
      })),
      pricedAttributes: { ...attributes, 'tokenledger.priced': true },
      unpricedAttributes: { ...attributes, 'tokenledger.priced': false },
      nano: 0n,
      tokens: TOKEN_CLASSES.map(() => 0),
      reasoning: 0,
      priced: 0,
      unpriced: 0,
    };
    this.#series.set(key, series);

    return series;
  }
}
