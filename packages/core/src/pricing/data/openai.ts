import type { PriceEntryInput } from '../types.js';

// OpenAI standard-tier list prices; Batch 50%. Cached input needs no write
// before GPT-5.6; GPT-5.6 and later bill 30-minute cache writes at 1.25x
// input (the `cacheWrite` slot) and, where offered, 12-hour writes
// (the `cacheWrite1h` slot). Cross-checked against LiteLLM and
// @pydantic/genai-prices (see docs/pricing.md).
const PRICING = {
  url: 'https://openai.com/api/pricing/',
  checked: '2026-12-03',
} as const;
export const CATALOG_2026 = {
  url: 'https://github.com/pydantic/genai-prices/blob/main/prices/providers/openai.yml',
  checked: '2026-12-03',
} as const;
export const GPT_6_ANNOUNCEMENTS = {
  url: 'https://docs.litellm.ai/blog/gpt_6_sol_luna',
  checked: '2026-12-03',
  note: 'Third-party announcements only (LiteLLM, apidog); no OpenAI page copy was found.',
} as const;

// Prompt caching: automatic from 1024 tokens; in-memory retention 5-10 min
// idle (the shorter bound kept), extended retention up to 24 h.
// https://developers.openai.com/api/docs/guides/prompt-caching
const GPT = {
  provider: 'openai',
  batchMultiplier: '0.5',
  minCacheableTokens: 1024,
  cacheTtlSeconds: [300, 86_400],
} as const;
const GPT_CACHE_WRITES = { ...GPT, cacheTtlSeconds: [1800] } as const;

const LONG_CONTEXT_ABOVE = 272_000;

type Rates = [input: string, cacheRead: string | null, output: string];

function plain(
  model: string,
  effectiveFrom: string,
  [input, cacheRead, output]: Rates,
  aliases: string[] = [],
  source: PriceEntryInput['source'] = PRICING,
): PriceEntryInput {
  return {
    ...GPT,
    model,
    aliases,
    effectiveFrom,
    prices: { input, output, ...(cacheRead ? { cacheRead } : {}) },
    source,
  };
}

function withLongContext(
  entry: PriceEntryInput,
  [input, cacheRead, output]: Rates,
  cacheWrite?: string,
): PriceEntryInput {
  const prices = {
    input,
    output,
    ...(cacheRead ? { cacheRead } : {}),
    ...(cacheWrite ? { cacheWrite } : {}),
  };

  return {
    ...entry,
    tiers: [
      { name: 'long-context', promptTokensAbove: LONG_CONTEXT_ABOVE, prices },
    ],
  };
}

export function cacheWriting(
  model: string,
  effectiveFrom: string,
  [input, cacheRead, output]: Rates,
  cacheWrite: string,
  longContext: { rates: Rates; cacheWrite: string },
  source: PriceEntryInput['source'],
): PriceEntryInput {
  const entry: PriceEntryInput = {
    ...GPT_CACHE_WRITES,
    model,
    effectiveFrom,
    prices: { input, output, cacheRead: cacheRead ?? input, cacheWrite },
    source,
  };

  return withLongContext(entry, longContext.rates, longContext.cacheWrite);
}

