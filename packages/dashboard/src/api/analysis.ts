import {
  releaseWindows,
  TokenledgerError,
  type UsageStore,
} from '@tokenledger/core';
import { z } from 'zod';
import type { DashboardAnalysis } from '../options.js';
import { MAX_HOURLY_RANGE_MS } from './buckets.js';
import { filterShape, numberParam } from './params.js';
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

/** `GET /api/anomalies`: hours of an endpoint far above their usual cost. */
export const anomaliesSchema = z.strictObject({
  ...filterShape,
  threshold: numberParam({ min: 1, max: 100, whole: false }).default(5),
  baselineWeeks: numberParam({ min: 2, max: 12, whole: true }).default(4),
  minUsd: z
    .string()
    .regex(/^\d{1,9}(\.\d{1,9})?$/, 'must be a dollar amount such as 0.01')
    .default('0.01'),
  top: numberParam({ min: 1, max: 100, whole: true }).default(20),
});

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
    before: compared.before,
    after: compared.after,
    by: params.by,
    ...(params.around ? { title: `After release ${params.around}` } : {}),
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
 * Answers `/api/anomalies`, or 501 when no analysis is configured. Hours
 * are checked over the last 31 days of the range at most (`checked`); the
 * `top` highest scores are listed, `total` counts them all.
 */
export async function anomalies(
  context: ApiContext<z.output<typeof anomaliesSchema>>,
) {
  const { analysis, params, filter, windows, res } = context;
  if (!analysis.anomalies) return notAvailable(res, 'anomalies');

  const { from: _from, to: _to, ...dimensions } = filter;
  const { to } = windows.current;
  const from = new Date(
    Math.max(
      windows.current.from.getTime(),
      to.getTime() - MAX_HOURLY_RANGE_MS,
    ),
  );
  const found = await analysis.anomalies({
    filter: dimensions,
    from,
    to,
    threshold: params.threshold,
    baselineWeeks: params.baselineWeeks,
    minUsd: params.minUsd,
  });

  return {
    range: rangeJson(windows.current),
    checked: rangeJson({ from, to }),
    total: found.length,
    anomalies: found.slice(0, params.top),
  };
}

/**
 * Core's windows either side of the release's first call (whole days when
 * the data allows), at most as long as the range, ending by its end.
 */
async function aroundRelease(
  context: ApiContext<z.output<typeof explainSchema>>,
  release: string,
) {
  const { store, filter, windows, res } = context;
  const { from: _from, to: _to, ...dimensions } = filter;
  const { from, to } = windows.current;

  try {
    return await releaseWindows(store, release, {
      filter: dimensions,
      now: to,
      windowMs: to.getTime() - from.getTime(),
    });
  } catch (error) {
    if (!(error instanceof TokenledgerError)) throw error;
    if (error.code !== 'INVALID_OPTIONS') throw error;

    badRequest(res, {
      parameter: 'around',
      message: `Invalid query parameter "around": ${error.message}`,
    });
    return undefined;
  }
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
 * own, else core's analysis over the store.
 */
export function resolveAnalysis(
  option: DashboardAnalysis | undefined,
  store: UsageStore,
): DashboardAnalysis {
  const candidate = store as UsageStore & DashboardAnalysis;
  const resolved: DashboardAnalysis = storeAnalysis(store);
  for (const method of ['explain', 'cacheDiagnostics'] as const) {
    const own = candidate[method];
    if (typeof own === 'function') {
      (resolved as Record<string, unknown>)[method] = own.bind(store);
    }
  }

  return { ...resolved, ...option };
}
