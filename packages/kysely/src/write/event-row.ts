import {
  CallStatusSchema,
  formatUsd,
  parseUsd,
  TokenledgerError,
  type UsageEvent,
} from '@tokenledger/core';
import type { StoreDialect } from '../dialects/types.js';

/** Nano-USD of one event, null when unpriced. */
export interface EventCosts {
  total: bigint;
  input: bigint;
  output: bigint;
  cacheWrite: bigint;
  cacheRead: bigint;
  units: bigint;
}

/**
 * Reads an event's timestamp and costs, checking what the schema relies on
 * (the tracker validated the rest with zod before the event got here).
 */
export function readEventCosts(event: UsageEvent): EventCosts | null {
  if (!event.priced) return null;

  if (event.costUsd === null || event.cost === null) {
    throw invalidEvent(event, 'is priced but has no costUsd or cost');
  }

  let costs: EventCosts;
  try {
    costs = {
      total: parseUsd(event.costUsd),
      input: parseUsd(event.cost.input),
      output: parseUsd(event.cost.output),
      cacheWrite: parseUsd(event.cost.cacheWrite),
      cacheRead: parseUsd(event.cost.cacheRead),
      units: parseUsd(event.cost.units),
    };
  } catch (error) {
    throw invalidEvent(event, `has a malformed cost (${String(error)})`);
  }

  return checkCostSum(event, costs);
}

/**
 * The total must be the sum of its parts: the rollups sum both, and a
 * dashboard whose cost by component does not add up to its cost would be
 * wrong in one of them.
 */
function checkCostSum(event: UsageEvent, costs: EventCosts): EventCosts {
  const parts =
    costs.input +
    costs.output +
    costs.cacheWrite +
    costs.cacheRead +
    costs.units;
  if (parts === costs.total) return costs;

  throw invalidEvent(
    event,
    `has costUsd ${JSON.stringify(event.costUsd)}, but its cost parts (input, output, cacheWrite, cacheRead, units) add up to ${JSON.stringify(formatUsd(parts))}`,
  );
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

/** The text fields a row needs and their column widths (core's schema). */
const TEXT_FIELDS = [
  ['id', 64],
  ['provider', 64],
  ['model', 200],
  ['userId', 200],
  ['endpoint', 200],
] as const;

const STATUSES: readonly string[] = CallStatusSchema.options;

/** Core's schema: at most 20 tags, keys up to 64 characters, values up to 200. */
const MAX_TAGS = 20;
const MAX_TAG_KEY = 64;
const MAX_TAG_VALUE = 200;

/**
 * Checks the fields that key an event and its rollup rows: the id (a
 * missing one would be stored as NULL and so never be found again as a
 * duplicate), the user, provider, model and endpoint, each a non-empty
 * string that fits its column, the status, one of core's, and the tags, a
 * map of strings (a tag filter could never match anything else).
 */
export function checkKeys(event: UsageEvent): void {
  if (typeof event !== 'object' || event === null) {
    throw new TokenledgerError(
      'INVALID_EVENT',
      `insertEvents needs events, got ${event === null ? 'null' : typeof event} in the batch. Build events with the tracker or validate them with UsageEventSchema before inserting.`,
    );
  }

  for (const [field, width] of TEXT_FIELDS) {
    const value: unknown = event[field];
    if (
      typeof value === 'string' &&
      value.length > 0 &&
      value.length <= width
    ) {
      continue;
    }

    throw invalidEvent(
      event,
      `has ${field} = ${JSON.stringify(value) ?? String(value)}, not a string of 1 to ${width} characters`,
    );
  }

  if (!STATUSES.includes(event.status)) {
    throw invalidEvent(
      event,
      `has status = ${JSON.stringify(event.status) ?? String(event.status)}; use one of ${STATUSES.join(', ')}`,
    );
  }

  checkTags(event);
}

function checkTags(event: UsageEvent): void {
  const { tags } = event;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    throw invalidEvent(
      event,
      `has tags = ${JSON.stringify(tags) ?? String(tags)}, not an object of string values such as { "team": "growth" }`,
    );
  }

  let count = 0;
  for (const key in tags) {
    count += 1;
    const value: unknown = tags[key];
    if (
      key.length > MAX_TAG_KEY ||
      typeof value !== 'string' ||
      value.length > MAX_TAG_VALUE
    ) {
      throw invalidEvent(
        event,
        `has tags.${key} = ${JSON.stringify(value) ?? String(value)}; tags are strings of at most ${MAX_TAG_VALUE} characters under keys of at most ${MAX_TAG_KEY}`,
      );
    }
  }

  if (count > MAX_TAGS) {
    throw invalidEvent(event, `has ${count} tags; at most ${MAX_TAGS}`);
  }
}

