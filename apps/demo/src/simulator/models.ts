/** What the simulator knows about one model it serves. */
export interface SimulatedModel {
  provider: 'anthropic' | 'openai' | 'mistral';
  /** The id the provider reports back (a dated snapshot for aliases). */
  snapshot: string;
  /** Anthropic: smallest prefix a breakpoint may cache, in tokens. */
  minCacheableTokens?: number;
  /** OpenAI: a reasoning model that bills hidden reasoning tokens. */
  reasoning?: boolean;
  /** OpenAI: the embedding width. */
  embeddingDimensions?: number;
}

/**
 * The models the simulator answers for. Minimum cacheable lengths are
 * Anthropic's documented ones (Sonnet 4.5: 1024, Haiku 4.5: 4096).
 * @see https://docs.claude.com/en/docs/build-with-claude/prompt-caching#cache-limitations
 */
export const SIMULATED_MODELS: Readonly<Record<string, SimulatedModel>> = {
  'claude-sonnet-4-5': sonnet(),
  'claude-sonnet-4-5-20250929': sonnet(),
  'claude-haiku-4-5': haiku(),
  'claude-haiku-4-5-20251001': haiku(),
  'gpt-5': {
    provider: 'openai',
    snapshot: 'gpt-5-2025-08-07',
    reasoning: true,
  },
  'gpt-5-2025-08-07': {
    provider: 'openai',
    snapshot: 'gpt-5-2025-08-07',
    reasoning: true,
  },
  'gpt-4.1-mini': { provider: 'openai', snapshot: 'gpt-4.1-mini-2025-04-14' },
  'gpt-4.1-mini-2025-04-14': {
    provider: 'openai',
    snapshot: 'gpt-4.1-mini-2025-04-14',
  },
  'text-embedding-3-small': {
    provider: 'openai',
    snapshot: 'text-embedding-3-small',
    embeddingDimensions: 1536,
  },
  'mistral-ocr-latest': { provider: 'mistral', snapshot: 'mistral-ocr-latest' },
};

/** The model `id` of `provider`, or undefined when the simulator lacks it. */
export function findModel(
  provider: SimulatedModel['provider'],
  id: unknown,
): SimulatedModel | undefined {
  if (typeof id !== 'string') return undefined;

  const model = SIMULATED_MODELS[id];
  return model?.provider === provider ? model : undefined;
}

function sonnet(): SimulatedModel {
  return {
    provider: 'anthropic',
    snapshot: 'claude-sonnet-4-5-20250929',
    minCacheableTokens: 1024,
  };
}

function haiku(): SimulatedModel {
  return {
    provider: 'anthropic',
    snapshot: 'claude-haiku-4-5-20251001',
    minCacheableTokens: 4096,
  };
}
