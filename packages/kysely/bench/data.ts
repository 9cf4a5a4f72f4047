import { formatUsd, type UsageEvent } from '@tokenledger/core';
import type { StoreDialect } from '../src/dialects/types.js';
import { EVENT_COLUMNS } from '../src/schema/tables.js';
import {
  eventRowValues,
  eventTimeMs,
  readEventCosts,
} from '../src/write/event-row.js';

const HOUR_MS = 3_600_000;

/** Knobs of the synthetic traffic. */
export interface TrafficOptions {
  events: number;
  days: number;
  start: Date;
}

const ENDPOINTS = [
  ['POST /claims/:id/validate', 'claude-sonnet-4-5', 'anthropic'],
  ['POST /claims/:id/summarize', 'claude-haiku-4-5', 'anthropic'],
  ['POST /chat', 'gpt-5', 'openai'],
  ['POST /chat/title', 'gpt-5-mini', 'openai'],
  ['POST /search/rerank', 'gpt-5-nano', 'openai'],
  ['POST /documents/:id/ocr', 'mistral-ocr-latest', 'mistral'],
  ['POST /documents/:id/extract', 'claude-sonnet-4-5', 'anthropic'],
  ['POST /emails/draft', 'gpt-5', 'openai'],
  ['POST /emails/classify', 'gpt-5-nano', 'openai'],
  ['POST /support/answer', 'claude-sonnet-4-5', 'anthropic'],
  ['POST /support/triage', 'claude-haiku-4-5', 'anthropic'],
  ['POST /reports/weekly', 'gemini-2.5-pro', 'google'],
] as const;

const USERS = Array.from({ length: 500 }, (_, i) => `user-${i}`);

/**
 * Yields batches of realistic events in time order: 500 users with a few
 * favourite endpoints each, 12 endpoints on one model apiece, a release
 * every 10 days, 2% errors, 2% unpriced, half tagged. Deterministic.
 */
export function* trafficBatches(
  options: TrafficOptions,
  batchSize: number,
): Generator<UsageEvent[]> {
  const random = mulberry32(7);
  const spanMs = options.days * 24 * HOUR_MS;
  const stepMs = spanMs / options.events;
  const start = options.start.getTime();

  for (let first = 0; first < options.events; first += batchSize) {
    const size = Math.min(batchSize, options.events - first);

    yield Array.from({ length: size }, (_, i) =>
      makeEvent(first + i, Math.floor(start + (first + i) * stepMs), random),
    );
  }
}

function makeEvent(
  index: number,
  timeMs: number,
  random: () => number,
): UsageEvent {
  const user = USERS[Math.floor(random() ** 2 * USERS.length)] as string;
  const favourite =
    (Number(user.slice(5)) + Math.floor(random() * 3)) % ENDPOINTS.length;
  const [endpoint, model, provider] = ENDPOINTS[favourite] ?? ENDPOINTS[0];
  const input = 200 + Math.floor(random() * 4000);
  const output = 50 + Math.floor(random() * 900);
  const cacheRead = random() < 0.4 ? Math.floor(random() * 8000) : 0;
  const priced = random() >= 0.02;
  const day = Math.floor((timeMs - Date.UTC(2026, 0, 1)) / 86_400_000);

  return {
    id: `${timeMs.toString(16).padStart(12, '0')}-7${index.toString(16).padStart(23, '0')}`,
    timestamp: new Date(timeMs),
    provider,
    model,
    canonicalModel: priced ? model : null,
    userId: user,
    endpoint,
    release: `3.${Math.floor(day / 10)}.0`,
    tags: random() < 0.5 ? { team: random() < 0.5 ? 'claims' : 'growth' } : {},
    shape: null,
    usage: {
      inputTokens: input,
      outputTokens: output,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      cacheReadTokens: cacheRead,
      reasoningTokens: 0,
      audioInputTokens: 0,
      audioOutputTokens: 0,
    },
    priced,
    unpricedReason: priced ? null : `No price for ${model}`,
    ...costs(priced, input, output, cacheRead),
    priceId: priced ? `${provider}/${model}@2026-01-01` : null,
    providerCostUsd: null,
    batch: false,
    streamed: random() < 0.3,
    incomplete: false,
    latencyMs: Math.floor(200 + random() * 3000),
    status: random() < 0.02 ? 'error' : 'ok',
    attempt: 1,
    requestId: `req_${index}`,
    prefixHash: null,
    prefixTokens: null,
    maxTokensHit: false,
  };
}

// $3 / $15 / $0.30 per million input / output / cache-read tokens, in nano-USD per token.
function costs(
  priced: boolean,
  input: number,
  output: number,
  cacheRead: number,
) {
  if (!priced) return { costUsd: null, cost: null };

  const inputNano = BigInt(input) * 3000n;
  const outputNano = BigInt(output) * 15000n;
  const readNano = BigInt(cacheRead) * 300n;

  return {
    costUsd: formatUsd(inputNano + outputNano + readNano),
    cost: {
      input: formatUsd(inputNano),
      output: formatUsd(outputNano),
      cacheWrite: '0.000000000',
      cacheRead: formatUsd(readNano),
      units: '0.000000000',
    },
  };
}

function mulberry32(seed: number): () => number {
  let state = seed;

  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** `BENCH_SCALE` (default 1) times `full`, at least 1. */
export function scaled(full: number): number {
  const scale = Number(process.env.BENCH_SCALE ?? 1);

  return Math.max(1, Math.round(full * (Number.isFinite(scale) ? scale : 1)));
}

/** The median of some timings, in ms. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The times of `runs` sequential runs of `work`, in ms, in run order. */
export async function timeRuns(
  runs: number,
  work: () => Promise<unknown>,
): Promise<number[]> {
  const timings: number[] = [];

  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    timings.push(performance.now() - started);
  }

  return timings;
}

/** A batch's event rows, bound as the store's writer binds them. */
export function eventRows(
  batch: readonly UsageEvent[],
  dialect: StoreDialect,
): unknown[][] {
  return batch.map((event) =>
    eventRowValues(event, eventTimeMs(event), readEventCosts(event), dialect),
  );
}

/**
 * The bare driver's MySQL insert of a batch: one multi-row statement, its
 * `values ?` expanded by mysql2 from {@link eventRows}.
 */
export const BARE_MYSQL_INSERT = `insert into \`usage_events\` (${EVENT_COLUMNS.map((c) => `\`${c}\``).join(', ')}) values ?`;
