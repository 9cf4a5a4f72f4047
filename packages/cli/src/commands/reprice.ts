import {
  type EventCostUpdate,
  eventCostFields,
  type PriceCatalog,
  type UsageFilter,
  type UsageStore,
} from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { loadCatalog } from '../catalog-file.js';
import { CliError } from '../cli-error.js';
import {
  type PriceChange,
  renderChanges,
  summarize,
} from '../format/changes.js';
import { createProgress } from '../ingest/progress.js';
import type { CliIO } from '../io.js';
import {
  dbOption,
  resolveRange,
  sinceOption,
  type TimeBound,
  untilOption,
} from '../options.js';
import { repricePage } from '../reprice/page.js';
import { withStore } from '../store.js';

interface RepriceOptions {
  db: string;
  since: TimeBound;
  until?: TimeBound;
  catalog?: string;
  dryRun?: boolean;
  format: 'table' | 'json';
  progress: boolean;
}

const PAGE_SIZE = 1000;

const EXAMPLES = `
Prices the stored calls again, each at its own timestamp, with the built-in
catalog or --catalog on top of it: after a price fix, or to price calls that
were stored unpriced. --dry-run prints the changes without writing them.

Examples:
  $ tokenledger reprice --db $DB --since 30d --catalog prices.json --dry-run
  $ tokenledger reprice --db $DB --since 30d --catalog prices.json`;

/** Registers `tokenledger reprice`. */
export function registerReprice(program: Command, io: CliIO): void {
  program
    .command('reprice')
    .description('price stored calls again with the current catalog')
    .addOption(dbOption())
    .addOption(sinceOption(30))
    .addOption(untilOption())
    .option(
      '--catalog <file>',
      'extra price entries (JSON), over the built-in ones',
    )
    .option('--dry-run', 'print the changes, write nothing')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .option('--no-progress', 'no progress bar, even on a terminal')
    .addHelpText('after', EXAMPLES)
    .action((options: RepriceOptions) => reprice(options, io));
}

async function reprice(options: RepriceOptions, io: CliIO): Promise<void> {
  const now = io.now();
  const filter: UsageFilter = resolveRange(options.since, options.until, now);
  const catalog = await loadCatalog(options.catalog);

  const { scanned, changes } = await withStore(options.db, async (store) => {
    const scan = await scanChanges(store, filter, catalog, options, io);
    if (!options.dryRun) await apply(store, scan.changes);

    return scan;
  });

  const summary = summarize(scanned, changes, options.dryRun === true);
  io.stdout.write(
    options.format === 'json'
      ? `${JSON.stringify({ ...summary, changes }, null, 2)}\n`
      : renderChanges(summary, changes),
  );
}

async function scanChanges(
  store: UsageStore,
  filter: UsageFilter,
  catalog: PriceCatalog,
  options: RepriceOptions,
  io: CliIO,
) {
  const [totals] = await store.query({ filter });
  const progress = createProgress(
    io.stderr,
    totals?.calls ?? 0,
    'reprice',
    options.progress,
  );
  const changes: PriceChange[] = [];
  let scanned = 0;
  let cursor: string | null = null;

  try {
    do {
      const page = await store.events({
        filter,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      changes.push(...repricePage(page.events, catalog));
      scanned += page.events.length;
      cursor = page.nextCursor;
      progress.update(scanned, { lines: scanned });
    } while (cursor);
  } finally {
    progress.stop();
  }

  return { scanned, changes };
}

async function apply(store: UsageStore, changes: PriceChange[]): Promise<void> {
  if (changes.length === 0) return;
  if (typeof store.updateCosts !== 'function') {
    throw new CliError(
      'FAILED',
      'This store cannot update stored costs; run with --dry-run, or upgrade @tokenledger/kysely.',
    );
  }

  const updates: EventCostUpdate[] = changes.map((change) => ({
    id: change.id,
    ...eventCostFields(change.after),
  }));
  await store.updateCosts(updates);
}
