import type { PriceEntryInput } from '../types.js';
import { CATALOG_2026, cacheWriting, GPT_6_ANNOUNCEMENTS } from './openai.js';

// GPT-5.6 and GPT-6.x: the first OpenAI models that bill cache writes.

/** OpenAI GPT-5.6 and GPT-6 models. */
export const OPENAI_CACHE_WRITE_PRICES: readonly PriceEntryInput[] = [
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
