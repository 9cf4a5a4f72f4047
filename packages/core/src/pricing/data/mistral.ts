import type { ModelAlias, PriceEntryInput } from '../types.js';

// La Plateforme list prices from the Mistral docs repository (model schema
// files); cached input at 10% of input where listed; Batch 50% on every
// model, OCR pages included. `-latest` aliases move between models, so they
// carry the date they moved.
const DOCS = {
  url: 'https://github.com/mistralai/platform-docs-public/tree/main/src/schema/models/models',
  checked: '2026-12-03',
} as const;
const UNDATED = {
  ...DOCS,
  note: 'Release date not established; set early so older calls are priced.',
};

const MISTRAL = {
  provider: 'mistral',
  batchMultiplier: '0.5',
  minCacheableTokens: null,
  cacheTtlSeconds: [],
} as const;

type Rates = [input: string, cacheRead: string | null, output: string];

function mistral(
  model: string,
  effectiveFrom: string,
  [input, cacheRead, output]: Rates,
  extra: Partial<PriceEntryInput> = {},
): PriceEntryInput {
  return {
    ...MISTRAL,
    model,
    effectiveFrom,
    prices: { input, output, ...(cacheRead ? { cacheRead } : {}) },
    source: DOCS,
    ...extra,
  };
}

/** A `-latest` alias (and the bare family name) from a date on. */
function latest(family: string, from?: string) {
  if (!from) return [`${family}-latest`, family];

  return [
    { id: `${family}-latest`, from },
    { id: family, from },
  ];
}

function ocr(
  model: string,
  effectiveFrom: string,
  perPage: string,
  aliases: readonly ModelAlias[],
): PriceEntryInput {
  return mistral(model, effectiveFrom, ['0', null, '0'], {
    aliases,
    units: { page: perPage },
    source: {
      ...DOCS,
      note: 'Billed per page (usage_info.pages_processed); tokens are not billed. Pages with annotations cost more and are not tracked separately.',
    },
  });
}

/** Mistral (La Plateforme). */
export const MISTRAL_PRICES: readonly PriceEntryInput[] = [
  mistral('mistral-large-2411', '2024-11-01', ['2', null, '6'], {
    aliases: latest('mistral-large'),
    source: UNDATED,
  }),
  mistral('mistral-large-2512', '2025-12-02', ['0.5', '0.05', '1.5'], {
    aliases: latest('mistral-large', '2025-12-02'),
  }),
  mistral('mistral-large-4', '2026-10-06', ['0.68', '0.07', '2.09'], {
    aliases: ['mistral-large-4-0'],
    source: {
      ...DOCS,
      note: 'Public-preview promotion at half the list price.',
    },
  }),
  mistral('mistral-large-4', '2026-10-20', ['1.36', '0.14', '4.18'], {
    aliases: ['mistral-large-4-0'],
    source: {
      url: 'https://github.com/BlockRunAI/Franklin/releases',
      checked: '2026-12-03',
      note: 'List price after the promotion, "on or before 2026-10-20", from a gateway\'s release notes, not from Mistral.',
    },
  }),
  mistral('mistral-medium-2505', '2025-05-07', ['0.4', '0.04', '2'], {
    aliases: ['mistral-medium-2508', ...latest('mistral-medium')],
  }),
  mistral('mistral-medium-3-5', '2026-04-28', ['1.5', '0.15', '7.5'], {
    aliases: ['mistral-medium-3', ...latest('mistral-medium', '2026-06-16')],
  }),
  mistral('mistral-small-2506', '2025-06-20', ['0.1', null, '0.3'], {
    aliases: latest('mistral-small'),
  }),
  mistral('mistral-small-2603', '2026-03-16', ['0.15', '0.015', '0.6'], {
    aliases: latest('mistral-small', '2026-03-16'),
  }),
  mistral('ministral-3b-2512', '2025-12-02', ['0.1', '0.01', '0.1'], {
    aliases: ['ministral-3b-latest'],
  }),
  mistral('ministral-8b-2512', '2025-12-02', ['0.15', '0.015', '0.15'], {
    aliases: ['ministral-8b-latest'],
  }),
  mistral('ministral-14b-2512', '2025-12-02', ['0.2', '0.02', '0.2'], {
    aliases: ['ministral-14b-latest'],
  }),
  mistral('codestral-2508', '2025-07-30', ['0.3', '0.03', '0.9'], {
    aliases: ['codestral-latest'],
  }),
  mistral('codestral-embed', '2025-05-28', ['0.15', null, '0'], {
    aliases: ['codestral-embed-2505'],
  }),
  mistral('mistral-embed', '2023-12-11', ['0.1', null, '0'], {
    aliases: ['mistral-embed-2312'],
    source: UNDATED,
  }),
  ocr('mistral-ocr-2503', '2025-03-01', '0.001', latest('mistral-ocr')),
  ocr(
    'mistral-ocr-2505',
    '2025-05-22',
    '0.001',
    latest('mistral-ocr', '2025-05-22'),
  ),
  ocr(
    'mistral-ocr-2512',
    '2025-12-18',
    '0.002',
    latest('mistral-ocr', '2025-12-18'),
  ),
  ocr('mistral-ocr-4', '2026-06-23', '0.004', [
    'mistral-ocr-4-0',
    'mistral-ocr-4-1',
    ...latest('mistral-ocr', '2026-06-23'),
  ]),
];
