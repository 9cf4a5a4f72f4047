import { currentUsageContext, type ResolvedUsageContext } from '../context.js';
import { TokenledgerError, toTokenledgerError } from '../errors.js';
import type { UsageEvent } from '../schema.js';
import { resolveTrackerOptions } from './defaults.js';
import { Delivery } from './delivery.js';
import { installHooks, type ShutdownHooksOptions } from './hooks.js';
import type {
  TrackerLogEvent,
  TrackerOptions,
  TrackerStats,
} from './options.js';
import {
  eventFromCall,
  eventFromUsage,
  type RecordSettings,
} from './recorder.js';
import { Spool } from './spool.js';
import { keepingAlive, raceTimeout } from './timing.js';
import type { Tracker } from './tracker-api.js';
import type { RecordCallInput, RecordNormalizedInput } from './types.js';

/**
 * Creates the batching tracker. Events are written in batches of
 * `maxBatchSize` (default 500) at most `flushIntervalMs` (default 1000)
 * after they were recorded; a failing store is retried with exponential
 * backoff and full jitter, then events wait in `spoolPath` (default
 * `.tokenledger/spool.jsonl`) and are replayed in order when it is back.
 * Throws `INVALID_OPTIONS` on a bad option; never throws afterwards.
 *
 * @example
 * ```ts
 * const tracker = createTracker({ store, release: process.env.GIT_SHA });
 * tracker.installShutdownHooks();
 *
 * const response = await anthropic.messages.create(request);
 * tracker.record({
 *   provider: 'anthropic',
 *   model: response.model,
 *   shape: 'anthropic.messages',
 *   usage: response.usage,
 * });
 * ```
 * @see docs/tracker.md
 */
export function createTracker(options: TrackerOptions): Tracker {
  return new BatchingTracker(options);
}

