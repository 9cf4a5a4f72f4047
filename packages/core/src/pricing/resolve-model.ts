import { defaultCatalog } from './default-catalog.js';
import type { PriceCatalog } from './types.js';

/**
 * The catalog model id a provider's model id stands for, or null when the
 * catalog does not know it. Accepts dated snapshots, `-latest` aliases,
 * Bedrock ids and inference profiles, Vertex `@` versions, platform
 * spellings (`aws-bedrock`, `google-vertex`, `azure-openai`), any case and
 * surrounding whitespace. Moving aliases resolve as of `at` (default: now).
 *
 * @example
 * ```ts
 * resolveModel('aws-bedrock', 'us.anthropic.claude-sonnet-4-20250514-v1:0'); // 'claude-sonnet-4'
 * resolveModel('google-vertex', 'claude-sonnet-4@20250514'); // 'claude-sonnet-4'
 * resolveModel('openai', 'gpt-4o-2024-08-06'); // 'gpt-4o'
 * ```
 */
export function resolveModel(
  provider: string,
  model: string,
  catalog: PriceCatalog = defaultCatalog,
  at?: Date,
): string | null {
  return catalog.resolve(provider, model, at)?.canonicalModel ?? null;
}
