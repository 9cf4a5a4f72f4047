import { parseArgs } from 'node:util';

/** The demo's command line. */
export interface DemoArguments {
  /** Delete the stored events and generate again. */
  reset: boolean;
  /** Port of the app and dashboard; the Nest service takes the next one. */
  port: number;
  /** Generate (or reuse) the data, then exit without serving. */
  serve: boolean;
  /** Shrink the volume for a quick look, e.g. 0.1 (default 1). */
  scale: number;
  /** Folder of the SQLite file and the generation marker; default `apps/demo/.data`. */
  dataDir: string | undefined;
}

const USAGE = `Usage: npm run demo -- [--reset] [--port 3000] [--no-serve] [--scale 1] [--data-dir DIR]
  --reset         delete the stored events and generate the two weeks again
  --port N        serve the app and the dashboard on 127.0.0.1:N (default 3000)
  --no-serve      stop after generating
  --scale F       multiply the traffic volume by F (default 1)
  --data-dir DIR  keep the SQLite file and the generation marker in DIR
                  (default apps/demo/.data)
Environment: DATABASE_URL=mysql://user:pass@host:3306/db to use MySQL.`;

/**
 * Parses the demo's arguments; a bad one throws with the usage text.
 *
 * @example
 * ```ts
 * parseDemoArguments(['--reset', '--port', '3100']);
 * ```
 */
export function parseDemoArguments(argv: readonly string[]): DemoArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        reset: { type: 'boolean', default: false },
        port: { type: 'string', default: '3000' },
        'no-serve': { type: 'boolean', default: false },
        scale: { type: 'string', default: '1' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }

  if (values.help) throw new Error(USAGE);

  const port = Number(values.port);
  const scale = Number(values.scale);
  if (!Number.isInteger(port) || port < 1 || port > 65_534) {
    throw new Error(
      `--port must be a port number, got ${values.port}.\n${USAGE}`,
    );
  }
  if (!(scale > 0 && scale <= 10)) {
    throw new Error(
      `--scale must be in (0, 10], got ${values.scale}.\n${USAGE}`,
    );
  }

  return {
    reset: values.reset === true,
    port,
    serve: values['no-serve'] !== true,
    scale,
    dataDir: dataDirOf(values['data-dir']),
  };
}

function dataDirOf(value: string | boolean | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`--data-dir needs a folder path.\n${USAGE}`);
  }

  return value;
}
