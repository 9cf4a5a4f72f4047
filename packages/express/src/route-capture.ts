import { routeEndpoint } from './endpoint.js';

type Params = Record<string, string | string[]>;

/** The slice of an Express request that route capture reads and wraps. */
export interface CapturableRequest {
  method: string;
  baseUrl?: string;
  route?: { path?: unknown } | undefined;
  params?: Params | undefined;
}

interface Mount {
  /** The whole base URL once this mount was entered, as received. */
  url: string;
  /** What this mount added to the base URL. */
  added: string;
  /** The mount layer's params when it was entered, e.g. `{ org: 'acme' }`. */
  params: Params | undefined;
}

interface Snapshot {
  route: { path?: unknown };
  mounts: readonly Mount[];
}

/**
 * Watches the two properties Express routers write while they route a
 * request, so that the endpoint can be named later from the route that
 * matched, even after an error or the end of a nested router restored
 * `req.baseUrl`. Mount paths with params (`/orgs/:org`) are named by their
 * pattern, not by the ids in the URL. Nothing is computed until `endpoint()`
 * is called, at record time.
 *
 * Both Express 4 and 5 routers set `req.params` before they extend
 * `req.baseUrl` for a mounted router, and restore it when they leave it
 * (expressjs/express lib/router/index.js, pillarjs/router index.js).
 */
export function captureRoute(req: CapturableRequest): () => string {
  let baseUrl = req.baseUrl ?? '';
  let route = req.route;
  let mounts: readonly Mount[] = [];
  let matched: Snapshot | undefined;

  Object.defineProperty(req, 'baseUrl', {
    configurable: true,
    enumerable: true,
    get: () => baseUrl,
    // Express restores the value it found, which is undefined on the app's
    // own request once no route matched.
    set(value: string | undefined) {
      mounts = nextMounts(mounts, value ?? '', req.params);
      baseUrl = value as string;
    },
  });

  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value) matched = { route: value, mounts };
    },
  });

  return () => {
    if (!matched) return routeEndpoint({ method: req.method });

    return routeEndpoint({
      method: req.method,
      baseUrl: mountPattern(matched.mounts),
      route: matched.route,
    });
  };
}

function nextMounts(
  mounts: readonly Mount[],
  url: string,
  params: Params | undefined,
): readonly Mount[] {
  let kept = mounts;
  while (kept.length > 0 && !url.startsWith(kept[kept.length - 1]!.url)) {
    kept = kept.slice(0, -1);
  }

  const parentUrl = kept[kept.length - 1]?.url ?? '';
  if (url.length <= parentUrl.length) return kept;

  return [...kept, { url, added: url.slice(parentUrl.length), params }];
}

function mountPattern(mounts: readonly Mount[]): string {
  return mounts.map(patternOf).join('');
}

function patternOf(mount: Mount): string {
  const entries = Object.entries(mount.params ?? {});
  if (entries.length === 0) return mount.added;

  const segments = mount.added.split('/');
  for (const [name, value] of entries.reverse()) {
    if (typeof value !== 'string') continue;

    const index = lastIndexOf(segments, value);
    if (index > 0) segments[index] = `:${name}`;
  }

  return segments.join('/');
}

function lastIndexOf(segments: string[], value: string): number {
  for (let index = segments.length - 1; index > 0; index--) {
    if (decode(segments[index]!) === value) return index;
  }

  return -1;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
