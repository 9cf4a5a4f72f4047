// Caller-side cost of tracker.record() (normalize + price + context +
// enqueue) through a no-op store, beside the path most LLM observability
// SDKs take: one OpenTelemetry span carrying the same usage as attributes,
// ended into a BatchSpanProcessor with an in-memory exporter. Both sides
// flush between samples, outside the timed window. Runs against dist/
// (build first). BENCH_SCALE shrinks the measuring time and the end-to-end
// run, e.g. BENCH_SCALE=0.1 for a quick check.
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { Bench } from 'tinybench';
import {
  createTracker,
  normalizeUsage,
  UsageEventSchema,
  withUsageContext,
} from '../dist/esm/index.js';

const CALLS_PER_SAMPLE = 1000;
const scale = Number(process.env.BENCH_SCALE ?? 1);

// An Anthropic Messages response's usage, as received.
const usage = {
  input_tokens: 452,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 2048,
  cache_creation: {
    ephemeral_5m_input_tokens: 0,
    ephemeral_1h_input_tokens: 0,
  },
  output_tokens: 400,
  service_tier: 'standard',
};
const call = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5-20250929',
  shape: 'anthropic.messages',
  usage,
  latencyMs: 1830,
  requestId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
};
const normalized = normalizeUsage('anthropic.messages', usage);
const scope = {
  userId: 'u_42',
  endpoint: 'POST /claims/:id/validate',
  tags: { plan: 'pro' },
};

const noopStore = {
  insertEvents: async (events) => ({ inserted: events.length, duplicates: 0 }),
};
const tracker = createTracker({
  store: noopStore,
  spoolPath: false,
  release: '2.4.0',
  maxBufferedEvents: 100_000,
});

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  spanProcessors: [new BatchSpanProcessor(exporter)],
});
const otel = provider.getTracer('bench');

function recordCalls() {
  for (let i = 0; i < CALLS_PER_SAMPLE; i += 1) tracker.record(call);
}

function recordNormalizedCalls() {
  for (let i = 0; i < CALLS_PER_SAMPLE; i += 1) {
    tracker.recordNormalized({ ...call, usage: normalized });
  }
}

// The same facts as attributes, GenAI semantic-convention names.
function endSpans() {
  for (let i = 0; i < CALLS_PER_SAMPLE; i += 1) {
    const span = otel.startSpan('chat claude-sonnet-4-5-20250929', {
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'anthropic',
        'gen_ai.request.model': call.model,
        'gen_ai.response.id': call.requestId,
        'gen_ai.usage.input_tokens': usage.input_tokens,
        'gen_ai.usage.output_tokens': usage.output_tokens,
        'gen_ai.usage.cache_read.input_tokens': usage.cache_read_input_tokens,
        'gen_ai.usage.cache_creation.input_tokens': 0,
        'user.id': scope.userId,
        'http.route': scope.endpoint,
        plan: scope.tags.plan,
      },
    });
    span.end();
  }
}

let lastEvent;
tracker.record({ ...call, requestId: 'probe' });
withUsageContext({ onRecorded: (event) => (lastEvent = event) }, () =>
  tracker.record(call),
);
function parseEvents() {
  for (let i = 0; i < CALLS_PER_SAMPLE; i += 1)
    UsageEventSchema.parse(lastEvent);
}

const flushTracker = { afterEach: () => tracker.flush() };
const flushOtel = {
  afterEach: async () => {
    await provider.forceFlush();
    exporter.reset();
  },
};

const bench = new Bench({ name: 'tracker', time: 1500 * scale });
bench
  .add(
    'tracker.record (raw usage, in a scope)',
    () => withUsageContext(scope, recordCalls),
    flushTracker,
  )
  .add(
    'tracker.recordNormalized (in a scope)',
    () => withUsageContext(scope, recordNormalizedCalls),
    flushTracker,
  )
  .add('OTel span + BatchSpanProcessor', endSpans, flushOtel)
  .add('(for scale) UsageEventSchema.parse', parseEvents);

await bench.run();

const rows = bench.tasks.map((task) => ({
  task: task.name,
  'p50 ns/call': perCall(task.result.latency.p50),
  'mean ns/call': perCall(task.result.latency.mean),
  'p99 ns/call': perCall(task.result.latency.p99),
  'calls/s (p50)': Math.round(1e9 / perCall(task.result.latency.p50)),
  samples: task.runs,
}));
console.log(
  `tracker.record vs an OTel span, ns per call (${CALLS_PER_SAMPLE} calls/sample)`,
);
console.table(rows);

const recordP50 = rows[0]['p50 ns/call'];
const spanP50 = rows[2]['p50 ns/call'];
console.log(
  `ratio, OTel span / tracker.record at p50: ${(spanP50 / recordP50).toFixed(2)}x`,
);

await endToEnd(Math.round(200_000 * scale));
await tracker.shutdown();
await provider.shutdown();

// Events per second all the way to the (no-op) store: record, batch, write.
async function endToEnd(count) {
  const before = tracker.stats().written;
  const started = process.hrtime.bigint();
  await withUsageContext(scope, async () => {
    for (let i = 0; i < count; i += 1) {
      tracker.record(call);
      if (i % 10_000 === 9_999) await new Promise(setImmediate);
    }
  });
  await tracker.flush();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const written = tracker.stats().written - before;

  console.log(
    `end to end: ${written} events written in ${seconds.toFixed(2)} s = ${Math.round(written / seconds)} events/s (dropped: ${tracker.stats().dropped})`,
  );
}

function perCall(sampleMs) {
  return Number(((sampleMs * 1e6) / CALLS_PER_SAMPLE).toFixed(1));
}
