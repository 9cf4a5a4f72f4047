// Priced calls per second: 1,000,000 pre-normalized usages across 20
// models (every provider, Bedrock and Vertex ids, tiers, batch), priced one
// by one with model resolution cached. Runs against dist/ (build first).
// BENCH_SCALE shrinks the run, e.g. BENCH_SCALE=0.1 for 100,000 calls.
import { priceUsage, tokenUsage } from '../dist/esm/index.js';

const scale = Number(process.env.BENCH_SCALE ?? 1);
const CALLS = Math.max(1000, Math.round(1_000_000 * scale));
const ROUNDS = 3;

const MODELS = [
  ['anthropic', 'claude-sonnet-4-5-20250929'],
  ['anthropic', 'claude-opus-4-5'],
  ['anthropic', 'claude-haiku-4-5'],
  ['anthropic', 'claude-3-5-haiku-latest'],
  ['anthropic', 'claude-opus-5-5'],
  ['bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0'],
  ['bedrock', 'global.anthropic.claude-haiku-4-5-20251001-v1:0'],
  ['vertex', 'claude-sonnet-4@20250514'],
  ['openai', 'gpt-4o-2024-08-06'],
  ['openai', 'gpt-4o-mini'],
  ['openai', 'gpt-5'],
  ['openai', 'gpt-5-nano'],
  ['openai', 'gpt-4.1-mini'],
  ['openai', 'gpt-5.6-terra'],
  ['azure', 'gpt-5-mini'],
  ['google', 'gemini-2.5-pro'],
  ['google', 'gemini-2.5-flash'],
  ['google', 'gemini-3.8-flash'],
  ['mistral', 'mistral-large-latest'],
  ['mistral', 'mistral-small-2603'],
];

function makeCalls(count) {
  const at = new Date('2026-11-20T12:00:00Z');
  const calls = new Array(count);
  let seed = 42;
  const next = (max) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % max;
  };

  for (let index = 0; index < count; index += 1) {
    const [provider, model] = MODELS[index % MODELS.length];
    // one call in 23 (coprime with the 20 models) is past the 200k long-context threshold, so the tier
    // lookup is timed too (Sonnet 4.5, Gemini 2.5 Pro and others price it)
    const longContext = index % 23 === 3 ? 200_001 : 0;
    const usage = tokenUsage({
      inputTokens: longContext + next(20_000),
      outputTokens: next(4000),
      cacheReadTokens: provider === 'mistral' ? 0 : next(50_000),
      cacheWriteTokens: provider === 'anthropic' ? next(5000) : 0,
      reasoningTokens: 0,
    });
    calls[index] = { provider, model, usage, at, batch: index % 10 === 0 };
  }

  return calls;
}

const calls = makeCalls(CALLS);
let checksum = 0;
let tiered = 0;
// Warm-up, and a check that the rate is of real pricing: an unpriced call
// is a cheap early return and would inflate it.
for (const call of calls.slice(0, 20_000)) {
  const cost = priceUsage(call);
  if (!cost.priced) {
    throw new Error(
      `${call.provider}/${call.model} is unpriced: ${cost.reason}`,
    );
  }
  if (cost.tier !== null) tiered += 1;
}
if (tiered === 0) throw new Error('no call reached a long-context tier');

// Wall time and this process's CPU time: on a shared machine the CPU-time
// rate is the one that says what one core does.
const rates = [];
const cpuRates = [];
for (let round = 0; round < ROUNDS; round += 1) {
  globalThis.gc?.();
  const cpuStarted = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let index = 0; index < calls.length; index += 1) {
    const cost = priceUsage(calls[index]);
    checksum += cost.priced ? cost.totalUsd.length : -1e9;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  rates.push(calls.length / seconds);
  cpuRates.push(calls.length / ((cpu.user + cpu.system) / 1e6));
}

const format = (list) =>
  list.map((rate) => Math.round(rate).toLocaleString('en-US')).join(', ');
const best = Math.max(...rates);
const bestCpu = Math.max(...cpuRates);
console.log(
  `priceUsage: ${CALLS.toLocaleString('en-US')} calls x ${ROUNDS} rounds, ${MODELS.length} models, every call priced, ${tiered} of the first 20,000 in a long-context tier (checksum ${checksum})`,
);
console.log(
  `  wall calls/s per round: ${format(rates)}; best ${Math.round(best).toLocaleString('en-US')}`,
);
console.log(
  `  CPU-time calls/s per round: ${format(cpuRates)}; best ${Math.round(bestCpu).toLocaleString('en-US')} (${(1e9 / bestCpu).toFixed(0)} ns/call)`,
);
