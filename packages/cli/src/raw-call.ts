import {
  API_SHAPES,
  type ApiShape,
  normalizeUsage,
  type TokenUsage,
} from '@tokenledger/core';

/**
 * What the flags of `price` and `ingest` say about calls whose lines do not
 * say it themselves.
 *
 * @example
 * ```ts
 * const defaults: CallDefaults = { shape: 'openai.chat', provider: 'openai' };
 * ```
 */
export interface CallDefaults {
  shape?: ApiShape;
  provider?: string;
  model?: string;
  at?: Date;
  batch?: boolean;
  endpoint?: string;
}

/**
 * One provider response read from a line, normalized.
 *
 * @example
 * ```ts
 * const call: RawCall = readRawCall(JSON.parse(line), { shape: 'openai.chat' });
 * ```
 */
export interface RawCall {
  shape: ApiShape;
  provider: string;
  model: string;
  at: Date | undefined;
  batch: boolean;
  usage: TokenUsage;
  /** The response body (or usage object) as it came. */
  response: Record<string, unknown>;
  /** The fields set beside `response`; empty for a bare response. */
  meta: Record<string, unknown>;
}

// The vendor whose price list a shape's calls are billed on by default.
const SHAPE_PROVIDER: Record<string, string> = {
  anthropic: 'anthropic',
  openai: 'openai',
  gemini: 'google',
  bedrock: 'bedrock',
  mistral: 'mistral',
};

/**
 * Reads a raw call: either `{ "response": {...}, "provider", "model",
 * "shape", "timestamp", ... }` (the fields beside the response win over
 * the flags), or a bare response body or usage object (the flags win over
 * the body's own `model`). The provider defaults to the shape's vendor.
 * Throws an `Error` whose message names the missing or bad field.
 *
 * @example
 * ```ts
 * readRawCall({ model: 'gpt-4o', usage: { prompt_tokens: 10, completion_tokens: 2 } }, { shape: 'openai.chat' });
 * ```
 */
export function readRawCall(
  line: Record<string, unknown>,
  defaults: CallDefaults,
): RawCall {
  const wrapped = isRecord(line.response);
  const response = wrapped ? (line.response as Record<string, unknown>) : line;
  const meta = wrapped ? line : {};

  const shape = shapeOf(meta.shape ?? defaults.shape);
  const provider =
    text(meta.provider, 'provider') ??
    defaults.provider ??
    (SHAPE_PROVIDER[shape.split('.')[0] as string] as string);
  const model =
    text(meta.model, 'model') ??
    defaults.model ??
    text(response.model, 'response.model') ??
    text(response.modelVersion, 'response.modelVersion');
  if (model === undefined) {
    throw new Error(
      'No model: add "model" beside "response" in the line, or pass --model.',
    );
  }

  return {
    shape,
    provider,
    model,
    at: timeOf(meta.timestamp) ?? defaults.at,
    batch: flag(meta.batch, 'batch') ?? defaults.batch ?? false,
    usage: normalizeUsage(shape, response),
    response,
    meta,
  };
}

function shapeOf(value: unknown): ApiShape {
  if (API_SHAPES.includes(value as ApiShape)) return value as ApiShape;

  throw new Error(
    value === undefined
      ? `No shape: add "shape" beside "response" in the line, or pass --shape (one of ${API_SHAPES.join(', ')}).`
      : `Unknown shape ${JSON.stringify(value)}: use one of ${API_SHAPES.join(', ')}.`,
  );
}

/** Reads an ISO string or epoch milliseconds. */
export function timeOf(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;

  const date =
    typeof value === 'string' || typeof value === 'number'
      ? new Date(value)
      : undefined;
  if (date && !Number.isNaN(date.getTime())) return date;

  throw new Error(
    `"timestamp" must be an ISO date-time or epoch milliseconds, got ${JSON.stringify(value)}.`,
  );
}

/** Reads an optional non-empty string field. */
export function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && value.length > 0) return value;

  throw new Error(
    `"${field}" must be a non-empty string, got ${JSON.stringify(value)}.`,
  );
}

function flag(value: unknown, field: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;

  throw new Error(
    `"${field}" must be true or false, got ${JSON.stringify(value)}.`,
  );
}

/** A plain object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
