import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tokenUsage, type UsageEvent, UsageEventSchema } from '../schema.js';
import { checkUsageEvent, findEventIssue, findFieldIssue } from './validate.js';

const VALID: UsageEvent = {
  id: '01a23b58-b900-7000-8000-000000000000',
  timestamp: new Date('2026-12-03T10:00:00Z'),
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  canonicalModel: 'claude-sonnet-4-5',
  userId: 'u_1',
  endpoint: 'POST /claims/:id/validate',
  release: '2.4.0',
  tags: { team: 'claims' },
  shape: 'anthropic.messages',
  usage: tokenUsage({ inputTokens: 10, outputTokens: 5 }),
  priced: true,
  unpricedReason: null,
  costUsd: '0.000105000',
  cost: {
    input: '0.000030000',
    output: '0.000075000',
    cacheWrite: '0.000000000',
    cacheRead: '0.000000000',
    units: '0.000000000',
  },
  priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
  providerCostUsd: null,
  batch: false,
  streamed: true,
  incomplete: false,
  latencyMs: 812.5,
  status: 'ok',
  attempt: 1,
  requestId: 'msg_01',
  prefixHash: null,
  prefixTokens: 2048,
  maxTokensHit: false,
};

const text = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom(0, 64, 65, 100, 101, 200, 201).map((n) => 'x'.repeat(n)),
  // an emoji is one character to zod and MySQL, two UTF-16 units
  fc.constantFrom(33, 60, 101, 150).map((n) => '😀'.repeat(n)),
  fc.constant('r'.repeat(2001)),
  fc.constantFrom(null, undefined, 7, true),
);
const count = fc.oneof(
  fc.constantFrom(0, 1, -1, 0.5, 100_000_000, 100_000_001, Number.NaN),
  fc.constantFrom(null, undefined, '12', Number.POSITIVE_INFINITY),
  fc.nat(),
);
const anyScalar = fc.oneof(text, count, fc.boolean());
const tags = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 70 }), fc.string({ maxLength: 3 }), {
    maxKeys: 24,
  }),
  fc.constant({ k: 'v'.repeat(201) }),
  fc.constant({ k: 5 }),
  fc.constant(['claims']),
  fc.constant(new Map([['team', 'claims']])),
  fc.constant(new Date(0)),
  fc.constant(Object.create({ team: 'claims' })),
  fc.constant(Object.assign(Object.create(null), { team: 'claims' })),
  fc.constant({ ['😀'.repeat(40)]: 'v' }),
  fc.constant({ ['😀'.repeat(65)]: 'v' }),
);
// VALID's parts: input 0.000030000, output 0.000075000, the rest zero
const usdText = fc.oneof(
  fc.constantFrom(
    '0.000030000',
    '0.000030001',
    '0.000105000',
    '0.000105001',
    '0.000000000',
    '-0.000030000',
    '999999999.000000000',
    '1000000000.000000000',
    '0.00003',
    '0.1',
    '.000030000',
    'abc',
  ),
  fc.constantFrom(null, undefined, 0.00003, true),
);
const breakdown = fc.oneof(
  fc.constant(null),
  fc.constant('0.000105000'),
  fc.constant([]),
  fc.record({
    input: usdText,
    output: fc.constant('0.000075000'),
    cacheWrite: fc.constant('0.000000000'),
    cacheRead: usdText,
    units: fc.constant('0.000000000'),
  }),
);

/** One field of the valid event replaced by a generated value. */
const mutation = fc.oneof(
  fc.record({
    key: fc.constantFrom(
      'id',
      'provider',
      'model',
      'canonicalModel',
      'userId',
      'endpoint',
      'release',
      'shape',
      'unpricedReason',
      'priceId',
      'requestId',
      'prefixHash',
    ),
    value: text,
  }),
  fc.record({
    key: fc.constantFrom('latencyMs', 'attempt', 'prefixTokens'),
    value: count,
  }),
  fc.record({
    key: fc.constantFrom(
      'batch',
      'streamed',
      'incomplete',
      'maxTokensHit',
      'status',
      'priced',
    ),
    value: anyScalar,
  }),
  fc.record({
    key: fc.constantFrom(
      'costUsd',
      'providerCostUsd',
      'cost.input',
      'cost.cacheRead',
    ),
    value: usdText,
  }),
  fc.record({ key: fc.constant('cost'), value: breakdown }),
  fc.record({
    key: fc.constant('unpriced'),
    value: fc.constantFrom(
      { costUsd: null, cost: null },
      { costUsd: '0.000000000', cost: null },
      { costUsd: null, cost: VALID.cost },
      { costUsd: '0.000105000', cost: VALID.cost },
    ),
  }),
  fc.record({ key: fc.constant('tags'), value: tags }),
  fc.record({
    key: fc
      .constantFrom(...Object.keys(VALID.usage), 'pages', 'images', 'requests')
      .map((k) => `usage.${k}`),
    value: count,
  }),
  fc.record({
    key: fc.constant('timestamp'),
    value: fc.constantFrom(
      new Date(Number.NaN),
      new Date(0),
      new Date(-1),
      '1969-12-31T23:00:00Z',
      '2026-12-03T10:00:00Z',
      'yesterday',
      1_796_425_990_000,
      null,
      true,
      [2026, 1],
    ),
  }),
);

