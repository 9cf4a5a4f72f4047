import type { TrackerStats, UsageStore } from '@tokenledger/core';
import { ReleaseState } from '../app/release.js';
import { VirtualClock } from '../clock.js';
import type { ServedCall } from '../simulator/index.js';
import { startDemoStack } from '../stack.js';
import { driveTraffic, type TrafficReport } from './drive.js';
import type { Scenario } from './scenario.js';

/** Options of {@link generateTraffic}. */
export interface GenerateOptions {
  store: UsageStore;
  scenario: Scenario;
  /** Called after each request. */
  onProgress?: (done: number, total: number, day: number) => void;
  /** Receives tracker and adapter errors. Default: ignore. */
  onError?: (error: unknown) => void;
}

/** What a generation run did, counted on both sides. */
export interface GenerateResult {
  report: TrafficReport;
  /** Every LLM call the simulator served. */
  served: ServedCall[];
  /** The tracker's counters after its last flush. */
  tracker: TrackerStats;
  elapsedMs: number;
}

/**
 * Plays `scenario` through the whole stack on a virtual clock: simulator,
 * instrumented SDK clients, Express and NestJS adapters, tracker and
 * `store`. The tracker is flushed at the end of each simulated day.
 *
 * @example
 * ```ts
 * const result = await generateTraffic({ store, scenario: twoWeekScenario(Date.now()) });
 * ```
 */
export async function generateTraffic(
  options: GenerateOptions,
): Promise<GenerateResult> {
  const startedMs = performance.now();
  const { scenario } = options;
  const clock = new VirtualClock(scenario.startMs);
  const release = new ReleaseState(scenario.firstRelease);
  const stack = await startDemoStack({
    store: options.store,
    clock,
    release,
    tracker: { spoolPath: false, maxBufferedEvents: 50_000 },
    ...(options.onError ? { onError: options.onError } : {}),
  });

  try {
    const report = await driveTraffic({
      scenario,
      targets: stack,
      clock,
      release,
      endOfDay: () => stack.tracker.flush(),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    await stack.tracker.flush();

    return {
      report,
      served: [...stack.simulator.served],
      tracker: stack.tracker.stats(),
      elapsedMs: performance.now() - startedMs,
    };
  } finally {
    await stack.close();
  }
}
