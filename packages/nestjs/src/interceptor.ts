import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import {
  toTokenledgerError,
  type UsageContext,
  withUsageContext,
} from '@tokenledger/core';
import { Observable } from 'rxjs';
import type { TokenledgerModuleOptions } from './options.js';
import { TOKENLEDGER_OPTIONS } from './tokens.js';
import { readUsageEndpoint } from './usage-endpoint.js';

/**
 * Opens a usage scope around each HTTP handler: calls recorded while it runs,
 * including in the Observable or stream it returns, carry the request's user
 * and the handler's endpoint. `TokenledgerModule` registers it app-wide.
 *
 * @example
 * ```ts
 * // registered by TokenledgerModule.forRoot(); by hand, per controller:
 * @UseInterceptors(TokenledgerInterceptor)
 * class ClaimsController {}
 * ```
 */
@Injectable()
export class TokenledgerInterceptor implements NestInterceptor {
  constructor(
    @Inject(TOKENLEDGER_OPTIONS)
    private readonly options: TokenledgerModuleOptions,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const scope = context.getType() === 'http' && this.open(context);
    if (!scope) return next.handle();

    // Subscribing inside the scope, not only calling handle() there, keeps
    // it for what the handler's Observable does once subscribed (SSE).
    return new Observable((subscriber) =>
      withUsageContext(scope, () => next.handle().subscribe(subscriber)),
    );
  }

  private open(context: ExecutionContext): UsageContext | undefined {
    try {
      const req = context.switchToHttp().getRequest();
      const controller = context.getClass();
      const handler = context.getHandler();
      const { user, tags } = this.options;

      return {
        userId: () => this.guard(() => user?.(req) ?? defaultUser(req)),
        endpoint:
          readUsageEndpoint(controller, handler) ??
          `${controller.name}.${handler.name}`,
        tags: (tags && this.guard(() => tags(req))) ?? {},
      };
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private guard<T>(read: () => T): T | undefined {
    try {
      return read();
    } catch (error) {
      this.report(error);
      return undefined;
    }
  }

  private report(error: unknown): void {
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
