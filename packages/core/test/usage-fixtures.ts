/**
 * Real-shaped provider responses, one per shape and per inclusion rule,
 * trimmed to the fields that matter. Field names and nesting follow each
 * provider's API reference and the SDK type definitions installed in
 * packages/core (checked 2026-12-03; see docs/usage-semantics.md).
 */

/** Anthropic Messages, POST /v1/messages. */
export const anthropic = {
  /** 1-hour and 5-minute cache writes, split by `cache_creation`. */
  cacheWriteByTtl: {
    id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'text', text: 'Claim 4411 is valid.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: {
      input_tokens: 12,
      cache_creation_input_tokens: 3000,
      cache_read_input_tokens: 0,
      cache_creation: {
        ephemeral_5m_input_tokens: 1000,
        ephemeral_1h_input_tokens: 2000,
      },
      output_tokens: 300,
      service_tier: 'standard',
      server_tool_use: null,
      inference_geo: 'global',
    },
  },
  /** A cache hit with extended thinking and two web searches. */
  cacheReadThinkingSearch: {
    input_tokens: 50,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 100_000,
    cache_creation: {
      ephemeral_5m_input_tokens: 0,
      ephemeral_1h_input_tokens: 0,
    },
    output_tokens: 1500,
    output_tokens_details: { thinking_tokens: 1100 },
    server_tool_use: { web_search_requests: 2, web_fetch_requests: 1 },
    service_tier: 'standard',
  },
  /** Before `cache_creation` existed: every write is a 5-minute write. */
  legacyCacheWrite: {
    input_tokens: 20,
    cache_creation_input_tokens: 1500,
    cache_read_input_tokens: 0,
    output_tokens: 80,
  },
  /** The first event of a stream carries the input side. */
  messageStartEvent: {
    type: 'message_start',
    message: {
      id: 'msg_01Ab',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'claude-haiku-4-5',
      stop_reason: null,
      usage: {
        input_tokens: 472,
        cache_creation_input_tokens: null,
        cache_read_input_tokens: null,
        cache_creation: null,
        output_tokens: 2,
      },
    },
  },
} as const;

/** OpenAI Chat Completions, POST /v1/chat/completions. */
export const openaiChat = {
  /** The acceptance case, in a whole response body. */
  cachedReasoning: {
    id: 'chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG',
    object: 'chat.completion',
    created: 1_741_570_283,
    model: 'o4-mini-2025-04-16',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Approved.' },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 2500,
      completion_tokens: 400,
      total_tokens: 2900,
      prompt_tokens_details: { cached_tokens: 2048, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 256,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
    service_tier: 'default',
  },
  /** gpt-4o-audio: audio tokens inside prompt and completion totals. */
  audio: {
    prompt_tokens: 180,
    completion_tokens: 600,
    total_tokens: 780,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 150 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 520,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  /** GPT-5.6 and later report cache writes inside `prompt_tokens`. */
  cacheWrite: {
    prompt_tokens: 9657,
    completion_tokens: 78,
    total_tokens: 9735,
    prompt_tokens_details: {
      cached_tokens: 0,
      cache_write_tokens: 9654,
      audio_tokens: 0,
    },
    completion_tokens_details: {
      reasoning_tokens: 37,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  },
  /** The last chunk of a stream made with include_usage. */
  finalStreamChunk: {
    id: 'chatcmpl-Bx1',
    object: 'chat.completion.chunk',
    created: 1_741_570_300,
    model: 'gpt-4.1-mini',
    choices: [],
    usage: { prompt_tokens: 19, completion_tokens: 10, total_tokens: 29 },
  },
  /** A chunk of a stream made without include_usage. */
  streamChunkWithoutUsage: {
    id: 'chatcmpl-Bx2',
    object: 'chat.completion.chunk',
    created: 1_741_570_301,
    model: 'gpt-4.1-mini',
    choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }],
    usage: null,
  },
} as const;

/** OpenAI Responses, POST /v1/responses. */
export const openaiResponses = {
  /** A cache hit, as returned with prompt_cache_retention: 24h. */
  cacheRead: {
    id: 'resp_0cd5d6b8310055d600696a1776b42c81a199fbb02248a8bfa0',
    object: 'response',
    status: 'completed',
    model: 'gpt-4.1-2025-04-14',
    output: [],
    usage: {
      input_tokens: 12_033,
      input_tokens_details: { cached_tokens: 11_904 },
      output_tokens: 44,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 12_077,
    },
  },
  /** A cold cache write on GPT-5.6. */
  cacheWrite: {
    input_tokens: 9658,
    input_tokens_details: { cache_write_tokens: 9655, cached_tokens: 0 },
    output_tokens: 42,
    output_tokens_details: { reasoning_tokens: 25 },
    total_tokens: 9700,
  },
  /** A reasoning model. */
  reasoning: {
    input_tokens: 75,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: 1186,
    output_tokens_details: { reasoning_tokens: 1024 },
    total_tokens: 1261,
  },
  /** The terminal event of a stream. */
  completedEvent: {
    type: 'response.completed',
    sequence_number: 41,
    response: {
      id: 'resp_67ccd3a9',
      object: 'response',
      status: 'completed',
      usage: {
        input_tokens: 2100,
        input_tokens_details: { cached_tokens: 1920 },
        output_tokens: 300,
        output_tokens_details: { reasoning_tokens: 128 },
        total_tokens: 2400,
      },
    },
  },
} as const;

/** OpenAI Embeddings, POST /v1/embeddings. */
export const openaiEmbeddings = {
  body: {
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: [0.0023, -0.0093] }],
    model: 'text-embedding-3-small',
    usage: { prompt_tokens: 8, total_tokens: 8 },
  },
} as const;

