/** A stream the command line writes to; `isTTY` turns progress bars on. */
export interface CliOutput {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/**
 * Where a run of the command line reads and writes, and its clock: the
 * process by default, injected in tests and when embedding the CLI.
 *
 * @example
 * ```ts
 * const io: CliIO = { ...processIO(), now: () => new Date('2026-12-01T00:00:00Z') };
 * ```
 */
export interface CliIO {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream;
  env: Readonly<Record<string, string | undefined>>;
  now(): Date;
}

/**
 * The {@link CliIO} of the current process.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIO());
 * ```
 */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    now: () => new Date(),
  };
}

/** Reads a whole stream as UTF-8 text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }

  return Buffer.concat(chunks).toString('utf8');
}
