// Cost of normalizeUsage per call, for each API shape, on real-shaped
// response bodies. Runs against dist/ (build first). BENCH_SCALE shrinks
// the measuring time, e.g. BENCH_SCALE=0.1 for a quick check. On a shared
// machine the min and p50 columns are the ones to compare.
import { Bench } from 'tinybench';
import { normalizeUsage } from '../dist/esm/index.js';

const CALLS_PER_SAMPLE = 1000;

const cases = [
  [
    'openai.chat',
    {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [],
      usage: {
        prompt_tokens: 2500,
        completion_tokens: 400,
        total_tokens: 2900,
        prompt_tokens_details: { cached_tokens: 2048, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 256,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    },
  ],
  [
    'openai.responses',
    {
      id: 'resp_1',
      object: 'response',
      usage: {
        input_tokens: 12033,
        input_tokens_details: { cached_tokens: 11904 },
        output_tokens: 44,
        output_tokens_details: { reasoning_tokens: 0 },
        total_tokens: 12077,
      },
    },
  ],
  [
    'openai.embeddings',
    { object: 'list', data: [], usage: { prompt_tokens: 8, total_tokens: 8 } },
  ],
  [
    'anthropic.messages',
    {
      id: 'msg_1',
      type: 'message',
      usage: {
        input_tokens: 12,
        cache_creation_input_tokens: 3000,
        cache_read_input_tokens: 0,
        cache_creation: {
          ephemeral_5m_input_tokens: 1000,
          ephemeral_1h_input_tokens: 2000,
        },
        output_tokens: 300,
        service_tier: 'standard',
        server_tool_use: null,
      },
    },
  ],
  [
    'gemini.generateContent',
    {
      candidates: [],
      usageMetadata: {
        promptTokenCount: 10000,
        candidatesTokenCount: 500,
        thoughtsTokenCount: 1200,
        cachedContentTokenCount: 8000,
        totalTokenCount: 11700,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10000 }],
        cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 8000 }],
      },
    },
  ],
  [
    'bedrock.converse',
    {
      stopReason: 'end_turn',
      usage: {
        inputTokens: 12,
        outputTokens: 300,
        totalTokens: 3312,
        cacheReadInputTokens: 0,
        cacheWriteInputTokens: 3000,
        cacheDetails: [
          { ttl: '1h', inputTokens: 2000 },
          { ttl: '5m', inputTokens: 1000 },
        ],
      },
    },
  ],
  [
    'mistral.chat',
    {
      promptTokens: 1200,
      completionTokens: 90,
      totalTokens: 1290,
      prompt_tokens_details: { cached_tokens: 1024 },
    },
  ],
  [
    'mistral.ocr',
    { pages: [], usage_info: { pages_processed: 29, doc_size_bytes: 3002783 } },
  ],
];

const scale = Number(process.env.BENCH_SCALE ?? 1);
const bench = new Bench({ name: 'normalizeUsage', time: 1000 * scale });

let sink = 0;
for (const [shape, body] of cases) {
  bench.add(shape, () => {
    for (let i = 0; i < CALLS_PER_SAMPLE; i += 1) {
      sink += normalizeUsage(shape, body).inputTokens;
    }
  });
}

await bench.run();

console.log(`normalizeUsage, ns per call (${CALLS_PER_SAMPLE} calls/sample)`);
console.table(
  bench.tasks.map((task) => ({
    shape: task.name,
    'min ns': perCall(task.result.latency.min),
    'p50 ns': perCall(task.result.latency.p50),
    'mean ns': perCall(task.result.latency.mean),
    'p99 ns': perCall(task.result.latency.p99),
    samples: task.runs,
  })),
);
if (sink === 0) console.log('unreachable: keeps the calls alive');

function perCall(sampleMs) {
  return Number(((sampleMs * 1e6) / CALLS_PER_SAMPLE).toFixed(1));
}
