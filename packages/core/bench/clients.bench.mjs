// What the instrumented clients add to a call, without the network: the
// wrapper around one `chat.completions.create` (fake in-memory client, so
// only our code is measured), the per-event cost of reading a stream through
// the recording observer, and the prefix fingerprint of a large prompt.
// Runs against dist/ (build first); BENCH_SCALE shrinks the measuring time.
import { Bench } from 'tinybench';
import {
  anthropicPrefix,
  createStreamAccumulator,
  instrumentAnthropic,
  instrumentOpenAI,
} from '../dist/esm/index.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const bench = new Bench({ time: 1000 * scale, warmupTime: 200 * scale });
const recorder = { record() {}, recordNormalized() {} };

const completion = {
  id: 'chatcmpl-1',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { content: 'ok' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1240, completion_tokens: 3, total_tokens: 1243 },
};

// The shape of an SDK APIPromise: a promise with withResponse().
function apiPromise(data) {
  const promise = Promise.resolve(data);
  promise.withResponse = async () => ({
    data,
    response: new Response(null),
    request_id: 'req_1',
  });
  return promise;
}

const fakeOpenAI = {
  chat: { completions: { create: () => apiPromise(completion) } },
  responses: {},
  embeddings: {},
};
const instrumentedOpenAI = instrumentOpenAI(fakeOpenAI, recorder);
const params = {
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You review insurance claims.' },
    { role: 'user', content: 'Is claim 4471 covered?' },
  ],
};

// A minimal stand-in for the SDK's Stream class (same constructor).
class FakeStream {
  constructor(iterator, controller) {
    this.iterator = iterator;
    this.controller = controller;
  }
  [Symbol.asyncIterator]() {
    return this.iterator();
  }
}

const EVENTS_PER_STREAM = 200;
const streamEvents = [
  {
    type: 'message_start',
    message: {
      id: 'msg_1',
      model: 'claude-sonnet-4-5',
      usage: {
        input_tokens: 472,
        cache_read_input_tokens: 2048,
        output_tokens: 2,
      },
    },
  },
  ...Array.from({ length: EVENTS_PER_STREAM - 3 }, () => ({
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text: 'token ' },
  })),
  {
    type: 'message_delta',
    delta: { stop_reason: 'end_turn' },
    usage: { output_tokens: 197 },
  },
  { type: 'message_stop' },
];

function fakeStream() {
  return new FakeStream(async function* () {
    yield* streamEvents;
  }, new AbortController());
}

const fakeAnthropic = {
  messages: { create: () => apiPromise(fakeStream()) },
};
const instrumentedAnthropic = instrumentAnthropic(fakeAnthropic, recorder);

const largeRequest = {
  tools: Array.from({ length: 10 }, (_, index) => ({
    name: `tool_${index}`,
    description: 'Looks a policy up by its number and returns its sections.',
    input_schema: { type: 'object', properties: { id: { type: 'string' } } },
  })),
  system: [
    {
      type: 'text',
      text: 'p'.repeat(16_000),
      cache_control: { type: 'ephemeral' },
    },
  ],
  messages: [{ role: 'user', content: 'Is claim 4471 covered?' }],
};

bench
  .add('chat.completions.create, uninstrumented (fake client)', async () => {
    await fakeOpenAI.chat.completions.create(params);
  })
  .add('chat.completions.create, instrumented (fake client)', async () => {
    await instrumentedOpenAI.chat.completions.create(params);
  })
  .add(`stream of ${EVENTS_PER_STREAM} events, uninstrumented`, async () => {
    const stream = await fakeAnthropic.messages.create({ stream: true });
    for await (const _event of stream);
  })
  .add(`stream of ${EVENTS_PER_STREAM} events, instrumented`, async () => {
    const stream = await instrumentedAnthropic.messages.create({
      stream: true,
    });
    for await (const _event of stream);
  })
  .add('createStreamAccumulator push, 1 event', () => {
    const accumulator = createStreamAccumulator('anthropic.messages');
    accumulator.push(streamEvents[1]);
  })
  .add('anthropicPrefix, 16k-char system + 10 tools', () => {
    anthropicPrefix(largeRequest);
  });

await bench.run();

console.table(
  bench.tasks.map(({ name, result }) => ({
    task: name,
    'min (µs)': (result.latency.min * 1000).toFixed(2),
    'p50 (µs)': (result.latency.p50 * 1000).toFixed(2),
    'p99 (µs)': (result.latency.p99 * 1000).toFixed(2),
    samples: result.latency.samplesCount ?? result.totalTime,
  })),
);
