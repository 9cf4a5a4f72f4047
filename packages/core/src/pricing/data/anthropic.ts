import type { PriceEntryInput } from '../types.js';

// Claude API list prices; 5m writes 1.25x input, 1h writes 2x, reads 0.1x
// (Haiku 3 and the 5.x cache-read cuts excepted), Batch 50% on every class.
// Cross-checked against LiteLLM and @pydantic/genai-prices (see
// docs/pricing.md); platform ids from the models overview page.
const PRICING = {
  url: 'https://platform.claude.com/docs/en/about-claude/pricing',
  checked: '2026-12-03',
} as const;
export const MODEL_PAGES = {
  url: 'https://platform.claude.com/docs/en/about-claude/models/overview',
  checked: '2026-12-03',
} as const;

export const CLAUDE = {
  provider: 'anthropic',
  batchMultiplier: '0.5',
  cacheTtlSeconds: [300, 3600],
} as const;

// Bedrock: global cross-Region profiles cost about 10% less than geographic
// ones for the Claude 4.5 generation and newer, i.e. geo profiles pay +10%
// over list (https://docs.aws.amazon.com/bedrock/latest/userguide/global-cross-region-inference.html).
// Bare in-region ids: genai-prices +10%, LiteLLM list; we follow genai-prices.
export const BEDROCK_PREMIUM = { bedrockRegionalMultiplier: '1.1' } as const;

export const SONNET_LONG_CONTEXT = {
  name: 'long-context',
  promptTokensAbove: 200_000,
  prices: {
    input: '6',
    output: '22.5',
    cacheWrite: '7.5',
    cacheWrite1h: '12',
    cacheRead: '0.6',
  },
} as const;

export const OPUS_5_PRICES = {
  input: '5',
  output: '25',
  cacheWrite: '6.25',
  cacheWrite1h: '10',
  cacheRead: '0.5',
} as const;

export const SONNET_PRICES = {
  input: '3',
  output: '15',
  cacheWrite: '3.75',
  cacheWrite1h: '6',
  cacheRead: '0.3',
} as const;

/** Anthropic (Claude API; Bedrock and Vertex ids resolve here). */
export const ANTHROPIC_PRICES: readonly PriceEntryInput[] = [
  {
    ...CLAUDE,
    ...BEDROCK_PREMIUM,
    model: 'claude-opus-4-5',
    aliases: ['claude-opus-4-5-20251101'],
    effectiveFrom: '2025-11-24',
    prices: OPUS_5_PRICES,
    minCacheableTokens: 4096,
    source: PRICING,
  },
  {
    ...CLAUDE,
    model: 'claude-opus-4-1',
    aliases: ['claude-opus-4-1-20250805'],
    effectiveFrom: '2025-08-05',
    prices: {
      input: '15',
      output: '75',
      cacheWrite: '18.75',
      cacheWrite1h: '30',
      cacheRead: '1.5',
    },
    minCacheableTokens: 1024,
    source: PRICING,
  },
  {
    ...CLAUDE,
    model: 'claude-opus-4',
    aliases: ['claude-opus-4-20250514', 'claude-opus-4-0'],
    effectiveFrom: '2025-05-22',
    prices: {
      input: '15',
      output: '75',
      cacheWrite: '18.75',
      cacheWrite1h: '30',
      cacheRead: '1.5',
    },
    minCacheableTokens: 1024,
    source: PRICING,
  },
  {
    ...CLAUDE,
    ...BEDROCK_PREMIUM,
    model: 'claude-sonnet-4-5',
    aliases: ['claude-sonnet-4-5-20250929'],
    effectiveFrom: '2025-09-29',
    prices: SONNET_PRICES,
    tiers: [SONNET_LONG_CONTEXT],
    minCacheableTokens: 1024,
    source: {
      ...PRICING,
      note: 'Long-context tier needs the context-1m-2025-08-07 beta; the beta ended 2026-04-30 (requests over 200k are rejected since).',
    },
  },
  {
    ...CLAUDE,
    model: 'claude-sonnet-4',
    aliases: ['claude-sonnet-4-20250514', 'claude-sonnet-4-0'],
    effectiveFrom: '2025-05-22',
    prices: SONNET_PRICES,
    tiers: [SONNET_LONG_CONTEXT],
    minCacheableTokens: 1024,
    source: {
      ...PRICING,
      note: 'genai-prices 0.1.8 has no long-context tier for Sonnet 4; Anthropic and LiteLLM do.',
    },
  },
  {
    ...CLAUDE,
    model: 'claude-3-7-sonnet',
    aliases: ['claude-3-7-sonnet-20250219', 'claude-3-7-sonnet-latest'],
    effectiveFrom: '2025-02-19',
    prices: SONNET_PRICES,
    minCacheableTokens: 1024,
    source: PRICING,
  },
  {
    ...CLAUDE,
    ...BEDROCK_PREMIUM,
    model: 'claude-haiku-4-5',
    aliases: ['claude-haiku-4-5-20251001'],
    effectiveFrom: '2025-10-15',
    prices: {
      input: '1',
      output: '5',
      cacheWrite: '1.25',
      cacheWrite1h: '2',
      cacheRead: '0.1',
    },
    minCacheableTokens: 4096,
    source: PRICING,
  },
  {
    ...CLAUDE,
    model: 'claude-3-5-haiku',
    aliases: ['claude-3-5-haiku-20241022', 'claude-3-5-haiku-latest'],
    effectiveFrom: '2024-10-22',
    prices: {
      input: '0.8',
      output: '4',
      cacheWrite: '1',
      cacheWrite1h: '1.6',
      cacheRead: '0.08',
    },
    minCacheableTokens: 2048,
    source: {
      ...PRICING,
      note: 'Start date not established; the snapshot date is used.',
    },
  },
  {
    ...CLAUDE,
    model: 'claude-3-haiku',
    aliases: ['claude-3-haiku-20240307'],
    effectiveFrom: '2024-03-13',
    prices: {
      input: '0.25',
      output: '1.25',
      cacheWrite: '0.3',
      cacheWrite1h: '0.5',
      cacheRead: '0.03',
    },
    minCacheableTokens: 2048,
    source: {
      ...PRICING,
      note: 'Cache prices are listed, not 1.25x / 0.1x of input.',
    },
  },
];
