import type { PriceEntryInput } from '../types.js';
import { ANTHROPIC_PRICES } from './anthropic.js';
import { ANTHROPIC_2026_PRICES } from './anthropic-2026.js';
import { GOOGLE_PRICES } from './google.js';
import { MISTRAL_PRICES } from './mistral.js';
import { OPENAI_PRICES } from './openai.js';
import { OPENAI_CACHE_WRITE_PRICES } from './openai-2026.js';

/** Every bundled price entry; see docs/pricing.md for sources. */
export const BUNDLED_PRICES: readonly PriceEntryInput[] = [
  ...ANTHROPIC_PRICES,
  ...ANTHROPIC_2026_PRICES,
  ...OPENAI_PRICES,
  ...OPENAI_CACHE_WRITE_PRICES,
  ...GOOGLE_PRICES,
  ...MISTRAL_PRICES,
];
