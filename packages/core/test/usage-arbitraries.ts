import fc from 'fast-check';
import type { ApiShape } from '../src/schema.js';

/** A random valid usage object with the totals it must normalize to. */
export interface ValidUsage {
  /** The usage object itself. */
  usage: Record<string, unknown>;
  /** Every prompt token the provider processed. */
  promptTotal: number;
  /** Every billed output token. */
  outputTotal: number;
  cacheRead: number;
  reasoning: number;
}

/** Generators for one API shape. */
export interface ShapeArbitraries {
  shape: ApiShape;
  valid: fc.Arbitrary<ValidUsage>;
  /** Wraps a usage object the way a response body carries it. */
  wrap(usage: Record<string, unknown>): Record<string, unknown>;
  /** Usage objects whose parts are larger than their whole. */
  contradictory?: fc.Arbitrary<Record<string, unknown>>;
}

/** Fields the normalizers read nothing from, so corrupting them is valid. */
export const IGNORED_FIELDS = new Set([
  'total_tokens',
  'totalTokens',
  'totalTokenCount',
  'total_token_count',
  'accepted_prediction_tokens',
  'rejected_prediction_tokens',
  'web_fetch_requests',
  'doc_size_bytes',
  'docSizeBytes',
  'prompt_audio_seconds',
]);

// Parts stay small enough that every sum is under MAX_TOKEN_COUNT.
const part = fc.nat({ max: 10_000_000 });
const optionalPart = fc.option(part, { nil: undefined });
const positive = fc.integer({ min: 1, max: 10_000_000 });

/** A count that is reported, reported as null, or left out. */
function present(value: number | undefined, nullable = true) {
  if (value !== undefined) return value;

  return nullable ? null : undefined;
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  );
}

const openaiChat: ShapeArbitraries = {
  shape: 'openai.chat',
  valid: fc
    .record({
      uncached: part,
      cached: optionalPart,
      written: optionalPart,
      audioIn: optionalPart,
      text: part,
      reasoning: optionalPart,
      audioOut: optionalPart,
    })
    .map((p) => {
      const prompt = p.uncached + (p.cached ?? 0) + (p.written ?? 0);
      const completion = p.text + (p.reasoning ?? 0) + (p.audioOut ?? 0);
      const audioIn =
        p.audioIn === undefined ? undefined : Math.min(p.audioIn, prompt);

      return {
        usage: compact({
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          prompt_tokens_details: compact({
            cached_tokens: p.cached,
            cache_write_tokens: p.written,
            audio_tokens: audioIn,
          }),
          completion_tokens_details: compact({
            reasoning_tokens: p.reasoning,
            audio_tokens: p.audioOut,
            accepted_prediction_tokens: 0,
          }),
        }),
        promptTotal: prompt,
        outputTotal: completion,
        cacheRead: p.cached ?? 0,
        reasoning: p.reasoning ?? 0,
      };
    }),
  wrap: (usage) => ({ id: 'chatcmpl-1', object: 'chat.completion', usage }),
  contradictory: fc
    .record({ prompt: part, extra: positive })
    .map(({ prompt, extra }) => ({
      prompt_tokens: prompt,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: prompt + extra },
    })),
};

const openaiResponses: ShapeArbitraries = {
  shape: 'openai.responses',
  valid: fc
    .record({
      uncached: part,
      cached: part,
      written: optionalPart,
      text: part,
      reasoning: part,
    })
    .map((p) => {
      const input = p.uncached + p.cached + (p.written ?? 0);
      const output = p.text + p.reasoning;

      return {
        usage: {
          input_tokens: input,
          input_tokens_details: compact({
            cached_tokens: p.cached,
            cache_write_tokens: p.written,
          }),
          output_tokens: output,
          output_tokens_details: { reasoning_tokens: p.reasoning },
          total_tokens: input + output,
        },
        promptTotal: input,
        outputTotal: output,
        cacheRead: p.cached,
        reasoning: p.reasoning,
      };
    }),
  wrap: (usage) => ({
    type: 'response.completed',
    response: { id: 'resp_1', usage },
  }),
  contradictory: fc
    .record({ output: part, extra: positive })
    .map(({ output, extra }) => ({
      input_tokens: 1,
      output_tokens: output,
      output_tokens_details: { reasoning_tokens: output + extra },
    })),
};

