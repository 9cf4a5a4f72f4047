import type { ResolvedUsageContext } from '../context.js';
import { formatUsd, parseUsd } from '../money.js';
import type { Cost } from '../pricing/types.js';
import type { ApiShape, TokenUsage, UsageEvent } from '../schema.js';
import type { RecordCallInput } from './types.js';
import { uuidv7 } from './uuid.js';

/**
 * The user of an event recorded outside any scope and without `userId`.
 *
 * @example
 * ```ts
 * await store.query({ filter: { userId: ANONYMOUS_USER } });
 * ```
 */
export const ANONYMOUS_USER = 'anonymous';

/**
 * The endpoint of an event recorded outside any scope and without
 * `endpoint`.
 *
 * @example
 * ```ts
 * await store.query({ filter: { endpoint: UNKNOWN_ENDPOINT } });
 * ```
 */
export const UNKNOWN_ENDPOINT = 'unknown';

/** What the tracker adds to every event it builds. */
export interface EventDefaults {
  release: string | undefined;
  tags: Record<string, string> | undefined;
}

/** What a call says about itself, apart from its usage. */
export type CallAttributes = Omit<RecordCallInput, 'usage' | 'shape'>;

/** One call, ready to be priced and turned into an event. */
export interface CallFacts {
  input: CallAttributes;
  usage: TokenUsage;
  shape: ApiShape | undefined;
  timestamp: Date;
  context: ResolvedUsageContext | undefined;
}

/**
 * Builds the stored event of one call: attribution from the call, then the
 * scope, then the tracker; the cost as priced; a fresh UUIDv7 id.
 */
export function buildEvent(
  facts: CallFacts,
  cost: Cost,
  defaults: EventDefaults,
): UsageEvent {
  const { input, context } = facts;

  return {
    id: uuidv7(facts.timestamp.getTime()),
    timestamp: facts.timestamp,
    provider: input.provider,
    model: input.model,
    userId: input.userId || context?.userId || ANONYMOUS_USER,
    endpoint: input.endpoint || context?.endpoint || UNKNOWN_ENDPOINT,
    release: context?.release || defaults.release || null,
    tags: mergeTags(defaults.tags, context?.tags, input.tags),
    shape: facts.shape ?? null,
    usage: facts.usage,
    ...costFields(cost),
    providerCostUsd: providerCostOf(input.providerCostUsd),
    batch: input.batch ?? false,
    streamed: input.streamed ?? false,
    incomplete: input.incomplete ?? false,
    latencyMs: input.latencyMs ?? null,
    status: input.status ?? 'ok',
    attempt: input.attempt ?? 1,
    requestId: input.requestId ?? null,
    prefixHash: input.prefixHash ?? null,
    prefixTokens: input.prefixTokens ?? null,
    maxTokensHit: input.maxTokensHit ?? null,
  };
}

type CostFields = Pick<
  UsageEvent,
  | 'priced'
  | 'unpricedReason'
  | 'costUsd'
  | 'cost'
  | 'priceId'
  | 'canonicalModel'
>;

function costFields(cost: Cost): CostFields {
  if (!cost.priced) {
    return {
      priced: false,
      unpricedReason: cost.reason,
      costUsd: null,
      cost: null,
      priceId: null,
      canonicalModel: null,
    };
  }

  return {
    priced: true,
    unpricedReason: null,
    costUsd: cost.totalUsd,
    cost: cost.breakdown,
    priceId: cost.priceId,
    canonicalModel: cost.canonicalModel,
  };
}

function mergeTags(
  ...layers: (Record<string, string> | undefined)[]
): Record<string, string> {
  let merged: Record<string, string> | undefined;

  for (const layer of layers) {
    if (!layer || isEmpty(layer)) continue;
    merged = merged ? { ...merged, ...layer } : { ...layer };
  }

  return merged ?? {};
}

function isEmpty(record: Record<string, string>): boolean {
  for (const _ in record) return false;
  return true;
}

/**
 * A caller's provider cost in the stored 9-decimal form ("0.0075" becomes
 * "0.007500000"); a value that is no USD amount stays as given, for the
 * field check to refuse with INVALID_EVENT.
 */
function providerCostOf(value: string | undefined): string | null {
  if (value === undefined) return null;

  try {
    return formatUsd(parseUsd(value));
  } catch {
    return value;
  }
}
