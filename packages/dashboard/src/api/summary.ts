import { z } from 'zod';
import { compareFigures, EMPTY_TOTALS, headlineFigures } from './figures.js';
import { filterShape } from './params.js';
import { type ApiContext, rangeJson } from './route.js';

/** `GET /api/summary`: the headline figures against the previous period. */
export const summarySchema = z.strictObject(filterShape);

/** Answers `/api/summary`. */
export async function summary(
  context: ApiContext<z.output<typeof summarySchema>>,
) {
  const { store, filter, windows } = context;
  const previousFilter = { ...filter, ...windows.previous };

  const [currentRows, previousRows] = await Promise.all([
    store.query({ filter }),
    store.query({ filter: previousFilter }),
  ]);
  const current = headlineFigures(currentRows[0] ?? EMPTY_TOTALS);
  const previous = headlineFigures(previousRows[0] ?? EMPTY_TOTALS);

  return {
    range: rangeJson(windows.current),
    previousRange: rangeJson(windows.previous),
    current,
    previous,
    change: compareFigures(current, previous),
    storeEmpty: current.calls === 0 && (await isStoreEmpty(context)),
    analysis: {
      explain: context.analysis.explain !== undefined,
      cacheDiagnostics: context.analysis.cacheDiagnostics !== undefined,
      anomalies: context.analysis.anomalies !== undefined,
    },
  };
}

async function isStoreEmpty(context: ApiContext<unknown>): Promise<boolean> {
  const page = await context.store.events({ limit: 1 });

  return page.events.length === 0;
}
