import { createCatalog } from './catalog.js';
import { BUNDLED_PRICES } from './data/index.js';
import type { PriceCatalog } from './types.js';

/**
 * The bundled catalog: Anthropic, OpenAI, Google Gemini and Mistral list
 * prices with their history, also reached through Bedrock, Vertex and Azure
 * ids. Extend it with `createCatalog(entries, { extends: defaultCatalog })`.
 *
 * @example
 * ```ts
 * defaultCatalog.find('bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0')?.model;
 * // 'claude-sonnet-4-5'
 * ```
 * @see docs/pricing.md
 */
export const defaultCatalog: PriceCatalog = createCatalog(BUNDLED_PRICES);
