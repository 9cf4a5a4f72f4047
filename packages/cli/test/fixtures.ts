/**
 * Calls the tests ingest, with their costs worked out by hand from the
 * built-in catalog (USD per million tokens):
 * - openai/gpt-4o@2024-08-06: input 2.5, cache read 1.25, output 10.
 * - anthropic/claude-sonnet-4-5@2025-09-29: input 3, cache write 3.75,
 *   cache read 0.3, output 15.
 * - mistral/mistral-ocr-4@2026-06-23 (`mistral-ocr-latest` from then on):
 *   USD 0.004 per page, no tokens.
 */

/**
 * gpt-4o, 1,200 prompt tokens of which 1,000 cached, 300 out:
 * 200 × 2.5 + 1,000 × 1.25 + 300 × 10 = 500 + 1,250 + 3,000 = 4,750 µUSD
 * → 0.004750000.
 */
export function chatCall(timestamp: string, extra: object = {}) {
  return {
    timestamp,
    shape: 'openai.chat',
    provider: 'openai',
    model: 'gpt-4o',
    userId: 'u-1',
    endpoint: 'POST /chat',
    ...extra,
    response: {
      id: `chatcmpl-${timestamp}`,
      model: 'gpt-4o-2024-08-06',
      usage: {
        prompt_tokens: 1200,
        completion_tokens: 300,
        prompt_tokens_details: { cached_tokens: 1000 },
      },
    },
  };
}

/**
 * claude-sonnet-4-5, 1,000 uncached in, 2,000 read, 500 written, 300 out:
 * 1,000 × 3 + 2,000 × 0.3 + 500 × 3.75 + 300 × 15
 * = 3,000 + 600 + 1,875 + 4,500 = 9,975 µUSD → 0.009975000.
 */
export function summarizeCall(timestamp: string, extra: object = {}) {
  return {
    timestamp,
    shape: 'anthropic.messages',
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    userId: 'u-2',
    endpoint: 'POST /summarize',
    ...extra,
    response: {
      usage: {
        input_tokens: 1000,
        output_tokens: 300,
        cache_read_input_tokens: 2000,
        cache_creation_input_tokens: 500,
      },
    },
  };
}

/**
 * mistral-ocr-latest, 1,250 pages and no tokens:
 * 1,250 × 0.004 = 5 USD → 5.000000000.
 */
export function ocrCall(timestamp: string, extra: object = {}) {
  return {
    timestamp,
    shape: 'mistral.ocr',
    provider: 'mistral',
    model: 'mistral-ocr-latest',
    userId: 'u-5',
    endpoint: 'POST /ocr',
    ...extra,
    response: {
      model: 'mistral-ocr-latest',
      pages: [],
      usage_info: { pages_processed: 1250, doc_size_bytes: 48_213 },
    },
  };
}

/**
 * A stored tokenledger event (as the tracker writes it): claude-sonnet-4-5,
 * 100 in, 5,000 written to the cache, 100 out, with a prefix fingerprint:
 * 100 × 3 + 5,000 × 3.75 + 100 × 15 = 300 + 18,750 + 1,500
 * = 20,550 µUSD → 0.020550000.
 */
export function storedEvent(id: string, timestamp: string) {
  return {
    id,
    timestamp,
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    canonicalModel: 'claude-sonnet-4-5',
    userId: 'u-3',
    endpoint: 'POST /draft',
    release: null,
    tags: {},
    shape: 'anthropic.messages',
    usage: {
      inputTokens: 100,
      outputTokens: 100,
      cacheWriteTokens: 5000,
      cacheWrite1hTokens: 0,
      cacheReadTokens: 0,
      reasoningTokens: 0,
      audioInputTokens: 0,
      audioOutputTokens: 0,
    },
    priced: true,
    unpricedReason: null,
    costUsd: '0.020550000',
    cost: {
      input: '0.000300000',
      output: '0.001500000',
      cacheWrite: '0.018750000',
      cacheRead: '0.000000000',
      units: '0.000000000',
    },
    priceId: 'anthropic/claude-sonnet-4-5@2025-09-29',
    providerCostUsd: null,
    batch: false,
    streamed: false,
    incomplete: false,
    latencyMs: 900,
    status: 'ok',
    attempt: 1,
    requestId: null,
    prefixHash: 'p-draft',
    prefixTokens: 5000,
    maxTokensHit: false,
  };
}
