import { metrics } from '@opentelemetry/api';
import {
  ConsoleMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createTracker, withUsageContext } from '@tokenledger/core';
import { otelCostMetrics, TokenledgerSpanProcessor } from '@tokenledger/otel';

// Metrics out: the app's own MeterProvider (here: printed to the console).
const reader = new PeriodicExportingMetricReader({
  exporter: new ConsoleMetricExporter(),
  exportIntervalMillis: 60_000,
});
metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));

// The tracker (an in-memory store here; openStore() of @tokenledger/kysely
// in an app) exports every recorded call as metrics.
const rows = [];
const tracker = createTracker({
  store: {
    async insertEvents(events) {
      rows.push(...events);
      return { inserted: events.length, duplicates: 0 };
    },
  },
  spoolPath: false,
  onRecorded: otelCostMetrics(),
});

// Spans in: GenAI spans of any instrumentation become tracker events.
const provider = new BasicTracerProvider({
  spanProcessors: [new TokenledgerSpanProcessor({ tracker })],
});
const tracer = provider.getTracer('example');

// What an instrumentation following the GenAI conventions emits for one
// Anthropic call (input_tokens includes the cache reads and writes).
withUsageContext({ userId: 'u_42', endpoint: 'claims.validate' }, () => {
  const span = tracer.startSpan('chat claude-sonnet-4-5', {
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
    },
  });
  span.setAttributes({
    'gen_ai.usage.input_tokens': 3500,
    'gen_ai.usage.cache_read.input_tokens': 2000,
    'gen_ai.usage.cache_creation.input_tokens': 500,
    'gen_ai.usage.output_tokens': 300,
  });
  span.end();
});

await provider.shutdown();
await tracker.shutdown();
const [event] = rows;
console.log(
  event.userId,
  event.endpoint,
  event.usage.inputTokens,
  event.costUsd,
);
// u_42 claims.validate 1000 0.009975000
await reader.forceFlush(); // prints tokenledger.cost, tokenledger.tokens, …
