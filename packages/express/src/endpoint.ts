/**
 * The slice of an Express request that endpoint naming reads.
 *
 * @example
 * ```ts
 * const req: RoutedRequest = { method: 'GET', baseUrl: '/papers', route: { path: '/:id' } };
 * ```
 */
export interface RoutedRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown } | undefined;
}

/**
 * Names the endpoint of a request as `METHOD route-pattern`, e.g.
 * `POST /claims/:id/validate`, from `req.baseUrl + req.route.path`: never the
 * raw URL, so ids do not explode the number of endpoints. A request that no
 * route matched is `METHOD (unmatched)`. A route declared with several paths
 * is named by all of them, comma-separated.
 *
 * @example
 * ```ts
 * routeEndpoint({ method: 'POST', baseUrl: '/claims', route: { path: '/:id/validate' } });
 * // 'POST /claims/:id/validate'
 * ```
 */
export function routeEndpoint(req: RoutedRequest): string {
  const method = req.method.toUpperCase();
  const path = routePath(req.route?.path);

  if (path === undefined) return `${method} (unmatched)`;

  const joined = `${req.baseUrl ?? ''}${path === '/' && req.baseUrl ? '' : path}`;

  return `${method} ${joined || '/'}`;
}

function routePath(path: unknown): string | undefined {
  if (typeof path === 'string') return path;
  if (path instanceof RegExp) return String(path);
  if (Array.isArray(path)) return path.map(routePath).join(',');

  return undefined;
}
