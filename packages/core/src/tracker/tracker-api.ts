import type { ShutdownHooksOptions } from './hooks.js';
import type { TrackerStats } from './options.js';
import type {
  RecordCallInput,
  RecordNormalizedInput,
  UsageRecorder,
} from './types.js';

/**
 * The batching tracker: records calls without ever throwing or waiting,
 * writes them to the store in batches, and keeps them in a spool file while
 * the store is unreachable. Made by `createTracker`.
 *
 * @example
 * ```ts
 * const tracker: Tracker = createTracker({ store });
 * tracker.record({ provider: 'openai', model: body.model, shape: 'openai.chat', usage: body.usage });
 * await tracker.shutdown();
 * ```
 */
export interface Tracker extends UsageRecorder {
  /**
   * Normalizes the provider's raw usage, prices it, stamps it with the
   * current usage scope and queues it. Never throws: bad input is counted in
   * `stats().rejected`, reported to `onError` and kept in the rejected file.
   */
  record(input: RecordCallInput): void;
  /** Like `record`, with usage already in tokenledger's token classes. */
  recordNormalized(input: RecordNormalizedInput): void;
  /**
   * Writes everything buffered now. Resolves true once it is in the store;
   * false when the store failed (events then wait in the spool) or when
   * `timeoutMs` passed first. Never rejects.
   */
  flush(options?: { timeoutMs?: number }): Promise<boolean>;
  /**
   * Stops intake, flushes, spools what the store would not take, then
   * closes the store. Idempotent: every call returns the same promise.
   * Resolves to whether everything reached the store.
   */
  shutdown(): Promise<boolean>;
  /** Counters since creation; see {@link TrackerStats}. */
  stats(): TrackerStats;
  /**
   * Opt-in process hooks: shut down on SIGTERM/SIGINT, flush on
   * `beforeExit`, spool synchronously on `exit`. Returns a function that
   * removes them; `shutdown()` removes them too.
   */
  installShutdownHooks(options?: ShutdownHooksOptions): () => void;
}
