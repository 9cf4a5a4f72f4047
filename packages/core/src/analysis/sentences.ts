import { parseUsd } from '../money.js';
import { countPhrase, percentPhrase, usdPhrase } from './format.js';
import type {
  Driver,
  DriverContribution,
  ExplainOptions,
  Explanation,
  GroupExplanation,
} from './types.js';

const LABELS: Record<Driver, string> = {
  volume: 'volume',
  promptSize: 'prompt size',
  cacheMix: 'caching',
  outputSize: 'output size',
  unitSize: 'pages per call',
  price: 'price and model mix',
};

const MEASURES: Record<string, [string, (value: number) => string]> = {
  callsPerDay: ['calls per day', countPhrase],
  promptTokensPerCall: ['prompt tokens per call', countPhrase],
  cacheReadShare: ['cache read share', percentPhrase],
  outputTokensPerCall: ['output tokens per call', countPhrase],
  pagesPerCall: ['pages per call', countPhrase],
  usdPerMillionPromptTokens: ['prompt USD per million tokens', countPhrase],
};

/** The groups described, at most. */
const MAX_GROUP_SENTENCES = 10;

/**
 * The explanation in plain sentences: the overall change, each group that
 * moved (largest first), then who made the volume and how concentrated cost
 * is.
 */
export function describeExplanation(
  explanation: Explanation,
  options: Pick<ExplainOptions, 'title'>,
): string[] {
  const overall = changeSentence(
    options.title ?? 'Overall',
    explanation.totalChangeUsdPerDay,
    explanation.drivers,
  );
  const groups = explanation.groups
    // a change that prints as $0.0000/day is not worth a sentence
    .filter((group) => usdPhrase(group.totalChangeUsdPerDay) !== '$0.0000')
    .slice(0, MAX_GROUP_SENTENCES)
    .map(groupSentence);

  return [overall, ...groups, ...userSentences(explanation)];
}

function groupSentence(group: GroupExplanation): string {
  const sentence = changeSentence(
    group.key,
    group.totalChangeUsdPerDay,
    group.drivers,
  );
  if (!group.releases?.length) return sentence;

  const names = group.releases.join(', ');
  return `${sentence} New release${group.releases.length > 1 ? 's' : ''} in this window: ${names}.`;
}

function changeSentence(
  subject: string,
  totalUsd: string,
  drivers: readonly DriverContribution[],
): string {
  const head = `${subject}: ${usdPhrase(totalUsd, true)}/day.`;
  const parts = material(drivers).map(driverPhrase);
  if (parts.length === 0) return head;

  const [first = '', ...rest] = parts;
  const listed = [first.charAt(0).toUpperCase() + first.slice(1), ...rest];

  return `${head} ${listed.join(', ')}.`;
}

/** Drivers worth a mention: non-zero and at least 1% of the largest. */
function material(
  drivers: readonly DriverContribution[],
): DriverContribution[] {
  const sizes = drivers.map((d) => {
    const nano = parseUsd(d.usdPerDay);
    return nano < 0n ? -nano : nano;
  });
  let largest = 0n;
  for (const size of sizes) if (size > largest) largest = size;

  return drivers.filter((_, index) => {
    const size = sizes[index] ?? 0n;
    return size > 0n && size * 100n >= largest;
  });
}

function driverPhrase(driver: DriverContribution): string {
  const amount = `${LABELS[driver.driver]} ${usdPhrase(driver.usdPerDay, true)}`;
  const measure = measurePhrase(driver.detail);
  if (!measure) return amount;

  // summed over groups, a measure can move against its dollars when the
  // mix of groups changed (a cache-poor endpoint went quiet): say so
  return againstItsDollars(driver)
    ? `${amount} (within groups; overall ${measure})`
    : `${amount} (${measure})`;
}

function againstItsDollars(driver: DriverContribution): boolean {
  const { before, after } = driver.detail ?? {};
  if (typeof before !== 'number' || typeof after !== 'number') return false;

  const costlier =
    driver.driver === 'cacheMix' ? after < before : after > before;
  const dollars = parseUsd(driver.usdPerDay);

  return before !== after && dollars !== 0n && costlier !== dollars > 0n;
}

function measurePhrase(
  detail: Record<string, unknown> | undefined,
): string | null {
  const measure = MEASURES[String(detail?.measure)];
  const { before, after } = detail ?? {};
  if (!measure || typeof before !== 'number' || typeof after !== 'number') {
    return null;
  }

  const [label, format] = measure;
  if (format(before) === format(after)) return null;

  return `${label} ${format(before)} -> ${format(after)}`;
}

function userSentences(explanation: Explanation): string[] {
  const sentences: string[] = [];
  const split = explanation.volumeSplit;
  if (split && parseUsd(split.newUsersUsdPerDay) !== 0n) {
    sentences.push(
      `Volume: ${usdPhrase(split.newUsersUsdPerDay, true)}/day from ${split.newUsers} new user${split.newUsers === 1 ? '' : 's'}, ${usdPhrase(split.existingUsersUsdPerDay, true)}/day from existing users.`,
    );
  }

  const concentration = explanation.concentration;
  if (concentration && concentration.after.users > 0) {
    const { before, after } = concentration;
    sentences.push(
      `The top 1% of users (${after.topOnePercentUsers}) made ${percentPhrase(after.topOnePercentShare)} of cost (before: ${percentPhrase(before.topOnePercentShare)}); the top 10 made ${percentPhrase(after.topTenShare)} (before: ${percentPhrase(before.topTenShare)}).`,
    );
  }

  return sentences;
}