function mutate(key: string, value: unknown): UsageEvent {
  if (key.startsWith('usage.')) {
    return { ...VALID, usage: { ...VALID.usage, [key.slice(6)]: value } };
  }
  if (key.startsWith('cost.')) {
    return {
      ...VALID,
      cost: { ...VALID.cost, [key.slice(5)]: value },
    } as UsageEvent;
  }
  // an unpriced event, with the costs given
  if (key === 'unpriced') {
    return { ...VALID, priced: false, ...(value as object) } as UsageEvent;
  }

  return { ...VALID, [key]: value } as UsageEvent;
}

describe('findEventIssue', () => {
  it('should accept a valid event', () => {
    expect(findEventIssue(VALID)).toBeNull();
    expect(UsageEventSchema.safeParse(VALID).success).toBe(true);
  });

  it('should give the same verdict as UsageEventSchema', () => {
    fc.assert(
      fc.property(mutation, ({ key, value }) => {
        const event = mutate(key, value);
        const zodAccepts = UsageEventSchema.safeParse(event).success;

        expect(findEventIssue(event) === null).toBe(zodAccepts);
      }),
      { numRuns: 3_000 },
    );
  });

  it('should name the field and the rule', () => {
    expect(findEventIssue(mutate('endpoint', 'x'.repeat(201)))).toEqual({
      path: 'endpoint',
      message: 'is 201 characters; at most 200',
    });
    expect(findEventIssue(mutate('usage.outputTokens', -1))).toEqual({
      path: 'usage.outputTokens',
      message: 'must be an integer from 0 to 100000000, got -1',
    });
    expect(findEventIssue(mutate('providerCostUsd', 'abc'))).toEqual({
      path: 'providerCostUsd',
      message:
        'must be a USD amount with 9 decimals under 1e9, such as "0.004185000"',
    });
    expect(findEventIssue(mutate('costUsd', null))).toEqual({
      path: 'priced',
      message:
        'must be true exactly when costUsd and cost are set: a priced event carries both, an unpriced one neither (never $0)',
    });
    expect(findEventIssue(mutate('shape', 'x'.repeat(65)))).toEqual({
      path: 'shape',
      message: 'is 65 characters; at most 64',
    });
  });
});

describe('findFieldIssue', () => {
  it('should leave the derived costs to the pricing engine, and check the rest', () => {
    expect(findFieldIssue(mutate('costUsd', '0.000105001'))).toBeNull();
    expect(findFieldIssue(mutate('providerCostUsd', 'abc'))).toEqual({
      path: 'providerCostUsd',
      message:
        'must be a USD amount with 9 decimals under 1e9, such as "0.004185000"',
    });
    expect(findFieldIssue(mutate('attempt', 0))).toEqual({
      path: 'attempt',
      message: 'must be a positive integer',
    });
  });
});

describe('checkUsageEvent', () => {
  it('should give a valid event its cost in nano-USD', () => {
    // 10 input at 3 USD/M and 5 output at 15 USD/M
    expect(checkUsageEvent(VALID)).toEqual({
      issue: null,
      costNano: {
        total: 105_000n,
        input: 30_000n,
        output: 75_000n,
        cacheWrite: 0n,
        cacheRead: 0n,
        units: 0n,
      },
    });
    expect(
      checkUsageEvent({ ...VALID, priced: false, costUsd: null, cost: null }),
    ).toEqual({ issue: null, costNano: null });
  });

  it('should give an invalid event its issue alone', () => {
    expect(checkUsageEvent(mutate('cost.units', '-0.000000001'))).toEqual({
      issue: {
        path: 'costUsd',
        message:
          'must equal the sum of cost.input, output, cacheWrite, cacheRead and units (the pricing engine rounds each part to 9 decimals, then adds them); they add up to "0.000104999"',
      },
    });
  });
});

describe('UsageEventSchema on costs', () => {
  // VALID: 10 input at 3 USD/M and 5 output at 15 USD/M, 30,000 + 75,000
  // nano-USD
  it('should accept a priced event whose total is the sum of its parts', () => {
    expect(UsageEventSchema.parse(VALID).costUsd).toBe('0.000105000');
  });

  it('should refuse a total that differs from its parts by one nano-USD', () => {
    const result = UsageEventSchema.safeParse({
      ...VALID,
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
      ...VALID,
      cost: { ...VALID.cost, input: 'thirty' },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'cost.input',
    ]);
  });

  it('should leave an unpriced event without costs alone', () => {
    const unpriced = {
      ...VALID,
      priced: false,
      costUsd: null,
      cost: null,
      unpricedReason: 'no price',
    };

    expect(UsageEventSchema.safeParse(unpriced).success).toBe(true);
  });
});