/**
 * Checks that every token and unit count is a non-negative safe integer:
 * the rollups sum them as numbers, which is exact only for such counts.
 */
export function checkCounts(event: UsageEvent): void {
  const { usage } = event;
  if (typeof usage !== 'object' || usage === null) {
    throw invalidEvent(event, 'has no usage');
  }

  for (const field of COUNT_FIELDS) {
    if (!isCount(usage[field])) throw badCount(event, field, usage[field]);
  }
  for (const field of UNIT_FIELDS) {
    const value = usage[field];
    if (value !== undefined && value !== null && !isCount(value)) {
      throw badCount(event, field, value);
    }
  }
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function badCount(event: UsageEvent, field: string, value: unknown) {
  return invalidEvent(
    event,
    `has usage.${field} = ${JSON.stringify(value)}, not a non-negative integer`,
  );
}

/** The event's time in epoch milliseconds, checked. */
export function eventTimeMs(event: UsageEvent): number {
  const ms =
    event.timestamp instanceof Date
      ? event.timestamp.getTime()
      : new Date(event.timestamp as unknown as string).getTime();
  if (Number.isFinite(ms) && ms >= 0) return ms;

  throw invalidEvent(event, 'has no valid timestamp at or after 1970');
}

/** The bound values of one `usage_events` row, in `EVENT_COLUMNS` order. */
export function eventRowValues(
  event: UsageEvent,
  timeMs: number,
  costs: EventCosts | null,
  dialect: StoreDialect,
): unknown[] {
  const { usage } = event;
  const nano = (value: bigint | undefined) =>
    dialect.nanoParam(value === undefined ? null : value);
  const providerCost =
    event.providerCostUsd === null ? null : parseUsd(event.providerCostUsd);

  return [
    event.id,
    timeMs,
    event.provider,
    event.model,
    event.canonicalModel,
    event.userId,
    event.endpoint,
    event.release ?? '',
    JSON.stringify(event.tags),
    event.shape,
    event.status,
    event.priced ? 1 : 0,
    usage.inputTokens,
    usage.outputTokens,
    usage.cacheWriteTokens,
    usage.cacheWrite1hTokens,
    usage.cacheReadTokens,
    usage.reasoningTokens,
    usage.audioInputTokens,
    usage.audioOutputTokens,
    usage.pages ?? null,
    usage.images ?? null,
    usage.requests ?? null,
    nano(costs?.total),
    nano(costs?.input),
    nano(costs?.output),
    nano(costs?.cacheWrite),
    nano(costs?.cacheRead),
    nano(costs?.units),
    event.unpricedReason,
    event.priceId,
    dialect.nanoParam(providerCost),
    event.batch ? 1 : 0,
    event.streamed ? 1 : 0,
    event.incomplete ? 1 : 0,
    event.latencyMs,
    event.attempt,
    event.requestId,
    event.prefixHash,
    event.prefixTokens,
    event.maxTokensHit === null ? null : event.maxTokensHit ? 1 : 0,
  ];
}

function invalidEvent(event: UsageEvent, problem: string): TokenledgerError {
  return new TokenledgerError(
    'INVALID_EVENT',
    `Event ${JSON.stringify(event.id)} ${problem}. Build events with the tracker or validate them with UsageEventSchema before inserting.`,
  );
}
