import { describe, expect, it } from 'vitest';
import { tokenUsage, type UsageEvent, UsageEventSchema } from './schema.js';

const ZERO = '0.000000000';

/** 10 input at 3 USD/M and 5 output at 15 USD/M: 30,000 + 75,000 nano-USD. */
const PRICED: UsageEvent = {
  id: 'evt-1',
  timestamp: new Date('2026-12-03T10:00:00Z'),
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  canonicalModel: 'claude-sonnet-4-5',
  userId: 'u_1',
  endpoint: 'POST /claims/:id/validate',
  release: '2.4.0',
  tags: {},
  shape: 'anthropic.messages',
  usage: tokenUsage({ inputTokens: 10, outputTokens: 5 }),
  priced: true,
  unpricedReason: null,
  costUsd: '0.000105000',
  cost: {
    input: '0.000030000',
    output: '0.000075000',
    cacheWrite: ZERO,
    cacheRead: ZERO,
    units: ZERO,
  },
  priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
  providerCostUsd: null,
  batch: false,
  streamed: false,
  incomplete: false,
  latencyMs: 812,
  status: 'ok',
  attempt: 1,
  requestId: null,
  prefixHash: null,
  prefixTokens: null,
  maxTokensHit: null,
};

describe('UsageEventSchema', () => {
  it('should accept a priced event whose total is the sum of its parts', () => {
    expect(UsageEventSchema.parse(PRICED).costUsd).toBe('0.000105000');
  });

  it('should refuse a total that differs from its parts by one nano-USD', () => {
    const result = UsageEventSchema.safeParse({
      ...PRICED,
      costUsd: '0.000105001',
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [
        ['costUsd'],
        'must equal the sum of cost.input, output, cacheWrite, cacheRead and units (the pricing engine rounds each part to 9 decimals, then adds them)',
      ],
    ]);
  });

  it('should name a malformed part rather than throw while adding', () => {
    const result = UsageEventSchema.safeParse({
      ...PRICED,
      cost: { ...PRICED.cost, input: 'thirty' },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'cost.input',
    ]);
  });

  it('should leave an unpriced event without costs alone', () => {
    const unpriced = {
      ...PRICED,
      priced: false,
      costUsd: null,
      cost: null,
      unpricedReason: 'no price',
    };

    expect(UsageEventSchema.safeParse(unpriced).success).toBe(true);
  });
});
