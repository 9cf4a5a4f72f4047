import type { TokenledgerError } from '../errors.js';
import type { PriceCatalog } from '../pricing/types.js';
import type { UsageEvent } from '../schema.js';
import type { UsageSink } from '../store.js';

/**
 * What the tracker did, as typed events for an injected {@link TrackerLogger}.
 * The tracker never logs by itself.
 *
 * @example
 * ```ts
 * const logger: TrackerLogger = {
 *   log(event) {
 *     if (event.type === 'spooled') metrics.increment('llm_events_spooled', event.events);
 *   },
 * };
 * ```
 */
export type TrackerLogEvent =
  | { type: 'written'; events: number; inserted: number; durationMs: number }
  | { type: 'retry'; events: number; attempt: number; delayMs: number }
  | { type: 'spooled'; events: number; lastEventId: string; path: string }
  | { type: 'replayed'; events: number; path: string }
  | { type: 'dropped'; events: number; reason: 'buffer-full' | 'shut-down' }
  | { type: 'rejected'; reason: string };

/**
 * A minimal logger: one method that receives typed events. Adapt it to pino
 * or any other logger in one line.
 *
 * @example
 * ```ts
 * const logger: TrackerLogger = { log: (event) => pino.debug(event, event.type) };
 * ```
 */
export interface TrackerLogger {
  log(event: TrackerLogEvent): void;
}

/**
 * Options of {@link createTracker}. Every duration is in milliseconds and
 * every size in events.
 *
 * @example
 * ```ts
 * const options: TrackerOptions = {
 *   store,
 *   release: process.env.GIT_SHA,
 *   flushIntervalMs: 2_000,
 *   onError: (error) => logger.warn({ code: error.code }, error.message),
 * };
 * ```
 */
export interface TrackerOptions {
  /** Where batches go; `insertEvents` must be idempotent by event id. */
  store: UsageSink & { close?: () => Promise<void> };
  /** Prices to use; default: the bundled catalog. */
  catalog?: PriceCatalog;
  /**
   * App version or git sha stamped on every event (a scope may override it).
   * `undefined` is accepted so that `release: process.env.APP_VERSION`
   * type-checks under `exactOptionalPropertyTypes`; unset means no release.
   */
  release?: string | undefined;
  /** Tags stamped on every event, under the scope's and the call's. */
  tags?: Record<string, string>;
  /** Longest wait before buffered events are written. Default 1000. */
  flushIntervalMs?: number;
  /** Events per `insertEvents` call; a full batch is written at once. Default 500. */
  maxBatchSize?: number;
  /**
   * Events held in memory while the store is slow or down; past it they go
   * to the spool (or are dropped and counted without one). Default 10000.
   */
  maxBufferedEvents?: number;
  /**
   * The append-only JSON-lines file where events wait while the store is
   * unreachable; replayed in order once it is back. Default
   * `.tokenledger/spool.jsonl` under the working directory; `false` disables
   * it. Rejected inputs go to `<name>.rejected.jsonl` beside it.
   */
  spoolPath?: string | false;
  /** Time allowed for one `insertEvents` call before it counts as failed. Default 10000. */
  exportTimeoutMs?: number;
  /** Quick retries of a failing batch before it is spooled. Default 3. */
  maxRetries?: number;
  /** First retry delay; doubles per attempt, with full jitter. Default 100. */
  retryBaseDelayMs?: number;
  /** Cap of the retry delay while the store stays down. Default 30000. */
  retryMaxDelayMs?: number;
  /**
   * Whether `shutdown()` closes the store after the last flush (when it has
   * a `close` method). Default true.
   */
  closeStoreOnShutdown?: boolean;
  /** Receives every failure: rejected input, storage and spool errors. */
  onError?: (error: TokenledgerError) => void;
  /** Receives typed events about batches, retries, spooling and drops. */
  logger?: TrackerLogger;
  /**
   * Called with every accepted event, priced, synchronously in the
   * caller's context (so the caller's active span and usage scope are
   * current), before the scope's own `onRecorded`. For exporters such as
   * the OTel metrics of `@tokenledger/otel`. Errors it throws go to
   * `onError`; the event is recorded anyway.
   */
  onRecorded?: (event: UsageEvent) => void;
  /** The time source of event timestamps. Default `() => new Date()`. */
  clock?: () => Date;
  /** Jitter source in [0, 1), for tests. Default `Math.random`. */
  random?: () => number;
}

/**
 * Counters of a tracker since it was created. Each is a number of events,
 * except `retried`, a number of `insertEvents` calls.
 *
 * @example
 * ```ts
 * const { queued, spooled, dropped } = tracker.stats();
 * if (dropped > 0) alert(`tokenledger dropped ${dropped} events`);
 * ```
 */
export interface TrackerStats {
  /** Accepted by `record`/`recordNormalized`. */
  recorded: number;
  /** In memory now, waiting to be written (the batch in flight included). */
  queued: number;
  /**
   * Events the store confirmed, replays included; an event written again
   * after a lost answer counts once.
   */
  written: number;
  /**
   * Insert attempts after the first one for a batch, summed over batches:
   * a batch written at the first try adds 0, one that failed 3 times and was
   * then written adds 3. An attempt counts when it is made, so a retry still
   * waiting out its backoff (already announced by a `retry` log event) does
   * not; a batch given up to the spool counts again when its replay is
   * tried, since those are the same events.
   */
  retried: number;
  /** Appended to the spool file. */
  spooled: number;
  /** Read back from the spool and confirmed by the store. */
  replayed: number;
  /** Inputs that could not become an event (kept in the rejected file). */
  rejected: number;
  /**
   * Events given up: a spool append that failed, memory full with
   * `spoolPath: false`, or recorded after shutdown.
   */
  dropped: number;
  /** Accepted events without a price (stored with `priced: false`). */
  unpriced: number;
}
