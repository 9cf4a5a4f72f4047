import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MemorySink,
  readJsonLines,
  tempSpoolPath,
} from '../../test/tracker-support.js';
import type { TokenledgerError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import type { TrackerLogEvent, TrackerOptions } from './options.js';
import { spoolPaths } from './spool.js';
import { createTracker } from './tracker.js';

function setup(options: Partial<TrackerOptions> = {}) {
  const sink = new MemorySink();
  const errors: TokenledgerError[] = [];
  const logs: TrackerLogEvent[] = [];
  const spoolPath = tempSpoolPath();
  const tracker = createTracker({
    store: sink,
    spoolPath,
    maxBatchSize: 4,
    maxBufferedEvents: 10,
    maxRetries: 1,
    retryBaseDelayMs: 1,
    retryMaxDelayMs: 5,
    onError: (error) => errors.push(error),
    logger: { log: (event) => logs.push(event) },
    ...options,
  });
  let next = 0;
  const record = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      tracker.recordNormalized({
        provider: 'openai',
        model: 'gpt-4o-mini',
        requestId: `req-${next++}`,
        usage: tokenUsage({ inputTokens: 100, outputTokens: 10 }),
      });
    }
  };

  return { sink, errors, logs, spoolPath, tracker, record };
}

/** Everything waiting on disk, in replay order. */
function readSpool(path: string): unknown[] {
  return [...readJsonLines(spoolPaths(path).replaying), ...readJsonLines(path)];
}

function requestIds(events: readonly unknown[]): unknown[] {
  return events.map((event) => (event as { requestId: unknown }).requestId);
}

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from }, (_, i) => `req-${from + i}`);
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !condition(); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(condition()).toBe(true);
}

