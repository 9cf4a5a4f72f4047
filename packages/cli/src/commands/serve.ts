import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { storeAnalysis } from '@tokenledger/core';
import { type Command, Option } from 'commander';
import type { Express } from 'express';
import { badUsage } from '../cli-error.js';
import type { CliIO } from '../io.js';
import { dbOption, integerIn } from '../options.js';
import { withStore } from '../store.js';

interface ServeOptions {
  db: string;
  port: number;
  host: string;
  token?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const EXAMPLES = `
Serves the dashboard at / of its own server until Ctrl-C. On a loopback
host it needs no token; on any other host, pass --token (16+ characters).

Examples:
  $ tokenledger serve --db sqlite:./tokenledger.db
  $ TOKENLEDGER_DASHBOARD_TOKEN=$(openssl rand -hex 24) tokenledger serve --db $DB --host 0.0.0.0`;

/** Registers `tokenledger serve`. */
export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('serve the cost dashboard, standalone')
    .addOption(dbOption())
    .option(
      '--port <port>',
      'port to listen on (0: any free port)',
      integerIn(0, 65_535),
      4319,
    )
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .addOption(
      new Option('--token <token>', 'token to sign in with').env(
        'TOKENLEDGER_DASHBOARD_TOKEN',
      ),
    )
    .addHelpText('after', EXAMPLES)
    .action((options: ServeOptions) => serve(options, io));
}

async function serve(options: ServeOptions, io: CliIO): Promise<void> {
  if (options.token === undefined && !LOOPBACK.has(options.host)) {
    throw badUsage(
      `Serving on ${options.host} exposes cost data to the network: pass --token (generate one with openssl rand -hex 24), or use --host 127.0.0.1.`,
    );
  }

  // loaded here, so the other commands start without Express
  const [{ dashboard }, { default: express }, { closeServer }] =
    await Promise.all([
      import('@tokenledger/dashboard'),
      import('express'),
      import('@tokenledger/express'),
    ]);

  await withStore(options.db, async (store) => {
    const app = express();
    app.use(
      '/',
      dashboard({
        store,
        analysis: storeAnalysis(store),
        ...(options.token === undefined
          ? { allowUnauthenticated: true }
          : { token: options.token }),
      }),
    );

    const server = await listen(app, options.port, options.host);
    const { port } = server.address() as AddressInfo;
    const host = options.host.includes(':')
      ? `[${options.host}]`
      : options.host;
    io.stdout.write(`Dashboard on http://${host}:${port}/ (Ctrl-C to stop)\n`);

    // requests under way are answered before the store closes under them
    await untilSignal();
    await closeServer(server);
  });
}

function listen(app: Express, port: number, host: string) {
  return new Promise<Server>((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };

    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
