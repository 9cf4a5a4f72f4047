import { formatUsd, parseUsd } from '@tokenledger/core';
import type { PriceChange } from '../reprice/page.js';
import { formatCount, renderTable } from './table.js';

export type { PriceChange } from '../reprice/page.js';

/**
 * What a reprice found: the calls read and changed, and the exact cost of
 * the changed calls before and after (priced calls only).
 *
 * @example
 * ```ts
 * const summary: RepriceSummary = summarize(1200, changes, true);
 * ```
 */
export interface RepriceSummary {
  applied: boolean;
  scanned: number;
  changed: number;
  newlyPriced: number;
  newlyUnpriced: number;
  beforeUsd: string;
  afterUsd: string;
  deltaUsd: string;
}

/** Rows of the change table printed before the rest is summed up. */
const SHOWN_CHANGES = 50;

/**
 * Sums the changes of a reprice exactly, in nano-USD.
 *
 * @example
 * ```ts
 * summarize(3, changes, false).deltaUsd; // '-0.001250000'
 * ```
 */
export function summarize(
  scanned: number,
  changes: readonly PriceChange[],
  dryRun: boolean,
): RepriceSummary {
  let before = 0n;
  let after = 0n;
  let newlyPriced = 0;
  let newlyUnpriced = 0;

  for (const change of changes) {
    if (change.before.costUsd !== null)
      before += parseUsd(change.before.costUsd);
    if (change.after.priced) after += parseUsd(change.after.totalUsd);
    if (!change.before.priced && change.after.priced) newlyPriced++;
    if (change.before.priced && !change.after.priced) newlyUnpriced++;
  }

  return {
    applied: !dryRun,
    scanned,
    changed: changes.length,
    newlyPriced,
    newlyUnpriced,
    beforeUsd: formatUsd(before),
    afterUsd: formatUsd(after),
    deltaUsd: formatUsd(after - before),
  };
}

/**
 * Renders a reprice for a terminal: the first changes as a table, then the
 * summary and whether it was written.
 *
 * @example
 * ```ts
 * process.stdout.write(renderChanges(summarize(n, changes, true), changes));
 * ```
 */
export function renderChanges(
  summary: RepriceSummary,
  changes: readonly PriceChange[],
): string {
  const shown = changes.slice(0, SHOWN_CHANGES);
  const table = renderTable<PriceChange>(
    [
      { header: 'id', value: (c) => c.id },
      { header: 'time', value: (c) => c.timestamp.toISOString() },
      { header: 'model', value: (c) => c.model },
      {
        header: 'before USD',
        align: 'right',
        value: (c) => c.before.costUsd ?? 'unpriced',
      },
      {
        header: 'after USD',
        align: 'right',
        value: (c) => (c.after.priced ? c.after.totalUsd : 'unpriced'),
      },
      { header: 'delta USD', align: 'right', value: (c) => c.deltaUsd ?? '-' },
      {
        header: 'price id',
        value: (c) => (c.after.priced ? c.after.priceId : c.after.reason),
      },
    ],
    shown,
  );
  const more = changes.length - shown.length;

  return [
    ...(changes.length > 0
      ? [
          table,
          ...(more > 0
            ? [`… and ${formatCount(more)} more (--format json lists all)`]
            : []),
          '',
        ]
      : []),
    `${formatCount(summary.scanned)} calls read, ${formatCount(summary.changed)} changed (${summary.newlyPriced} newly priced, ${summary.newlyUnpriced} now unpriced).`,
    `cost of the changed calls: ${summary.beforeUsd} -> ${summary.afterUsd} USD (${summary.deltaUsd})`,
    summary.changed === 0
      ? 'Nothing to write.'
      : summary.applied
        ? `Wrote the new costs of ${formatCount(summary.changed)} calls.`
        : 'Dry run: nothing written. Run again without --dry-run to apply.',
    '',
  ].join('\n');
}
