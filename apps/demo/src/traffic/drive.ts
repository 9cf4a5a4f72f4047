import type { ReleaseState } from '../app/release.js';
import type { VirtualClock } from '../clock.js';
import { type PlannedRequest, planScenario } from './plan.js';
import { instantOf, type Scenario } from './scenario.js';

/** Where the generator sends its requests. */
export interface TrafficTargets {
  /** The Express app. */
  expressUrl: string;
  /** The NestJS search service: 30% of searches go there. */
  nestUrl: string;
}

/** Options of {@link driveTraffic}. */
export interface DriveOptions {
  scenario: Scenario;
  targets: TrafficTargets;
  /** Moved to each request's instant before it is sent. */
  clock: VirtualClock;
  /** Deployed to at each of the scenario's deploys. */
  release: ReleaseState;
  /** Called at the end of each simulated day, e.g. `tracker.flush`. */
  endOfDay?: (day: number) => Promise<unknown>;
  /** Called after each request. */
  onProgress?: (done: number, total: number, day: number) => void;
}

/** What the generator sent. */
export interface TrafficReport {
  requests: number;
  failures: number;
  byKind: Record<string, number>;
  /** The first few failures, for the message. */
  failureSamples: string[];
}

/**
 * Plays the scenario against the app over HTTP, one request at a time in
 * simulated-time order: before each request the clock moves to its instant
 * and any deploy due by then takes effect.
 *
 * @example
 * ```ts
 * const report = await driveTraffic({ scenario, targets: stack, clock, release });
 * ```
 */
export async function driveTraffic(
  options: DriveOptions,
): Promise<TrafficReport> {
  const { scenario, clock, release } = options;
  const days = planScenario(scenario);
  const total = days.reduce((sum, requests) => sum + requests.length, 0);
  const deploys = [...scenario.deploys];
  const report: TrafficReport = {
    requests: 0,
    failures: 0,
    byKind: {},
    failureSamples: [],
  };

  for (const [index, requests] of days.entries()) {
    const day = index + 1;
    for (const request of requests) {
      while (
        deploys[0] &&
        instantOf(scenario, deploys[0].day, deploys[0].hour) <= request.atMs
      ) {
        release.deploy(deploys.shift()?.release as string);
      }
      clock.advanceTo(request.atMs);
      await send(options.targets, request, report);
      options.onProgress?.(report.requests, total, day);
    }
    await options.endOfDay?.(day);
  }

  return report;
}

async function send(
  targets: TrafficTargets,
  request: PlannedRequest,
  report: TrafficReport,
): Promise<void> {
  const { url, body } = route(targets, request);
  report.requests += 1;
  report.byKind[request.kind] = (report.byKind[request.kind] ?? 0) + 1;

  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-user-id': request.userId,
      },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok)
      fail(report, `${request.kind} ${response.status}: ${text.slice(0, 200)}`);
  } catch (error) {
    fail(report, `${request.kind}: ${(error as Error).message}`);
  }
}

function route(
  targets: TrafficTargets,
  request: PlannedRequest,
): { url: string; body: unknown } {
  switch (request.kind) {
    case 'validate':
      return {
        url: `${targets.expressUrl}/claims/${request.targetId}/validate`,
        body: {},
      };
    case 'summarize':
      return {
        url: `${targets.expressUrl}/papers/${request.targetId}/summarize`,
        body: {},
      };
    case 'ocr':
      return {
        url: `${targets.expressUrl}/papers/${request.targetId}/ocr`,
        body: {},
      };
    case 'chat':
      return {
        url: `${targets.expressUrl}/chat`,
        body: { question: request.text },
      };
    case 'search': {
      const base = request.atMs % 10 < 3 ? targets.nestUrl : targets.expressUrl;
      return { url: `${base}/search`, body: { query: request.text } };
    }
  }
}

function fail(report: TrafficReport, message: string): void {
  report.failures += 1;
  if (report.failureSamples.length < 5) report.failureSamples.push(message);
}
