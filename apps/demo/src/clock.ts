/** A source of the current instant, simulated or real. */
export interface Clock {
  /** The current instant, in epoch milliseconds. */
  nowMs(): number;
  /** The current instant as a `Date`. */
  now(): Date;
}

/**
 * The wall clock, for serving after the simulated weeks.
 *
 * @example
 * ```ts
 * const simulator = await startSimulator({ clock: systemClock });
 * ```
 */
export const systemClock: Clock = {
  nowMs: () => Date.now(),
  now: () => new Date(),
};

/**
 * Simulated time shared by the provider simulator, the tracker and the
 * traffic generator, so that cache TTLs and event timestamps follow the
 * simulated days rather than the wall clock.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock(Date.parse('2026-11-16T00:00:00Z'));
 * clock.advanceTo(clock.nowMs() + 60_000);
 * ```
 */
export class VirtualClock implements Clock {
  #nowMs: number;

  constructor(startMs: number) {
    this.#nowMs = startMs;
  }

  /** The current simulated instant, in epoch milliseconds. */
  nowMs(): number {
    return this.#nowMs;
  }

  /** The current simulated instant as a `Date`. */
  now(): Date {
    return new Date(this.#nowMs);
  }

  /** Moves time forward to `ms`; time never goes backwards. */
  advanceTo(ms: number): void {
    if (ms > this.#nowMs) this.#nowMs = ms;
  }

  /** Moves time forward by `ms` milliseconds. */
  advanceBy(ms: number): void {
    this.advanceTo(this.#nowMs + ms);
  }
}
