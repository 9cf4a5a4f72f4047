/**
 * The `APIPromise` of the Anthropic and OpenAI SDKs: a promise of the parsed
 * body with `withResponse()` (body, raw `Response` and request id) and
 * `asResponse()` (the raw `Response` alone).
 */
export interface SdkApiPromise<T> extends PromiseLike<T> {
  withResponse(): Promise<{
    data: T;
    response: Response;
    request_id?: string | null | undefined;
  }>;
}

interface ThenUnwrap {
  _thenUnwrap(transform: unknown): SdkApiPromise<unknown>;
}

/** What {@link observeApiPromise} does with the outcome. */
export interface ApiPromiseHandlers {
  /** Sees the body (and request id); returns what the caller gets. */
  onData(data: unknown, requestId: string | undefined): unknown;
  /** Sees the error before the caller does; must not throw. */
  onError(error: unknown): void;
}

/**
 * A view of an SDK `APIPromise` whose body and error pass through
 * `handlers` first. It has every member of the original: `then`, `catch`,
 * `finally` and `withResponse()` see the observed outcome; `asResponse()`
 * and the rest go to the original untouched. Nothing happens until the
 * caller awaits it, exactly as with the original.
 *
 * @example
 * ```ts
 * return observeApiPromise(messages.create(params), {
 *   onData: (message) => { record(message); return message; },
 *   onError: (error) => recordFailure(error),
 * });
 * ```
 */
export function observeApiPromise<P extends SdkApiPromise<unknown>>(
  original: P,
  handlers: ApiPromiseHandlers,
): P {
  let observed: ReturnType<P['withResponse']> | undefined;

  const observe = () => {
    observed ??= original.withResponse().then(
      (result) => ({
        ...result,
        data: handlers.onData(result.data, result.request_id ?? undefined),
      }),
      (error: unknown) => {
        handlers.onError(error);
        throw error;
      },
    ) as ReturnType<P['withResponse']>;

    return observed;
  };
  const body = () => observe().then((result) => result.data);

  const members: Record<PropertyKey, unknown> = {
    // biome-ignore lint/suspicious/noThenProperty: this object is a promise view
    then: (onFulfilled?: never, onRejected?: never) =>
      body().then(onFulfilled, onRejected),
    catch: (onRejected?: never) => body().catch(onRejected),
    finally: (onFinally?: never) => body().finally(onFinally),
    withResponse: observe,
    // SDK helpers (`chat.completions.parse()`) derive a new promise with
    // `_thenUnwrap`; it is observed the same way.
    _thenUnwrap: (transform: unknown) =>
      observeApiPromise(
        (original as unknown as ThenUnwrap)._thenUnwrap(transform),
        handlers,
      ),
  };

  return new Proxy(original, {
    get(target, key) {
      if (Object.hasOwn(members, key)) return members[key];

      const value: unknown = Reflect.get(target, key, target);

      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
