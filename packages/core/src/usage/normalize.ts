import { UsageError, UsageMissingError } from '../errors.js';
import { API_SHAPES, type ApiShape, type TokenUsage } from '../schema.js';
import { anthropicMessages } from './anthropic.js';
import { bedrockConverse } from './bedrock.js';
import {
  describe,
  ensureWithinMax,
  isRecord,
  type UsageRecord,
} from './counts.js';
import { geminiGenerateContent } from './gemini.js';
import { mistralChat } from './mistral-chat.js';
import { mistralOcr } from './mistral-ocr.js';
import { openaiChat } from './openai-chat.js';
import { openaiEmbeddings } from './openai-embeddings.js';
import { openaiResponses } from './openai-responses.js';
import type { UsageShapeSpec } from './spec.js';

const SPECS = new Map<string, UsageShapeSpec>(
  [
    anthropicMessages,
    openaiChat,
    openaiResponses,
    openaiEmbeddings,
    geminiGenerateContent,
    bedrockConverse,
    mistralChat,
    mistralOcr,
  ].map((spec) => [spec.shape, spec]),
);

/**
 * Turns a provider's usage object, exactly as it came over the wire, into
 * tokenledger's disjoint token classes.
 *
 * `raw` may be the usage object itself (`usage`, `usageMetadata`,
 * `usage_info`), the whole response body that contains it, or the stream
 * event that carries it; snake_case wire fields and the SDKs' camelCase
 * renames are both accepted. The result satisfies
 * `inputTokens + cacheReadTokens + cacheWriteTokens + cacheWrite1hTokens`
 * = every prompt token processed, with reasoning and audio output inside
 * `outputTokens` and audio input inside `inputTokens`.
 *
 * Throws a {@link UsageMissingError} (code `USAGE_MISSING`) when the
 * response carries no usage, with how to enable it for that provider, and
 * a {@link UsageError} (code `INVALID_USAGE`, or `UNKNOWN_SHAPE`) naming
 * the shape, the field and what was expected for anything else.
 *
 * @see docs/usage-semantics.md for every provider's fields and rules.
 * @example
 * ```ts
 * const usage = normalizeUsage('openai.chat', {
 *   prompt_tokens: 2500,
 *   completion_tokens: 400,
 *   prompt_tokens_details: { cached_tokens: 2048 },
 *   completion_tokens_details: { reasoning_tokens: 256 },
 * });
 * usage.inputTokens; // 452
 * usage.cacheReadTokens; // 2048
 * usage.reasoningTokens; // 256 (inside outputTokens: 400)
 * ```
 */
export function normalizeUsage(shape: ApiShape, raw: unknown): TokenUsage {
  const spec = SPECS.get(shape);
  if (spec === undefined) throw unknownShape(shape);

  const usage = spec.normalize(locateUsage(spec, raw));
  ensurePlausibleTotals(spec.shape, usage);

  return usage;
}

/**
 * Each field is bounded on its own; a shape whose classes are added
 * (Anthropic, Bedrock: input plus cache) could still pass the bound in sum.
 */
function ensurePlausibleTotals(shape: ApiShape, usage: TokenUsage): void {
  ensureWithinMax(
    shape,
    usage.inputTokens +
      usage.cacheReadTokens +
      usage.cacheWriteTokens +
      usage.cacheWrite1hTokens,
    'the prompt token classes (input, cache read, cache writes)',
  );
}

/**
 * Finds the usage object in `raw`: `raw` itself when it carries one of the
 * shape's usage fields, else the first object found along the shape's
 * paths (e.g. `usage`, `response.usage`).
 */
function locateUsage(spec: UsageShapeSpec, raw: unknown): UsageRecord {
  if (raw === undefined || raw === null) throw missingUsage(spec, raw);
  if (!isRecord(raw)) throw notAnObject(spec, raw);

  for (const marker of spec.markers) {
    if (raw[marker] !== undefined) return raw;
  }

  for (const path of spec.paths) {
    const found = follow(spec, raw, path);
    if (found !== undefined) return found;
  }

  throw missingUsage(spec, raw);
}

function follow(
  spec: UsageShapeSpec,
  body: UsageRecord,
  path: readonly string[],
): UsageRecord | undefined {
  let value: unknown = body;
  for (const key of path) {
    if (!isRecord(value)) return undefined;
    value = value[key];
  }

  if (value === undefined || value === null) return undefined;
  if (isRecord(value)) return value;

  throw new UsageError(
    `Invalid ${spec.shape} usage: ${path.join('.')} is ${describe(value)}; expected the usage object. See docs/usage-semantics.md.`,
    { shape: spec.shape, field: path.join('.') },
  );
}

function missingUsage(spec: UsageShapeSpec, raw: unknown): UsageMissingError {
  const got =
    raw === undefined || raw === null
      ? `got ${String(raw)}`
      : `found none of ${[...spec.markers, ...spec.paths.map((path) => path.join('.'))].join(', ')}`;

  return new UsageMissingError(
    `No ${spec.shape} usage in the response (${got}). ${spec.missingHint}`,
    { shape: spec.shape },
  );
}

function notAnObject(spec: UsageShapeSpec, raw: unknown): UsageError {
  return new UsageError(
    `Invalid ${spec.shape} usage: expected the provider's usage object or the response body containing it, got ${describe(raw)}.`,
    { shape: spec.shape, details: { received: raw } },
  );
}

function unknownShape(shape: unknown): UsageError {
  return new UsageError(
    `Unknown API shape ${typeof shape === 'string' ? JSON.stringify(shape) : describe(shape)}: expected one of ${API_SHAPES.join(', ')}. Pass the shape of the API that produced the usage.`,
    { code: 'UNKNOWN_SHAPE', field: 'shape', details: { received: shape } },
  );
}
