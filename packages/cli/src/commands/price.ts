import {
  API_SHAPES,
  type ApiShape,
  type PriceCatalog,
  priceUsage,
} from '@tokenledger/core';
import { type Command, Option } from 'commander';
import { loadCatalog } from '../catalog-file.js';
import { badUsage, CliError } from '../cli-error.js';
import { type CliIO, readAll } from '../io.js';
import { instant } from '../options.js';
import { type CallDefaults, isRecord, readRawCall } from '../raw-call.js';

interface PriceOptions {
  shape?: ApiShape;
  provider?: string;
  model?: string;
  batch?: boolean;
  at?: Date;
  catalog?: string;
}

const EXAMPLES = `
Reads one JSON object, or JSON lines (one call a line), from stdin: a
response body, its usage object, or { "response": {...}, "model", "shape",
"provider", "timestamp" }. Prints the normalized usage and the cost.

Examples:
  $ tokenledger price --shape openai.chat --model gpt-4o < response.json
  $ tokenledger price --shape anthropic.messages --batch < calls.jsonl`;

/** Registers `tokenledger price`. */
export function registerPrice(program: Command, io: CliIO): void {
  program
    .command('price')
    .description('normalize provider usage from stdin and price it exactly')
    .addOption(
      new Option('--shape <shape>', 'API shape of the usage').choices(
        API_SHAPES,
      ),
    )
    .option('--provider <id>', 'provider (default: the vendor of the shape)')
    .option('--model <id>', "model id (default: the response's model)")
    .option('--batch', 'made through a batch API')
    .option(
      '--at <time>',
      'price in force at this instant (default: now)',
      instant,
    )
    .option(
      '--catalog <file>',
      'extra price entries (JSON), over the built-in ones',
    )
    .addHelpText('after', EXAMPLES)
    .action((options: PriceOptions) => price(options, io));
}

async function price(options: PriceOptions, io: CliIO): Promise<void> {
  const input = (await readAll(io.stdin)).trim();
  if (input === '') {
    throw badUsage(
      'price reads a JSON object or JSON lines from stdin, e.g. tokenledger price --shape openai.chat < response.json',
    );
  }

  const catalog = await loadCatalog(options.catalog);
  const defaults = defaultsOf(options, io.now());
  const single = parseWhole(input);

  if (single !== undefined) {
    const result = priceOne(single, defaults, catalog);
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }

  priceLines(input.split('\n'), defaults, catalog, io);
}

function priceLines(
  lines: string[],
  defaults: CallDefaults,
  catalog: PriceCatalog,
  io: CliIO,
): void {
  let failed = 0;

  lines.forEach((line, index) => {
    if (line.trim() === '') return;

    try {
      const result = priceOne(JSON.parse(line), defaults, catalog);
      io.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (error) {
      failed++;
      io.stderr.write(`line ${index + 1}: ${(error as Error).message}\n`);
    }
  });

  if (failed > 0) {
    throw new CliError('FAILED', `${failed} line(s) could not be priced.`);
  }
}

function priceOne(
  json: unknown,
  defaults: CallDefaults,
  catalog: PriceCatalog,
) {
  if (!isRecord(json)) {
    throw new Error(`Expected a JSON object, got ${JSON.stringify(json)}.`);
  }

  const call = readRawCall(json, defaults);
  const at = call.at ?? (defaults.at as Date);
  const { shape, provider, model, batch, usage } = call;
  const cost = priceUsage({ provider, model, usage, at, batch }, catalog);

  return {
    shape,
    provider,
    model,
    at: at.toISOString(),
    batch,
    usage,
    cost,
    ...(cost.priced ? {} : { hint: UNPRICED_HINT }),
  };
}

/**
 * Beside core's reason, which speaks to library users: on the command line
 * a missing price goes in a `--catalog` file.
 */
const UNPRICED_HINT =
  'Give the missing price in a JSON file of entries with --catalog FILE, e.g. one written by tokenledger prices import-litellm; see docs/cli.md#prices.';

function parseWhole(input: string): unknown {
  try {
    return JSON.parse(input);
  } catch {
    return undefined;
  }
}

function defaultsOf(options: PriceOptions, now: Date): CallDefaults {
  return {
    ...(options.shape ? { shape: options.shape } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.model ? { model: options.model } : {}),
    at: options.at ?? now,
    batch: options.batch === true,
  };
}
