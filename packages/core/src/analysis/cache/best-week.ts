import type { AggregateRow } from '../../store.js';
import {
  addAggregate,
  emptyTotals,
  type GroupTotals,
  promptTokenCount,
} from '../factors.js';
import type { TimeWindow } from '../types.js';

const WEEK_MS = 7 * 86_400_000;

/** One 7-day block of an endpoint and model. */
export interface WeekTotals {
  window: TimeWindow;
  totals: GroupTotals;
}

/** `endpoint` and `model` joined, the key of a diagnostic. */
export function groupKey(endpoint: string, model: string): string {
  return JSON.stringify([endpoint, model]);
}

/**
 * Sums day rows (grouped by endpoint, model and day) into 7-day blocks that
 * end at `end`, per endpoint and model.
 */
export function weeklyTotals(
  dayRows: readonly AggregateRow[],
  end: Date,
): Map<string, WeekTotals[]> {
  const weeks = new Map<string, Map<number, WeekTotals>>();

  for (const row of dayRows) {
    const dayMs = Date.parse(row.day ?? '');
    if (!Number.isFinite(dayMs) || dayMs >= end.getTime()) continue;

    const block = Math.floor((end.getTime() - 1 - dayMs) / WEEK_MS);
    const key = groupKey(row.endpoint ?? '', row.model ?? '');
    const blocks = weeks.get(key) ?? new Map<number, WeekTotals>();
    const toMs = end.getTime() - block * WEEK_MS;
    const week = blocks.get(block) ?? {
      window: { from: new Date(toMs - WEEK_MS), to: new Date(toMs) },
      totals: emptyTotals(),
    };
    addAggregate(week.totals, { ...row, key });
    blocks.set(block, week);
    weeks.set(key, blocks);
  }

  return new Map(
    [...weeks].map(([key, blocks]) => [key, [...blocks.values()]]),
  );
}

/** The block with the highest cache read share (the latest on a tie). */
export function bestWeek(weeks: readonly WeekTotals[]): WeekTotals | null {
  let best: WeekTotals | null = null;
  let bestShare = -1;

  for (const week of weeks) {
    const prompt = promptTokenCount(week.totals);
    if (prompt === 0n) continue;

    const share = Number(week.totals.tokens.cacheRead) / Number(prompt);
    const later = best !== null && week.window.to > best.window.to;
    if (share > bestShare || (share === bestShare && later)) {
      best = week;
      bestShare = share;
    }
  }

  return best;
}
