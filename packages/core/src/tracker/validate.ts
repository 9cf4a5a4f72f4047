import { formatUsd, nanoOfStoredUsd } from '../money.js';
import {
  COST_SUM_MESSAGE,
  CostBreakdownSchema,
  MAX_REASON_LENGTH,
  MAX_TOKEN_COUNT,
  PRICED_MESSAGE,
  USD_AMOUNT_PATTERN,
  type UsageEvent,
} from '../schema.js';

/** What is wrong with an event, and where. */
export interface EventIssue {
  path: string;
  message: string;
}

const COUNT_FIELDS = [
  'inputTokens',
  'outputTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'cacheReadTokens',
  'reasoningTokens',
  'audioInputTokens',
  'audioOutputTokens',
] as const;

const UNIT_FIELDS = ['pages', 'images', 'requests'] as const;
const STATUSES = new Set(['ok', 'error', 'aborted', 'timeout']);
const MAX_TAGS = 20;

/** An event's cost in nano-USD: its total and the five parts. */
export interface CostNano {
  total: bigint;
  input: bigint;
  output: bigint;
  cacheWrite: bigint;
  cacheRead: bigint;
  units: bigint;
}

/**
 * The verdict of {@link checkUsageEvent}: the first issue, or none and the
 * event's cost in nano-USD (null when unpriced).
 */
export type EventCheck =
  | { issue: EventIssue; costNano?: undefined }
  | { issue: null; costNano: CostNano | null };

/**
 * Checks an event against every rule of `UsageEventSchema`, by hand: the
 * same verdict as `UsageEventSchema.safeParse` (a property test pins that)
 * at a fraction of its cost, for the record path and for stores that take
 * events from callers. Returns the first issue, or null.
 *
 * @example
 * ```ts
 * const issue = findEventIssue({ ...event, status: 'failed' });
 * // { path: 'status', message: 'must be one of ok, error, aborted, timeout' }
 * ```
 */
export function findEventIssue(event: UsageEvent): EventIssue | null {
  return checkUsageEvent(event).issue;
}

/**
 * {@link findEventIssue}, and for a valid event its cost in nano-USD too,
 * read once: what a store needs to write the event and its rollups.
 *
 * @example
 * ```ts
 * const { issue, costNano } = checkUsageEvent(event);
 * if (issue) throw new Error(`${issue.path} ${issue.message}`);
 * costNano?.total; // 105000n for '0.000105000'
 * ```
 */
export function checkUsageEvent(event: UsageEvent): EventCheck {
  const issue = findFieldIssue(event);

  return issue ? { issue } : checkCosts(event);
}

/**
 * Every rule but those of the costs the pricing engine derives (`priced`,
 * `costUsd`, `cost`): what the record path checks, as it builds those
 * costs itself, from nano-USD, and would only parse them back here.
 */
export function findFieldIssue(event: UsageEvent): EventIssue | null {
  return (
    checkText(event.id, 'id', 1, 64) ??
    checkText(event.provider, 'provider', 1, 64) ??
    checkText(event.model, 'model', 1, 200) ??
    checkNullableText(event.canonicalModel, 'canonicalModel', 200) ??
    checkText(event.userId, 'userId', 1, 200) ??
    checkText(event.endpoint, 'endpoint', 1, 200) ??
    checkNullableText(event.release, 'release', 100) ??
    checkNullableText(event.shape, 'shape', 64) ??
    checkNullableText(
      event.unpricedReason,
      'unpricedReason',
      MAX_REASON_LENGTH,
    ) ??
    checkNullableText(event.priceId, 'priceId', 200) ??
    checkNullableText(event.requestId, 'requestId', 200) ??
    checkNullableText(event.prefixHash, 'prefixHash', 64) ??
    checkTags(event.tags) ??
    checkUsage(event.usage) ??
    checkScalars(event) ??
    checkNullableUsd(event.providerCostUsd, 'providerCostUsd')
  );
}

