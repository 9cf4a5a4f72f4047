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
const CATALOG_2026 = {
  url: 'https://github.com/pydantic/genai-prices/blob/main/prices/providers/openai.yml',
  checked: '2026-12-03',
} as const;
const GPT_6_ANNOUNCEMENTS = {
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

function cacheWriting(
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
  ...gpt56Entries(),
  ...gpt6Entries(),
];

function gpt56Entries(): PriceEntryInput[] {
  const sol = (entry: PriceEntryInput) => ({ ...entry, aliases: ['gpt-5.6'] });

  return [
    sol(
      cacheWriting(
        'gpt-5.6-sol',
        '2026-07-09',
        ['5', '0.5', '30'],
        '6.25',
        { rates: ['10', '1', '45'], cacheWrite: '12.5' },
        CATALOG_2026,
      ),
    ),
    sol(
      cacheWriting(
        'gpt-5.6-sol',
        '2026-08-21',
        ['4', '0.4', '20'],
        '5',
        { rates: ['8', '0.8', '30'], cacheWrite: '10' },
        CATALOG_2026,
      ),
    ),
    cacheWriting(
      'gpt-5.6-terra',
      '2026-07-09',
      ['2.5', '0.25', '15'],
      '3.125',
      { rates: ['5', '0.5', '22.5'], cacheWrite: '6.25' },
      {
        ...CATALOG_2026,
        note: 'apidog shows no cached price at launch; genai-prices has 0.25.',
      },
    ),
    cacheWriting(
      'gpt-5.6-terra',
      '2026-07-30',
      ['2', '0.2', '12'],
      '2.5',
      { rates: ['4', '0.4', '18'], cacheWrite: '5' },
      CATALOG_2026,
    ),
    cacheWriting(
      'gpt-5.6-luna',
      '2026-07-09',
      ['1', '0.1', '6'],
      '1.25',
      { rates: ['2', '0.2', '9'], cacheWrite: '2.5' },
      CATALOG_2026,
    ),
    cacheWriting(
      'gpt-5.6-luna',
      '2026-07-30',
      ['0.2', '0.02', '1.2'],
      '0.25',
      { rates: ['0.4', '0.04', '1.8'], cacheWrite: '0.5' },
      CATALOG_2026,
    ),
  ];
}

function gpt6Entries(): PriceEntryInput[] {
  const derived = {
    ...GPT_6_ANNOUNCEMENTS,
    note: 'Cache-write and long-context prices derived from the documented rules (1.25x input; 2x input and cache, 1.5x output above 272k).',
  };
  const terra = cacheWriting(
    'gpt-6.1-terra',
    '2026-10-26',
    ['1', '0.05', '5'],
    '1.25',
    { rates: ['2', '0.1', '7.5'], cacheWrite: '2.5' },
    derived,
  );

  return [
    cacheWriting(
      'gpt-6-astra',
      '2026-09-03',
      ['10', '1', '50'],
      '12.5',
      { rates: ['20', '2', '75'], cacheWrite: '25' },
      GPT_6_ANNOUNCEMENTS,
    ),
    cacheWriting(
      'gpt-6-sol',
      '2026-09-22',
      ['2', '0.2', '10'],
      '2.5',
      { rates: ['4', '0.4', '15'], cacheWrite: '5' },
      GPT_6_ANNOUNCEMENTS,
    ),
    cacheWriting(
      'gpt-6-luna',
      '2026-09-22',
      ['0.1', '0.01', '0.5'],
      '0.125',
      { rates: ['0.2', '0.02', '0.75'], cacheWrite: '0.25' },
      GPT_6_ANNOUNCEMENTS,
    ),
    cacheWriting(
      'gpt-6.1-sol',
      '2026-09-29',
      ['2', '0.1', '10'],
      '2.5',
      { rates: ['4', '0.2', '15'], cacheWrite: '5' },
      GPT_6_ANNOUNCEMENTS,
    ),
    {
      ...terra,
      prices: { ...terra.prices, cacheWrite1h: '2.5' },
      cacheTtlSeconds: [1800, 43_200],
    },
    cacheWriting(
      'gpt-6.2-astra',
      '2026-11-17',
      ['8', '0.4', '40'],
      '10',
      { rates: ['16', '0.8', '60'], cacheWrite: '20' },
      derived,
    ),
    cacheWriting(
      'gpt-6.2-sol',
      '2026-11-17',
      ['2', '0.1', '10'],
      '2.5',
      { rates: ['4', '0.2', '15'], cacheWrite: '5' },
      derived,
    ),
  ];
}
