// Cost of TokenledgerSpanProcessor per span, on the thread that ends the
// span: the same GenAI span (current GenAI conventions, an Anthropic call
// with cache reads and writes) started, given its usage and ended on a
// provider without and with the processor; then an unrelated (HTTP) span
// the same way, which the processor only looks at. The difference of the
// medians is the processor's overhead per span, recording (normalize is
// skipped: the usage is read from attributes; price, validate, enqueue)
// included. Runs against dist/ (build first). BENCH_SCALE shrinks or
// grows the measuring time, e.g. BENCH_SCALE=0.1 for a quick check.
import { metrics } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createTracker, withUsageContext } from '@tokenledger/core';
import { Bench } from 'tinybench';
import {
  otelCostMetrics,
  TokenledgerSpanProcessor,
} from '../dist/esm/index.js';

const SPANS_PER_SAMPLE = 1000;
const scale = Number(process.env.BENCH_SCALE ?? 1);

const start = {
  'gen_ai.operation.name': 'chat',
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.request.model': 'claude-sonnet-4-5',
};
const end = {
  'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
  'gen_ai.response.id': 'msg_01XFDUDYJgAACzvnptvVoYEL',
  'gen_ai.response.finish_reasons': ['end_turn'],
  'gen_ai.usage.input_tokens': 3500,
  'gen_ai.usage.cache_read.input_tokens': 2000,
  'gen_ai.usage.cache_creation.input_tokens': 500,
  'gen_ai.usage.output_tokens': 300,
};
const http = { 'http.request.method': 'POST', 'http.route': '/claims/:id' };
const scope = { userId: 'u_42', endpoint: 'POST /claims/:id/validate' };

const noopStore = {
  insertEvents: async (events) => ({ inserted: events.length, duplicates: 0 }),
};

function tracerWith(processors) {
  return new BasicTracerProvider({ spanProcessors: processors }).getTracer(
    'bench',
  );
}

function trackerWith(options = {}) {
  return createTracker({
    store: noopStore,
    spoolPath: false,
    maxBufferedEvents: 100_000,
    ...options,
  });
}

const plainTracker = trackerWith();
const metricsTracker = trackerWith({ onRecorded: otelCostMetrics() });
class IdleReader extends MetricReader {
  async onShutdown() {}
  async onForceFlush() {}
}
metrics.setGlobalMeterProvider(
  new MeterProvider({ readers: [new IdleReader()] }),
);

const bare = tracerWith([]);
const bridged = tracerWith([
  new TokenledgerSpanProcessor({ tracker: plainTracker }),
]);
const bridgedWithMetrics = tracerWith([
  new TokenledgerSpanProcessor({ tracker: metricsTracker }),
]);

function genAiSpans(tracer) {
  return () =>
    withUsageContext(scope, () => {
      for (let i = 0; i < SPANS_PER_SAMPLE; i += 1) {
        const span = tracer.startSpan('chat claude-sonnet-4-5', {
          attributes: start,
        });
        span.setAttributes(end);
        span.end();
      }
    });
}

function httpSpans(tracer) {
  return () =>
    withUsageContext(scope, () => {
      for (let i = 0; i < SPANS_PER_SAMPLE; i += 1) {
        tracer.startSpan('POST', { attributes: http }).end();
      }
    });
}

const flush = (tracker) => ({ afterEach: () => tracker.flush() });

const bench = new Bench({ name: 'span processor', time: 2000 * scale });
bench
  .add('GenAI span, no processor', genAiSpans(bare))
  .add(
    'GenAI span + TokenledgerSpanProcessor',
    genAiSpans(bridged),
    flush(plainTracker),
  )
  .add(
    'GenAI span + processor + otelCostMetrics',
    genAiSpans(bridgedWithMetrics),
    flush(metricsTracker),
  )
  .add('HTTP span, no processor', httpSpans(bare))
  .add('HTTP span + TokenledgerSpanProcessor', httpSpans(bridged));

await bench.run();

const rows = bench.tasks.map((task) => ({
  task: task.name,
  'p50 ns/span': perSpan(task.result.latency.p50),
  'mean ns/span': perSpan(task.result.latency.mean),
  'p99 ns/span': perSpan(task.result.latency.p99),
  samples: task.runs,
}));
console.log(`ns per span (${SPANS_PER_SAMPLE} spans/sample)`);
console.table(rows);

const p50 = Object.fromEntries(
  rows.map((row) => [row.task, row['p50 ns/span']]),
);
const overhead = (withIt, without) => (p50[withIt] - p50[without]).toFixed(1);
console.log(
  `processor overhead at p50: GenAI span ${overhead('GenAI span + TokenledgerSpanProcessor', 'GenAI span, no processor')} ns, with metrics ${overhead('GenAI span + processor + otelCostMetrics', 'GenAI span, no processor')} ns, HTTP span ${overhead('HTTP span + TokenledgerSpanProcessor', 'HTTP span, no processor')} ns`,
);

await plainTracker.shutdown();
await metricsTracker.shutdown();

function perSpan(sampleMs) {
  return Number(((sampleMs * 1e6) / SPANS_PER_SAMPLE).toFixed(1));
}