/** OpenAI (Azure deployments resolve here). */
export const OPENAI_PRICES: readonly PriceEntryInput[] = [
  plain(
    'gpt-5',
    '2025-08-07',
    ['1.25', '0.125', '10'],
    ['gpt-5-2025-08-07', 'gpt-5-chat-latest'],
  ),
  plain(
    'gpt-5-mini',
    '2025-08-07',
    ['0.25', '0.025', '2'],
    ['gpt-5-mini-2025-08-07'],
  ),
  plain(
    'gpt-5-nano',
    '2025-08-07',
    ['0.05', '0.005', '0.4'],
    ['gpt-5-nano-2025-08-07'],
  ),
  plain('gpt-4.1', '2025-04-14', ['2', '0.5', '8'], ['gpt-4.1-2025-04-14']),
  plain(
    'gpt-4.1-mini',
    '2025-04-14',
    ['0.4', '0.1', '1.6'],
    ['gpt-4.1-mini-2025-04-14'],
  ),
  plain(
    'gpt-4.1-nano',
    '2025-04-14',
    ['0.1', '0.025', '0.4'],
    ['gpt-4.1-nano-2025-04-14'],
    {
      ...PRICING,
      note: 'Not in the shared reference; LiteLLM (via llmpricing.site) and OpenRouter listings: 0.10 / 0.025 cached / 0.40.',
    },
  ),
  plain(
    'gpt-4o',
    '2024-08-06',
    ['2.5', '1.25', '10'],
    ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20'],
  ),
  plain('gpt-4o-2024-05-13', '2024-05-13', ['5', null, '15']),
  plain(
    'gpt-4o-mini',
    '2024-07-18',
    ['0.15', '0.075', '0.6'],
    ['gpt-4o-mini-2024-07-18'],
  ),
  plain('o3', '2025-04-16', ['10', '2.5', '40'], ['o3-2025-04-16'], {
    ...PRICING,
    note: 'Launch price until the 2025-06-10 cut; cached 2.5 follows the 0.25x o-series ratio (genai-prices has 0.5, which looks wrong).',
  }),
  plain('o3', '2025-06-10', ['2', '0.5', '8'], ['o3-2025-04-16']),
  plain(
    'o4-mini',
    '2025-04-16',
    ['1.1', '0.275', '4.4'],
    ['o4-mini-2025-04-16'],
  ),
  {
    ...plain('text-embedding-3-small', '2024-01-25', ['0.02', null, '0']),
    minCacheableTokens: null,
    cacheTtlSeconds: [],
  },
  {
    ...plain('text-embedding-3-large', '2024-01-25', ['0.13', null, '0']),
    minCacheableTokens: null,
    cacheTtlSeconds: [],
  },
  plain(
    'gpt-5.1',
    '2025-11-13',
    ['1.25', '0.125', '10'],
    [
      'gpt-5.1-2025-11-13',
      'gpt-5.1-chat-latest',
      'gpt-5.1-codex',
      'gpt-5.1-codex-max',
    ],
    CATALOG_2026,
  ),
  plain(
    'gpt-5.1-codex-mini',
    '2025-11-13',
    ['0.25', '0.025', '2'],
    [],
    CATALOG_2026,
  ),
  plain(
    'gpt-5.2',
    '2025-12-11',
    ['1.75', '0.175', '14'],
    ['gpt-5.2-2025-12-11', 'gpt-5.2-chat-latest', 'gpt-5.2-codex'],
    CATALOG_2026,
  ),
  plain(
    'gpt-5.2-pro',
    '2025-12-11',
    ['21', null, '168'],
    ['gpt-5.2-pro-2025-12-11'],
    CATALOG_2026,
  ),
  plain(
    'gpt-5.3-codex',
    '2026-02-05',
    ['1.75', '0.175', '14'],
    ['gpt-5.3-chat-latest', 'gpt-5.3'],
    CATALOG_2026,
  ),
  withLongContext(
    plain(
      'gpt-5.4',
      '2026-03-05',
      ['2.5', '0.25', '15'],
      ['gpt-5.4-2026-03-05'],
      CATALOG_2026,
    ),
    ['5', '0.5', '22.5'],
  ),
  plain(
    'gpt-5.4-mini',
    '2026-03-17',
    ['0.75', '0.075', '4.5'],
    ['gpt-5.4-mini-2026-03-17'],
    CATALOG_2026,
  ),
  plain(
    'gpt-5.4-nano',
    '2026-03-17',
    ['0.2', '0.02', '1.25'],
    ['gpt-5.4-nano-2026-03-17'],
    CATALOG_2026,
  ),
  withLongContext(
    plain(
      'gpt-5.4-pro',
      '2026-03-05',
      ['30', null, '180'],
      ['gpt-5.4-pro-2026-03-05'],
      CATALOG_2026,
    ),
    ['60', null, '270'],
  ),
  withLongContext(
    plain(
      'gpt-5.5',
      '2026-04-23',
      ['5', '0.5', '30'],
      [
        'gpt-5.5-2026-04-23',
        'gpt-5.5-2026-04-24',
        'gpt-5.5-chat-latest',
        'gpt-5.5-codex',
      ],
      CATALOG_2026,
    ),
    ['10', '1', '45'],
  ),
  withLongContext(
    plain(
      'gpt-5.5-pro',
      '2026-04-23',
      ['30', null, '180'],
      ['gpt-5.5-pro-2026-04-23'],
      CATALOG_2026,
    ),
    ['60', null, '270'],
  ),
];
