import {
  type BatchObservableResult,
  type MeterProvider,
  metrics,
  type Observable,
  ValueType,
} from '@opentelemetry/api';

/**
 * The metric names of {@link otelCostMetrics}, semantic-convention style.
 *
 * @example
 * ```ts
 * metricData.filter((metric) => metric.descriptor.name === METRIC_NAMES.cost);
 * ```
 */
export const METRIC_NAMES = {
  cost: 'tokenledger.cost',
  tokens: 'tokenledger.tokens',
  reasoningTokens: 'tokenledger.reasoning_tokens',
  calls: 'tokenledger.calls',
} as const;

/** The instruments of {@link otelCostMetrics}, observed together. */
export interface CostInstruments {
  cost: Observable;
  tokens: Observable;
  reasoningTokens: Observable;
  calls: Observable;
}

/** Reports the running totals when the SDK collects. */
export type ObserveTotals = (
  result: BatchObservableResult,
  instruments: CostInstruments,
) => void;

const SCOPE = '@tokenledger/otel';

/**
 * Registers the observable counters on the current meter provider. The
 * global provider is looked up at every event: `@opentelemetry/api` has no
 * proxy meter, so a meter taken before the app registered its provider
 * would stay a no-op. A provider seen for the first time gets the
 * instruments and the batch callback.
 */
export class InstrumentRegistry {
  #provider: MeterProvider | undefined;

  constructor(
    private readonly fixed: MeterProvider | undefined,
    private readonly observe: ObserveTotals,
  ) {}

  ensure(): void {
    const provider = this.fixed ?? metrics.getMeterProvider();
    if (provider === this.#provider) return;

    this.#provider = provider;
    register(provider, this.observe);
  }
}

function register(provider: MeterProvider, observe: ObserveTotals): void {
  const meter = provider.getMeter(SCOPE);
  const instruments: CostInstruments = {
    cost: meter.createObservableCounter(METRIC_NAMES.cost, {
      unit: 'USD',
      description:
        'Cost of recorded LLM calls; a float view of the exact amount tokenledger stores (9 decimals).',
      valueType: ValueType.DOUBLE,
    }),
    tokens: meter.createObservableCounter(METRIC_NAMES.tokens, {
      unit: '{token}',
      description:
        'Tokens of recorded LLM calls by disjoint class (gen_ai.token.type: input, cache_read, cache_creation, cache_creation_1h, output); they add up to every token.',
      valueType: ValueType.INT,
    }),
    reasoningTokens: meter.createObservableCounter(
      METRIC_NAMES.reasoningTokens,
      {
        unit: '{token}',
        description:
          'Reasoning tokens of recorded LLM calls, already counted in tokenledger.tokens as output.',
        valueType: ValueType.INT,
      },
    ),
    calls: meter.createObservableCounter(METRIC_NAMES.calls, {
      unit: '{call}',
      description:
        'Recorded LLM calls; tokenledger.priced=false counts calls without a price (their cost is not in tokenledger.cost).',
      valueType: ValueType.INT,
    }),
  };

  meter.addBatchObservableCallback(
    (result) => observe(result, instruments),
    Object.values(instruments),
  );
}
