import type { TokenledgerError } from '../errors.js';
import { bufferFullError, droppedAtShutdownError } from './delivery-errors.js';
import type { TrackerLogEvent, TrackerStats } from './options.js';

/** Where a {@link DropCounter} reports. */
export interface DropReporting {
  stats: TrackerStats;
  report: (error: TokenledgerError) => void;
  log: (event: TrackerLogEvent) => void;
  maxBufferedEvents: number;
}

/**
 * Counts events given up. A buffer-full episode is reported once when it
 * starts (`onError`) and once, with its count, when the store recovers
 * (`logger`), rather than once per event.
 */
export class DropCounter {
  #episode = 0;

  constructor(private readonly reporting: DropReporting) {}

  /** One new event that memory could not take, with no spool to go to. */
  dropNew(): void {
    const { stats, report, maxBufferedEvents } = this.reporting;

    stats.dropped += 1;
    this.#episode += 1;
    if (this.#episode === 1) report(bufferFullError(maxBufferedEvents));
  }

  /** The store took a batch again: close the episode with its count. */
  endEpisode(): void {
    if (this.#episode === 0) return;

    this.reporting.log({
      type: 'dropped',
      events: this.#episode,
      reason: 'buffer-full',
    });
    this.#episode = 0;
  }

  /** Events left in memory at shutdown, with the store down and no spool. */
  dropAtShutdown(count: number): void {
    if (count === 0) return;

    this.reporting.stats.dropped += count;
    this.reporting.log({ type: 'dropped', events: count, reason: 'shut-down' });
    this.reporting.report(droppedAtShutdownError(count));
  }
}