const openaiEmbeddings: ShapeArbitraries = {
  shape: 'openai.embeddings',
  valid: part.map((prompt) => ({
    usage: { prompt_tokens: prompt, total_tokens: prompt },
    promptTotal: prompt,
    outputTotal: 0,
    cacheRead: 0,
    reasoning: 0,
  })),
  wrap: (usage) => ({ object: 'list', data: [], usage }),
};

const anthropicMessages: ShapeArbitraries = {
  shape: 'anthropic.messages',
  valid: fc
    .record({
      input: part,
      output: part,
      read: optionalPart,
      fiveMinute: part,
      oneHour: part,
      split: fc.boolean(),
      thinking: optionalPart,
      searches: optionalPart,
    })
    .map((p) => {
      const written = p.fiveMinute + p.oneHour;
      const output = p.output + (p.thinking ?? 0);

      return {
        usage: compact({
          input_tokens: p.input,
          output_tokens: output,
          cache_read_input_tokens: present(p.read),
          cache_creation_input_tokens: written,
          cache_creation: p.split
            ? {
                ephemeral_5m_input_tokens: p.fiveMinute,
                ephemeral_1h_input_tokens: p.oneHour,
              }
            : null,
          output_tokens_details:
            p.thinking === undefined ? null : { thinking_tokens: p.thinking },
          server_tool_use:
            p.searches === undefined
              ? null
              : { web_search_requests: p.searches, web_fetch_requests: 0 },
        }),
        promptTotal: p.input + (p.read ?? 0) + written,
        outputTotal: output,
        cacheRead: p.read ?? 0,
        reasoning: p.thinking ?? 0,
      };
    }),
  wrap: (usage) => ({ id: 'msg_1', type: 'message', usage }),
  contradictory: fc
    .record({ total: part, extra: positive })
    .map(({ total, extra }) => ({
      input_tokens: 1,
      output_tokens: 1,
      cache_creation_input_tokens: total,
      cache_creation: {
        ephemeral_5m_input_tokens: 0,
        ephemeral_1h_input_tokens: total + extra,
      },
    })),
};

const modality = fc.constantFrom('TEXT', 'AUDIO', 'IMAGE', 'VIDEO');

const geminiGenerateContent: ShapeArbitraries = {
  shape: 'gemini.generateContent',
  valid: fc
    .record({
      uncached: part,
      cached: optionalPart,
      candidates: optionalPart,
      thoughts: optionalPart,
      toolUse: optionalPart,
      promptModality: modality,
    })
    .map((p) => {
      const prompt = p.uncached + (p.cached ?? 0);
      const output = (p.candidates ?? 0) + (p.thoughts ?? 0);

      return {
        usage: compact({
          promptTokenCount: prompt,
          cachedContentTokenCount: p.cached,
          candidatesTokenCount: p.candidates,
          thoughtsTokenCount: p.thoughts,
          toolUsePromptTokenCount: p.toolUse,
          totalTokenCount: prompt + output + (p.toolUse ?? 0),
          promptTokensDetails: [
            { modality: p.promptModality, tokenCount: prompt },
          ],
        }),
        promptTotal: prompt + (p.toolUse ?? 0),
        outputTotal: output,
        cacheRead: p.cached ?? 0,
        reasoning: p.thoughts ?? 0,
      };
    }),
  wrap: (usage) => ({ candidates: [], usageMetadata: usage }),
  contradictory: fc
    .record({ prompt: part, extra: positive })
    .map(({ prompt, extra }) => ({
      promptTokenCount: prompt,
      cachedContentTokenCount: prompt + extra,
    })),
};

