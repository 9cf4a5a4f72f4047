import type {
  AggregateRow,
  GroupByDimension,
  UsageFilter,
} from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { renderCsv } from '../format/csv.js';
import { type ReportRow, reportColumns } from '../format/report-table.js';
import { renderTable } from '../format/table.js';
import type { CliIO } from '../io.js';
import {
  dbOption,
  groupByList,
  integerIn,
  resolveRange,
  sinceOption,
  type TimeBound,
  untilOption,
} from '../options.js';
import { withStore } from '../store.js';

interface ReportOptions {
  db: string;
  since: TimeBound;
  until?: TimeBound;
  by: GroupByDimension[];
  format: 'table' | 'json' | 'csv';
  limit?: number;
}

const CSV_MEASURES = [
  'calls',
  'unpricedCalls',
  'inputTokens',
  'outputTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'cacheReadTokens',
  'reasoningTokens',
  'pages',
  'costUsd',
] as const;

const EXAMPLES = `
Costs are exact USD with 9 decimals; unpriced calls are counted, never $0.

Examples:
  $ tokenledger report --db sqlite:./tokenledger.db --since 7d --by endpoint
  $ tokenledger report --db $DB --since 2026-11-01 --until 2026-12-01 --by endpoint,model --format csv`;

/** Registers `tokenledger report`. */
export function registerReport(program: Command, io: CliIO): void {
  program
    .command('report')
    .description('cost and tokens grouped by endpoint, model, user, …')
    .addOption(dbOption())
    .addOption(sinceOption(7))
    .addOption(untilOption())
    .addOption(
      new Option(
        '--by <dimensions>',
        'comma-separated: user, provider, model, endpoint, release, day, hour',
      )
        .argParser(groupByList)
        .default(['endpoint'], 'endpoint'),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'csv'])
        .default('table'),
    )
    .option(
      '--limit <rows>',
      'at most this many rows, costliest first',
      integerIn(1, 1_000_000),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: ReportOptions) => report(options, io));
}

async function report(options: ReportOptions, io: CliIO): Promise<void> {
  const now = io.now();
  const filter: UsageFilter = resolveRange(options.since, options.until, now);

  const { rows, totals } = await withStore(options.db, async (store) => ({
    rows: await store.query({
      filter,
      groupBy: options.by,
      orderBy: { field: 'costUsd', direction: 'desc' },
      ...(options.limit ? { limit: options.limit } : {}),
    }),
    totals: (await store.query({ filter }))[0],
  }));

  io.stdout.write(render(options, filter, rows, totals));
}

function render(
  options: ReportOptions,
  filter: UsageFilter,
  rows: AggregateRow[],
  totals: AggregateRow | undefined,
): string {
  if (options.format === 'json') {
    const window = { from: filter.from, to: filter.to };
    const body = { window, groupBy: options.by, rows, totals: totals ?? null };
    return `${JSON.stringify(body, null, 2)}\n`;
  }

  if (options.format === 'csv') {
    const header = [...options.by, ...CSV_MEASURES, 'cacheReadShare'];
    const cells = rows.map((row) => [
      ...options.by.map((key) => row[key] ?? ''),
      ...CSV_MEASURES.map((key) => String(row[key])),
      String(row.cacheReadShare),
    ]);
    return renderCsv(header, cells);
  }

  if (rows.length === 0) {
    return `No calls from ${filter.from?.toISOString()} to ${filter.to?.toISOString()}.\n`;
  }

  const footer: ReportRow[] = totals ? [{ ...totals, label: 'total' }] : [];
  return `${renderTable(reportColumns(options.by), rows, footer)}\n`;
}
