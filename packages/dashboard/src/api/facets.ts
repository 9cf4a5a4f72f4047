import type { Facets } from '@tokenledger/core';
import { z } from 'zod';
import { type Dimension, filterShape, numberParam } from './params.js';
import type { ApiContext } from './route.js';

const FACET_KEYS: Record<Dimension, keyof Facets> = {
  user: 'users',
  provider: 'providers',
  model: 'models',
  endpoint: 'endpoints',
  release: 'releases',
};

/** `GET /api/facets`: the values each filter picker offers. */
export const facetsSchema = z.strictObject({
  ...filterShape,
  search: z.string().max(200).optional(),
  limit: numberParam({ min: 1, max: 1000, whole: true }).default(100),
});

/** The offered values of one dimension, searched and capped. */
export interface FacetValues {
  values: string[];
  /** How many values matched before the cap. */
  matched: number;
}

/**
 * Answers `/api/facets`. Values come from the time range only, so a picker
 * still offers the values the other filters exclude.
 */
export async function facets(
  context: ApiContext<z.output<typeof facetsSchema>>,
) {
  const { store, windows, params } = context;
  const all = await store.facets({ filter: { ...windows.current } });
  const needle = params.search?.toLowerCase() ?? '';
  const result = {} as Record<Dimension, FacetValues>;

  for (const [dimension, key] of Object.entries(FACET_KEYS)) {
    const matching = all[key].filter((value) =>
      value.toLowerCase().includes(needle),
    );
    result[dimension as Dimension] = {
      values: matching.slice(0, params.limit),
      matched: matching.length,
    };
  }

  return { facets: result };
}
