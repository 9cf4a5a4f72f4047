import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import {
  createTracker,
  type Tracker,
  type TrackerOptions,
  type UsageStore,
} from '@tokenledger/core';
import { closeServer } from '@tokenledger/express';
import { createDemoClients } from './app/clients.js';
import { onClock } from './app/clock-recorder.js';
import { createDemoApp } from './app/express-app.js';
import { createNestSearchApp } from './app/nest/search-app.js';
import type { ReleaseState } from './app/release.js';
import type { Clock } from './clock.js';
import { type Simulator, startSimulator } from './simulator/index.js';

/** Options of {@link startDemoStack}. */
export interface DemoStackOptions {
  store: UsageStore;
  /** Time of the simulator's caches and of the tracker's timestamps. */
  clock: Clock;
  release: ReleaseState;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port of the Express app (and dashboard). Default 0: any free port. */
  expressPort?: number;
  /** Port of the NestJS search service. Default 0: any free port. */
  nestPort?: number;
  /** Extra tracker options, e.g. `spoolPath`. */
  tracker?: Partial<TrackerOptions>;
  /** Receives every error of the stack's tracker and adapters. Default: ignore. */
  onError?: (error: unknown) => void;
}

/** The running demo: simulator, tracker, Express app and Nest service. */
export interface DemoStack {
  simulator: Simulator;
  tracker: Tracker;
  /** Base URL of the Express app; the dashboard is at `/llm-costs/`. */
  expressUrl: string;
  /** Base URL of the NestJS search service. */
  nestUrl: string;
  /** Flushes the tracker and stops every server; leaves the store open. */
  close(): Promise<void>;
}

/**
 * Starts the whole demo on one clock: the provider simulator, a tracker
 * writing to `store`, the Express product app with the dashboard, and the
 * NestJS variant of the search service.
 *
 * @example
 * ```ts
 * const stack = await startDemoStack({ store, clock: systemClock, release: new ReleaseState() });
 * console.log(`${stack.expressUrl}/llm-costs/`);
 * ```
 */
export async function startDemoStack(
  options: DemoStackOptions,
): Promise<DemoStack> {
  const { store, clock, release } = options;
  const host = options.host ?? '127.0.0.1';
  const onError = options.onError ?? (() => {});

  const simulator = await startSimulator({ clock });
  const tracker = createTracker({
    store,
    clock: () => clock.now(),
    release: release.current,
    closeStoreOnShutdown: false,
    onError,
    ...options.tracker,
  });
  const clients = createDemoClients(simulator, onClock(tracker, clock));

  let express: Server | undefined;
  try {
    const app = createDemoApp({ tracker, store, clients, release, onError });
    express = await listen(createServer(app), host, options.expressPort);
    const nest = await createNestSearchApp({
      tracker,
      clients,
      release,
      onError,
    });
    await nest.listen(options.nestPort ?? 0, host).catch(async (error) => {
      await nest.close().catch(() => undefined);
      throw error;
    });
    const started = express;

    return {
      simulator,
      tracker,
      expressUrl: urlOf(started, host),
      nestUrl: urlOf(nest.getHttpServer() as Server, host),
      close: () => closeAll(tracker, started, nest, simulator),
    };
  } catch (error) {
    // a server left listening would keep the process alive after the error
    await tracker.shutdown().catch(() => undefined);
    if (express?.listening) await closeServer(express);
    await simulator.close();
    throw portAdvice(error);
  }
}

/** A port already taken says which option moves the demo elsewhere. */
function portAdvice(error: unknown): unknown {
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE') return error;

  return new Error(
    `Port ${port} is already in use (another demo still running?): stop that process, or serve elsewhere with --port N (the NestJS service takes N+1).`,
    { cause: error },
  );
}

async function listen(server: Server, host: string, port = 0): Promise<Server> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });

  return server;
}

function urlOf(server: Server, host: string): string {
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/**
 * Stops taking requests, lets those under way finish (they record their
 * calls), then flushes the tracker and stops the provider simulator, which
 * those requests may still be calling.
 */
async function closeAll(
  tracker: Tracker,
  express: Server,
  nest: INestApplication,
  simulator: Simulator,
): Promise<void> {
  await Promise.all([
    closeServer(express),
    closeServer(nest.getHttpServer()).then(() => nest.close()),
  ]);
  await tracker.shutdown();
  await simulator.close();
}
