/** A deploy of a new release at a simulated instant. */
export interface Deploy {
  /** 1-based day of the scenario. */
  day: number;
  /** UTC hour of that day. */
  hour: number;
  release: string;
}

/** One user scripting an endpoint: the volume-spike story. */
export interface ScriptedBurst {
  userId: string;
  day: number;
  startHour: number;
  hours: number;
  calls: number;
}

/**
 * The simulated weeks of traffic the generator plays: who uses the product,
 * how much, and when the three stories happen.
 */
export interface Scenario {
  /** Midnight UTC of day 1, epoch ms. */
  startMs: number;
  days: number;
  /** No request is played at or after this instant (default: the end of the last day). */
  endMs?: number;
  users: number;
  /** Requests on an ordinary weekday (weekends get 55% of it). */
  requestsPerWeekday: number;
  /** The release running at the start. */
  firstRelease: string;
  /** Ordered deploys (the chat prompt change, the cache-breaking release). */
  deploys: readonly Deploy[];
  burst: ScriptedBurst;
  /** Seed of every random choice: the same seed plays the same traffic. */
  seed: number;
}

const DAY_MS = 86_400_000;

/**
 * The demo's two weeks: the 13 days before today and today up to `nowMs`,
 * as a production store holds them, so the dashboard's "last 7 days"
 * (today and the 6 days before) shows the second week up to now. 300
 * users; on day 8 release 2.3.1 doubles chat answers; on day 10 release
 * 2.4.0 moves the user profile ahead of the cached prompt; on day 12 user
 * u_287 scripts summarize.
 *
 * @example
 * ```ts
 * const scenario = twoWeekScenario(Date.now());
 * ```
 */
export function twoWeekScenario(nowMs: number): Scenario {
  const todayMs = Math.floor(nowMs / DAY_MS) * DAY_MS;

  return {
    startMs: todayMs - 13 * DAY_MS,
    days: 14,
    endMs: nowMs,
    users: 300,
    requestsPerWeekday: 800,
    firstRelease: '2.3.0',
    deploys: [
      { day: 8, hour: 9, release: '2.3.1' },
      { day: 10, hour: 9, release: '2.4.0' },
    ],
    burst: { userId: 'u_287', day: 12, startHour: 1, hours: 4, calls: 900 },
    seed: 2026,
  };
}

/**
 * The same stories squeezed into two days, for the end-to-end test: day 1
 * is ordinary, day 2 gets both deploys and the scripted burst.
 *
 * @example
 * ```ts
 * const scenario = twoDayScenario(Date.parse('2026-11-02T00:00:00Z'));
 * ```
 */
export function twoDayScenario(startMs: number): Scenario {
  return {
    startMs,
    days: 2,
    users: 60,
    requestsPerWeekday: 240,
    firstRelease: '2.3.0',
    deploys: [
      { day: 2, hour: 0, release: '2.3.1' },
      { day: 2, hour: 12, release: '2.4.0' },
    ],
    burst: { userId: 'u_057', day: 2, startHour: 2, hours: 2, calls: 240 },
    seed: 7,
  };
}

/** Epoch ms of `hour` on 1-based `day` of the scenario. */
export function instantOf(scenario: Scenario, day: number, hour = 0): number {
  return scenario.startMs + (day - 1) * DAY_MS + hour * 3_600_000;
}
