import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySink } from '../../test/tracker-support.js';
import type { TokenledgerError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import type { TrackerLogEvent, TrackerOptions } from './options.js';
import { createTracker } from './tracker.js';

function setup(options: Partial<TrackerOptions> = {}) {
  const sink = new MemorySink();
  const errors: TokenledgerError[] = [];
  const logs: TrackerLogEvent[] = [];
  const tracker = createTracker({
    store: sink,
    spoolPath: false,
    maxBatchSize: 3,
    flushIntervalMs: 1_000,
    random: () => 0.5,
    onError: (error) => errors.push(error),
    logger: { log: (event) => logs.push(event) },
    ...options,
  });
  const record = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      tracker.recordNormalized({
        provider: 'openai',
        model: 'gpt-4o-mini',
        usage: tokenUsage({ inputTokens: 100 + i, outputTokens: 10 }),
      });
    }
  };

  return { sink, errors, logs, tracker, record };
}

describe('tracker delivery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('when a batch fills up', () => {
    it('should write it at once, without waiting for the interval', async () => {
      const { sink, record } = setup();

      record(4);
      await vi.advanceTimersByTimeAsync(0);

      expect(sink.calls.map((ids) => ids.length)).toEqual([3]);
    });
  });

  describe('when a batch stays partial', () => {
    it('should write it flushIntervalMs after the first event', async () => {
      const { sink, record } = setup();

      record(2);
      await vi.advanceTimersByTimeAsync(999);
      expect(sink.calls).toEqual([]);

      await vi.advanceTimersByTimeAsync(1);
      expect(sink.calls.map((ids) => ids.length)).toEqual([2]);
    });
  });

  describe('when flushed', () => {
    it('should write everything in batches of at most maxBatchSize', async () => {
      const { sink, tracker, record } = setup();

      record(7);
      const written = await tracker.flush();

      expect(written).toBe(true);
      expect(sink.calls.map((ids) => ids.length)).toEqual([3, 3, 1]);
      expect(tracker.stats()).toMatchObject({ queued: 0, written: 7 });
    });

    it('should resolve false when the timeout passes first', async () => {
      const { sink, tracker, record } = setup();
      sink.delayMs = 5_000;

      record(1);
      const flushed = tracker.flush({ timeoutMs: 100 });
      await vi.advanceTimersByTimeAsync(100);

      expect(await flushed).toBe(false);
    });
  });

  describe('when the store fails', () => {
    it('should retry with exponential backoff and full jitter', async () => {
      const { sink, logs, errors, tracker, record } = setup();
      sink.failNext = 2;

      record(3);
      const flushed = tracker.flush();
      await vi.advanceTimersByTimeAsync(1_000);

      // random() = 0.5: half of 100 x 2^0, then half of 100 x 2^1
      expect(logs.filter((log) => log.type === 'retry')).toEqual([
        { type: 'retry', events: 3, attempt: 1, delayMs: 50 },
        { type: 'retry', events: 3, attempt: 2, delayMs: 100 },
      ]);
      expect(await flushed).toBe(true);
      expect(sink.rows.size).toBe(3);
      expect(tracker.stats()).toMatchObject({ retried: 2, written: 3 });
      expect(errors.map((error) => error.code)).toEqual(['STORAGE_FAILED']);
      expect(errors[0]?.message).toMatch(
        /^The store failed to insert a batch of 3 events \(connect ECONNREFUSED/,
      );
    });

    it('should not double-count a batch whose write succeeded but whose answer was lost', async () => {
      const { sink, tracker, record } = setup();
      sink.failAfterWriteNext = 1;

      record(3);
      const flushed = tracker.flush();
      await vi.advanceTimersByTimeAsync(1_000);

      expect(await flushed).toBe(true);
      expect(sink.calls).toHaveLength(2);
      expect(sink.calls[1]).toEqual(sink.calls[0]);
      expect(sink.rows.size).toBe(3);
      expect(tracker.stats()).toMatchObject({ written: 3, retried: 1 });
    });

    it('should count as retried exactly the attempts after the first, summed over batches', async () => {
      const { sink, logs, tracker, record } = setup();

      sink.failNext = 3;
      record(3);
      const first = tracker.flush();
      await vi.advanceTimersByTimeAsync(1_000);
      sink.failNext = 1;
      record(3);
      const second = tracker.flush();
      await vi.advanceTimersByTimeAsync(1_000);

      expect(await first).toBe(true);
      expect(await second).toBe(true);
      // 4 calls for the first batch (3 retries), 2 for the second (1 retry)
      expect(sink.calls.map((ids) => ids.length)).toEqual([3, 3, 3, 3, 3, 3]);
      expect(logs.filter((log) => log.type === 'retry')).toEqual([
        { type: 'retry', events: 3, attempt: 1, delayMs: 50 },
        { type: 'retry', events: 3, attempt: 2, delayMs: 100 },
        { type: 'retry', events: 3, attempt: 3, delayMs: 200 },
        { type: 'retry', events: 3, attempt: 1, delayMs: 50 },
      ]);
      expect(tracker.stats()).toEqual({
        recorded: 6,
        queued: 0,
        written: 6,
        retried: 4,
        spooled: 0,
        replayed: 0,
        rejected: 0,
        dropped: 0,
        unpriced: 0,
      });
    });

    it('should not count a retry that is only scheduled once the retries are exhausted', async () => {
      const { sink, logs, tracker, record } = setup();
      sink.down = true;

      record(3);
      const flushed = tracker.flush();
      // the first attempt, then retries after 50, 100 and 200 ms
      await vi.advanceTimersByTimeAsync(350);

      expect(await flushed).toBe(false);
      expect(sink.calls).toHaveLength(4);
      expect(tracker.stats()).toEqual({
        recorded: 3,
        queued: 3,
        written: 0,
        retried: 3,
        spooled: 0,
        replayed: 0,
        rejected: 0,
        dropped: 0,
        unpriced: 0,
      });
      // without a spool the batch stays in memory and the store is probed
      expect(logs.filter((log) => log.type === 'retry').at(-1)).toEqual({
        type: 'retry',
        events: 3,
        attempt: 4,
        delayMs: 400,
      });

      await vi.advanceTimersByTimeAsync(399);
      expect(tracker.stats().retried).toBe(3);
      await vi.advanceTimersByTimeAsync(1);
      expect(sink.calls).toHaveLength(5);
      expect(tracker.stats().retried).toBe(4);

      sink.down = false;
      await vi.advanceTimersByTimeAsync(800);
      expect(sink.calls).toHaveLength(6);
      expect(tracker.stats()).toMatchObject({
        queued: 0,
        written: 3,
        retried: 5,
        dropped: 0,
      });
    });

    it('should time out a hanging insert and retry it', async () => {
      const { sink, errors, tracker, record } = setup({ exportTimeoutMs: 200 });
      sink.delayMs = 10_000;

      record(3);
      void tracker.flush();
      await vi.advanceTimersByTimeAsync(200);
      sink.delayMs = 0;
      await vi.advanceTimersByTimeAsync(100);

      expect(errors[0]?.message).toMatch(
        /^The store did not answer insertEvents within 200 ms/,
      );
      expect(sink.calls).toHaveLength(2);
    });
  });

  describe('when memory is full and there is no spool', () => {
    it('should drop new events, count them and report once', async () => {
      const { sink, errors, logs, tracker, record } = setup({
        maxBufferedEvents: 5,
        maxRetries: 0,
      });
      sink.down = true;

      record(8);

      expect(tracker.stats()).toMatchObject({ queued: 5, dropped: 3 });
      expect(errors.map((error) => error.code)).toEqual(['BUFFER_FULL']);

      sink.down = false;
      await tracker.flush();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(sink.rows.size).toBe(5);
      expect(logs).toContainEqual({
        type: 'dropped',
        events: 3,
        reason: 'buffer-full',
      });
    });
  });

  describe('when shut down', () => {
    it('should flush, close the store, and answer every call with the same promise', async () => {
      const { sink, tracker, record } = setup();

      record(5);
      const first = tracker.shutdown();
      const second = tracker.shutdown();

      expect(second).toBe(first);
      expect(await first).toBe(true);
      expect(sink.rows.size).toBe(5);
      expect(sink.closed).toBe(true);
    });

    it('should refuse records afterwards, counting them and reporting once', async () => {
      const { errors, tracker, record } = setup();
      await tracker.shutdown();

      record(2);

      expect(tracker.stats()).toMatchObject({ recorded: 0, dropped: 2 });
      expect(errors.map((error) => error.code)).toEqual(['SHUT_DOWN']);
    });

    it('should keep the store open when asked to', async () => {
      const { sink, tracker } = setup({ closeStoreOnShutdown: false });

      await tracker.shutdown();

      expect(sink.closed).toBe(false);
    });

    it('should drop and report what the store never took, without a spool', async () => {
      const { sink, errors, tracker, record } = setup({ maxRetries: 1 });
      sink.down = true;

      record(2);
      const closed = tracker.shutdown();
      await vi.advanceTimersByTimeAsync(1_000);

      expect(await closed).toBe(false);
      expect(tracker.stats()).toMatchObject({ dropped: 2 });
      expect(errors.map((error) => error.code)).toEqual([
        'STORAGE_FAILED',
        'STORAGE_FAILED',
      ]);
      expect(errors[1]?.message).toMatch(/2 events were dropped/);
    });
  });
});

describe('tracker timers', () => {
  it('should never keep the process alive', async () => {
    const timers: NodeJS.Timeout[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      ...args: Parameters<typeof setTimeout>
    ) => {
      const timer = realSetTimeout(...args);
      timers.push(timer);
      return timer;
    }) as typeof setTimeout);
    const { sink, tracker, record } = setup({ maxRetries: 1 });
    sink.failNext = 1;

    record(2);
    await tracker.flush({ timeoutMs: 5_000 });
    spy.mockRestore();

    expect(timers.length).toBeGreaterThanOrEqual(3);
    expect(timers.every((timer) => !timer.hasRef())).toBe(true);
  });
});