/** input, output, cacheWrite, cacheRead, units: the schema's order. */
const COST_PARTS = CostBreakdownSchema.keyof().options;

/**
 * The cost fields: each a 9-decimal USD amount or null, present exactly
 * when the event is priced, and the total the sum of its parts.
 */
function checkCosts(event: UsageEvent): EventCheck {
  const { costUsd, cost } = event;
  const issue =
    checkNullableUsd(costUsd, 'costUsd') ??
    checkBreakdown(cost) ??
    checkPriced(event);
  if (issue) return { issue };
  if (costUsd === null || cost === null) return { issue: null, costNano: null };

  // every amount matched USD_AMOUNT_PATTERN above
  const costNano: CostNano = {
    total: nanoOfStoredUsd(costUsd),
    input: nanoOfStoredUsd(cost.input),
    output: nanoOfStoredUsd(cost.output),
    cacheWrite: nanoOfStoredUsd(cost.cacheWrite),
    cacheRead: nanoOfStoredUsd(cost.cacheRead),
    units: nanoOfStoredUsd(cost.units),
  };
  const parts =
    costNano.input +
    costNano.output +
    costNano.cacheWrite +
    costNano.cacheRead +
    costNano.units;
  if (parts === costNano.total) return { issue: null, costNano };

  const message = `${COST_SUM_MESSAGE}; they add up to ${JSON.stringify(formatUsd(parts))}`;
  return { issue: { path: 'costUsd', message } };
}

function checkPriced(event: UsageEvent): EventIssue | null {
  if (typeof event.priced !== 'boolean') {
    return { path: 'priced', message: 'must be a boolean' };
  }

  const hasCosts = event.costUsd !== null && event.cost !== null;
  const hasNone = event.costUsd === null && event.cost === null;
  return (event.priced ? hasCosts : hasNone)
    ? null
    : { path: 'priced', message: PRICED_MESSAGE };
}

function checkBreakdown(cost: UsageEvent['cost']): EventIssue | null {
  if (cost === null) return null;
  if (typeof cost !== 'object' || Array.isArray(cost)) {
    return { path: 'cost', message: 'must be a CostBreakdown object or null' };
  }

  for (const part of COST_PARTS) {
    const issue = checkUsd(cost[part], `cost.${part}`);
    if (issue) return issue;
  }

  return null;
}

function checkNullableUsd(value: unknown, path: string): EventIssue | null {
  return value === null ? null : checkUsd(value, path);
}

function checkUsd(value: unknown, path: string): EventIssue | null {
  if (typeof value === 'string' && USD_AMOUNT_PATTERN.test(value)) return null;

  return {
    path,
    message:
      'must be a USD amount with 9 decimals under 1e9, such as "0.004185000"',
  };
}

function checkScalars(event: UsageEvent): EventIssue | null {
  if (!isValidTime(event.timestamp)) {
    return {
      path: 'timestamp',
      message: 'must be a valid Date at or after 1970',
    };
  }
  if (!STATUSES.has(event.status)) {
    return {
      path: 'status',
      message: `must be one of ${[...STATUSES].join(', ')}`,
    };
  }
  if (!Number.isSafeInteger(event.attempt) || event.attempt < 1) {
    return { path: 'attempt', message: 'must be a positive integer' };
  }

  return (
    checkNullableCount(event.prefixTokens, 'prefixTokens') ??
    checkLatency(event.latencyMs) ??
    checkBooleans(event)
  );
}

/**
 * What the schema accepts: a Date at or after 1970 (epoch milliseconds are
 * stored as an unsigned time), or an ISO string or epoch milliseconds that
 * make one.
 */
function isValidTime(timestamp: unknown): boolean {
  const date =
    typeof timestamp === 'string' || typeof timestamp === 'number'
      ? new Date(timestamp)
      : timestamp;

  return date instanceof Date && date.getTime() >= 0;
}

