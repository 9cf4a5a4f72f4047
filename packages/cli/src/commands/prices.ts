import { writeFile } from 'node:fs/promises';
import {
  litellmEntries,
  type PriceCatalog,
  type PriceEntry,
} from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { loadCatalog, readJsonFile } from '../catalog-file.js';
import { CliError } from '../cli-error.js';
import { renderTable } from '../format/table.js';
import type { CliIO } from '../io.js';
import { instant } from '../options.js';

interface ListOptions {
  provider?: string;
  at?: Date;
  catalog?: string;
  format: 'table' | 'json';
}

interface ShowOptions {
  provider?: string;
  catalog?: string;
}

interface ImportOptions {
  out: string;
  effectiveFrom?: string;
  sourceUrl?: string;
}

const EXAMPLES = `
Prices are USD per million tokens, exact decimals.

Examples:
  $ tokenledger prices list --provider anthropic
  $ tokenledger prices show gpt-4o
  $ curl -sO https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json
  $ tokenledger prices import-litellm model_prices_and_context_window.json --out prices.json
  $ tokenledger reprice --db $DB --since 30d --catalog prices.json --dry-run`;

/** Registers `tokenledger prices list|show|import-litellm`. */
export function registerPrices(program: Command, io: CliIO): void {
  const prices = program
    .command('prices')
    .description('list and show catalog prices, import LiteLLM prices')
    .addHelpText('after', EXAMPLES);

  prices
    .command('list')
    .description('the price entries in force (USD per million tokens)')
    .option('--provider <id>', 'only this provider')
    .option('--at <time>', 'in force at this instant (default: now)', instant)
    .option(
      '--catalog <file>',
      'extra price entries (JSON), over the built-in ones',
    )
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json'])
        .default('table'),
    )
    .action(async (options: ListOptions) => {
      const catalog = await loadCatalog(options.catalog);
      const entries = inForce(
        catalog,
        options.at ?? io.now(),
        options.provider,
      );

      io.stdout.write(
        options.format === 'json'
          ? `${JSON.stringify(entries, null, 2)}\n`
          : `${priceTable(entries)}\n`,
      );
    });

  prices
    .command('show')
    .description('every price entry of one model, its aliases and tiers (JSON)')
    .argument(
      '<model>',
      'a model id or alias, e.g. gpt-4o or claude-sonnet-4-5-20250929',
    )
    .option('--provider <id>', 'the provider, when the id is ambiguous')
    .option(
      '--catalog <file>',
      'extra price entries (JSON), over the built-in ones',
    )
    .action(async (model: string, options: ShowOptions) => {
      const catalog = await loadCatalog(options.catalog);

      io.stdout.write(
        `${JSON.stringify(history(catalog, model, options.provider, io.now()), null, 2)}\n`,
      );
    });

  prices
    .command('import-litellm')
    .description(
      "convert LiteLLM's model_prices_and_context_window.json into a catalog file",
    )
    .argument('<file>', 'the LiteLLM JSON file')
    .requiredOption('--out <file>', 'where to write the catalog (JSON)')
    .option(
      '--effective-from <date>',
      'first day the prices apply, YYYY-MM-DD (default: today)',
    )
    .option(
      '--source-url <url>',
      'where the file came from, kept in each entry',
    )
    .action((file: string, options: ImportOptions) =>
      importLitellm(file, options, io),
    );
}

// The entry each model is priced with at `at`: its latest start not after
// `at`, unless that entry has ended (an extending catalog's newer entry
// shadows the built-in one, as in the catalog's own lookup).
function inForce(catalog: PriceCatalog, at: Date, provider?: string) {
  const ms = at.getTime();
  const latest = new Map<string, PriceEntry>();

  for (const entry of catalog.entries) {
    if (provider !== undefined && entry.provider !== provider) continue;
    if (entry.fromMs > ms) continue;

    const key = `${entry.provider}/${entry.model}`;
    const known = latest.get(key);
    if (!known || known.fromMs < entry.fromMs) latest.set(key, entry);
  }

  return [...latest.values()].filter((entry) => ms < entry.toMs);
}

function priceTable(entries: readonly PriceEntry[]): string {
  const price =
    (read: (entry: PriceEntry) => string | undefined) => (entry: PriceEntry) =>
      read(entry) ?? '-';

  return renderTable<PriceEntry>(
    [
      { header: 'provider', value: (entry) => entry.provider },
      { header: 'model', value: (entry) => entry.model },
      { header: 'since', value: (entry) => entry.effectiveFrom },
      { header: 'input', align: 'right', value: price((e) => e.prices.input) },
      {
        header: 'output',
        align: 'right',
        value: price((e) => e.prices.output),
      },
      {
        header: 'cache read',
        align: 'right',
        value: price((e) => e.prices.cacheRead),
      },
      {
        header: 'cache write',
        align: 'right',
        value: price((e) => e.prices.cacheWrite),
      },
      {
        header: 'cache write 1h',
        align: 'right',
        value: price((e) => e.prices.cacheWrite1h),
      },
      {
        header: 'batch',
        align: 'right',
        value: price((e) => e.batchMultiplier),
      },
    ],
    entries,
  );
}

function history(
  catalog: PriceCatalog,
  model: string,
  provider: string | undefined,
  now: Date,
) {
  const providers = provider
    ? [provider]
    : [...new Set(catalog.entries.map((entry) => entry.provider))];
  const matches = providers.flatMap((id) => {
    const resolved = catalog.resolve(id, model, now);
    return resolved ? [{ provider: id, ...resolved }] : [];
  });

  if (matches.length === 0) {
    throw new CliError(
      'FAILED',
      `No price for ${JSON.stringify(model)}${provider ? ` of ${provider}` : ''}. See the known models with: tokenledger prices list`,
    );
  }

  return matches.map((match) => ({
    ...match,
    entries: catalog.history(match.canonicalModel),
  }));
}

async function importLitellm(
  file: string,
  options: ImportOptions,
  io: CliIO,
): Promise<void> {
  const json = await readJsonFile(file);
  const { entries, skipped } = litellmEntries(json, {
    ...(options.effectiveFrom ? { effectiveFrom: options.effectiveFrom } : {}),
    ...(options.sourceUrl ? { sourceUrl: options.sourceUrl } : {}),
  });

  await writeFile(
    options.out,
    `${JSON.stringify({ entries, skipped }, null, 2)}\n`,
  );

  io.stdout.write(
    `Wrote ${entries.length} price entries to ${options.out}; skipped ${skipped.length} rows (listed under "skipped" in the file).\n`,
  );
}
