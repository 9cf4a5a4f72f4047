/**
 * Whether a span's input count (`gen_ai.usage.input_tokens`, or an older
 * name) already holds its cache reads and writes (`includes-cache`, as the
 * GenAI conventions ask) or leaves them out (`excludes-cache`, Anthropic's
 * own `input_tokens` passed on as it is).
 *
 * @example
 * ```ts
 * const inclusion: CacheInclusion = 'excludes-cache';
 * ```
 */
export type CacheInclusion = 'includes-cache' | 'excludes-cache';

// By instrumentation scope name (the name the instrumentation gives its
// tracer), from each instrumentation's source, checked 2026-12-04:
// - @traceloop/instrumentation-anthropic (traceloop/openllmetry-js,
//   packages/instrumentation-anthropic/src/instrumentation.ts): sets
//   Anthropic's usage.input_tokens as it is, before (0.11.6, commit 0f18865,
//   as gen_ai.usage.prompt_tokens) and after the semconv 1.40 migration
//   (commit 1596c02, as gen_ai.usage.input_tokens beside the cache counts).
// - @openlit/instrumentation-anthropic (openlit/openlit,
//   sdk/typescript/src/instrumentation/anthropic/wrapper.ts): the same.
// - @traceloop/instrumentation-openai (traceloop/openllmetry-js,
//   packages/instrumentation-openai/src/instrumentation.ts, 0.23.0): sets
//   OpenAI's usage.prompt_tokens, which includes the cached prompt.
const KNOWN_SCOPES: Readonly<Record<string, CacheInclusion>> = {
  '@traceloop/instrumentation-anthropic': 'excludes-cache',
  '@openlit/instrumentation-anthropic': 'excludes-cache',
  '@traceloop/instrumentation-openai': 'includes-cache',
};

/**
 * Looks up how an instrumentation counts input, by its instrumentation
 * scope name: the built-in table, with `overrides` (the span processor's
 * `cacheInclusion` option) on top. Undefined for a scope neither knows;
 * the span is then read by the fallback rule of `semconvUsage`.
 *
 * @example
 * ```ts
 * const lookup = cacheInclusionLookup({ 'my-llm-client': 'excludes-cache' });
 * lookup('@traceloop/instrumentation-anthropic'); // 'excludes-cache'
 * lookup('my-llm-client'); // 'excludes-cache'
 * lookup('something-else'); // undefined
 * ```
 */
export function cacheInclusionLookup(
  overrides: Readonly<Record<string, CacheInclusion>> = {},
): (scopeName: string | undefined) => CacheInclusion | undefined {
  for (const [scope, inclusion] of Object.entries(overrides)) {
    if (inclusion !== 'includes-cache' && inclusion !== 'excludes-cache') {
      throw new TypeError(
        `cacheInclusion['${scope}'] is ${JSON.stringify(inclusion)}: use 'includes-cache' or 'excludes-cache'.`,
      );
    }
  }
  const table = new Map<string, CacheInclusion>(
    Object.entries({ ...KNOWN_SCOPES, ...overrides }),
  );

  return (scopeName) =>
    scopeName === undefined ? undefined : table.get(scopeName);
}
