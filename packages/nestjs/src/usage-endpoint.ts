import 'reflect-metadata';

/**
 * Metadata key under which {@link UsageEndpoint} stores its name.
 *
 * @example
 * ```ts
 * Reflect.getMetadata(USAGE_ENDPOINT_METADATA, ClaimsController); // 'claims'
 * ```
 */
export const USAGE_ENDPOINT_METADATA = 'tokenledger:usage-endpoint';

/**
 * Names the endpoint that LLM calls made inside a controller (class) or one
 * handler (method) are attributed to. A handler's name wins over its class's.
 *
 * @example
 * ```ts
 * @Controller('claims')
 * @UsageEndpoint('claims')
 * class ClaimsController {
 *   @Post(':id/validate')
 *   @UsageEndpoint('claims.validate')
 *   validate() {}
 * }
 * ```
 */
export function UsageEndpoint(name: string): ClassDecorator & MethodDecorator {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(
      `@UsageEndpoint() needs a non-empty name, e.g. @UsageEndpoint('claims.validate'); got ${JSON.stringify(name)}.`,
    );
  }

  return (
    target: object,
    _key?: string | symbol,
    descriptor?: PropertyDescriptor,
  ) => {
    Reflect.defineMetadata(
      USAGE_ENDPOINT_METADATA,
      name,
      descriptor?.value ?? target,
    );
  };
}

/**
 * Reads the endpoint name of a handler, falling back to its class.
 *
 * @example
 * ```ts
 * readUsageEndpoint(ClaimsController, ClaimsController.prototype.validate);
 * // 'claims.validate'
 * ```
 */
export function readUsageEndpoint(
  controller: object,
  handler: object,
): string | undefined {
  return (
    Reflect.getMetadata(USAGE_ENDPOINT_METADATA, handler) ??
    Reflect.getMetadata(USAGE_ENDPOINT_METADATA, controller)
  );
}
