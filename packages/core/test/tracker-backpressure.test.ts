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
const CHUNK = 100;
const MAX_BUFFERED = 10_000;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Records RECORDS events in chunks of CHUNK, one chunk per millisecond, and
 * samples memory: the tracker's queue after every chunk, the heap (after a
 * full GC) at each tenth of the run.
 */
async function produce(tracker: Tracker) {
  const heap: number[] = [];
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
    await sleep(1);
  }

  return { heap, maxQueued };
}

/**
 * A slow store that keeps one byte per event (how often each request id was
 * stored) instead of the events, so the heap measures the tracker alone.
 */
class SlowCountingSink implements UsageSink {
  readonly timesStored = new Uint8Array(RECORDS);
  readonly #seen = new Set<string>();

  async insertEvents(events: readonly UsageEvent[]): Promise<InsertResult> {
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

describe('tracker backpressure', () => {
  describe('when the store takes 50 ms per batch of 2,000', () => {
    it('should keep memory flat and, with the spool, lose nothing', async () => {
      const sink = new SlowCountingSink();
      const tracker = createTracker({
        store: sink,
        spoolPath: tempSpoolPath(),
        maxBatchSize: 2_000,
        maxBufferedEvents: MAX_BUFFERED,
      });

      const { heap, maxQueued } = await produce(tracker);
      await tracker.shutdown();

      // 100,000 events of ~1.2 KB would hold ~120 MB if they stayed in memory
      expect(maxQueued).toBeLessThanOrEqual(MAX_BUFFERED);
      expect(growthMb(heap)).toBeLessThan(25);
      expect(tracker.stats()).toMatchObject({ written: RECORDS, dropped: 0 });
      expect(tracker.stats().spooled).toBeGreaterThan(0);
      expect(sink.timesStored.every((times) => times === 1)).toBe(true);
    });

    it('should keep memory flat without the spool, counting what it drops', async () => {
      const sink = new SlowCountingSink();
      const tracker = createTracker({
        store: sink,
        spoolPath: false,
        maxBatchSize: 2_000,
        maxBufferedEvents: MAX_BUFFERED,
      });

      const { heap, maxQueued } = await produce(tracker);
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
