import { resolve } from 'node:path';
import { TokenledgerError } from '../errors.js';
import type { TrackerOptions } from './options.js';

/**
 * The documented defaults of {@link TrackerOptions}.
 *
 * @example
 * ```ts
 * createTracker({ store, maxBatchSize: TRACKER_DEFAULTS.maxBatchSize * 2 });
 * ```
 */
export const TRACKER_DEFAULTS = {
  flushIntervalMs: 1_000,
  maxBatchSize: 500,
  maxBufferedEvents: 10_000,
  exportTimeoutMs: 10_000,
  maxRetries: 3,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 30_000,
  spoolPath: '.tokenledger/spool.jsonl',
} as const;

/** {@link TrackerOptions} with every default applied and checked. */
export interface ResolvedTrackerOptions {
  flushIntervalMs: number;
  maxBatchSize: number;
  maxBufferedEvents: number;
  exportTimeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Absolute, or null when the spool is disabled. */
  spoolPath: string | null;
}

const POSITIVE = [
  'flushIntervalMs',
  'maxBatchSize',
  'maxBufferedEvents',
  'exportTimeoutMs',
  'retryBaseDelayMs',
  'retryMaxDelayMs',
] as const;

/**
 * Applies the defaults and checks every option, throwing an
 * `INVALID_OPTIONS` error that names the option: a tracker misconfigured at
 * startup fails loudly there rather than quietly at record time.
 */
export function resolveTrackerOptions(
  options: TrackerOptions,
): ResolvedTrackerOptions {
  if (typeof options?.store?.insertEvents !== 'function') {
    throw invalidOption(
      'store',
      'must have an insertEvents(events) method: pass a UsageStore, e.g. from openStore() of @tokenledger/kysely',
    );
  }

  const resolved = {
    flushIntervalMs:
      options.flushIntervalMs ?? TRACKER_DEFAULTS.flushIntervalMs,
    maxBatchSize: options.maxBatchSize ?? TRACKER_DEFAULTS.maxBatchSize,
    maxBufferedEvents:
      options.maxBufferedEvents ?? TRACKER_DEFAULTS.maxBufferedEvents,
    exportTimeoutMs:
      options.exportTimeoutMs ?? TRACKER_DEFAULTS.exportTimeoutMs,
    maxRetries: options.maxRetries ?? TRACKER_DEFAULTS.maxRetries,
    retryBaseDelayMs:
      options.retryBaseDelayMs ?? TRACKER_DEFAULTS.retryBaseDelayMs,
    retryMaxDelayMs:
      options.retryMaxDelayMs ?? TRACKER_DEFAULTS.retryMaxDelayMs,
  };

  if (
    options.onRecorded !== undefined &&
    typeof options.onRecorded !== 'function'
  ) {
    throw invalidOption('onRecorded', 'must be a function (event) => void');
  }

  for (const key of POSITIVE) checkInteger(key, resolved[key], 1);
  checkInteger('maxRetries', resolved.maxRetries, 0);
  if (resolved.maxBufferedEvents < resolved.maxBatchSize) {
    throw invalidOption(
      'maxBufferedEvents',
      `(${resolved.maxBufferedEvents}) must be at least maxBatchSize (${resolved.maxBatchSize})`,
    );
  }

  return { ...resolved, spoolPath: resolveSpoolPath(options.spoolPath) };
}

function resolveSpoolPath(path: string | false | undefined): string | null {
  if (path === false) return null;
  if (path === undefined) return resolve(TRACKER_DEFAULTS.spoolPath);
  if (typeof path === 'string' && path.length > 0) return resolve(path);

  throw invalidOption(
    'spoolPath',
    'must be a file path, or false to disable the spool',
  );
}

function checkInteger(name: string, value: unknown, min: number): void {
  if (Number.isSafeInteger(value) && (value as number) >= min) return;

  throw invalidOption(
    name,
    `must be an integer of at least ${min}, got ${String(value)}`,
  );
}

function invalidOption(name: string, problem: string): TokenledgerError {
  return new TokenledgerError(
    'INVALID_OPTIONS',
    `createTracker: ${name} ${problem}.`,
    { details: { option: name } },
  );
}
