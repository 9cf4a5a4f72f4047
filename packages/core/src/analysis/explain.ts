import { TokenledgerError } from '../errors.js';
import { formatUsd } from '../money.js';
import { allocateRounded } from './allocate.js';
import {
  decomposeChange,
  driverDetails,
  type ExactChange,
} from './decompose.js';
import { addAggregate, emptyTotals, type GroupTotals } from './factors.js';
import { roundHalfEven, sum, ZERO } from './rational.js';
import { describeExplanation } from './sentences.js';
import {
  DRIVERS,
  type DriverContribution,
  type ExplainOptions,
  type Explanation,
  type GroupExplanation,
  type TimeWindow,
  type WindowAggregate,
} from './types.js';
import { concentration, splitVolume, splitVolumeOf } from './users.js';

/**
 * Explains the change in cost per day between two windows: per group and
 * overall, split exactly into volume, prompt size, cache mix, output size,
 * pages per call and price, by Shapley values over the drivers (see docs/analysis.md).
 * Each amount is rounded once to nano-USD; the drivers of every group and
 * of the whole add up to its total change to the last nano-USD.
 *
 * @example
 * ```ts
 * const explanation = explainChange(beforeRows, afterRows, {
 *   before: { from: new Date('2026-11-01'), to: new Date('2026-11-08') },
 *   after: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 *   by: 'endpoint',
 * });
 * explanation.sentences[0]; // 'Overall: +$312.40/day ...'
 * ```
 * @see docs/analysis.md
 */
export function explainChange(
  before: readonly WindowAggregate[],
  after: readonly WindowAggregate[],
  options: ExplainOptions,
): Explanation {
  checkWindow('before', options.before);
  checkWindow('after', options.after);
  const windows = { before: options.before, after: options.after };
  const sides = { before: totalsByKey(before), after: totalsByKey(after) };

  const keys = [...new Set([...sides.before.keys(), ...sides.after.keys()])];
  const exact = keys.map((key) => ({
    key,
    before: sides.before.get(key) ?? emptyTotals(),
    after: sides.after.get(key) ?? emptyTotals(),
  }));
  const changes = exact.map((g) => decomposeChange(g.before, g.after, windows));

  const groups = exact
    .map((g, index) =>
      groupExplanation(g, changes[index] as ExactChange, windows, options),
    )
    .sort(byLargestChange);
  const overall = overallChange(changes);
  const drivers = rankedDrivers(
    overall,
    driverDetails(combine(exact, 'before'), combine(exact, 'after'), windows),
  );

  const explanation: Explanation = {
    beforeUsdPerDay: formatUsd(roundHalfEven(overall.before)),
    afterUsdPerDay: formatUsd(roundHalfEven(overall.after)),
    totalChangeUsdPerDay: formatUsd(roundHalfEven(overall.total)),
    drivers,
    groups,
    sentences: [],
  };
  if (options.users || options.userSummary) {
    addUserAnalysis(explanation, exact, changes, options);
  }

  explanation.sentences = describeExplanation(explanation, options);

  return explanation;
}

function groupExplanation(
  group: { key: string; before: GroupTotals; after: GroupTotals },
  change: ExactChange,
  windows: { before: TimeWindow; after: TimeWindow },
  options: ExplainOptions,
): GroupExplanation {
  const details = driverDetails(group.before, group.after, windows);
  const releases = options.releases?.[group.key];

  return {
    key: group.key,
    beforeUsdPerDay: formatUsd(roundHalfEven(change.before)),
    afterUsdPerDay: formatUsd(roundHalfEven(change.after)),
    totalChangeUsdPerDay: formatUsd(roundHalfEven(change.total)),
    drivers: rankedDrivers(change, details),
    ...(releases && releases.length > 0 ? { releases } : {}),
  };
}

/** A change and its split, of a group or of the whole. */
type Change = Omit<ExactChange, 'volumeCostPerCall'>;

function overallChange(changes: readonly ExactChange[]): Change {
  return {
    before: sum(changes.map((c) => c.before)),
    after: sum(changes.map((c) => c.after)),
    total: sum(changes.map((c) => c.total)),
    contributions: DRIVERS.map((_, index) =>
      sum(changes.map((c) => c.contributions[index] ?? ZERO)),
    ),
  };
}

/** Rounds the contributions so they sum to the rounded total, then ranks them. */
function rankedDrivers(
  change: Change,
  details: Record<string, Record<string, unknown>>,
): DriverContribution[] {
  const nano = allocateRounded(
    change.contributions,
    roundHalfEven(change.total),
  );

  return DRIVERS.map((driver, index) => ({
    driver,
    nano: nano[index] ?? 0n,
    index,
  }))
    .sort((a, b) => compareAbs(b.nano, a.nano) || a.index - b.index)
    .map(({ driver, nano: amount }) => ({
      driver,
      usdPerDay: formatUsd(amount),
      ...(details[driver] ? { detail: details[driver] } : {}),
    }));
}