const bedrockConverse: ShapeArbitraries = {
  shape: 'bedrock.converse',
  valid: fc
    .record({
      input: part,
      output: part,
      read: optionalPart,
      fiveMinute: part,
      oneHour: part,
      detailed: fc.boolean(),
    })
    .map((p) => {
      const written = p.fiveMinute + p.oneHour;

      return {
        usage: compact({
          inputTokens: p.input,
          outputTokens: p.output,
          totalTokens: p.input + p.output + written + (p.read ?? 0),
          cacheReadInputTokens: p.read,
          cacheWriteInputTokens: written,
          cacheDetails: p.detailed
            ? [
                { ttl: '1h', inputTokens: p.oneHour },
                { ttl: '5m', inputTokens: p.fiveMinute },
              ]
            : undefined,
        }),
        promptTotal: p.input + (p.read ?? 0) + written,
        outputTotal: p.output,
        cacheRead: p.read ?? 0,
        reasoning: 0,
      };
    }),
  wrap: (usage) => ({ metadata: { usage, metrics: { latencyMs: 5 } } }),
  contradictory: fc
    .record({ written: part, extra: positive })
    .map(({ written, extra }) => ({
      inputTokens: 1,
      outputTokens: 1,
      cacheWriteInputTokens: written,
      cacheDetails: [{ ttl: '5m', inputTokens: written + extra }],
    })),
};

const mistralChat: ShapeArbitraries = {
  shape: 'mistral.chat',
  valid: fc
    .record({
      uncached: part,
      cached: optionalPart,
      completion: part,
      camel: fc.boolean(),
    })
    .map((p) => {
      const prompt = p.uncached + (p.cached ?? 0);
      const details =
        p.cached === undefined ? undefined : { cached_tokens: p.cached };
      const usage = p.camel
        ? { promptTokens: prompt, completionTokens: p.completion }
        : { prompt_tokens: prompt, completion_tokens: p.completion };

      return {
        usage: compact({ ...usage, prompt_tokens_details: details }),
        promptTotal: prompt,
        outputTotal: p.completion,
        cacheRead: p.cached ?? 0,
        reasoning: 0,
      };
    }),
  wrap: (usage) => ({ id: 'cmpl-1', object: 'chat.completion', usage }),
  contradictory: fc
    .record({ prompt: part, extra: positive })
    .map(({ prompt, extra }) => ({
      prompt_tokens: prompt,
      completion_tokens: 1,
      prompt_tokens_details: { cached_tokens: prompt + extra },
    })),
};

const mistralOcr: ShapeArbitraries = {
  shape: 'mistral.ocr',
  valid: part.map((pages) => ({
    usage: { pages_processed: pages, doc_size_bytes: 1024 },
    promptTotal: 0,
    outputTotal: 0,
    cacheRead: 0,
    reasoning: 0,
  })),
  wrap: (usage) => ({
    pages: [],
    model: 'mistral-ocr-latest',
    usage_info: usage,
  }),
};

/** Every shape's generators. */
export const SHAPES: readonly ShapeArbitraries[] = [
  openaiChat,
  openaiResponses,
  openaiEmbeddings,
  anthropicMessages,
  geminiGenerateContent,
  bedrockConverse,
  mistralChat,
  mistralOcr,
];

/** Values that are never a valid count. */
export const badCount: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true, noNaN: true }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    true,
    false,
    {},
    [],
  ),
  fc.integer({ min: 100_000_001 }),
  fc.nat().map(String),
);

/** Paths to every number in a usage object that some normalizer reads. */
export function countPaths(
  value: unknown,
  path: (string | number)[] = [],
): (string | number)[][] {
  if (typeof value === 'number') return [path];
  if (typeof value !== 'object' || value === null) return [];

  return Object.entries(value).flatMap(([key, child]) =>
    IGNORED_FIELDS.has(key)
      ? []
      : countPaths(child, [...path, Array.isArray(value) ? Number(key) : key]),
  );
}

/** A deep copy of `usage` with the number at `path` replaced. */
export function replaceAt(
  usage: Record<string, unknown>,
  path: (string | number)[],
  replacement: unknown,
): Record<string, unknown> {
  const copy = structuredClone(usage);
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    parent = parent[key] as Record<string | number, unknown>;
  }
  parent[path[path.length - 1] as string | number] = replacement;

  return copy;
}
