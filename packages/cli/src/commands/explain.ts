import {
  compareRelease,
  type ExplainDimension,
  explainFromStore,
  type StoreExplanation,
  type TimeWindow,
  type UsageStore,
} from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { badUsage } from '../cli-error.js';
import { renderExplanation } from '../format/explanation.js';
import type { CliIO } from '../io.js';
import { dbOption, timeWindow } from '../options.js';
import { withStore } from '../store.js';

interface ExplainOptions {
  db: string;
  release?: string;
  before?: TimeWindow;
  after?: TimeWindow;
  by: ExplainDimension;
  format: 'text' | 'json';
}

const EXAMPLES = `
Splits the change in cost per day into volume, prompt size, cache mix,
output size, pages per call and price, per group, in exact USD.

Examples:
  $ tokenledger explain --db $DB --release 2.4.0
  $ tokenledger explain --db $DB --before 2026-11-01..2026-11-08 --after 2026-11-08..2026-11-15 --by model`;

/** Registers `tokenledger explain`. */
export function registerExplain(program: Command, io: CliIO): void {
  program
    .command('explain')
    .description(
      'explain why cost changed: after a release, or between two windows',
    )
    .addOption(dbOption())
    .option(
      '--release <release>',
      'compare the week before and after the first call of this release',
    )
    .option('--before <FROM..TO>', 'the earlier window', timeWindow)
    .option('--after <FROM..TO>', 'the later window', timeWindow)
    .addOption(
      new Option('--by <dimension>', 'group the explanation by')
        .choices(['endpoint', 'model', 'user', 'provider', 'release'])
        .default('endpoint'),
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: ExplainOptions) => explain(options, io));
}

async function explain(options: ExplainOptions, io: CliIO): Promise<void> {
  const windows = options.before && options.after;
  if (options.release === undefined && !windows) {
    throw badUsage(
      'explain needs --release RELEASE, or both --before FROM..TO and --after FROM..TO.',
    );
  }
  if (options.release !== undefined && (options.before || options.after)) {
    throw badUsage(
      'explain takes --release or --before/--after, not both: the release picks its own windows.',
    );
  }

  const explanation = await withStore(options.db, (store) =>
    options.release !== undefined
      ? releaseExplanation(store, options.release, options.by)
      : explainFromStore(store, {
          before: options.before as TimeWindow,
          after: options.after as TimeWindow,
          by: options.by,
        }),
  );

  io.stdout.write(
    options.format === 'json'
      ? `${JSON.stringify(explanation, null, 2)}\n`
      : renderExplanation(explanation as StoreExplanation),
  );
}

async function releaseExplanation(
  store: UsageStore,
  release: string,
  by: ExplainDimension,
): Promise<StoreExplanation> {
  const releases = (await store.facets()).releases;
  if (!releases.includes(release)) {
    throw badUsage(
      releases.length === 0
        ? `Release ${JSON.stringify(release)} has no calls: no stored call names a release. Compare windows with --before FROM..TO --after FROM..TO.`
        : `Release ${JSON.stringify(release)} has no calls. Known releases: ${releases.join(', ')}.`,
    );
  }

  return compareRelease(store, release, { by });
}
