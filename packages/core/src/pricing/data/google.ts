import type { PriceEntryInput } from '../types.js';

// Gemini Developer API, paid standard tier; Batch 50%. Vertex AI uses the
// same ids and list prices. A long-context tier applies to the whole
// request when promptTokenCount (cached tokens included) exceeds 200k.
const PRICING = {
  url: 'https://ai.google.dev/gemini-api/docs/pricing',
  checked: '2026-12-03',
} as const;
const ANNOUNCEMENTS = {
  url: 'https://ai.google.dev/gemini-api/docs/pricing',
  checked: '2026-12-03',
  note: 'Gemini 4 prices come from third-party announcements (laozhang, TokenMeter, LiteLLM) that agree; no Google page copy was found.',
} as const;

// Explicit caches default to a 1-hour TTL; implicit caching has none
// documented. https://ai.google.dev/gemini-api/docs/caching
const GEMINI = {
  provider: 'google',
  batchMultiplier: '0.5',
  cacheTtlSeconds: [3600],
  minCacheableTokens: null,
} as const;

type Rates = [input: string, cacheRead: string | null, output: string];

function gemini(
  model: string,
  effectiveFrom: string,
  [input, cacheRead, output]: Rates,
  extra: Partial<PriceEntryInput> = {},
): PriceEntryInput {
  return {
    ...GEMINI,
    model,
    effectiveFrom,
    prices: { input, output, ...(cacheRead ? { cacheRead } : {}) },
    source: PRICING,
    ...extra,
  };
}

function longContext([input, cacheRead, output]: Rates) {
  return [
    {
      name: 'long-context',
      promptTokensAbove: 200_000,
      prices: { input, output, ...(cacheRead ? { cacheRead } : {}) },
    },
  ];
}

const INTRO_PRICE = {
  note: 'Introductory price; the list price returns on 2027-01-01.',
};

/** Google Gemini (Gemini API; Vertex ids resolve here). */
export const GOOGLE_PRICES: readonly PriceEntryInput[] = [
  gemini('gemini-2.5-pro', '2025-03-25', ['1.25', '0.125', '10'], {
    aliases: [
      'gemini-2.5-pro-preview-03-25',
      'gemini-2.5-pro-preview-05-06',
      'gemini-2.5-pro-preview-06-05',
    ],
    tiers: longContext(['2.5', '0.25', '15']),
    minCacheableTokens: 2048,
    source: {
      ...PRICING,
      note: 'GA 2025-06-17; previews had the same token prices. Cache read was 0.31 before the 90% implicit-cache discount (date not established). Minimum cacheable changed over 2025-2026 (2048 in the latest docs).',
    },
  }),
  gemini('gemini-2.5-flash', '2025-06-17', ['0.3', '0.03', '2.5'], {
    aliases: ['gemini-2.5-flash-preview-09-2025'],
    prices: { input: '0.3', inputAudio: '1', output: '2.5', cacheRead: '0.03' },
    minCacheableTokens: 2048,
  }),
  gemini(
    'gemini-2.5-flash-preview-05-20',
    '2025-04-17',
    ['0.15', null, '0.6'],
    {
      aliases: ['gemini-2.5-flash-preview-04-17'],
    },
  ),
  gemini('gemini-2.5-flash-lite', '2025-07-22', ['0.1', '0.01', '0.4'], {
    aliases: ['gemini-2.5-flash-lite-preview-09-2025'],
    prices: {
      input: '0.1',
      inputAudio: '0.3',
      output: '0.4',
      cacheRead: '0.01',
    },
  }),
  gemini(
    'gemini-2.5-flash-lite-preview-06-17',
    '2025-06-17',
    ['0.1', null, '0.4'],
    {
      prices: { input: '0.1', inputAudio: '0.5', output: '0.4' },
    },
  ),
  gemini('gemini-3-pro-preview', '2025-11-18', ['2', '0.2', '12'], {
    tiers: longContext(['4', '0.4', '18']),
  }),
  gemini('gemini-3.1-pro-preview', '2026-02-19', ['2', '0.2', '12'], {
    aliases: ['gemini-3.1-pro-preview-customtools'],
    tiers: longContext(['4', '0.4', '18']),
  }),
  gemini('gemini-3-flash-preview', '2025-12-17', ['0.5', '0.05', '3'], {
    prices: { input: '0.5', inputAudio: '1', output: '3', cacheRead: '0.05' },
  }),
  gemini('gemini-3.1-flash-lite', '2026-03-03', ['0.25', '0.025', '1.5'], {
    aliases: ['gemini-3.1-flash-lite-preview'],
    prices: {
      input: '0.25',
      inputAudio: '0.5',
      output: '1.5',
      cacheRead: '0.025',
    },
  }),
  gemini('gemini-3.5-flash', '2026-05-19', ['1.5', '0.15', '9']),
  gemini('gemini-3.5-flash-lite', '2026-07-21', ['0.3', '0.03', '2.5']),
  gemini('gemini-3.6-flash', '2026-07-21', ['1.5', '0.15', '7.5']),
  gemini('gemini-3.6-flash', '2026-08-13', ['0.75', '0.075', '3.75'], {
    source: {
      ...PRICING,
      note: "Introductory half price per genai-prices (start date disputed); Google's what's-new page shows 1.50 / 7.50 only.",
    },
  }),
  gemini('gemini-3.6-flash', '2027-01-01', ['1.5', '0.15', '7.5']),
  gemini('gemini-3.7-flash', '2026-08-13', ['0.75', '0.075', '3.75'], {
    source: { ...PRICING, ...INTRO_PRICE },
  }),
  gemini('gemini-3.7-flash', '2027-01-01', ['1.5', '0.15', '7.5']),
  gemini('gemini-3.8-flash', '2026-09-02', ['0.75', '0.075', '3.75'], {
    minCacheableTokens: 4096,
    source: { ...PRICING, ...INTRO_PRICE },
  }),
  gemini('gemini-3.8-flash', '2027-01-01', ['1.5', '0.15', '7.5'], {
    minCacheableTokens: 4096,
  }),
  ...gemini4Entries(),
  gemini('gemini-embedding-2', '2026-01-01', ['0.2', null, '0'], {
    prices: { input: '0.2', inputAudio: '6.5', output: '0' },
    cacheTtlSeconds: [],
    source: {
      ...PRICING,
      note: 'Release date not established. Image (0.45) and video (12) input are not token classes tokenledger tracks.',
    },
  }),
];

function gemini4Entries(): PriceEntryInput[] {
  // Gemini 4 caches implicitly only, from 4,096 tokens, with no storage fee.
  const implicit = {
    minCacheableTokens: 4096,
    cacheTtlSeconds: [],
    source: ANNOUNCEMENTS,
  };

  return [
    gemini('gemini-4-argon', '2026-09-30', ['2', '0.1', '10'], implicit),
    gemini('gemini-4-argon', '2026-12-01', ['4', '0.2', '20'], implicit),
    gemini('gemini-4-carbon', '2026-11-10', ['2', '0.1', '10'], implicit),
    gemini('gemini-4-carbon', '2026-12-01', ['4', '0.2', '20'], implicit),
    gemini(
      'gemini-4-hydrogen',
      '2026-11-12',
      ['1.5', '0.075', '7.5'],
      implicit,
    ),
  ];
}
