import type { TokenledgerError } from '../errors.js';
import type { UsageEvent } from '../schema.js';
import type { UsageSink } from '../store.js';
import { spoolUnreadableError, storeFailedError } from './delivery-errors.js';
import { DropCounter } from './drop-counter.js';
import { MemoryBuffer } from './memory-buffer.js';
import type { TrackerLogEvent, TrackerStats } from './options.js';
import type { Spool } from './spool.js';
import type { SpoolBatch } from './spool-reader.js';
import {
  type BackoffPolicy,
  BatchTimers,
  backoffDelayMs,
  Sleeper,
  withTimeout,
} from './timing.js';

/** Settings of a {@link Delivery}, resolved from the tracker options. */
export interface DeliverySettings {
  sink: UsageSink;
  spool: Spool | null;
  maxBatchSize: number;
  maxBufferedEvents: number;
  flushIntervalMs: number;
  exportTimeoutMs: number;
  maxRetries: number;
  backoff: BackoffPolicy;
  stats: TrackerStats;
  report: (error: TokenledgerError) => void;
  log: (event: TrackerLogEvent) => void;
}

type Work =
  | { from: 'memory'; events: UsageEvent[] }
  | { from: 'spool'; events: UsageEvent[]; batch: SpoolBatch };

/**
 * Moves events from memory to the store: batches of `maxBatchSize`, written
 * when a batch is full or `flushIntervalMs` after the first event, one write
 * in flight. A failing batch is retried with backoff; past `maxRetries`, or
 * when memory holds `maxBufferedEvents`, memory goes to the spool, which is
 * replayed in order before newer events once the store answers again.
 */
export class Delivery {
  readonly #memory: MemoryBuffer;
  #failures = 0;
  /** Id of the first event of the batch whose last insert failed. */
  #failedBatchId: string | null = null;
  #closing = false;
  #loop: Promise<void> | null = null;
  #waiters: ((written: boolean) => void)[] = [];
  #replayBroken = false;
  readonly #sleeper = new Sleeper();
  readonly #timers: BatchTimers;
  readonly #drops: DropCounter;

