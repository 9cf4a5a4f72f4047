import { CLAIM_COUNT, PAPER_COUNT } from '../papers/corpus.js';
import { seededRandom } from '../simulator/text.js';
import { instantOf, type Scenario } from './scenario.js';

/** The endpoints the generator calls. */
export type RequestKind = 'validate' | 'summarize' | 'ocr' | 'search' | 'chat';

/** One HTTP request the generator will send. */
export interface PlannedRequest {
  atMs: number;
  userId: string;
  kind: RequestKind;
  /** Claim id (validate) or paper id (summarize, ocr). */
  targetId: number;
  /** Query (search) or question (chat). */
  text: string;
}

/** Share of each endpoint in ordinary traffic. */
const MIX: ReadonlyArray<[RequestKind, number]> = [
  ['validate', 0.36],
  ['chat', 0.27],
  ['search', 0.21],
  ['summarize', 0.12],
  ['ocr', 0.04],
];

/** Relative traffic per UTC hour: quiet nights, a midday plateau. */
const HOURLY = [
  2, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 11, 10, 11, 12, 12, 11, 10, 8, 7, 6, 5, 4,
  3,
];

/** Weekend days get this share of a weekday's traffic. */
const WEEKEND_FACTOR = 0.55;

/**
 * The requests of every day of the scenario, day by day in time order,
 * without those at or after `scenario.endMs` (a today still under way).
 *
 * @example
 * ```ts
 * const days = planScenario(twoWeekScenario(Date.now()));
 * days.at(-1); // today's requests so far
 * ```
 */
export function planScenario(scenario: Scenario): PlannedRequest[][] {
  const endMs = scenario.endMs ?? Number.POSITIVE_INFINITY;

  return Array.from({ length: scenario.days }, (_, index) =>
    planDay(scenario, index + 1).filter((request) => request.atMs < endMs),
  );
}

/**
 * The requests of 1-based `day`, in time order: a weekday or weekend volume
 * spread over the daily cycle, users drawn from a long-tailed (Zipf, s=1.2)
 * activity distribution, plus the scripted burst on its day.
 *
 * @example
 * ```ts
 * const requests = planDay(twoWeekScenario(Date.now()), 12);
 * ```
 */
export function planDay(scenario: Scenario, day: number): PlannedRequest[] {
  const random = seededRandom(scenario.seed * 1_000 + day);
  const dayStartMs = instantOf(scenario, day);
  const weekday = new Date(dayStartMs).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const count = Math.round(
    scenario.requestsPerWeekday * (weekend ? WEEKEND_FACTOR : 1),
  );
  const pickUser = zipfPicker(scenario.users, 1.2);

  const requests: PlannedRequest[] = [];
  for (let index = 0; index < count; index++) {
    const atMs = dayStartMs + hourOf(random) * 3_600_000 + random() * 3_600_000;
    const userId = userName(pickUser(random()));
    requests.push(ordinaryRequest(Math.floor(atMs), userId, random));
  }

  requests.push(...burstRequests(scenario, day));
  return requests.sort((a, b) => a.atMs - b.atMs);
}

/** `u_001` … : the user of activity rank `rank` (1 = most active). */
export function userName(rank: number): string {
  return `u_${String(rank).padStart(3, '0')}`;
}

function ordinaryRequest(
  atMs: number,
  userId: string,
  random: () => number,
): PlannedRequest {
  const kind = pickKind(random());

  return {
    atMs,
    userId,
    kind,
    targetId:
      kind === 'validate'
        ? 1 + Math.floor(CLAIM_COUNT * random() ** 1.5)
        : 1 + Math.floor(PAPER_COUNT * random() ** 2),
    text: kind === 'chat' ? question(random) : searchQuery(random),
  };
}

function burstRequests(scenario: Scenario, day: number): PlannedRequest[] {
  const { burst } = scenario;
  if (burst.day !== day) return [];

  const startMs = instantOf(scenario, day, burst.startHour);
  const stepMs = (burst.hours * 3_600_000) / burst.calls;

  return Array.from({ length: burst.calls }, (_, index) => ({
    atMs: Math.floor(startMs + index * stepMs),
    userId: burst.userId,
    kind: 'summarize' as const,
    targetId: 1 + (index % PAPER_COUNT),
    text: '',
  }));
}

function pickKind(value: number): RequestKind {
  let sum = 0;
  for (const [kind, share] of MIX) {
    sum += share;
    if (value < sum) return kind;
  }

  return 'validate';
}

function hourOf(random: () => number): number {
  const total = HOURLY.reduce((sum, weight) => sum + weight, 0);
  let left = random() * total;

  for (let hour = 0; hour < HOURLY.length; hour++) {
    left -= HOURLY[hour] ?? 0;
    if (left < 0) return hour;
  }

  return 23;
}

function zipfPicker(
  users: number,
  exponent: number,
): (value: number) => number {
  const cumulative: number[] = [];
  let total = 0;

  for (let rank = 1; rank <= users; rank++) {
    total += 1 / rank ** exponent;
    cumulative.push(total);
  }

  return (value) => {
    const target = value * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) < target) low = middle + 1;
      else high = middle;
    }
    return low + 1;
  };
}

const TOPICS = [
  'statins',
  'vitamin D',
  'intermittent fasting',
  'omega-3',
  'melatonin',
  'probiotics',
  'aspirin',
  'ketogenic diet',
];
const CONCERNS = [
  'memory in older adults',
  'heart attack risk',
  'sleep quality',
  'blood sugar',
  'colds and flu',
  'migraine frequency',
];

function searchQuery(random: () => number): string {
  return `${pick(TOPICS, random)} ${pick(CONCERNS, random)} randomized trial`;
}

function question(random: () => number): string {
  return `What does the evidence say about ${pick(TOPICS, random)} and ${pick(CONCERNS, random)}? My patient asked whether it is worth trying.`;
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}
