import type { GroupExplanation, StoreExplanation } from '@tokenledger/core';
import { renderTable } from './table.js';

/**
 * Renders an explanation for a terminal: the windows, the sentences, the
 * drivers of the whole change and the change per group.
 *
 * @example
 * ```ts
 * process.stdout.write(renderExplanation(await explainFromStore(store, request)));
 * ```
 */
export function renderExplanation(explanation: StoreExplanation): string {
  const { before, after } = explanation;
  const drivers = renderTable(
    [
      { header: 'driver', value: (row) => row.driver },
      { header: 'USD/day', align: 'right', value: (row) => row.usdPerDay },
    ],
    explanation.drivers,
  );
  const groups = renderTable(
    [
      {
        header: explanation.by ?? 'group',
        value: (row: GroupExplanation) => row.key,
      },
      {
        header: 'before USD/day',
        align: 'right',
        value: (row) => row.beforeUsdPerDay,
      },
      {
        header: 'after USD/day',
        align: 'right',
        value: (row) => row.afterUsdPerDay,
      },
      {
        header: 'change USD/day',
        align: 'right',
        value: (row) => row.totalChangeUsdPerDay,
      },
    ],
    explanation.groups,
  );
  const unpriced = explanation.unpricedCalls;

  return [
    `before: ${before.from.toISOString()} .. ${before.to.toISOString()}`,
    `after:  ${after.from.toISOString()} .. ${after.to.toISOString()}`,
    `cost per day: ${explanation.beforeUsdPerDay} -> ${explanation.afterUsdPerDay} USD (${explanation.totalChangeUsdPerDay})`,
    ...(unpriced.before + unpriced.after > 0
      ? [
          `unpriced calls left out: ${unpriced.before} before, ${unpriced.after} after`,
        ]
      : []),
    '',
    ...explanation.sentences,
    '',
    drivers,
    '',
    groups,
    '',
  ].join('\n');
}
