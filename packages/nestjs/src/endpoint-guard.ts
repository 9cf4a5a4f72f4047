import {
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { setUsageContext } from '@tokenledger/core';
import { RequestScopes } from './request-scope.js';
import { readUsageEndpoint } from './usage-endpoint.js';

/**
 * Names the endpoint of the request's scope after the handler Nest routed it
 * to. A global guard, because guards are the first step of Nest's pipeline
 * that knows the handler; it lets every request through.
 */
@Injectable()
export class EndpointGuard implements CanActivate {
  constructor(private readonly scopes: RequestScopes) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;

    try {
      setUsageContext({ endpoint: endpointOf(context) });
    } catch (error) {
      this.scopes.report(error);
    }

    return true;
  }
}

const names = new WeakMap<object, { controller: object; name: string }>();

/**
 * The endpoint of the handler of `context`: its `@UsageEndpoint` name, its
 * class's, or `Controller.handler`, cached per handler.
 */
export function endpointOf(context: ExecutionContext): string {
  const handler = context.getHandler();
  const controller = context.getClass();
  const cached = names.get(handler);
  if (cached?.controller === controller) return cached.name;

  const name =
    readUsageEndpoint(controller, handler) ??
    `${controller.name}.${handler.name}`;
  names.set(handler, { controller, name });

  return name;
}
