import type { PriceEntryInput } from '../types.js';
import {
  BEDROCK_PREMIUM,
  CLAUDE,
  MODEL_PAGES,
  OPUS_5_PRICES,
  SONNET_LONG_CONTEXT,
  SONNET_PRICES,
} from './anthropic.js';

// Claude 4.6 and later (no dated snapshots; Bedrock ids are bare from
// Opus 4.7 on). Dates and prices from the model overview pages, the
// genai-prices history and launch notes, as listed in docs/pricing.md.

/** Anthropic models released in 2026. */
export const ANTHROPIC_2026_PRICES: readonly PriceEntryInput[] =
  claude2026Entries();

function claude2026Entries(): PriceEntryInput[] {
  const latest = { ...CLAUDE, ...BEDROCK_PREMIUM, source: MODEL_PAGES };
  const opus46LongContext = {
    name: 'long-context',
    promptTokensAbove: 200_000,
    prices: {
      input: '10',
      output: '37.5',
      cacheWrite: '12.5',
      cacheWrite1h: '20',
      cacheRead: '1',
    },
  };
  const fable = (cacheRead: string) => ({
    input: '10',
    output: '50',
    cacheWrite: '12.5',
    cacheWrite1h: '20',
    cacheRead,
  });

  return [
    {
      ...latest,
      model: 'claude-opus-4-6',
      effectiveFrom: '2026-02-05',
      prices: OPUS_5_PRICES,
      tiers: [opus46LongContext],
      minCacheableTokens: 4096,
    },
    {
      ...latest,
      model: 'claude-opus-4-6',
      effectiveFrom: '2026-03-13',
      prices: OPUS_5_PRICES,
      minCacheableTokens: 4096,
    },
    {
      ...latest,
      model: 'claude-sonnet-4-6',
      effectiveFrom: '2026-02-17',
      prices: SONNET_PRICES,
      tiers: [SONNET_LONG_CONTEXT],
      minCacheableTokens: 1024,
    },
    {
      ...latest,
      model: 'claude-sonnet-4-6',
      effectiveFrom: '2026-03-13',
      prices: SONNET_PRICES,
      minCacheableTokens: 1024,
      source: {
        ...MODEL_PAGES,
        note: 'Minimum cacheable 1024 per the docs; 2048 observed by orq.ai.',
      },
    },
    {
      ...latest,
      model: 'claude-opus-4-7',
      effectiveFrom: '2026-04-16',
      prices: OPUS_5_PRICES,
      minCacheableTokens: 2048,
      source: {
        ...MODEL_PAGES,
        note: 'Minimum cacheable 2048 on the API, 4096 on Bedrock.',
      },
    },
    {
      ...latest,
      model: 'claude-opus-4-8',
      effectiveFrom: '2026-05-28',
      prices: OPUS_5_PRICES,
      minCacheableTokens: 1024,
    },
    {
      ...latest,
      model: 'claude-fable-5',
      aliases: ['claude-mythos-5'],
      effectiveFrom: '2026-06-09',
      prices: fable('1'),
      minCacheableTokens: 512,
    },
    {
      ...latest,
      model: 'claude-sonnet-5',
      effectiveFrom: '2026-06-30',
      prices: {
        input: '2',
        output: '10',
        cacheWrite: '2.5',
        cacheWrite1h: '4',
        cacheRead: '0.2',
      },
      minCacheableTokens: 1024,
      source: {
        ...MODEL_PAGES,
        note: 'The rise to 3/15 planned for 2026-09-01 was cancelled (genai-prices repo still encodes it).',
      },
    },
    {
      ...latest,
      model: 'claude-opus-5',
      effectiveFrom: '2026-07-24',
      prices: OPUS_5_PRICES,
      minCacheableTokens: 512,
    },
    {
      ...latest,
      model: 'claude-fable-5-1',
      aliases: ['claude-mythos-5-1'],
      effectiveFrom: '2026-09-01',
      prices: fable('0.25'),
    },
    {
      ...latest,
      model: 'claude-opus-5-5',
      effectiveFrom: '2026-09-22',
      prices: {
        input: '4',
        output: '20',
        cacheWrite: '5',
        cacheWrite1h: '8',
        cacheRead: '0.2',
      },
    },
    ...[
      { effectiveFrom: '2026-09-28', cacheRead: '0.2' },
      { effectiveFrom: '2026-10-07', cacheRead: '0.1' },
    ].map(({ effectiveFrom, cacheRead }) => ({
      ...latest,
      model: 'claude-sonnet-5-5',
      effectiveFrom,
      prices: {
        input: '2',
        output: '10',
        cacheWrite: '2.5',
        cacheWrite1h: '4',
        cacheRead,
      },
    })),
    {
      ...latest,
      model: 'claude-haiku-5-5',
      effectiveFrom: '2026-10-07',
      prices: {
        input: '0.1',
        output: '0.5',
        cacheWrite: '0.125',
        cacheWrite1h: '0.2',
        cacheRead: '0.01',
      },
      tiers: [
        {
          name: 'long-context',
          promptTokensAbove: 100_000,
          prices: {
            input: '0.5',
            output: '2.5',
            cacheWrite: '0.625',
            cacheWrite1h: '1',
            cacheRead: '0.05',
          },
        },
      ],
    },
    {
      ...latest,
      model: 'claude-fable-5-2',
      aliases: ['claude-mythos-5-2'],
      effectiveFrom: '2026-11-09',
      prices: {
        input: '8',
        output: '40',
        cacheWrite: '10',
        cacheWrite1h: '16',
        cacheRead: '0.2',
      },
      source: {
        ...MODEL_PAGES,
        note: 'From the Fable 5.2 migration guide and third-party announcements; in no catalog yet.',
      },
    },
  ];
}
