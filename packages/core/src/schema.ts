import { z } from 'zod';
import { parseUsd } from './money.js';

/**
 * The wire format a usage object comes in: which provider API produced it.
 * Each has its own rules for which counts include which.
 */
export const API_SHAPES = [
  'anthropic.messages',
  'openai.chat',
  'openai.responses',
  'openai.embeddings',
  'gemini.generateContent',
  'bedrock.converse',
  'mistral.chat',
  'mistral.ocr',
] as const;

/** See {@link API_SHAPES}. */
export type ApiShape = (typeof API_SHAPES)[number];

/** Largest count a single call may report before it is treated as absurd. */
export const MAX_TOKEN_COUNT = 100_000_000;

const count = z.number().int().nonnegative().max(MAX_TOKEN_COUNT);

/**
 * The token classes of one LLM call, disjoint so that they can be priced and
 * summed without double counting:
 *
 * - `inputTokens + cacheReadTokens + cacheWriteTokens + cacheWrite1hTokens`
 *   is every prompt token the provider processed;
 * - `outputTokens` includes `reasoningTokens` and `audioOutputTokens`;
 * - `inputTokens` includes `audioInputTokens`.
 *
 * Non-token units (`pages`, `images`, `requests`) are billed per unit where
 * the catalog has a unit price.
 *
 * @example
 * ```ts
 * const usage: TokenUsage = {
 *   inputTokens: 452, outputTokens: 400, cacheWriteTokens: 0,
 *   cacheWrite1hTokens: 0, cacheReadTokens: 2048, reasoningTokens: 256,
 *   audioInputTokens: 0, audioOutputTokens: 0,
 * };
 * ```
 */
export const TokenUsageSchema = z.object({
  /** Uncached prompt tokens (includes audio input). */
  inputTokens: count,
  /** Generated tokens, including reasoning and audio output. */
  outputTokens: count,
  /** Prompt tokens written to the cache with the 5-minute TTL. */
  cacheWriteTokens: count,
  /** Prompt tokens written to the cache with the 1-hour TTL. */
  cacheWrite1hTokens: count,
  /** Prompt tokens served from the cache. */
  cacheReadTokens: count,
  /** Reasoning ("thinking") tokens, a subset of `outputTokens`. */
  reasoningTokens: count,
  /** Audio prompt tokens, a subset of `inputTokens`. */
  audioInputTokens: count,
  /** Audio output tokens, a subset of `outputTokens`. */
  audioOutputTokens: count,
  /** Document pages processed (OCR), billed per page. */
  pages: count.optional(),
  /** Images processed or generated, billed per image. */
  images: count.optional(),
  /** Billable requests beyond the call itself (e.g. web searches). */
  requests: count.optional(),
});

/** The token classes of one call. See {@link TokenUsageSchema}. */
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/**
 * The longest `unpricedReason` kept: the pricing engine's reasons are a
 * few hundred characters, and MySQL stores the reason in a `TEXT` column
 * (65,535 bytes, 16,383 characters of 4 bytes).
 */
export const MAX_REASON_LENGTH = 2_000;

/**
 * A timestamp as JSON carries it (an ISO string or epoch milliseconds) made
 * a Date; anything else is left for `z.date()` to refuse (`null` would
 * otherwise become 1970-01-01).
 */
function dateFromText(value: unknown): unknown {
  return typeof value === 'string' || typeof value === 'number'
    ? new Date(value)
    : value;
}

/**
 * A USD amount as stored: 9 decimals, and under a billion dollars, so that
 * it fits a signed 64-bit count of nano-USD with room for sums.
 */
export const USD_AMOUNT_PATTERN = /^-?\d{1,9}\.\d{9}$/;

/** Why an event's `priced` and its costs disagree. */
export const PRICED_MESSAGE =
  'must be true exactly when costUsd and cost are set: a priced event carries both, an unpriced one neither (never $0)';

/** Why an event's total differs from its parts. */
export const COST_SUM_MESSAGE =
  'must equal the sum of cost.input, output, cacheWrite, cacheRead and units (the pricing engine rounds each part to 9 decimals, then adds them)';

const usd = z
  .string()
  .regex(USD_AMOUNT_PATTERN, 'a USD amount with 9 decimals, under 1e9');

/**
 * A cost split by the class that caused it, each a USD decimal string with
 * 9 decimals, as `costUsd` is.
 */
export const CostBreakdownSchema = z.object({
  /** Uncached input tokens (audio input included). */
  input: usd,
  /** Output tokens (reasoning and audio output included). */
  output: usd,
  /** Cache writes, both TTLs. */
  cacheWrite: usd,
  /** Cache reads. */
  cacheRead: usd,
  /** Non-token units: pages, images, requests. */
  units: usd,
});

/** See {@link CostBreakdownSchema}. */
export type CostBreakdown = z.infer<typeof CostBreakdownSchema>;

/** How a call ended, as far as the client could see. */
export const CallStatusSchema = z.enum(['ok', 'error', 'aborted', 'timeout']);

/** See {@link CallStatusSchema}. */
export type CallStatus = z.infer<typeof CallStatusSchema>;

/**
 * One recorded LLM call: who made it, where, with which model, how many
 * tokens of each class, and what it cost with the price in force at
 * `timestamp`.
 *
 * @example
 * ```ts
 * const event = UsageEventSchema.parse(JSON.parse(line));
 * ```
 */
