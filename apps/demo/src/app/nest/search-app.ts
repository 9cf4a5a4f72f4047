import 'reflect-metadata';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TokenledgerModule, type TrackerLike } from '@tokenledger/nestjs';
import type { DemoClients } from '../clients.js';
import type { ReleaseState } from '../release.js';
import {
  DEMO_CLIENTS,
  DEMO_RELEASE,
  SearchController,
} from './search.controller.js';

/** What {@link createNestSearchApp} needs. */
export interface NestSearchAppOptions {
  tracker: TrackerLike;
  clients: DemoClients;
  release: ReleaseState;
  onError?: (error: unknown) => void;
}

/**
 * The NestJS variant of the search service, recording through
 * `TokenledgerModule` (user from `x-user-id`, tag `adapter: nestjs`).
 * Call `listen()` on the result, or `init()` to use its HTTP adapter.
 *
 * @example
 * ```ts
 * const nest = await createNestSearchApp({ tracker, clients, release });
 * await nest.listen(3001, '127.0.0.1');
 * ```
 */
export async function createNestSearchApp(
  options: NestSearchAppOptions,
): Promise<INestApplication> {
  const onError = options.onError ?? (() => {});

  @Module({
    imports: [
      TokenledgerModule.forRoot({
        tracker: options.tracker,
        user: (req: { headers: Record<string, unknown> }) => {
          const user = req.headers['x-user-id'];
          return typeof user === 'string' ? user : undefined;
        },
        tags: () => ({ adapter: 'nestjs' }),
        onError,
      }),
    ],
    controllers: [SearchController],
    providers: [
      { provide: DEMO_CLIENTS, useValue: options.clients },
      { provide: DEMO_RELEASE, useValue: options.release },
    ],
  })
  class SearchModule {}

  return NestFactory.create(SearchModule, {
    logger: false,
    abortOnError: false,
  });
}
