import {
  formatUsd,
  parseUsd,
  tokenUsage,
  UsageEventSchema,
} from '@tokenledger/core';

/**
 * One sample call, priced by hand from the Claude Sonnet 4.5 list prices
 * (USD per million tokens: input 3.00, cache read 0.30, 5-minute cache write
 * 3.75, output 15.00). The pricing engine replaces this hand computation.
 */
export function sampleEvent() {
  const usage = tokenUsage({
    inputTokens: 1000,
    cacheReadTokens: 2000,
    cacheWriteTokens: 500,
    outputTokens: 300,
  });
  const perMillion = (tokens: number, price: string) =>
    (BigInt(tokens) * parseUsd(price)) / 1_000_000n;
  const parts = {
    input: perMillion(usage.inputTokens, '3.00'),
    output: perMillion(usage.outputTokens, '15.00'),
    cacheWrite: perMillion(usage.cacheWriteTokens, '3.75'),
    cacheRead: perMillion(usage.cacheReadTokens, '0.30'),
    units: 0n,
  };
  const total = Object.values(parts).reduce((sum, part) => sum + part, 0n);

  return UsageEventSchema.parse({
    id: '0192f1c4-0000-7000-8000-000000000001',
    timestamp: new Date('2026-12-01T09:00:00.000Z'),
    provider: 'anthropic',
    model: 'claude-sonnet-4-5-20250929',
    canonicalModel: 'claude-sonnet-4-5',
    userId: 'demo-user',
    endpoint: 'POST /claims/:id/validate',
    release: '2.3.0',
    tags: {},
    shape: 'anthropic.messages',
    usage,
    priced: true,
    unpricedReason: null,
    costUsd: formatUsd(total),
    cost: Object.fromEntries(
      Object.entries(parts).map(([key, value]) => [key, formatUsd(value)]),
    ),
    priceId: 'claude-sonnet-4-5@2025-09-29',
    providerCostUsd: null,
    batch: false,
    streamed: false,
    incomplete: false,
    latencyMs: 812,
    status: 'ok',
    attempt: 1,
    requestId: 'msg_01',
    prefixHash: null,
    prefixTokens: null,
    maxTokensHit: false,
  });
}
