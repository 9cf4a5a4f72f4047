import { parseUsd, TokenledgerError, type UsageEvent } from '@tokenledger/core';
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

  try {
    return {
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
  ['status', 16],
] as const;

/**
 * Checks the fields that key an event and its rollup rows: the id (a
 * missing one would be stored as NULL and so never be found again as a
 * duplicate), the user, provider, model, endpoint and status, each a
 * non-empty string that fits its column.
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
