import { once } from 'node:events';
import {
  parseUsd,
  type UsageEvent,
  type UsageFilter,
  type UsageStore,
} from '@tokenledger/core';
import type { Response } from 'express';
import { z } from 'zod';
import { keyOf, toRow } from './breakdown.js';
import { type CsvCell, csvRecord } from './csv.js';
import { EMPTY_TOTALS } from './figures.js';
import { DIMENSIONS, type Dimension, filterShape } from './params.js';
import type { ApiContext } from './route.js';

const PAGE_SIZE = 1000;

/** Calls exported by one request at most; narrow the filter for more. */
export const MAX_EXPORT_CALLS = 1_000_000;

/** `GET /api/export.csv`: a breakdown table or the calls, as CSV. */
export const exportSchema = z.strictObject({
  ...filterShape,
  table: z.enum(['calls', ...DIMENSIONS]),
});

const TABLE_HEADER = [
  'calls',
  'unpriced_calls',
  'cost_usd',
  'share',
  'cost_per_call_usd',
  'prompt_tokens',
  'output_tokens',
  'cache_read_share',
];

const CALL_COLUMNS = [
  ['id', (e) => e.id],
  ['timestamp', (e) => e.timestamp.toISOString()],
  ['provider', (e) => e.provider],
  ['model', (e) => e.model],
  ['canonical_model', (e) => e.canonicalModel],
  ['user_id', (e) => e.userId],
  ['endpoint', (e) => e.endpoint],
  ['release', (e) => e.release],
  ['status', (e) => e.status],
  ['input_tokens', (e) => e.usage.inputTokens],
  ['output_tokens', (e) => e.usage.outputTokens],
  ['cache_read_tokens', (e) => e.usage.cacheReadTokens],
  ['cache_write_tokens', (e) => e.usage.cacheWriteTokens],
  ['cache_write_1h_tokens', (e) => e.usage.cacheWrite1hTokens],
  ['reasoning_tokens', (e) => e.usage.reasoningTokens],
  ['priced', (e) => e.priced],
  ['cost_usd', (e) => e.costUsd],
  ['price_id', (e) => e.priceId],
  ['latency_ms', (e) => e.latencyMs],
  ['attempt', (e) => e.attempt],
  ['request_id', (e) => e.requestId],
  ['tags', (e) => JSON.stringify(e.tags)],
] as const satisfies readonly (readonly [string, (e: UsageEvent) => CsvCell])[];

const CALL_TEXT_COLUMNS = new Set([0, 2, 3, 4, 5, 6, 7, 17, 20, 21]);

/** Answers `/api/export.csv`, streaming the calls page by page. */
export async function exportCsv(
  context: ApiContext<z.output<typeof exportSchema>>,
): Promise<undefined> {
  const { params, res, store, filter } = context;
  const stamp = filter.from?.toISOString().slice(0, 10) ?? 'all';

  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="llm-costs-${params.table}-${stamp}.csv"`,
  );

  if (params.table === 'calls') {
    await writeCalls(res, store, filter);
  } else {
    await writeTable(res, store, filter, params.table);
  }

  res.end();
  return undefined;
}

async function writeTable(
  res: Response,
  store: UsageStore,
  filter: UsageFilter,
  by: Dimension,
) {
  const [groups, totals] = await Promise.all([
    store.query({
      filter,
      groupBy: [by],
      orderBy: { field: 'costUsd', direction: 'desc' },
    }),
    store.query({ filter }),
  ]);
  const totalNano = parseUsd((totals[0] ?? EMPTY_TOTALS).costUsd);

  res.write(csvRecord([by, ...TABLE_HEADER], new Set()));
  for (const group of groups) {
    const row = toRow(group, keyOf(group, by), totalNano);
    res.write(
      csvRecord(
        [
          row.key,
          row.calls,
          row.unpricedCalls,
          row.costUsd,
          row.share,
          row.costPerCallUsd,
          row.promptTokens,
          row.outputTokens,
          row.cacheReadShare,
        ],
        new Set([0]),
      ),
    );
  }
}

async function writeCalls(
  res: Response,
  store: UsageStore,
  filter: UsageFilter,
) {
  res.write(
    csvRecord(
      CALL_COLUMNS.map(([name]) => name),
      new Set(),
    ),
  );

  let cursor: string | null = null;
  let written = 0;
  do {
    const page = await store.events({
      filter,
      limit: PAGE_SIZE,
      ...(cursor === null ? {} : { cursor }),
    });

    const records = page.events.map((event) =>
      csvRecord(
        CALL_COLUMNS.map(([, read]) => read(event)),
        CALL_TEXT_COLUMNS,
      ),
    );
    await write(res, records.join(''));

    written += page.events.length;
    cursor = page.nextCursor;
  } while (cursor !== null && written < MAX_EXPORT_CALLS && !res.destroyed);
}

async function write(res: Response, chunk: string) {
  if (!res.write(chunk)) await once(res, 'drain');
}