function checkBooleans(event: UsageEvent): EventIssue | null {
  for (const key of ['batch', 'streamed', 'incomplete'] as const) {
    if (typeof event[key] !== 'boolean') {
      return { path: key, message: 'must be a boolean' };
    }
  }

  const hit = event.maxTokensHit;
  if (hit !== null && typeof hit !== 'boolean') {
    return { path: 'maxTokensHit', message: 'must be a boolean' };
  }

  return null;
}

function checkLatency(latencyMs: number | null): EventIssue | null {
  if (latencyMs === null) return null;
  if (typeof latencyMs === 'number' && Number.isFinite(latencyMs)) {
    return latencyMs >= 0
      ? null
      : { path: 'latencyMs', message: 'must not be negative' };
  }

  return { path: 'latencyMs', message: 'must be a finite number' };
}

function checkUsage(usage: UsageEvent['usage']): EventIssue | null {
  if (typeof usage !== 'object' || usage === null) {
    return { path: 'usage', message: 'must be a TokenUsage object' };
  }

  for (const field of COUNT_FIELDS) {
    const issue = checkCount(usage[field], `usage.${field}`);
    if (issue) return issue;
  }

  for (const field of UNIT_FIELDS) {
    const value = usage[field];
    const issue =
      value === undefined ? null : checkCount(value, `usage.${field}`);
    if (issue) return issue;
  }

  return null;
}

function checkNullableCount(value: unknown, path: string): EventIssue | null {
  return value === null ? null : checkCount(value, path);
}

function checkCount(value: unknown, path: string): EventIssue | null {
  if (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_TOKEN_COUNT
  ) {
    return null;
  }

  return {
    path,
    message: `must be an integer from 0 to ${MAX_TOKEN_COUNT}, got ${String(value)}`,
  };
}

function checkTags(tags: Record<string, string>): EventIssue | null {
  if (!isPlainObject(tags)) {
    return { path: 'tags', message: 'must be a plain object of strings' };
  }

  let count = 0;
  for (const key of Object.keys(tags)) {
    count += 1;
    const issue =
      (characters(key) > 64
        ? { path: `tags.${key}`, message: 'key is over 64 characters' }
        : null) ?? checkText(tags[key], `tags.${key}`, 0, 200);
    if (issue) return issue;
  }

  return count > MAX_TAGS
    ? { path: 'tags', message: `has ${count} keys; at most ${MAX_TAGS}` }
    : null;
}

/**
 * What zod takes for a record: an object whose constructor's prototype is
 * an `Object.prototype` (any realm's), or one without a constructor; not
 * an array, Map, Date or class instance.
 */
function isPlainObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }

  const maker = (value as { constructor?: { prototype?: unknown } })
    .constructor;
  if (maker === undefined) return true;

  const prototype = maker.prototype;
  return (
    typeof prototype === 'object' &&
    prototype !== null &&
    Object.hasOwn(prototype, 'isPrototypeOf')
  );
}

function checkNullableText(
  value: unknown,
  path: string,
  max: number,
): EventIssue | null {
  if (value === null) return null;
  if (typeof value !== 'string') {
    return { path, message: `must be a string or null, got ${typeof value}` };
  }

  return checkText(value, path, 0, max);
}

function checkText(
  value: unknown,
  path: string,
  min: number,
  max: number,
): EventIssue | null {
  if (typeof value !== 'string') {
    return { path, message: `must be a string, got ${typeof value}` };
  }
  if (value.length < min) return { path, message: 'must not be empty' };
  if (value.length <= max) return null;

  const length = characters(value);
  return length > max
    ? { path, message: `is ${length} characters; at most ${max}` }
    : null;
}

/**
 * Characters as zod and MySQL's utf8mb4 count them: code points, so an
 * emoji is one (two UTF-16 units). Only called past the limit in units.
 */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;

  return count;
}
