import type { EventCostUpdate, UsageEvent } from '@tokenledger/core';

/**
 * A valid priced event: 1,000 input, 200 output (50 reasoning), 300 cache
 * read tokens, costing 0.004100000 USD = 3000000 input + 1000000 output +
 * 100000 cache read nano-USD. Every field can be overridden; a `costUsd`
 * given without `cost` is all input cost, so that the parts add up.
 */
export function makeEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  const zero = '0.000000000';
  const costOnly =
    typeof overrides.costUsd === 'string' && overrides.cost === undefined
      ? {
          cost: {
            input: overrides.costUsd,
            output: zero,
            cacheWrite: zero,
            cacheRead: zero,
            units: zero,
          },
        }
      : {};

  return {
    id: overrides.id ?? `evt-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date('2026-11-02T10:15:00.000Z'),
    provider: 'anthropic',
    model: 'claude-sonnet-4-5-20250929',
    canonicalModel: 'claude-sonnet-4-5',
    userId: 'user-1',
    endpoint: 'POST /claims/:id/validate',
    release: '2.4.0',
    tags: {},
    shape: 'anthropic.messages',
    usage: {
      inputTokens: 1000,
      outputTokens: 200,
      cacheWriteTokens: 0,
      cacheWrite1hTokens: 0,
      cacheReadTokens: 300,
      reasoningTokens: 50,
      audioInputTokens: 0,
      audioOutputTokens: 0,
    },
    priced: true,
    unpricedReason: null,
    costUsd: '0.004100000',
    cost: {
      input: '0.003000000',
      output: '0.001000000',
      cacheWrite: '0.000000000',
      cacheRead: '0.000100000',
      units: '0.000000000',
    },
    priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
    providerCostUsd: null,
    batch: false,
    streamed: false,
    incomplete: false,
    latencyMs: 812,
    status: 'ok',
    attempt: 1,
    requestId: 'req_01',
    prefixHash: null,
    prefixTokens: null,
    maxTokensHit: false,
    ...overrides,
    ...costOnly,
  };
}

/** The same event, unpriced: no cost, never $0. */
export function makeUnpricedEvent(
  overrides: Partial<UsageEvent> = {},
): UsageEvent {
  return makeEvent({
    model: 'acme-llm-9',
    canonicalModel: null,
    priced: false,
    unpricedReason: 'No price for acme/acme-llm-9; add it to the catalog.',
    costUsd: null,
    cost: null,
    priceId: null,
    ...overrides,
  });
}

/**
 * A cost update (without its id) that prices makeEvent's usage (1,000
 * input, 200 output, 300 cache read) at 2 / 10 / 0.2 USD per million
 * tokens: 2000000 + 2000000 + 60000 nano-USD = 0.004060000 USD.
 */
export const REPRICED = {
  priced: true,
  unpricedReason: null,
  costUsd: '0.004060000',
  cost: {
    input: '0.002000000',
    output: '0.002000000',
    cacheWrite: '0.000000000',
    cacheRead: '0.000060000',
    units: '0.000000000',
  },
  priceId: 'acme/acme-llm-9@2026-11-01',
  canonicalModel: 'acme-llm-9',
} satisfies Omit<EventCostUpdate, 'id'>;
