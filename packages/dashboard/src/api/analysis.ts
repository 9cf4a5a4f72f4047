import type { UsageStore } from '@tokenledger/core';
import { z } from 'zod';
import type { DashboardAnalysis } from '../options.js';
import { filterShape } from './params.js';
import { type ApiContext, badRequest, rangeJson } from './route.js';
import { storeAnalysis } from './store-analysis.js';

/** `GET /api/explain`: why cost changed against the previous period or around a release. */
export const explainSchema = z.strictObject({
  ...filterShape,
  around: z.string().min(1).max(100).optional(),
  by: z.enum(['endpoint', 'model', 'user']).default('endpoint'),
});

/** `GET /api/cache`: prompt-cache diagnostics for the range. */
export const cacheSchema = z.strictObject(filterShape);

/** Answers `/api/explain`, or 501 when no analysis is configured. */
export async function explain(
  context: ApiContext<z.output<typeof explainSchema>>,
) {
  const { analysis, params, filter, windows, res } = context;
  if (!analysis.explain) return notAvailable(res, 'explain');

  const { from: _from, to: _to, ...dimensions } = filter;
  const compared = params.around
    ? await aroundRelease(context, params.around)
    : { before: windows.previous, after: windows.current };
  if (!compared) return undefined;

  const explanation = await analysis.explain({
    filter: dimensions,
    ...compared,
    by: params.by,
  });

  return {
    before: rangeJson(compared.before),
    after: rangeJson(compared.after),
    explanation,
  };
}

/** Answers `/api/cache`, or 501 when no analysis is configured. */
export async function cache(context: ApiContext<z.output<typeof cacheSchema>>) {
  const { analysis, filter, windows, res } = context;
  if (!analysis.cacheDiagnostics) return notAvailable(res, 'cacheDiagnostics');

  const diagnostics = await analysis.cacheDiagnostics({ filter });

  return { range: rangeJson(windows.current), diagnostics };
}

/**
 * The windows on either side of a release's first call: equal lengths, as
 * long as the range allows on both sides.
 */
async function aroundRelease(
  context: ApiContext<z.output<typeof explainSchema>>,
  release: string,
) {
  const { store, filter, res } = context;
  const first = await store.query({
    filter: { ...filter, release },
    groupBy: ['hour'],
    orderBy: { field: 'hour', direction: 'asc' },
    limit: 1,
  });
  const hour = first[0]?.hour;
  const from = filter.from?.getTime() ?? 0;
  const to = filter.to?.getTime() ?? 0;
  const start = hour === undefined ? Number.NaN : Date.parse(hour);
  const halfMs = Math.min(start - from, to - start);

  if (!(halfMs > 0)) {
    badRequest(res, {
      parameter: 'around',
      message: `Invalid query parameter "around": release ${JSON.stringify(release)} has no calls after the start of the range; widen the range so it covers time before and after the release.`,
    });
    return undefined;
  }

  return {
    before: { from: new Date(start - halfMs), to: new Date(start) },
    after: { from: new Date(start), to: new Date(start + halfMs) },
  };
}

function notAvailable(
  res: ApiContext<unknown>['res'],
  method: keyof DashboardAnalysis,
): undefined {
  res.status(501).json({
    error: {
      code: 'NOT_AVAILABLE',
      message: `This dashboard has no cost analysis (${method}): pass dashboard({ analysis }) or a store that implements ${method}().`,
    },
  });
  return undefined;
}

/**
 * The analysis to use, method by method: the option's, else the store's
 * own, else (for `explain`) core's `explainChange` over the store's
 * aggregates.
 */
export function resolveAnalysis(
  option: DashboardAnalysis | undefined,
  store: UsageStore,
): DashboardAnalysis {
  const candidate = store as UsageStore & DashboardAnalysis;
  const resolved: DashboardAnalysis = storeAnalysis(store);
  if (typeof candidate.explain === 'function') {
    resolved.explain = candidate.explain.bind(store);
  }
  if (typeof candidate.cacheDiagnostics === 'function') {
    resolved.cacheDiagnostics = candidate.cacheDiagnostics.bind(store);
  }

  return { ...resolved, ...option };
}
