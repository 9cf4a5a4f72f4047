import { TokenledgerError } from '../../errors.js';
import { formatUsd, parseUsd } from '../../money.js';
import type { UsageFilter, UsageStore } from '../../store.js';

/** A daily spending limit for one endpoint, one user, or both together. */
export interface Budget {
  endpoint?: string;
  userId?: string;
  /** USD per UTC day, a decimal string such as `'25'`. */
  usdPerDay: string;
}

/** A budget that today's spending went over. */
export interface BudgetExceeded {
  budget: Budget;
  /** The UTC day, `YYYY-MM-DD`. */
  day: string;
  spentUsd: string;
  limitUsd: string;
}

const DAY_MS = 86_400_000;

/** Checks budgets up front, so a typo fails at startup, not at midnight. */
export function checkBudgets(budgets: readonly Budget[]): void {
  budgets.forEach((budget, index) => {
    try {
      if (parseUsd(budget.usdPerDay) <= 0n)
        throw new RangeError('not above zero');
    } catch {
      throw new TokenledgerError(
        'INVALID_OPTIONS',
        `budgets[${index}].usdPerDay is ${JSON.stringify(budget.usdPerDay)}; write a positive USD amount as a string, e.g. { endpoint: 'POST /chat', usdPerDay: '25' }.`,
      );
    }
  });
}

/**
 * The budgets over their limit for the UTC day of `now`: each one's
 * spending from midnight to `now` (priced calls).
 *
 * @example
 * ```ts
 * const over = await exceededBudgets(store, [{ endpoint: 'POST /chat', usdPerDay: '25' }], new Date());
 * ```
 */
export async function exceededBudgets(
  store: UsageStore,
  budgets: readonly Budget[],
  now: Date,
): Promise<BudgetExceeded[]> {
  const from = new Date(now.getTime() - (now.getTime() % DAY_MS));
  const day = from.toISOString().slice(0, 10);

  const spent = await Promise.all(
    budgets.map(async (budget) => {
      const filter: UsageFilter = { from, to: now, priced: true };
      if (budget.endpoint !== undefined) filter.endpoint = budget.endpoint;
      if (budget.userId !== undefined) filter.userId = budget.userId;
      const [row] = await store.query({ filter });

      return parseUsd(row?.costUsd ?? '0');
    }),
  );

  return budgets.flatMap((budget, index) => {
    const cost = spent[index] ?? 0n;
    const limit = parseUsd(budget.usdPerDay);
    if (cost <= limit) return [];

    return [
      { budget, day, spentUsd: formatUsd(cost), limitUsd: formatUsd(limit) },
    ];
  });
}
