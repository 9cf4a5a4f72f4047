import type { ApiShape, CallStatus, TokenUsage } from '../schema.js';

/**
 * What the host app (or an instrumented client) knows about one LLM call.
 * The user, endpoint, release and tags come from the current usage context
 * unless given here.
 */
export interface RecordCallInput {
  /** Provider id, e.g. `anthropic`, `openai`, `google`, `bedrock`, `mistral`. */
  provider: string;
  /** The model the provider reported (or the one requested). */
  model: string;
  /** The wire format of `usage`. */
  shape: ApiShape;
  /** The provider's usage object, or the whole response body, as received. */
  usage: unknown;
  /** When the call was made; defaults to the tracker's clock. */
  timestamp?: Date;
  latencyMs?: number;
  requestId?: string;
  batch?: boolean;
  streamed?: boolean;
  /** A stream abandoned before its end: the counts are what was known. */
  incomplete?: boolean;
  status?: CallStatus;
  /** 1 for the first try; higher for retries. */
  attempt?: number;
  /** Merged over the context's tags. */
  tags?: Record<string, string>;
  prefixHash?: string;
  prefixTokens?: number;
  maxTokensHit?: boolean;
  /** A cost reported by the provider or a gateway, USD decimal string. */
  providerCostUsd?: string;
  /** Overrides the context's user. */
  userId?: string;
  /** Overrides the context's endpoint. */
  endpoint?: string;
}

/** {@link RecordCallInput} with usage already normalized. */
export interface RecordNormalizedInput
  extends Omit<RecordCallInput, 'usage' | 'shape'> {
  usage: TokenUsage;
  shape?: ApiShape;
}

/**
 * The recording side of a tracker: what instrumented clients and adapters
 * need. Neither method throws, and neither waits for storage.
 *
 * @example
 * ```ts
 * recorder.record({ provider: 'openai', model: body.model, shape: 'openai.chat', usage: body.usage });
 * ```
 */
export interface UsageRecorder {
  record(input: RecordCallInput): void;
  recordNormalized(input: RecordNormalizedInput): void;
}
