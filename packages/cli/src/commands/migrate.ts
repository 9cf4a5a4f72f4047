import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { dbOption } from '../options.js';
import { withStore } from '../store.js';

const EXAMPLES = `
Creates the tokenledger tables, or brings them up to date. Safe to run again.

Examples:
  $ tokenledger migrate --db sqlite:./tokenledger.db
  $ tokenledger migrate --db mysql://app:secret@db:3306/usage`;

/** Registers `tokenledger migrate`. */
export function registerMigrate(program: Command, io: CliIO): void {
  program
    .command('migrate')
    .description('create or upgrade the tables of a store')
    .addOption(dbOption())
    .addHelpText('after', EXAMPLES)
    .action(async (options: { db: string }) => {
      const applied = await withStore(options.db, (store) => store.migrate(), {
        create: true,
      });

      io.stdout.write(
        applied.length === 0
          ? 'Schema already up to date.\n'
          : `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`,
      );
    });
}