describe('tracker spool', () => {
  describe('when the store stays down past the retries', () => {
    it('should move memory to the spool, fsynced, and say so', async () => {
      const { sink, logs, spoolPath, tracker, record } = setup();
      sink.down = true;

      record(6);
      const written = await tracker.flush();

      expect(written).toBe(false);
      expect(requestIds(readSpool(spoolPath))).toEqual(range(0, 6));
      expect(tracker.stats()).toMatchObject({ queued: 0, spooled: 6 });
      expect(logs).toContainEqual({
        type: 'spooled',
        events: 6,
        lastEventId: expect.any(String),
        path: spoolPath,
      });
      await tracker.shutdown();
    });

    it('should spill to the spool whenever memory is full', async () => {
      const { sink, spoolPath, tracker, record } = setup({ maxRetries: 50 });
      sink.down = true;

      record(20);
      await new Promise((resolve) => setTimeout(resolve, 50));
      record(5);
      await tracker.shutdown();

      expect(tracker.stats()).toMatchObject({ spooled: 25, dropped: 0 });
      expect(requestIds(readSpool(spoolPath))).toEqual(range(0, 25));
    });

    it('should keep a whole synchronous burst, handing memory to the disk each time it fills', async () => {
      const { sink, errors, spoolPath, tracker, record } = setup({
        maxRetries: 50,
      });
      sink.down = true;

      // memory (10) is handed to the spool writer at events 10, 20 and 30,
      // before any append finished: the writer coalesces, nothing is dropped
      record(35);
      await tracker.shutdown();

      expect(tracker.stats()).toMatchObject({ spooled: 35, dropped: 0 });
      expect(requestIds(readSpool(spoolPath))).toEqual(range(0, 35));
      expect(errors.map((error) => error.code)).not.toContain('BUFFER_FULL');
    });
  });

  describe('when the spool file cannot be written', () => {
    it('should count what it could not append as dropped, and report it', async () => {
      const notADirectory = join(tempSpoolPath(), '..', 'a-file');
      writeFileSync(notADirectory, '');
      const { sink, errors, tracker, record } = setup({
        spoolPath: join(notADirectory, 'spool.jsonl'),
      });
      sink.down = true;

      // 10 fill memory, the 11th hands them to the writer, which fails; the
      // last one is spooled (and fails) at shutdown
      record(11);
      await tracker.shutdown();

      expect(tracker.stats()).toMatchObject({ spooled: 0, dropped: 11 });
      const spoolErrors = errors.filter(
        (error) => error.code === 'SPOOL_FAILED',
      );
      expect(spoolErrors.map((error) => error.message)).toEqual([
        expect.stringMatching(/^Could not append 10 events to the spool/),
        expect.stringMatching(/^Could not append 1 events to the spool/),
      ]);
    });
  });

  describe('when the store comes back', () => {
    it('should replay the spool in order, before newer events, and remove it', async () => {
      const { sink, spoolPath, tracker, record } = setup();
      sink.down = true;
      record(9);
      await tracker.flush();

      sink.down = false;
      record(3);
      await waitFor(() => sink.rows.size === 12);
      await tracker.flush();

      const replayedIds = sink.calls.filter((_, i) => i >= 2).flat();
      const order = replayedIds.map((id) => sink.rows.get(id)?.requestId);
      expect(order.filter((id, i) => order.indexOf(id) === i)).toEqual(
        range(0, 12),
      );
      expect(tracker.stats()).toMatchObject({ replayed: 9, written: 12 });
      expect(readJsonLines(spoolPath)).toEqual([]);
      expect(readJsonLines(spoolPaths(spoolPath).replaying)).toEqual([]);
      await tracker.shutdown();
    });
  });

  describe('when the store comes back after the retries spooled a batch', () => {
    it('should count the replay of that batch as a retry, and the rest as first attempts', async () => {
      const { sink, spoolPath, tracker, record } = setup({
        random: () => 0.5,
        retryBaseDelayMs: 20,
        retryMaxDelayMs: 1_000,
      });
      sink.down = true;

      record(6);
      const written = await tracker.flush();

      // a batch of 4: the first attempt and one retry (maxRetries: 1) failed
      expect(written).toBe(false);
      expect(sink.calls.map((ids) => ids.length)).toEqual([4, 4]);
      expect(tracker.stats()).toEqual({
        recorded: 6,
        queued: 0,
        written: 0,
        retried: 1,
        spooled: 6,
        replayed: 0,
        rejected: 0,
        dropped: 0,
        unpriced: 0,
      });

      // the probe 20 ms later replays that batch from the spool, then the rest
      sink.down = false;
      await waitFor(() => sink.rows.size === 6);
      await tracker.flush();

      expect(sink.calls.map((ids) => ids.length)).toEqual([4, 4, 4, 2]);
      expect(sink.calls[2]).toEqual(sink.calls[0]);
      expect(tracker.stats()).toEqual({
        recorded: 6,
        queued: 0,
        written: 6,
        retried: 2,
        spooled: 6,
        replayed: 6,
        rejected: 0,
        dropped: 0,
        unpriced: 0,
      });
      expect(readJsonLines(spoolPath)).toEqual([]);
      await tracker.shutdown();
    });
  });

  describe('when a tracker starts over a spool left by an earlier one', () => {
    it('should replay it, and skip a line torn by a crash', async () => {
      const first = setup();
      first.sink.down = true;
      first.record(5);
      await first.tracker.shutdown();
      const torn = '{"id":"01a2","timestamp":"2026-';
      writeFileSync(
        first.spoolPath,
        `${readFileSync(first.spoolPath, 'utf8')}${torn}`,
      );

      const sink = new MemorySink();
      const errors: TokenledgerError[] = [];
      const second = createTracker({
        store: sink,
        spoolPath: first.spoolPath,
        onError: (error) => errors.push(error),
      });
      await waitFor(() => sink.rows.size === 5);
      await second.shutdown();

      expect(requestIds(sink.events())).toEqual(range(0, 5));
      expect(errors.map((error) => error.code)).toEqual(['SPOOL_FAILED']);
      expect(readJsonLines(spoolPaths(first.spoolPath).rejected)).toEqual([
        { at: expect.any(String), reason: 'unreadable spool line', line: torn },
      ]);
    });
  });

  describe('when the spool cannot be read back', () => {
    it('should report it and keep writing new events', async () => {
      const spoolPath = tempSpoolPath();
      mkdirSync(join(spoolPaths(spoolPath).replaying, 'not-a-file'), {
        recursive: true,
      });
      const sink = new MemorySink();
      const errors: TokenledgerError[] = [];
      const tracker = createTracker({
        store: sink,
        spoolPath,
        onError: (error) => errors.push(error),
      });
      await waitFor(() => errors.length > 0);

      tracker.recordNormalized({
        provider: 'openai',
        model: 'gpt-4o-mini',
        usage: tokenUsage({ inputTokens: 1 }),
      });
      await tracker.flush();

      expect(sink.rows.size).toBe(1);
      expect(errors[0]?.code).toBe('SPOOL_FAILED');
      expect(errors[0]?.message).toMatch(
        /^Could not read the spool back \(EISDIR/,
      );
      await tracker.shutdown();
    });
  });

  describe('when the process exits without shutdown', () => {
    it('should write memory to the spool synchronously', async () => {
      const { sink, spoolPath, tracker, record } = setup({ maxRetries: 50 });
      sink.down = true;
      const before = process.listeners('exit');
      tracker.installShutdownHooks();
      const onExit = process.listeners('exit').find((l) => !before.includes(l));

      record(3);
      tracker.record({
        provider: 'openai',
        model: 'gpt-4o-mini',
        shape: 'openai.chat',
        usage: 'not usage',
      });
      onExit?.call(process, 0);

      expect(requestIds(readSpool(spoolPath))).toEqual(range(0, 3));
      // the rejected input too, before any promise could have settled
      expect(readJsonLines(spoolPaths(spoolPath).rejected)).toMatchObject([
        { input: { usage: 'not usage' } },
      ]);
      await tracker.shutdown();
      expect(readJsonLines(spoolPaths(spoolPath).rejected)).toHaveLength(1);
      expect(process.listeners('exit')).toEqual(before);
    });
  });

  describe('when the process exits without shutdown nor spool', () => {
    it('should count and report what memory held as dropped', () => {
      const { sink, errors, tracker, record } = setup({ spoolPath: false });
      sink.down = true;
      const before = process.listeners('exit');
      const remove = tracker.installShutdownHooks();
      const onExit = process.listeners('exit').find((l) => !before.includes(l));

      record(3);
      onExit?.call(process, 0);
      remove();

      expect(tracker.stats()).toMatchObject({ queued: 0, dropped: 3 });
      expect(errors.at(-1)?.message).toMatch(/3 events were dropped/);
    });
  });

  describe('when the process gets SIGTERM', () => {
    it('should shut the tracker down', async () => {
      const { sink, tracker, record } = setup({ spoolPath: false });
      const keepAlive = () => {};
      process.on('SIGTERM', keepAlive);
      tracker.installShutdownHooks();

      record(3);
      process.emit('SIGTERM', 'SIGTERM');
      await waitFor(() => sink.closed);

      process.off('SIGTERM', keepAlive);
      expect(sink.rows.size).toBe(3);
      expect(process.listenerCount('SIGTERM')).toBe(0);
    });
  });
});
