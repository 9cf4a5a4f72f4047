import { describe, expect, it } from 'vitest';
import { tokenUsage, type UsageEvent } from '../schema.js';
import {
  compareProviderCost,
  eventCostFields,
  repriceEvents,
} from './audit.js';
import { createCatalog } from './catalog.js';
import { defaultCatalog } from './default-catalog.js';
import { priceUsage } from './price.js';

const usage = tokenUsage({
  inputTokens: 1000,
  cacheReadTokens: 2000,
  cacheWriteTokens: 500,
  outputTokens: 300,
});
const timestamp = new Date('2026-11-15T10:00:00Z');

function storedEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  const cost = priceUsage({
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage,
    at: timestamp,
  });

  return {
    id: 'evt-1',
    timestamp,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    userId: 'u1',
    endpoint: 'POST /chat',
    release: null,
    tags: {},
    shape: 'anthropic.messages',
    usage,
    ...eventCostFields(cost),
    providerCostUsd: null,
    batch: false,
    streamed: false,
    incomplete: false,
    latencyMs: 120,
    status: 'ok',
    attempt: 1,
    requestId: null,
    prefixHash: null,
    prefixTokens: null,
    maxTokensHit: null,
    ...overrides,
  };
}

describe('repriceEvents', () => {
  it('should report no change with the catalog that priced the event', () => {
    const [result] = repriceEvents([storedEvent()]);

    expect(result).toMatchObject({ changed: false, deltaUsd: '0.000000000' });
  });

  it('should show old against new cost with a corrected catalog', () => {
    const corrected = createCatalog(
      [
        {
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          effectiveFrom: '2026-11-01',
          prices: {
            input: '2',
            output: '10',
            cacheRead: '0.2',
            cacheWrite: '2.5',
          },
          source: {
            url: 'https://example.com/contract',
            checked: '2026-11-01',
          },
        },
      ],
      { extends: defaultCatalog },
    );

    // new: 1000 x 2 + 2000 x 0.2 + 500 x 2.5 + 300 x 10 = 6650 per million
    // delta: 6650 - 9975 = -3325 per million
    const [result] = repriceEvents([storedEvent()], corrected);

    expect(result).toMatchObject({
      id: 'evt-1',
      before: {
        priced: true,
        costUsd: '0.009975000',
        priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
      },
      after: {
        priced: true,
        totalUsd: '0.006650000',
        priceId: 'anthropic/claude-sonnet-4-5@2026-11-01',
      },
      changed: true,
      deltaUsd: '-0.003325000',
    });
  });

  it('should price an event stored as unpriced once the catalog knows the model', () => {
    const unknown = storedEvent({
      model: 'acme-1',
      provider: 'acme',
      ...eventCostFields({ priced: false, reason: 'no price' }),
    });
    const withAcme = createCatalog([
      {
        provider: 'acme',
        model: 'acme-1',
        effectiveFrom: '2026-01-01',
        prices: { input: '1', output: '1', cacheRead: '1', cacheWrite: '1' },
        source: { url: 'https://acme.example/pricing', checked: '2026-01-01' },
      },
    ]);

    // 3800 tokens x 1 per million
    expect(repriceEvents([unknown], withAcme)[0]).toMatchObject({
      changed: true,
      deltaUsd: null,
      after: { totalUsd: '0.003800000' },
    });
  });
});

describe('eventCostFields', () => {
  it('should keep an unpriced cost as nulls with its reason, never zero', () => {
    expect(
      eventCostFields({ priced: false, reason: 'No price for model "x"' }),
    ).toEqual({
      priced: false,
      unpricedReason: 'No price for model "x"',
      costUsd: null,
      cost: null,
      priceId: null,
      canonicalModel: null,
    });
  });
});

describe('compareProviderCost', () => {
  const cost = priceUsage({
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    usage,
    at: timestamp,
  });

  it('should keep the reported cost beside ours with the difference', () => {
    expect(compareProviderCost(cost, 0.00998)).toEqual({
      providerCostUsd: '0.009980000',
      differenceUsd: '0.000005000',
    });
  });

  it('should round a reported cost with more than 9 decimals half to even', () => {
    // 0.0099750000005 -> 9975000.0005 nano -> 9975000
    expect(compareProviderCost(cost, '0.0099750000005')).toEqual({
      providerCostUsd: '0.009975000',
      differenceUsd: '0.000000000',
    });
  });

  it('should ignore a missing or malformed reported cost', () => {
    expect(compareProviderCost(cost, undefined).providerCostUsd).toBeNull();
    expect(compareProviderCost(cost, 'n/a').providerCostUsd).toBeNull();
    expect(compareProviderCost(cost, -1).providerCostUsd).toBeNull();
  });
});