  constructor(private readonly settings: DeliverySettings) {
    this.#memory = new MemoryBuffer(settings.maxBatchSize);
    this.#drops = new DropCounter(settings);
    this.#timers = new BatchTimers(settings.flushIntervalMs, {
      onInterval: () => {
        this.#memory.markAllDue();
        this.#ensureLoop();
      },
      onKick: () => this.#ensureLoop(),
    });
  }

  /** Events in memory, the batch in flight included. */
  get queued(): number {
    return this.#memory.size;
  }

  /** Whether the store is failing past the quick retries. */
  get storeDown(): boolean {
    return this.#failures > this.settings.maxRetries;
  }

  /** Takes one event; never throws, never waits. */
  enqueue(event: UsageEvent): void {
    if (this.queued >= this.settings.maxBufferedEvents) this.#overflow(event);
    else this.#memory.push(event);

    if (this.#memory.hasFullBatch) this.#kickSoon();
    else this.#startTimer();
  }

  /**
   * Writes what memory holds now. Resolves true once it is in the store,
   * false when the store failed and it went to the spool (or stays in
   * memory without one).
   */
  flush(): Promise<boolean> {
    this.#memory.markAllDue();

    if (this.storeDown) return this.#giveUp();

    const settled = new Promise<boolean>((resolve) =>
      this.#waiters.push(resolve),
    );
    this.#ensureLoop();

    return settled;
  }

  /** Last flush: retries briefly, then spools whatever is left. */
  async close(): Promise<boolean> {
    this.#closing = true;
    this.#timers.clear();
    this.#sleeper.wake();

    const written = await this.flush();
    await this.#loop;
    await this.settings.spool?.whenIdle();

    return written && !this.settings.spool?.hasBacklog;
  }

  /** Looks for a spool left by an earlier run and replays it. */
  async resumeFromSpool(): Promise<void> {
    if (await this.settings.spool?.findBacklog()) this.#ensureLoop();
  }

  /**
   * Writes memory to the spool synchronously (for `process.on('exit')`);
   * without a spool, counts it as dropped.
   */
  spoolSync(): number {
    const spool = this.settings.spool;
    const events = this.#memory.takeAll();
    if (!spool) {
      this.#drops.dropAtShutdown(events.length);
      return 0;
    }

    const count = spool.writeAllSync(events);
    this.settings.stats.spooled += events.length;

    return count;
  }

  /**
   * Memory is full: hand all of it to the spool writer and keep the new
   * event, or, without a spool, drop the new event. The writer takes all it
   * was handed into its next append, so what waits for the disk is what
   * arrived during one write and fsync; nothing is dropped while the disk
   * accepts writes (a failed append is counted and reported by the spool).
   */
  #overflow(event: UsageEvent): void {
    if (!this.settings.spool) {
      this.#drops.dropNew();
      return;
    }

    this.#spill();
    this.#memory.push(event);
  }

  #spill(): void {
    this.settings.spool?.append(this.#memory.takeAll());
  }

  #startTimer(): void {
    if (this.#closing || this.#memory.waiting === 0) return;
    this.#timers.armInterval();
  }

  #kickSoon(): void {
    if (!this.#loop) this.#timers.kickSoon();
  }

  #ensureLoop(): void {
    if (this.#loop) return;

    this.#loop = this.#run()
      .catch((error: unknown) => this.#onLoopError(error))
      .finally(() => {
        this.#loop = null;
        this.#afterLoop();
      });
  }

  #afterLoop(): void {
    this.#settle(this.#memory.settled && !this.settings.spool?.hasBacklog);

    if (this.#closing) return;
    if (this.#memory.hasFullBatch) this.#kickSoon();
    else this.#startTimer();
  }

  async #run(): Promise<void> {
    for (;;) {
      const work = await this.#nextWork();
      if (!work) return;

      if (await this.#attempt(work)) continue;
      if (!(await this.#afterFailure(work))) return;
    }
  }

  async #nextWork(): Promise<Work | null> {
    const spool = this.settings.spool;
    if (spool?.hasBacklog && !this.#replayBroken) {
      const batch = await spool.nextBatch(this.settings.maxBatchSize);
      if (batch) return { from: 'spool', events: batch.events, batch };
    }

    const events = this.#memory.nextBatch();
    return events ? { from: 'memory', events } : null;
  }

  async #attempt(work: Work): Promise<boolean> {
    this.#countIfRetry(work);
    const started = performance.now();

    try {
      const result = await withTimeout(
        this.settings.sink.insertEvents(work.events),
        this.settings.exportTimeoutMs,
      );
      this.#onWritten(work, result.inserted, performance.now() - started);
      return true;
    } catch (error) {
      if (this.#failures === 0) this.#reportStoreFailure(work, error);
      this.#failedBatchId = work.events[0]?.id ?? null;
      return false;
    }
  }

  /**
   * Counts an insert of the batch that failed last (from memory, or read
   * back from the spool it was spilled to) as a retry, when it is made: a
   * retry still waiting out its backoff is not counted.
   */
  #countIfRetry(work: Work): void {
    const firstId = work.events[0]?.id;
    if (firstId !== undefined && firstId === this.#failedBatchId) {
      this.settings.stats.retried += 1;
    }
  }

  #onWritten(work: Work, inserted: number, durationMs: number): void {
    const { stats, spool, log } = this.settings;
    const events = work.events.length;

    this.#failures = 0;
    this.#failedBatchId = null;
    this.#drops.endEpisode();
    log({ type: 'written', events, inserted, durationMs });

    if (work.from === 'spool') {
      spool?.commit(work.batch);
      stats.written += events;
      stats.replayed += events;
      log({ type: 'replayed', events, path: spool?.paths.replaying ?? '' });
    } else if (this.#memory.confirm(work.events)) {
      stats.written += events;
    }
  }

  /** Returns whether the loop should go on. */
  async #afterFailure(work: Work): Promise<boolean> {
    this.#failures += 1;
    const exhausted = this.storeDown;

    if (exhausted && this.#closing) {
      await this.#giveUp();
      return false;
    }
    if (exhausted && work.from === 'memory') await this.#giveUp();

    const delayMs = backoffDelayMs(this.settings.backoff, this.#failures);
    this.settings.log({
      type: 'retry',
      events: work.events.length,
      attempt: this.#failures,
      delayMs,
    });
    await this.#sleeper.sleep(this.#closing ? 0 : delayMs);

    return true;
  }

  /** Spools memory (when there is a spool) and resolves false. */
  async #giveUp(): Promise<boolean> {
    const spool = this.settings.spool;

    if (spool) {
      this.#spill();
      await spool.whenIdle();
    } else if (this.#closing) {
      this.#drops.dropAtShutdown(this.#memory.takeAll().length);
    }

    this.#settle(false);
    return false;
  }

  /**
   * The loop only throws when the spool cannot be read: report it, and stop
   * replaying for the life of this tracker so that memory keeps flowing.
   */
  #onLoopError(error: unknown): void {
    this.#replayBroken = true;
    this.settings.report(spoolUnreadableError(error));
  }

  #reportStoreFailure(work: Work, error: unknown): void {
    const { spool, report } = this.settings;
    report(storeFailedError(work.events.length, error, spool !== null));
  }

  #settle(written: boolean): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const resolve of waiters) resolve(written);
  }
}
