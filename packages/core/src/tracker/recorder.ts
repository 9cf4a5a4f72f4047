import type { ResolvedUsageContext } from '../context.js';
import { TokenledgerError, toTokenledgerError, UsageError } from '../errors.js';
import type { Cost, PriceCatalog } from '../pricing/index.js';
import { priceUsage } from '../pricing/index.js';
import type { ApiShape, TokenUsage, UsageEvent } from '../schema.js';
import { normalizeUsage } from '../usage/index.js';
import {
  buildEvent,
  type CallAttributes,
  type EventDefaults,
} from './event.js';
import type { RecordCallInput } from './types.js';
import { findFieldIssue } from './validate.js';

/** What {@link eventFromCall} needs from its tracker. */
export interface RecordSettings extends EventDefaults {
  catalog: PriceCatalog | undefined;
  clock: () => Date;
  report: (error: TokenledgerError) => void;
}

/**
 * Turns raw provider usage into a priced, attributed, validated event.
 * Throws a `UsageError` or an `INVALID_EVENT` error the caller turns into a
 * rejection.
 */
export function eventFromCall(
  input: RecordCallInput,
  context: ResolvedUsageContext | undefined,
  settings: RecordSettings,
): UsageEvent {
  assertCallObject(input);
  const usage = normalizeUsage(input.shape, input.usage);

  return eventFromUsage(input, usage, input.shape, context, settings);
}

/** Like {@link eventFromCall}, for usage that is already normalized. */
export function eventFromUsage(
  input: CallAttributes,
  usage: TokenUsage,
  shape: ApiShape | undefined,
  context: ResolvedUsageContext | undefined,
  settings: RecordSettings,
): UsageEvent {
  assertCallObject(input);
  const timestamp = input.timestamp ?? settings.clock();
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
    throw invalidEvent('timestamp', 'must be a valid Date');
  }

  const cost = priceSafely(input, usage, timestamp, settings);
  const event = buildEvent(
    { input, usage, shape, timestamp, context },
    cost,
    settings,
  );

  // the costs come from priceUsage, exact by construction
  const issue = findFieldIssue(event);
  if (issue) throw invalidEvent(issue.path, issue.message);

  return event;
}

function priceSafely(
  input: CallAttributes,
  usage: TokenUsage,
  at: Date,
  settings: RecordSettings,
): Cost {
  const call = {
    provider: input.provider,
    model: input.model,
    usage,
    at,
    batch: input.batch === true,
  };

  try {
    return priceUsage(call, settings.catalog);
  } catch (error) {
    if (error instanceof UsageError) throw error;

    const failure = toTokenledgerError(error, 'INTERNAL');
    settings.report(failure);
    return {
      priced: false,
      reason: `Pricing failed for model ${JSON.stringify(input.model)}: ${failure.message}. The call is kept unpriced.`,
    };
  }
}

function invalidEvent(path: string, message: string): TokenledgerError {
  return new TokenledgerError(
    'INVALID_EVENT',
    `Cannot record this call: ${path} ${message}. Fix the value passed to record() or set by the usage scope.`,
    { details: { path } },
  );
}

function assertCallObject(input: unknown): void {
  if (typeof input === 'object' && input !== null) return;

  throw new TokenledgerError(
    'INVALID_EVENT',
    `record() needs an object like { provider, model, shape, usage }, got ${input === null ? 'null' : typeof input}.`,
  );
}
