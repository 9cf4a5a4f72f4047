import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type UsageContext, withUsageContext } from '@tokenledger/core';
import { Observable } from 'rxjs';
import { endpointOf } from './endpoint-guard.js';
import type { TokenledgerModuleOptions } from './options.js';
import { RequestScopes } from './request-scope.js';
import { TOKENLEDGER_OPTIONS } from './tokens.js';

/**
 * Opens a usage scope around each HTTP handler: calls recorded while it runs,
 * including in the Observable or stream it returns, carry the request's user
 * and the handler's endpoint. `TokenledgerModule` opens the scope without it
 * (Nest's interceptor pipeline costs more than the scope); apply it by hand
 * with `applyGlobally: false`, on the controllers that make LLM calls.
 *
 * @example
 * ```ts
 * // with TokenledgerModule.forRoot({ tracker, applyGlobally: false }):
 * @UseInterceptors(TokenledgerInterceptor)
 * class ClaimsController {}
 * ```
 */
@Injectable()
export class TokenledgerInterceptor implements NestInterceptor {
  private readonly scopes: RequestScopes;

  constructor(@Inject(TOKENLEDGER_OPTIONS) options: TokenledgerModuleOptions) {
    this.scopes = new RequestScopes(options);
  }

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

      return this.scopes.open(req, endpointOf(context));
    } catch (error) {
      this.scopes.report(error);
      return undefined;
    }
  }
}
