import { formatUsd, type UsageEvent } from '@tokenledger/core';

/**
 * Test prices in nano-USD per token (USD per million tokens x 1000), from the
 * providers' price pages: Anthropic Claude Sonnet 4.5 ($3 in, $15 out, $3.75
 * 5-minute cache write, $0.30 cache read) and OpenAI gpt-4o-mini ($0.15 in,
 * $0.60 out, $0.075 cached input). `mystery-model` has no price.
 */
export const TEST_PRICES = {
  'claude-sonnet-4-5': {
    provider: 'anthropic',
    input: 3000n,
    output: 15000n,
    cacheWrite: 3750n,
    cacheRead: 300n,
  },
  'gpt-4o-mini': {
    provider: 'openai',
    input: 150n,
    output: 600n,
    cacheWrite: 0n,
    cacheRead: 75n,
  },
} as const;

/** What a test says about one call; the rest is filled in. */
export interface EventSpec {
  id: string;
  at: string | Date;
  userId?: string;
  endpoint?: string;
  model?: string;
  release?: string | null;
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Builds a complete, exactly priced {@link UsageEvent}. */
export function makeEvent(spec: EventSpec): UsageEvent {
  const model = spec.model ?? 'claude-sonnet-4-5';
  const price = TEST_PRICES[model as keyof typeof TEST_PRICES];
  const usage = {
    inputTokens: spec.input ?? 1000,
    outputTokens: spec.output ?? 200,
    cacheWriteTokens: spec.cacheWrite ?? 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: spec.cacheRead ?? 0,
    reasoningTokens: 0,
    audioInputTokens: 0,
    audioOutputTokens: 0,
  };
  const cost = price && {
    input: BigInt(usage.inputTokens) * price.input,
    output: BigInt(usage.outputTokens) * price.output,
    cacheWrite: BigInt(usage.cacheWriteTokens) * price.cacheWrite,
    cacheRead: BigInt(usage.cacheReadTokens) * price.cacheRead,
  };
  const total =
    cost && cost.input + cost.output + cost.cacheWrite + cost.cacheRead;

  return {
    id: spec.id,
    timestamp: new Date(spec.at),
    provider: price?.provider ?? 'mystery',
    model,
    canonicalModel: price ? model : null,
    userId: spec.userId ?? 'user-1',
    endpoint: spec.endpoint ?? 'POST /chat',
    release: spec.release === undefined ? '1.0.0' : spec.release,
    tags: {},
    shape: price?.provider === 'openai' ? 'openai.chat' : 'anthropic.messages',
    usage,
    priced: Boolean(price),
    unpricedReason: price
      ? null
      : `No price for model ${model}; add it to the catalog.`,
    costUsd: total === undefined ? null : formatUsd(total),
    cost: cost
      ? {
          input: formatUsd(cost.input),
          output: formatUsd(cost.output),
          cacheWrite: formatUsd(cost.cacheWrite),
          cacheRead: formatUsd(cost.cacheRead),
          units: '0.000000000',
        }
      : null,
    priceId: price ? `${model}@2025-09-29` : null,
    providerCostUsd: null,
    batch: false,
    streamed: false,
    incomplete: false,
    latencyMs: 850,
    status: 'ok',
    attempt: 1,
    requestId: `req_${spec.id}`,
    prefixHash: null,
    prefixTokens: null,
    maxTokensHit: false,
  };
}

/** A user id that would run a script if it were ever rendered as HTML. */
export const XSS_USER = '<img src=x onerror=alert(1)>';

/** An endpoint name that would run a script if it were rendered as HTML. */
export const XSS_ENDPOINT = 'POST /<img src=y onerror=alert(2)>';

/** Tags whose key and value would run a script if rendered as HTML. */
export const XSS_TAGS = {
  '<b onmouseover=alert(3)>team</b>': '<img src=z onerror=alert(4)>',
};

/** Three calls of {@link XSS_ENDPOINT} with {@link XSS_TAGS}, in the day before `end`. */
export function hostileCalls(end: Date): UsageEvent[] {
  return [1, 2, 3].map((hour) => ({
    ...makeEvent({
      id: `hostile-${hour}`,
      at: new Date(end.getTime() - hour * 3_600_000 - 120_000),
      endpoint: XSS_ENDPOINT,
    }),
    tags: XSS_TAGS,
  }));
}

const ENDPOINTS = ['POST /chat', 'POST /claims/:id/validate', 'GET /summaries'];
const MODELS = [
  'claude-sonnet-4-5',
  'gpt-4o-mini',
  'gpt-4o-mini',
  'mystery-model',
];

/**
 * A deterministic fortnight of traffic ending at `end`: 14 x 24 hours with
 * 0..3 calls each, 13 users (one of them {@link XSS_USER}), 3 endpoints, 3
 * models (one unpriced), release 1.1.0 from day 10 on.
 */
export function fortnight(end: Date): UsageEvent[] {
  const events: UsageEvent[] = [];
  const next = randomInts(42);

  for (let hour = 0; hour < 14 * 24; hour += 1) {
    const calls = next(4);
    for (let call = 0; call < calls; call += 1) {
      const at = new Date(
        end.getTime() - (14 * 24 - hour) * 3_600_000 + call * 60_000 + 17_000,
      );
      const user = next(13);
      events.push(
        makeEvent({
          id: `evt-${String(hour).padStart(4, '0')}-${call}`,
          at,
          userId: user === 12 ? XSS_USER : `user-${user + 1}`,
          endpoint: ENDPOINTS[next(3)] as string,
          model: MODELS[next(4)] as string,
          release: hour >= 10 * 24 ? '1.1.0' : '1.0.0',
          input: 200 + next(2000),
          output: 50 + next(800),
          cacheRead: next(2) === 0 ? 0 : 1000 + next(3000),
          cacheWrite: next(5) === 0 ? 1024 : 0,
        }),
      );
    }
  }

  return events;
}

/** A seeded generator of integers in [0, n): mulberry32, so runs repeat. */
export function randomInts(seed: number): (n: number) => number {
  let state = seed >>> 0;

  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const unit = ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;

    return Math.floor(unit * n);
  };
}