function addUserAnalysis(
  explanation: Explanation,
  groups: readonly { key: string; before: GroupTotals; after: GroupTotals }[],
  changes: readonly ExactChange[],
  options: ExplainOptions,
): void {
  const windows = { before: options.before, after: options.after };
  const volumeIndex = DRIVERS.indexOf('volume');
  const volume = explanation.drivers.find((d) => d.driver === 'volume');
  const split = {
    groups: groups.map((group, index) => ({
      key: group.key,
      volume: changes[index]?.contributions[volumeIndex] ?? ZERO,
      costPerCall: changes[index]?.volumeCostPerCall ?? ZERO,
    })),
    windows,
    volumeUsdPerDay: volume?.usdPerDay ?? '0.000000000',
  };

  const summary = options.userSummary;
  if (summary) {
    explanation.volumeSplit = splitVolumeOf({ ...split, ...summary });
    explanation.concentration = summary.concentration;
    return;
  }

  const users = options.users;
  if (!users) return;

  explanation.volumeSplit = splitVolume({ ...split, users });
  explanation.concentration = {
    before: concentration(users.before, options.before),
    after: concentration(users.after, options.after),
  };
}

function totalsByKey(
  rows: readonly WindowAggregate[],
): Map<string, GroupTotals> {
  const byKey = new Map<string, GroupTotals>();

  rows.forEach((row, index) => {
    checkAggregate(row, index);
    const totals = byKey.get(row.key) ?? emptyTotals();
    addAggregate(totals, row);
    byKey.set(row.key, totals);
  });

  return byKey;
}

function combine(
  groups: readonly { before: GroupTotals; after: GroupTotals }[],
  side: 'before' | 'after',
): GroupTotals {
  const total = emptyTotals();
  for (const group of groups) {
    const part = group[side];
    total.calls += part.calls;
    total.pages += part.pages;
    for (const key of Object.keys(
      total.tokens,
    ) as (keyof GroupTotals['tokens'])[]) {
      total.tokens[key] += part.tokens[key];
    }
    for (const key of Object.keys(
      total.costNano,
    ) as (keyof GroupTotals['costNano'])[]) {
      total.costNano[key] += part.costNano[key];
    }
  }

  return total;
}

function byLargestChange(a: GroupExplanation, b: GroupExplanation): number {
  const size = (g: GroupExplanation) =>
    BigInt(g.totalChangeUsdPerDay.replace('.', ''));

  return (
    compareAbs(size(b), size(a)) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)
  );
}

function compareAbs(a: bigint, b: bigint): number {
  const abs = (value: bigint) => (value < 0n ? -value : value);

  return abs(a) === abs(b) ? 0 : abs(a) > abs(b) ? 1 : -1;
}

function checkWindow(name: string, window: TimeWindow | undefined): void {
  const from = window?.from?.getTime?.();
  const to = window?.to?.getTime?.();

  if (
    !Number.isFinite(from) ||
    !Number.isFinite(to) ||
    (to as number) <= (from as number)
  ) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `explainChange needs a "${name}" window { from: Date, to: Date } with to after from; got ${JSON.stringify(window)}. Windows are half-open, [from, to).`,
    );
  }
}

const COUNTS = [
  'calls',
  'inputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'outputTokens',
] as const;

function checkAggregate(row: WindowAggregate, index: number): void {
  for (const field of COUNTS) {
    const value = row[field];
    if (Number.isSafeInteger(value) && value >= 0) continue;

    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `Aggregate ${index} (${JSON.stringify(row.key)}) has ${field} = ${JSON.stringify(value)}; counts are whole numbers >= 0. Pass the rows of store.query() (priced calls only) with a key.`,
    );
  }

  const pages = row.pages;
  if (pages !== undefined && !(Number.isSafeInteger(pages) && pages >= 0)) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `Aggregate ${index} (${JSON.stringify(row.key)}) has pages = ${JSON.stringify(pages)}; counts are whole numbers >= 0. Pass the rows of store.query() (priced calls only) with a key.`,
    );
  }

  for (const [name, amount] of Object.entries(row.cost ?? {})) {
    if (typeof amount === 'string' && USD.test(amount)) continue;

    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `Aggregate ${index} (${JSON.stringify(row.key)}) has cost.${name} = ${JSON.stringify(amount)}; costs are USD decimal strings such as "0.012500000".`,
    );
  }
}

const USD = /^-?\d+(\.\d{1,9})?$/;
