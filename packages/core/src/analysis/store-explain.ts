import type { GroupByDimension, UsageFilter, UsageStore } from '../store.js';
import { explainChange } from './explain.js';
import { newReleases } from './store-releases.js';
import { userAnalysis } from './store-users-analysis.js';
import { foldFewUsers } from './store-users-fold.js';
import { readOnce, readWindow } from './store-window.js';
import type { Explanation, TimeWindow } from './types.js';

export { MAX_USER_GROUPS } from './store-users-fold.js';

/** A dimension an explanation can be grouped by. */
export type ExplainDimension = Exclude<GroupByDimension, 'day' | 'hour'>;

/** What {@link explainFromStore} compares. */
export interface StoreExplainRequest {
  /** Narrows both windows (its `from` and `to` are ignored). */
  filter?: UsageFilter;
  before: TimeWindow;
  after: TimeWindow;
  /** Group by this dimension; ungrouped (one group, `all`) when omitted. */
  by?: ExplainDimension;
  /** Subject of the overall sentence. Default `'Overall'`. */
  title?: string;
}

/** An {@link Explanation} read from a store, with what it could not price. */
export interface StoreExplanation extends Explanation {
  before: TimeWindow;
  after: TimeWindow;
  by: ExplainDimension | null;
  /** Calls left out because they have no price (never counted as $0). */
  unpricedCalls: { before: number; after: number };
}

/**
 * Explains the change in cost per day between two windows of a store: the
 * priced calls of each window, grouped by `by`, through
 * {@link explainChange}, with the volume split between new and existing
 * users, cost concentration, and the releases first seen in the after
 * window. Dialect-free: it only uses `store.query`.
 *
 * @example
 * ```ts
 * const explanation = await explainFromStore(store, {
 *   before: { from: new Date('2026-11-01'), to: new Date('2026-11-08') },
 *   after: { from: new Date('2026-11-08'), to: new Date('2026-11-15') },
 *   by: 'endpoint',
 * });
 * console.log(explanation.sentences.join('\n'));
 * ```
 * @see docs/analysis.md
 */
export async function explainFromStore(
  store: UsageStore,
  request: StoreExplainRequest,
): Promise<StoreExplanation> {
  const { before, after } = request;
  const by = request.by ?? null;
  const reader = readOnce(store);
  const [beforeSide, afterSide] = foldFewUsers(
    by,
    await Promise.all([
      readWindow(reader, request, before),
      readWindow(reader, request, after),
    ]),
  );
  const [releases, users] = await Promise.all([
    newReleases(reader, request, beforeSide, afterSide),
    userAnalysis(reader, request, beforeSide, afterSide),
  ]);

  const explanation = explainChange(beforeSide.groups, afterSide.groups, {
    before,
    after,
    ...(by ? { by } : {}),
    ...users,
    releases,
    ...(request.title ? { title: request.title } : {}),
  });

  return {
    ...explanation,
    before,
    after,
    by,
    unpricedCalls: { before: beforeSide.unpriced, after: afterSide.unpriced },
  };
}
