import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { EVENTS_TABLE, rollupBucket } from '../schema/tables.js';
import type { CheckedFilter } from './filter-input.js';
import type { SourcePlan } from './plan.js';

// biome-ignore lint/suspicious/noExplicitAny: one builder serves four tables
type AnySelect = SelectQueryBuilder<any, any, any>;
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyExpressions = ExpressionBuilder<any, any>;

/**
 * Narrows a select on one source to the filter: its time range, dimension
 * lists and (raw events only) tags. Every value is bound, never spliced.
 */
export function whereFilter(
  query: AnySelect,
  plan: SourcePlan,
  filter: CheckedFilter,
  dialect: StoreDialect,
): AnySelect {
  const time = timeColumn(plan);

  return query.where((eb: AnyExpressions) => {
    const conditions = [];

    if (plan.fromMs !== undefined) conditions.push(eb(time, '>=', plan.fromMs));
    if (plan.toMs !== undefined) conditions.push(eb(time, '<', plan.toMs));

    for (const { column, values } of filter.columns) {
      conditions.push(
        values.length === 0 ? sql<boolean>`0 = 1` : eb(column, 'in', values),
      );
    }

    for (const [key, values] of filter.tags) {
      conditions.push(dialect.tagMatches(key, values));
    }

    return eb.and(conditions);
  });
}

/** The time column of a source: event time, rollup hour or rollup day. */
export function timeColumn(plan: SourcePlan): 'ts_ms' | 'hour_ms' | 'day_ms' {
  if (plan.table === EVENTS_TABLE) return 'ts_ms';

  return rollupBucket(plan.table).column;
}
