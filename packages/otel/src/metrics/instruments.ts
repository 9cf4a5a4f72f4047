import {
  type Counter,
  type Meter,
  type MeterProvider,
  metrics,
  ValueType,
} from '@opentelemetry/api';

/** The instruments of {@link otelCostMetrics}. */
export interface CostInstruments {
  cost: Counter;
  tokens: Counter;
  reasoningTokens: Counter;
  calls: Counter;
}

/** Instrument names, semantic-convention style. */
export const METRIC_NAMES = {
  cost: 'tokenledger.cost',
  tokens: 'tokenledger.tokens',
  reasoningTokens: 'tokenledger.reasoning_tokens',
  calls: 'tokenledger.calls',
} as const;

const SCOPE = '@tokenledger/otel';

/**
 * The instruments of the current meter provider. The global provider is
 * looked up at every event: `@opentelemetry/api` has no proxy meter, so a
 * meter taken before the app registered its provider would stay a no-op.
 */
export class InstrumentCache {
  #provider: MeterProvider | undefined;
  #instruments: CostInstruments | undefined;

  constructor(private readonly fixed: MeterProvider | undefined) {}

  current(): CostInstruments {
    const provider = this.fixed ?? metrics.getMeterProvider();
    if (provider !== this.#provider || !this.#instruments) {
      this.#provider = provider;
      this.#instruments = createInstruments(provider.getMeter(SCOPE));
    }

    return this.#instruments;
  }
}

function createInstruments(meter: Meter): CostInstruments {
  return {
    cost: meter.createCounter(METRIC_NAMES.cost, {
      unit: 'USD',
      description:
        'Cost of recorded LLM calls; a float view of the exact amount tokenledger stores (9 decimals).',
      valueType: ValueType.DOUBLE,
    }),
    tokens: meter.createCounter(METRIC_NAMES.tokens, {
      unit: '{token}',
      description:
        'Tokens of recorded LLM calls by disjoint class (gen_ai.token.type: input, cache_read, cache_creation, cache_creation_1h, output); they add up to every token.',
      valueType: ValueType.INT,
    }),
    reasoningTokens: meter.createCounter(METRIC_NAMES.reasoningTokens, {
      unit: '{token}',
      description:
        'Reasoning tokens of recorded LLM calls, already counted in tokenledger.tokens as output.',
      valueType: ValueType.INT,
    }),
    calls: meter.createCounter(METRIC_NAMES.calls, {
      unit: '{call}',
      description:
        'Recorded LLM calls; tokenledger.priced=false counts calls without a price (their cost is not in tokenledger.cost).',
      valueType: ValueType.INT,
    }),
  };
}