/** Gemini generateContent (AI Studio and Vertex AI). */
export const gemini = {
  /** The acceptance case: cached content and thinking. */
  cachedThinking: {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: 'Valid.' }] },
        finishReason: 'STOP',
      },
    ],
    usageMetadata: {
      promptTokenCount: 10_000,
      candidatesTokenCount: 500,
      thoughtsTokenCount: 1200,
      cachedContentTokenCount: 8000,
      totalTokenCount: 11_700,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 10_000 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 8000 }],
    },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'mJ5fZ8y0B5a8qtsP0Y2Q0Q0',
  },
  /** Tool results fed back to the model count on top of the prompt. */
  toolUse: {
    promptTokenCount: 120,
    candidatesTokenCount: 40,
    toolUsePromptTokenCount: 300,
    totalTokenCount: 460,
  },
  /** Audio in the prompt, part of it served from the cache. */
  cachedAudio: {
    promptTokenCount: 10_000,
    candidatesTokenCount: 60,
    cachedContentTokenCount: 8000,
    totalTokenCount: 10_060,
    promptTokensDetails: [
      { modality: 'TEXT', tokenCount: 9000 },
      { modality: 'AUDIO', tokenCount: 1000 },
    ],
    cacheTokensDetails: [
      { modality: 'TEXT', tokenCount: 7500 },
      { modality: 'AUDIO', tokenCount: 500 },
    ],
    candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 60 }],
  },
  /** Native audio output; zero counts are omitted (proto3 JSON). */
  audioOutput: {
    promptTokenCount: 25,
    candidatesTokenCount: 400,
    totalTokenCount: 425,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 25 }],
    candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 400 }],
  },
  /** A dump of the Python SDK's response (snake_case). */
  pythonDump: {
    usage_metadata: {
      prompt_token_count: 64,
      candidates_token_count: 16,
      thoughts_token_count: 8,
      total_token_count: 88,
    },
  },
} as const;

/** Amazon Bedrock Converse and ConverseStream. */
export const bedrock = {
  plain: {
    output: {
      message: { role: 'assistant', content: [{ text: 'Approved.' }] },
    },
    stopReason: 'end_turn',
    usage: { inputTokens: 30, outputTokens: 628, totalTokens: 658 },
    metrics: { latencyMs: 1275 },
  },
  /** Cache writes split by TTL, 1h listed first as AWS sorts them. */
  cacheWriteByTtl: {
    inputTokens: 12,
    outputTokens: 300,
    totalTokens: 3312,
    cacheReadInputTokens: 0,
    cacheWriteInputTokens: 3000,
    cacheDetails: [
      { ttl: '1h', inputTokens: 2000 },
      { ttl: '5m', inputTokens: 1000 },
    ],
  },
  cacheRead: {
    inputTokens: 4,
    outputTokens: 120,
    totalTokens: 2624,
    cacheReadInputTokens: 2500,
    cacheWriteInputTokens: 0,
  },
  /** The metadata event that ends a ConverseStream. */
  streamMetadataEvent: {
    metadata: {
      usage: {
        inputTokens: 210,
        outputTokens: 95,
        totalTokens: 1305,
        cacheReadInputTokens: 1000,
      },
      metrics: { latencyMs: 900 },
    },
  },
} as const;

/** Mistral chat completions, POST /v1/chat/completions. */
export const mistral = {
  /** A prompt-cache hit (prompt_cache_key), snake_case on the wire. */
  cachedWire: {
    id: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
    object: 'chat.completion',
    model: 'mistral-large-latest',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Check the API key.' },
        finish_reason: 'stop',
      },
    ],
    usage: {
      prompt_tokens: 1200,
      completion_tokens: 90,
      total_tokens: 1290,
      prompt_tokens_details: { cached_tokens: 1024 },
    },
  },
  /**
   * The same usage through @mistralai/mistralai: declared fields renamed,
   * undeclared ones passed through in snake_case.
   */
  cachedSdk: {
    promptTokens: 1200,
    completionTokens: 90,
    totalTokens: 1290,
    prompt_tokens_details: { cached_tokens: 1024 },
  },
  /** Magistral reasoning inside completion_tokens. */
  reasoning: {
    prompt_tokens: 40,
    completion_tokens: 900,
    total_tokens: 940,
    completion_tokens_details: { reasoning_tokens: 700 },
  },
  /** Voxtral: audio tokens inside prompt_tokens. */
  audio: {
    prompt_tokens: 3100,
    completion_tokens: 45,
    total_tokens: 3145,
    prompt_audio_seconds: 120,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 3000 },
  },
  /** The last event of a TS SDK stream. */
  sdkStreamEvent: {
    data: {
      id: 'cmpl-1f2a',
      object: 'chat.completion.chunk',
      model: 'mistral-small-latest',
      choices: [{ index: 0, delta: { content: '' }, finishReason: 'stop' }],
      usage: { promptTokens: 15, completionTokens: 30, totalTokens: 45 },
    },
  },
} as const;

/** Mistral OCR, POST /v1/ocr. */
export const mistralOcr = {
  wire: {
    pages: [{ index: 0, markdown: '# Claim form', images: [] }],
    model: 'mistral-ocr-2505',
    document_annotation: null,
    usage_info: { pages_processed: 29, doc_size_bytes: 3_002_783 },
  },
  sdk: {
    pages: [{ index: 0, markdown: '# Invoice', images: [] }],
    model: 'mistral-ocr-latest',
    usageInfo: { pagesProcessed: 3, docSizeBytes: null },
  },
} as const;
