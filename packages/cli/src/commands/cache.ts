import {
  type CacheDiagnostic,
  type CacheDiagnosticsResult,
  cacheDiagnostics,
} from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { formatCount, formatShare, renderTable } from '../format/table.js';
import type { CliIO } from '../io.js';
import {
  dbOption,
  integerIn,
  resolveRange,
  sinceOption,
  type TimeBound,
  untilOption,
} from '../options.js';
import { withStore } from '../store.js';

interface CacheOptions {
  db: string;
  since: TimeBound;
  until?: TimeBound;
  maxEvents?: number;
  format: 'text' | 'json';
}

const EXAMPLES = `
Per endpoint and model: how much of the prompt came from the cache, what
the misses cost per day, and why they happen (prompt below the minimum,
cache expired, prefix churn, writes never read), with evidence.

Examples:
  $ tokenledger cache --db sqlite:./tokenledger.db --since 7d
  $ tokenledger cache --db $DB --since 2026-11-01 --format json`;

/** Registers `tokenledger cache`. */
export function registerCache(program: Command, io: CliIO): void {
  program
    .command('cache')
    .description('prompt cache diagnostics per endpoint and model')
    .addOption(dbOption())
    .addOption(sinceOption(7))
    .addOption(untilOption())
    .option(
      '--max-events <n>',
      'read at most this many calls for the causes, shared between the endpoints, the newest of each (default 15,000)',
      integerIn(1, 10_000_000),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: CacheOptions) => cache(options, io));
}

async function cache(options: CacheOptions, io: CliIO): Promise<void> {
  const now = io.now();
  const filter = resolveRange(options.since, options.until, now);

  const result = await withStore(options.db, (store) =>
    cacheDiagnostics(store, {
      filter,
      now,
      ...(options.maxEvents ? { maxEvents: options.maxEvents } : {}),
    }),
  );

  io.stdout.write(
    options.format === 'json'
      ? `${JSON.stringify(result, null, 2)}\n`
      : renderDiagnostics(result),
  );
}

function renderDiagnostics(result: CacheDiagnosticsResult): string {
  const { window, diagnostics } = result;
  const head = `cache diagnostics ${window.from.toISOString()} .. ${window.to.toISOString()} (${formatCount(result.eventsRead)} calls read${result.capped ? ', capped: causes from the newest calls of the busiest endpoints; raise --max-events' : ''})`;
  if (diagnostics.length === 0) {
    const verdict =
      result.eventsRead === 0
        ? 'No priced calls in this window.'
        : 'No cache misses found: nothing to fix.';
    return `${head}\n${verdict}\n`;
  }

  const table = renderTable<CacheDiagnostic>(
    [
      { header: 'endpoint', value: (row) => row.endpoint },
      { header: 'model', value: (row) => row.model },
      {
        header: 'calls',
        align: 'right',
        value: (row) => formatCount(row.calls),
      },
      {
        header: 'cache read share',
        align: 'right',
        value: (row) => formatShare(row.cacheReadShare),
      },
      {
        header: 'writes/read',
        align: 'right',
        value: (row) =>
          row.writeReadRatio === null ? '-' : row.writeReadRatio.toFixed(2),
      },
      {
        header: 'lost USD/day',
        align: 'right',
        value: (row) => row.lostUsdPerDay,
      },
    ],
    diagnostics,
  );
  const causes = diagnostics.flatMap((row) =>
    row.causes.map(
      (cause) =>
        `- ${row.endpoint} / ${row.model}: ${cause.cause} (${cause.evidenceCount} calls, save ${cause.savingUsdPerDay} USD/day)`,
    ),
  );

  // Healthy endpoints are listed too (their read share is worth seeing);
  // with no cause anywhere the verdict says so under the table.
  const verdict = causes.length
    ? ['causes:', ...causes, '']
    : ['No cache misses found: nothing to fix.', ''];

  return [head, '', table, '', ...verdict].join('\n');
}