export const UsageEventSchema = z
  .object({
    /** Unique, time-sortable id (UUIDv7). Inserts are idempotent by it. */
    id: z.string().min(1).max(64),
    /** When the call was made, at or after 1970. Prices are looked up at this instant. */
    timestamp: z.preprocess(
      dateFromText,
      z.date().min(new Date(0), 'must be at or after 1970'),
    ),
    /** Provider id, e.g. `anthropic`, `openai`, `google`, `bedrock`. */
    provider: z.string().min(1).max(64),
    /** The model as the provider reported it (or as requested). */
    model: z.string().min(1).max(200),
    /** The catalog model id it was priced as; null when unpriced. */
    canonicalModel: z.string().max(200).nullable(),
    /** The end user the call was made for; `anonymous` when unknown. */
    userId: z.string().min(1).max(200),
    /** Low-cardinality name of the feature or route, e.g. `POST /claims/:id/validate`. */
    endpoint: z.string().min(1).max(200),
    /** The app release that made the call, e.g. `2.4.0` or a git sha. */
    release: z.string().max(100).nullable(),
    /** A small string map of extra dimensions (at most 20 keys). */
    tags: z
      .record(z.string().max(64), z.string().max(200))
      .refine((tags) => Object.keys(tags).length <= 20, 'at most 20 tags'),
    /** The API shape the usage came in, e.g. `anthropic.messages`. */
    shape: z.string().max(64).nullable(),
    /** The disjoint token classes and units. */
    usage: TokenUsageSchema,
    /** Whether a price was found. An unpriced event has null cost, never $0. */
    priced: z.boolean(),
    /** Why the event is unpriced, naming the model and how to add a price. */
    unpricedReason: z.string().max(MAX_REASON_LENGTH).nullable(),
    /** Total cost in USD, 9 decimals; null when unpriced. */
    costUsd: usd.nullable(),
    /** Cost per class; null when unpriced. */
    cost: CostBreakdownSchema.nullable(),
    /** Id of the catalog entry used: model, effective date and tier. */
    priceId: z.string().max(200).nullable(),
    /** A cost the provider or a gateway reported, kept beside ours. */
    providerCostUsd: usd.nullable(),
    /** Made through a batch API (priced at the batch discount). */
    batch: z.boolean(),
    /** Made as a streamed response. */
    streamed: z.boolean(),
    /** A stream abandoned before the end: counts are what was known. */
    incomplete: z.boolean(),
    /** Wall time of the call, in milliseconds. */
    latencyMs: z.number().nonnegative().nullable(),
    /** How the call ended. */
    status: CallStatusSchema,
    /** 1 for the first try; higher for retries the client wrapper saw. */
    attempt: z.number().int().positive(),
    /** The provider's request or response id. */
    requestId: z.string().max(200).nullable(),
    /** Truncated SHA-256 of the cacheable prompt prefix. */
    prefixHash: z.string().max(64).nullable(),
    /** Estimated token count of that prefix. */
    prefixTokens: count.nullable(),
    /** The response stopped because it hit its max-tokens limit. */
    maxTokensHit: z.boolean().nullable(),
  })
  .refine(pricedMatchesCosts, {
    path: ['priced'],
    message: PRICED_MESSAGE,
  })
  .refine(costAddsUp, {
    path: ['costUsd'],
    message: COST_SUM_MESSAGE,
  });

/** Whether an event has both costs when priced and neither when not. */
function pricedMatchesCosts(event: {
  priced: boolean;
  costUsd: string | null;
  cost: unknown;
}): boolean {
  return (
    event.priced === (event.costUsd !== null) &&
    event.priced === (event.cost !== null)
  );
}

/**
 * Whether a priced event's total is the sum of its parts. A part that is
 * not a USD amount has its own issue; zod runs this check even then.
 */
function costAddsUp(event: {
  costUsd: string | null;
  cost: z.infer<typeof CostBreakdownSchema> | null;
}): boolean {
  const { costUsd, cost } = event;
  if (costUsd === null || cost === null) return true;

  try {
    const parts =
      parseUsd(cost.input) +
      parseUsd(cost.output) +
      parseUsd(cost.cacheWrite) +
      parseUsd(cost.cacheRead) +
      parseUsd(cost.units);

    return parts === parseUsd(costUsd);
  } catch {
    return true;
  }
}

/** One recorded LLM call. See {@link UsageEventSchema}. */
export type UsageEvent = z.infer<typeof UsageEventSchema>;

/** Creates a {@link TokenUsage} with every class at zero, then `partial`. */
export function tokenUsage(partial: Partial<TokenUsage> = {}): TokenUsage {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: 0,
    reasoningTokens: 0,
    audioInputTokens: 0,
    audioOutputTokens: 0,
    ...partial,
  } as TokenUsage;
}

/**
 * Every prompt token of a call: uncached input, cache reads and writes.
 * Takes any object with those four counts (a usage, a cache call, a row).
 *
 * @example
 * ```ts
 * promptTokens({ inputTokens: 100, cacheReadTokens: 2000, cacheWriteTokens: 0, cacheWrite1hTokens: 0 }); // 2100
 * ```
 */
export function promptTokens(
  usage: Pick<
    TokenUsage,
    | 'inputTokens'
    | 'cacheReadTokens'
    | 'cacheWriteTokens'
    | 'cacheWrite1hTokens'
  >,
): number {
  return (
    usage.inputTokens +
    usage.cacheReadTokens +
    usage.cacheWriteTokens +
    usage.cacheWrite1hTokens
  );
}
