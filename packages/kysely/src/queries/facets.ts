import type { Facets, UsageFilter } from '@tokenledger/core';
import type { Kysely } from 'kysely';
import type { StoreDialect } from '../dialects/types.js';
import { DIMENSION_COLUMNS } from './aggregate.js';
import { type CheckedFilter, checkFilter } from './filter-input.js';
import { readWithOpenEnd } from './open-end.js';
import { planSources } from './plan.js';
import { whereFilter } from './where.js';

/** Each facet and the grouping whose plan and column hold its values. */
const FACET_DIMENSIONS: [keyof Facets, keyof typeof DIMENSION_COLUMNS][] = [
  ['users', 'user'],
  ['providers', 'provider'],
  ['models', 'model'],
  ['endpoints', 'endpoint'],
  ['releases', 'release'],
];

/**
 * The distinct values of each dimension among the events that match the
 * filter, sorted, for filter pickers. Events without a release add none.
 * A range that ends after the newest event reads its last day whole from
 * the rollups (see `readWithOpenEnd`).
 */
export async function readFacets(
  // biome-ignore lint/suspicious/noExplicitAny: tables are ours, typed by name
  db: Kysely<any>,
  dialect: StoreDialect,
  filter: UsageFilter | undefined,
): Promise<Facets> {
  return readWithOpenEnd(
    db,
    dialect,
    checkFilter(filter),
    (snapshot, checked) => distinctValues(snapshot, dialect, checked),
  );
}

async function distinctValues(
  // biome-ignore lint/suspicious/noExplicitAny: see readFacets
  db: Kysely<any>,
  dialect: StoreDialect,
  checked: CheckedFilter,
): Promise<Facets> {
  const facets: Facets = {
    users: [],
    providers: [],
    models: [],
    endpoints: [],
    releases: [],
  };

  for (const [facet, dimension] of FACET_DIMENSIONS) {
    const column = DIMENSION_COLUMNS[dimension];
    const values = new Set<string>();

    for (const plan of planSources(checked, [dimension], 'auto')) {
      const select = db.selectFrom(plan.table).select(column).distinct();
      const rows = await whereFilter(select, plan, checked, dialect).execute();
      for (const row of rows) values.add(String(row[column]));
    }

    values.delete('');
    facets[facet] = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  return facets;
}
