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
    const { user, tags } = this.options;

    return {
      userId: () => this.guard(() => user?.(req) ?? defaultUser(req)),
      endpoint,
      tags: (tags && this.guard(() => tags(req))) ?? {},
    };
  }

  /** Runs `read`; what it throws goes to `onError`, and it returns undefined. */
  guard<T>(read: () => T): T | undefined {
    try {
      return read();
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
