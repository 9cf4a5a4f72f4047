import { Inject, Injectable } from '@nestjs/common';
import { toTokenledgerError, type UsageContext } from '@tokenledger/core';
import type { TokenledgerModuleOptions } from './options.js';
import { TOKENLEDGER_OPTIONS } from './tokens.js';

/**
 * Builds the usage scope of one HTTP request from the module's options: the
 * user is read when a call is recorded, the tags once, now. Shared by the
 * request hook that `TokenledgerModule` installs and by
 * `TokenledgerInterceptor`, so that both attribute calls alike.
 */
@Injectable()
export class RequestScopes {
  constructor(
    @Inject(TOKENLEDGER_OPTIONS)
    private readonly options: TokenledgerModuleOptions,
  ) {}

  /** The scope of `req` (Express's or Fastify's request object). */
  open(req: object, endpoint?: string): UsageContext {
    const { tags } = this.options;

    return {
      userId: () => this.guard(this.readUser, req),
      endpoint,
      tags: (tags && this.guard(tags, req)) ?? {},
    };
  }

  private readonly readUser = (req: object): string | undefined => {
    const { user } = this.options;

    return user?.(req) ?? defaultUser(req);
  };

  /**
   * `read(req)`; what it throws goes to `onError`, and it returns undefined.
   * Takes `req` rather than a closure over it, so that a request allocates
   * none for it.
   */
  private guard<T>(read: (req: object) => T, req: object): T | undefined {
    try {
      return read(req);
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  /** Hands a failure of the adapter to `onError`, which may not throw either. */
  report(error: unknown): void {
    try {
      this.options.onError?.(toTokenledgerError(error));
    } catch {
      // An onError that throws must not reach the request either.
    }
  }
}

function defaultUser(req: {
  user?: { id?: unknown };
  auth?: { sub?: unknown };
}): string | undefined {
  const id = req.user?.id ?? req.auth?.sub;

  return id === undefined || id === null ? undefined : String(id);
}