class BatchingTracker implements Tracker {
  readonly #stats: TrackerStats = {
    recorded: 0,
    queued: 0,
    written: 0,
    retried: 0,
    spooled: 0,
    replayed: 0,
    rejected: 0,
    dropped: 0,
    unpriced: 0,
  };
  readonly #settings: RecordSettings;
  readonly #spool: Spool | null;
  readonly #delivery: Delivery;
  readonly #options: TrackerOptions;
  #shutdown: Promise<boolean> | null = null;
  #removeHooks: (() => void) | null = null;
  #refusedReported = false;

  constructor(options: TrackerOptions) {
    const resolved = resolveTrackerOptions(options);
    const report = this.#report.bind(this);
    const log = this.#log.bind(this);

    this.#options = options;
    this.#settings = {
      catalog: options.catalog,
      clock: options.clock ?? (() => new Date()),
      release: options.release,
      tags: options.tags,
      report,
    };
    this.#spool = resolved.spoolPath
      ? this.#createSpool(resolved.spoolPath)
      : null;
    this.#delivery = new Delivery({
      ...resolved,
      sink: options.store,
      spool: this.#spool,
      backoff: {
        baseDelayMs: resolved.retryBaseDelayMs,
        maxDelayMs: resolved.retryMaxDelayMs,
        random: options.random ?? Math.random,
      },
      stats: this.#stats,
      report,
      log,
    });

    void this.#delivery
      .resumeFromSpool()
      .catch((error: unknown) =>
        report(toTokenledgerError(error, 'SPOOL_FAILED')),
      );
  }

  record(input: RecordCallInput): void {
    this.#take(input, (context) =>
      eventFromCall(input, context, this.#settings),
    );
  }

  recordNormalized(input: RecordNormalizedInput): void {
    this.#take(input, (context) =>
      eventFromUsage(
        input,
        input?.usage,
        input?.shape,
        context,
        this.#settings,
      ),
    );
  }

  flush(options: { timeoutMs?: number } = {}): Promise<boolean> {
    const flushed = this.#delivery.flush().catch((error: unknown) => {
      this.#report(toTokenledgerError(error, 'INTERNAL'));
      return false;
    });

    return keepingAlive(
      options.timeoutMs === undefined
        ? flushed
        : raceTimeout(flushed, options.timeoutMs),
    );
  }

  shutdown(): Promise<boolean> {
    this.#shutdown ??= keepingAlive(this.#close());
    return this.#shutdown;
  }

  stats(): TrackerStats {
    return { ...this.#stats, queued: this.#delivery.queued };
  }

  installShutdownHooks(options?: ShutdownHooksOptions): () => void {
    this.#removeHooks?.();
    const remove = installHooks(
      {
        shutdown: () => this.shutdown(),
        flush: () => this.flush(),
        hasPendingWork: () => this.#delivery.queued > 0,
        spoolSync: () => this.#spoolSync(),
      },
      options,
    );
    this.#removeHooks = remove;

    return remove;
  }

  #take(
    input: unknown,
    build: (context: ResolvedUsageContext | undefined) => UsageEvent,
  ): void {
    if (this.#shutdown) {
      this.#refuse(input);
      return;
    }

    try {
      const context = currentUsageContext();
      this.#accept(build(context), context?.onRecorded);
    } catch (error) {
      this.#reject(input, error);
    }
  }

  #accept(
    event: UsageEvent,
    onRecorded: ((event: UsageEvent) => void) | undefined,
  ): void {
    this.#stats.recorded += 1;
    if (!event.priced) this.#stats.unpriced += 1;
    this.#delivery.enqueue(event);

    this.#notify(this.#options.onRecorded, event, 'of the tracker');
    this.#notify(onRecorded, event, 'of the usage scope');
  }

  #notify(
    callback: ((event: UsageEvent) => void) | undefined,
    event: UsageEvent,
    owner: string,
  ): void {
    if (!callback) return;

    try {
      callback(event);
    } catch (error) {
      this.#report(
        new TokenledgerError(
          'INTERNAL',
          `The onRecorded callback ${owner} threw; the event was recorded anyway.`,
          { cause: error },
        ),
      );
    }
  }

  #reject(input: unknown, error: unknown): void {
    const failure = toTokenledgerError(error, 'INTERNAL');

    this.#stats.rejected += 1;
    this.#report(failure);
    this.#log({ type: 'rejected', reason: failure.message });
    this.#spool?.keepRejected({
      code: failure.code,
      error: failure.message,
      input,
    });
  }

  #refuse(input: unknown): void {
    this.#stats.dropped += 1;
    this.#spool?.keepRejected({ code: 'SHUT_DOWN', input });
    this.#log({ type: 'dropped', events: 1, reason: 'shut-down' });
    if (this.#refusedReported) return;

    this.#refusedReported = true;
    this.#report(
      new TokenledgerError(
        'SHUT_DOWN',
        'record() was called after tracker.shutdown(): the call is not stored (its input is kept in the rejected file). Shut the tracker down last, after the server stopped taking requests.',
      ),
    );
  }

  async #close(): Promise<boolean> {
    this.#removeHooks?.();
    const written = await this.#delivery.close();

    const store = this.#options.store;
    if (this.#options.closeStoreOnShutdown !== false && store.close) {
      await store
        .close()
        .catch((error: unknown) =>
          this.#report(toTokenledgerError(error, 'STORAGE_FAILED')),
        );
    }

    return written;
  }

  #spoolSync(): void {
    try {
      this.#delivery.spoolSync();
    } catch (error) {
      this.#report(toTokenledgerError(error, 'SPOOL_FAILED'));
    }
  }

  #createSpool(path: string): Spool {
    return new Spool(path, {
      onDurable: (events) => {
        this.#stats.spooled += events.length;
        this.#log({
          type: 'spooled',
          events: events.length,
          lastEventId: events[events.length - 1]?.id ?? '',
          path,
        });
      },
      onFailed: (events, cause) => {
        this.#stats.dropped += events.length;
        this.#report(
          new TokenledgerError(
            'SPOOL_FAILED',
            `Could not append ${events.length} events to the spool ${path}, and the store is not taking them: they are lost. Check that the directory is writable and has space.`,
            { cause },
          ),
        );
      },
      onError: (error) => this.#report(error),
    });
  }

  #report(error: TokenledgerError): void {
    try {
      this.#options.onError?.(error);
    } catch {
      // An onError that throws must not reach the caller of record().
    }
  }

  #log(event: TrackerLogEvent): void {
    try {
      this.#options.logger?.log(event);
    } catch {
      // Same for a logger that throws.
    }
  }
}
