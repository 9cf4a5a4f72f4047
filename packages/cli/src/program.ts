import { Command } from 'commander';
import { registerCache } from './commands/cache.js';
import { registerExplain } from './commands/explain.js';
import { registerIngest } from './commands/ingest.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPrice } from './commands/price.js';
import { registerPrices } from './commands/prices.js';
import { registerReport } from './commands/report.js';
import { registerReprice } from './commands/reprice.js';
import { registerServe } from './commands/serve.js';
import type { CliIO } from './io.js';

/**
 * Builds the `tokenledger` program with every command, writing to `io`.
 * Commander's own exits are turned into exceptions, so the caller decides
 * the exit code (see {@link runCli}).
 *
 * @example
 * ```ts
 * await createProgram(processIO(), '0.1.0').parseAsync(['report', '--db', 'sqlite:./t.db'], { from: 'user' });
 * ```
 */
export function createProgram(io: CliIO, version: string): Command {
  const program = new Command('tokenledger')
    .description(
      'Price LLM usage, report and explain its cost, serve the dashboard.',
    )
    .version(version, '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // every error of the command starts the same way (docs/cli.md)
      outputError: (text, write) => write(withEnvHint(text)),
    })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError(true);

  for (const register of [
    registerPrice,
    registerReport,
    registerExplain,
    registerCache,
    registerServe,
    registerIngest,
    registerPrices,
    registerReprice,
    registerMigrate,
  ]) {
    register(program, io);
  }

  return program;
}

function withEnvHint(text: string): string {
  const message = text.replace(/^error: /, 'tokenledger: ');

  return message.replace(
    /(required option '--db <url>' not specified)/,
    '$1: give --db sqlite:./tokenledger.db (or a mysql:// URL), or set TOKENLEDGER_DB',
  );
}
