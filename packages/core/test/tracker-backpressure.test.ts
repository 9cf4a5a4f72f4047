import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  createTracker,
  type InsertResult,
  type Tracker,
  type UsageEvent,
  type UsageSink,
} from '../src/index.js';
import { sleep, tempSpoolPath } from './tracker-support.js';

const RECORDS = 100_000;
const CHUNK = 500;
const MAX_BUFFERED = 10_000;
/**
 * The producer records 50,000 events/s, paced against the wall clock so that
 * a busy machine does not change the test; the store takes 50 ms per batch
 * of 1,000, i.e. 20,000 events/s at most: it is always the slower one.
 */
const EVENTS_PER_MS = 50;
const BATCH = 1_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Records RECORDS events in chunks of CHUNK at EVENTS_PER_MS, and samples
 * memory: the tracker's queue after every chunk, the heap (after a full GC)
 * at each tenth of the run.
 */
async function produce(tracker: Tracker) {
  const heap: number[] = [];
  const started = performance.now();
  let maxQueued = 0;

  for (let i = 0; i < RECORDS; i += 1) {
    tracker.recordNormalized({
      provider: 'openai',
      model: 'gpt-4o-mini',
      requestId: `req-${i}`,
      usage: {
        inputTokens: 1200,
        outputTokens: 300,
        cacheWriteTokens: 0,
        cacheWrite1hTokens: 0,
        cacheReadTokens: 1024,
        reasoningTokens: 0,
        audioInputTokens: 0,
        audioOutputTokens: 0,
      },
    });

    if ((i + 1) % CHUNK !== 0) continue;
    maxQueued = Math.max(maxQueued, tracker.stats().queued);
    if ((i + 1) % (RECORDS / 10) === 0) heap.push(heapMb());
    const aheadMs = started + (i + 1) / EVENTS_PER_MS - performance.now();
    await (aheadMs > 0 ? sleep(aheadMs) : new Promise(setImmediate));
  }

  return { heap, maxQueued };
}

/**
 * A slow store that keeps one byte per event (how often each request id was
 * stored) instead of the events, so the heap measures the tracker alone.
 * Its first write also waits for `open()`, called when the producer is
 * done: on a machine too busy to record 50,000 events/s the store would
 * otherwise keep up, and nothing would test the bound.
 */
class SlowCountingSink implements UsageSink {
  readonly timesStored = new Uint8Array(RECORDS);
  readonly #seen = new Set<string>();
  open: () => void = () => {};
  readonly #opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  async insertEvents(events: readonly UsageEvent[]): Promise<InsertResult> {
    await this.#opened;
    await sleep(50);

    let inserted = 0;
    for (const event of events) {
      if (this.#seen.has(event.id)) continue;
      this.#seen.add(event.id);
      this.timesStored[Number(event.requestId?.slice(4))]! += 1;
      inserted += 1;
    }

    return { inserted, duplicates: events.length - inserted };
  }
}

/** Heap growth once the buffers have filled (after the first fifth). */
function growthMb(heap: readonly number[]): number {
  const settled = heap.slice(2);
  return Math.max(...settled) - Math.min(...settled);
}

describe('tracker backpressure', { timeout: 60_000 }, () => {
  describe('when the store takes 50 ms per batch and is slower than the producer', () => {
    it('should keep memory flat, spilling to the spool', async () => {
      const sink = new SlowCountingSink();
      const tracker = createTracker({
        store: sink,
        spoolPath: tempSpoolPath(),
        maxBatchSize: BATCH,
        maxBufferedEvents: MAX_BUFFERED,
      });

      const { heap, maxQueued } = await produce(tracker);
      sink.open();
      await tracker.shutdown();

      // 100,000 events of ~1.2 KB would hold ~120 MB if they stayed in memory
      expect(maxQueued).toBeLessThanOrEqual(MAX_BUFFERED);
      expect(growthMb(heap)).toBeLessThan(25);
      // with a spool nothing is dropped: what the store could not take in
      // time went to the disk and was replayed, each event stored once
      expect(tracker.stats().spooled).toBeGreaterThan(0);
      expect(tracker.stats().dropped).toBe(0);
      expect(tracker.stats().written).toBe(RECORDS);
      expect(sink.timesStored.every((times) => times === 1)).toBe(true);
    });

    it('should keep memory flat without the spool, counting what it drops', async () => {
      const sink = new SlowCountingSink();
      const tracker = createTracker({
        store: sink,
        spoolPath: false,
        maxBatchSize: BATCH,
        maxBufferedEvents: MAX_BUFFERED,
      });

      const { heap, maxQueued } = await produce(tracker);
      sink.open();
      await tracker.shutdown();

      const stored = sink.timesStored.filter((times) => times === 1).length;
      expect(maxQueued).toBeLessThanOrEqual(MAX_BUFFERED);
      expect(growthMb(heap)).toBeLessThan(25);
      expect(tracker.stats().dropped).toBeGreaterThan(0);
      expect(stored + tracker.stats().dropped).toBe(RECORDS);
      expect(sink.timesStored.every((times) => times <= 1)).toBe(true);
    });
  });
});
