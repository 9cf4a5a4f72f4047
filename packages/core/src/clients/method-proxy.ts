/** Replaces one method: receives the original, bound to its object. */
export type MethodWrapper = (
  original: (...args: unknown[]) => unknown,
  self: object,
) => (...args: unknown[]) => unknown;

/** How {@link proxyObject} changes an object. */
export interface ProxySpec {
  /** Methods replaced by their wrapper. */
  methods?: Record<string, MethodWrapper>;
  /** Nested objects (SDK resources) replaced by their own proxy. */
  children?: Record<string, (child: object) => object>;
  /** Properties read from another object (e.g. `_client` → the proxy). */
  overrides?: Record<string, () => unknown>;
  /**
   * Methods called with the proxy as `this`, so the helper they implement
   * (`messages.stream()` calls `this.create()`) goes through our wrappers.
   */
  rebound?: readonly string[];
}

/**
 * A Proxy of `target` with some methods and nested resources replaced;
 * everything else is the original's, bound to the original (SDK classes
 * keep private fields). Wrapped members are created once and cached, so
 * `proxy.create === proxy.create`.
 *
 * @example
 * ```ts
 * const messages = proxyObject(client.messages, {
 *   methods: { create: (create) => (...args) => observe(create(...args)) },
 * });
 * ```
 */
export function proxyObject<T extends object>(target: T, spec: ProxySpec): T {
  const cache = new Map<PropertyKey, unknown>();

  const proxy: T = new Proxy(target, {
    get(object, key) {
      if (typeof key === 'string' && spec.overrides?.[key]) {
        return spec.overrides[key]();
      }
      if (cache.has(key)) return cache.get(key);

      const value: unknown = Reflect.get(object, key, object);
      const replaced = replace(object, key, value);
      if (replaced !== value) cache.set(key, replaced);

      return typeof replaced === 'function' && replaced === value
        ? replaced.bind(object)
        : replaced;
    },
  });

  function replace(object: T, key: PropertyKey, value: unknown): unknown {
    if (typeof key !== 'string') return value;

    const method = spec.methods?.[key];
    if (method && typeof value === 'function') {
      return method(value.bind(object) as never, object);
    }

    const child = spec.children?.[key];
    if (child && typeof value === 'object' && value !== null) {
      return child(value);
    }

    if (spec.rebound?.includes(key) && typeof value === 'function') {
      return (...args: unknown[]) => value.apply(proxy, args);
    }

    return value;
  }

  return proxy;
}
