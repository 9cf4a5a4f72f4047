import {
  type DynamicModule,
  type FactoryProvider,
  Global,
  Inject,
  Module,
  type ModuleMetadata,
  type NestModule,
  type OnApplicationShutdown,
  Optional,
  type Provider,
} from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { toTokenledgerError } from '@tokenledger/core';
import { EndpointGuard } from './endpoint-guard.js';
import { TokenledgerInterceptor } from './interceptor.js';
import { checkOptions, type TokenledgerModuleOptions } from './options.js';
import { installRequestScopes } from './request-hook.js';
import { RequestScopes } from './request-scope.js';
import { TOKENLEDGER_OPTIONS } from './tokens.js';
import { Tracker } from './tracker-token.js';

/**
 * Options of {@link TokenledgerModule.forRootAsync}.
 *
 * @example
 * ```ts
 * const options: TokenledgerModuleAsyncOptions = {
 *   inject: [UsageStoreProvider],
 *   useFactory: (store: UsageStore) => ({ tracker: createTracker({ store }) }),
 * };
 * ```
 */
export interface TokenledgerModuleAsyncOptions
  extends Pick<ModuleMetadata, 'imports'>,
    Pick<TokenledgerModuleOptions, 'applyGlobally'> {
  /** Builds the options, e.g. from `ConfigService`. */
  useFactory: FactoryProvider<
    TokenledgerModuleOptions | Promise<TokenledgerModuleOptions>
  >['useFactory'];
  /** Providers passed to `useFactory`, in order. */
  inject?: FactoryProvider['inject'];
}

/** Provided only with `applyGlobally`: the module then opens every scope. */
const GLOBAL_SCOPES = Symbol('tokenledger:global-scopes');

function sharedProviders(applyGlobally = true): Provider[] {
  const tracker: Provider = {
    provide: Tracker,
    useFactory: (options: TokenledgerModuleOptions) => options.tracker,
    inject: [TOKENLEDGER_OPTIONS],
  };
  const global: Provider[] = [
    { provide: GLOBAL_SCOPES, useExisting: RequestScopes },
    EndpointGuard,
    { provide: APP_GUARD, useExisting: EndpointGuard },
  ];

  return [
    tracker,
    RequestScopes,
    TokenledgerInterceptor,
    ...(applyGlobally ? global : []),
  ];
}

/**
 * Attributes every LLM call made while a Nest HTTP handler runs to the
 * request's user and the handler's endpoint (`Controller.handler`, or the
 * name given with `@UsageEndpoint`), on the Express and Fastify platforms.
 * Global: import it once, in the root module. It makes the tracker
 * injectable as {@link Tracker} and flushes it when the app shuts down.
 *
 * @see https://github.com/tokenledger/tokenledger/blob/main/docs/nestjs.md
 * @example
 * ```ts
 * @Module({
 *   imports: [TokenledgerModule.forRoot({ tracker: createTracker({ store }) })],
 *   controllers: [ClaimsController],
 * })
 * class AppModule {}
 * ```
 */
@Global()
@Module({})
export class TokenledgerModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(TOKENLEDGER_OPTIONS)
    private readonly options: TokenledgerModuleOptions,
    private readonly adapterHost: HttpAdapterHost,
    @Optional()
    @Inject(GLOBAL_SCOPES)
    private readonly scopes?: RequestScopes,
  ) {}

  /**
   * Opens the scope of every HTTP request in the platform (Express
   * middleware, Fastify `preHandler` hook); a global guard then names its
   * endpoint. Nest calls this before it registers the routes.
   */
  configure(): void {
    if (this.scopes) {
      installRequestScopes(this.adapterHost.httpAdapter, this.scopes);
    }
  }

  /**
   * Registers the module with options known at boot.
   *
   * @example
   * ```ts
   * TokenledgerModule.forRoot({ tracker, user: (req) => req.user?.email });
   * ```
   */
  static forRoot(options: TokenledgerModuleOptions): DynamicModule {
    return {
      module: TokenledgerModule,
      providers: [
        { provide: TOKENLEDGER_OPTIONS, useValue: checkOptions(options) },
        ...sharedProviders(options.applyGlobally),
      ],
      exports: [Tracker, TOKENLEDGER_OPTIONS, TokenledgerInterceptor],
    };
  }

  /**
   * Registers the module with options built by a factory, e.g. a tracker
   * whose store comes from `ConfigService`.
   *
   * @example
   * ```ts
   * TokenledgerModule.forRootAsync({
   *   imports: [ConfigModule],
   *   inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({
   *     tracker: createTracker({ store: storeFor(config.get('DB_URL')) }),
   *     onShutdown: 'shutdown',
   *   }),
   * });
   * ```
   */
  static forRootAsync(options: TokenledgerModuleAsyncOptions): DynamicModule {
    return {
      module: TokenledgerModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: TOKENLEDGER_OPTIONS,
          useFactory: async (...args: Parameters<typeof options.useFactory>) =>
            checkOptions(await options.useFactory(...args)),
          inject: options.inject ?? [],
        },
        ...sharedProviders(options.applyGlobally),
      ],
      exports: [Tracker, TOKENLEDGER_OPTIONS, TokenledgerInterceptor],
    };
  }

  /** Flushes (or shuts down) the tracker; a failure goes to `onError`. */
  async onApplicationShutdown(): Promise<void> {
    const { tracker, onShutdown, onError } = this.options;

    try {
      if (onShutdown === 'shutdown') await tracker.shutdown?.();
      else await tracker.flush();
    } catch (error) {
      onError?.(toTokenledgerError(error, 'STORAGE_FAILED'));
    }
  }
}
