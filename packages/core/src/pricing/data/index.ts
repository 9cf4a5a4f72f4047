import type { PriceEntryInput } from '../types.js';
import { ANTHROPIC_PRICES } from './anthropic.js';
import { GOOGLE_PRICES } from './google.js';
import { MISTRAL_PRICES } from './mistral.js';
import { OPENAI_PRICES } from './openai.js';

/** Every bundled price entry; see docs/pricing.md for sources. */
export const BUNDLED_PRICES: readonly PriceEntryInput[] = [
  ...ANTHROPIC_PRICES,
  ...OPENAI_PRICES,
  ...GOOGLE_PRICES,
  ...MISTRAL_PRICES,
];
