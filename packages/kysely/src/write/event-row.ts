import {
  type CostNano,
  checkUsageEvent,
  parseUsd,
  TokenledgerError,
  type UsageEvent,
} from '@tokenledger/core';
import type { StoreDialect } from '../dialects/types.js';

/** Nano-USD of one event, null when unpriced. */
export type EventCosts = CostNano;

/** The nano-USD of an event read back from the store, null when unpriced. */
export function readEventCosts(event: UsageEvent): EventCosts | null {
  const { costUsd, cost } = event;
  if (!event.priced || costUsd === null || cost === null) return null;

  return {
    total: parseUsd(costUsd),
    input: parseUsd(cost.input),
    output: parseUsd(cost.output),
    cacheWrite: parseUsd(cost.cacheWrite),
    cacheRead: parseUsd(cost.cacheRead),
    units: parseUsd(cost.units),
  };
}

/**
 * Checks an event against every rule of core's `UsageEventSchema` (through
 * `findEventIssue`, which gives the same verdict for a fraction of the
 * cost): a field that does not fit its column would fail the whole batch
 * on MySQL and be stored as is on SQLite, a total that is not the sum of
 * its parts would make the rollups disagree with the events, and a
 * missing id could never be found again as a duplicate. Returns the
 * event's nano-USD, read in the same pass.
 */
export function checkEvent(event: UsageEvent): EventCosts | null {
  if (typeof event !== 'object' || event === null) {
    throw new TokenledgerError(
      'INVALID_EVENT',
      `insertEvents needs events, got ${event === null ? 'null' : typeof event} in the batch. ${ADVICE}`,
    );
  }

  const { issue, costNano } = checkUsageEvent(event);
  if (issue === null) return costNano;

  const value = shown(valueAt(event, issue.path));
  throw invalidEvent(event, `has ${issue.path} = ${value}: ${issue.message}`);
}

/** Longest rendering of a bad value in a message: logs keep messages. */
const MAX_SHOWN = 80;

/**
 * A value as the caller wrote it, for a message: JSON, but NaN as NaN, a
 * Map or class instance by its kind (JSON would show `{}`), and a long
 * value cut with its length.
 */
function shown(value: unknown): string {
  if (typeof value === 'number' || value === undefined) return String(value);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const kind = value.constructor?.name;
    if (kind && kind !== 'Object') return `a ${kind}`;
  }

  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_SHOWN
    ? `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)`
    : text;
}

/** The value at an issue's path: a field, or one level down (`usage.x`). */
function valueAt(event: UsageEvent, path: string): unknown {
  const dot = path.indexOf('.');
  const record = event as unknown as Record<string, unknown>;
  if (dot < 0) return record[path];

  const parent = record[path.slice(0, dot)];
  return typeof parent === 'object' && parent !== null
    ? (parent as Record<string, unknown>)[path.slice(dot + 1)]
    : undefined;
}

/**
 * The time of an event {@link checkEvent} passed, in epoch milliseconds
 * (a timestamp may still be the ISO string or number the schema takes).
 */
export function eventTimeMs(event: UsageEvent): number {
  const timestamp: unknown = event.timestamp;

  return timestamp instanceof Date
    ? timestamp.getTime()
    : new Date(timestamp as string | number).getTime();
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

const ADVICE =
  'Build events with the tracker or validate them with UsageEventSchema before inserting.';

function invalidEvent(event: UsageEvent, problem: string): TokenledgerError {
  const who =
    typeof event.id === 'string' && event.id.length > 0
      ? `Event ${JSON.stringify(event.id)}`
      : 'An event';

  return new TokenledgerError('INVALID_EVENT', `${who} ${problem}. ${ADVICE}`);
}
