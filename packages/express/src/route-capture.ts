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

/** What one request's capture has seen so far. */
export interface RouteCapture {
  mounts: readonly Mount[];
  matched: Snapshot | undefined;
}

/** What the accessors on Express's request prototype keep for one request. */
interface Watch {
  baseUrl: string | undefined;
  route: { path?: unknown } | undefined;
  capture: RouteCapture | undefined;
}

// Kept beside the request, not on it: measured in bench/, a symbol-keyed
// property added to each request cost more than the rest of the middleware
// together, a WeakMap entry nothing measurable.
const watches = new WeakMap<object, Watch>();
const WATCHED = Symbol('tokenledger.watched');

type Watched = CapturableRequest & { [WATCHED]?: true };

/**
 * Starts watching the two properties Express routers write while they route
 * a request, so that the endpoint can be named later from the route that
 * matched, even after an error or the end of a nested router restored
 * `req.baseUrl`. Mount paths with params (`/orgs/:org`) are named by their
 * pattern, not by the ids in the URL. Nothing is computed until
 * {@link capturedEndpoint} is called, at record time.
 *
 * Both Express 4 and 5 routers set `req.params` before they extend
 * `req.baseUrl` for a mounted router, and restore it when they leave it
 * (expressjs/express lib/router/index.js, pillarjs/router index.js).
 *
 * The watch is a pair of accessors defined once on Express's own request
 * prototype, which every app's and mounted sub-app's `req` inherits from
 * (an app sets `req`'s prototype to `app.request`, itself created from that
 * one): defining accessors on each request costs more than the rest of the
 * middleware together. So every request of every app of that copy of
 * Express reads `req.baseUrl` and `req.route` through them, with the values
 * Express wrote (they are no longer own properties of `req`). A request
 * that already holds its own data property
 * (Express 4 writes `req.baseUrl` before it sets the prototype), or that is
 * not Express's, gets the accessors on itself instead.
 */
export function captureRoute(req: CapturableRequest): RouteCapture {
  const capture: RouteCapture = { mounts: [], matched: undefined };
  const onPrototype =
    (req as Watched)[WATCHED] === true || watchPrototype(req as Watched);

  if (onPrototype) watchOf(req).capture = capture;
  if (!onPrototype || Object.hasOwn(req, 'baseUrl')) {
    watchOwnBaseUrl(req, capture);
  }
  if (!onPrototype || Object.hasOwn(req, 'route')) {
    watchOwnRoute(req, capture);
  }

  return capture;
}

/** The endpoint of a request from what its capture saw. */
export function capturedEndpoint(
  req: { method: string },
  capture: RouteCapture,
): string {
  const { matched } = capture;
  if (!matched) return routeEndpoint({ method: req.method });

  return routeEndpoint({
    method: req.method,
    baseUrl: mountPattern(matched.mounts),
    route: matched.route,
  });
}

function enteredBaseUrl(
  capture: RouteCapture | undefined,
  value: string | undefined,
  params: Params | undefined,
): void {
  if (capture) capture.mounts = nextMounts(capture.mounts, value ?? '', params);
}

function matchedRoute(
  capture: RouteCapture | undefined,
  value: { path?: unknown } | undefined,
): void {
  if (capture && value) {
    capture.matched = { route: value, mounts: capture.mounts };
  }
}

function watchOf(req: object): Watch {
  let watch = watches.get(req);
  if (!watch) {
    watch = { baseUrl: undefined, route: undefined, capture: undefined };
    watches.set(req, watch);
  }

  return watch;
}

/** Express's base request prototype: the one that defines `accepts`. */
function watchPrototype(req: Watched): boolean {
  let proto = Object.getPrototypeOf(req) as Watched | null;
  while (proto && !Object.hasOwn(proto, 'accepts')) {
    proto = Object.getPrototypeOf(proto) as Watched | null;
  }
  if (!proto || Object.hasOwn(proto, 'baseUrl')) return false;

  Object.defineProperties(proto, {
    [WATCHED]: { value: true },
    baseUrl: {
      configurable: true,
      get(this: object) {
        return watches.get(this)?.baseUrl;
      },
      // Express restores the value it found, which is undefined on the
      // app's own request once no route matched.
      set(this: CapturableRequest, value: string | undefined) {
        const watch = watchOf(this);
        enteredBaseUrl(watch.capture, value, this.params);
        watch.baseUrl = value;
      },
    },
    route: {
      configurable: true,
      get(this: object) {
        return watches.get(this)?.route;
      },
      set(this: object, value: { path?: unknown } | undefined) {
        const watch = watchOf(this);
        watch.route = value;
        matchedRoute(watch.capture, value);
      },
    },
  });

  return true;
}

function watchOwnBaseUrl(req: CapturableRequest, capture: RouteCapture): void {
  let baseUrl = req.baseUrl ?? '';

  Object.defineProperty(req, 'baseUrl', {
    configurable: true,
    enumerable: true,
    get: () => baseUrl,
    set(value: string | undefined) {
      enteredBaseUrl(capture, value, req.params);
      baseUrl = value as string;
    },
  });
}

function watchOwnRoute(req: CapturableRequest, capture: RouteCapture): void {
  let route = req.route;

  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      matchedRoute(capture, value);
    },
  });
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
