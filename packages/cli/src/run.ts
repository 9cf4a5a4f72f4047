import { TokenledgerError } from '@tokenledger/core';
import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { type CliIO, processIO } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs the command line on `argv` (the arguments after the program name)
 * and resolves to the exit code: 0 ok, 1 failure, 2 bad usage. Never
 * throws; every error is written to `io.stderr` with what to do.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(['report', '--db', 'sqlite:./tokenledger.db', '--since', '7d']);
 * ```
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO = processIO(),
  version = '0.0.0',
): Promise<number> {
  const program = createProgram(io, version);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIO): number {
  // Commander already printed its message (and the help hint).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;

  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`tokenledger: ${message}\n`);

  if (error instanceof CliError) return error.exitCode;
  if (error instanceof TokenledgerError && error.code === 'INVALID_OPTIONS') {
    return 2;
  }

  return 1;
}
