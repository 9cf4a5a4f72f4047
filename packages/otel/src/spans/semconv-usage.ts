import type { Attributes } from '@opentelemetry/api';
import { type TokenUsage, tokenUsage } from '@tokenledger/core';
import { SEMCONV_USAGE } from './attributes.js';
import type { CacheInclusion } from './cache-inclusion.js';
import { firstCount } from './read.js';

/**
 * Token classes from the GenAI semantic-convention usage attributes, current
 * (`gen_ai.usage.input_tokens`, `gen_ai.usage.cache_read.input_tokens`,
 * `gen_ai.usage.cache_creation.input_tokens`,
 * `gen_ai.usage.reasoning.output_tokens`) or older (`prompt_tokens`,
 * `completion_tokens`, OpenLLMetry's `cache_read_input_tokens`,
 * `cache_creation_input_tokens`, `reasoning_tokens`, `llm.usage.*`).
 * Undefined when the span carries neither an input nor an output count.
 *
 * Inclusion of the cache in the input count, by `inclusion` (from the
 * span's instrumentation scope, see `cacheInclusionLookup`):
 * - `excludes-cache`: the input count is the uncached input, as it is;
 * - `includes-cache`: the cache parts are subtracted from it;
 * - unknown scope (the fallback): the current conventions say the input
 *   count SHOULD include cache reads and writes, so the parts are
 *   subtracted, except from an input smaller than its parts, which cannot
 *   be inclusive and is taken as it is. An exclusive input larger than its
 *   parts is indistinguishable here: name its scope in the processor's
 *   `cacheInclusion` option.
 *
 * The output count SHOULD include reasoning; an output smaller than its
 * reasoning count cannot, and gets the reasoning added (Gemini's
 * `candidatesTokenCount` passed on as the output).
 *
 * @example
 * ```ts
 * semconvUsage({
 *   'gen_ai.usage.input_tokens': 3500,
 *   'gen_ai.usage.cache_read.input_tokens': 2000,
 *   'gen_ai.usage.cache_creation.input_tokens': 500,
 *   'gen_ai.usage.output_tokens': 300,
 * })?.inputTokens; // 1000
 * ```
 */
export function semconvUsage(
  attributes: Attributes,
  inclusion?: CacheInclusion,
): TokenUsage | undefined {
  const input = firstCount(attributes, SEMCONV_USAGE.input);
  const output = firstCount(attributes, SEMCONV_USAGE.output);
  if (input === undefined && output === undefined) return undefined;

  const cacheReadTokens = firstCount(attributes, SEMCONV_USAGE.cacheRead) ?? 0;
  const cacheWriteTokens =
    firstCount(attributes, SEMCONV_USAGE.cacheWrite) ?? 0;
  const reasoningTokens = firstCount(attributes, SEMCONV_USAGE.reasoning) ?? 0;

  return tokenUsage({
    inputTokens: uncachedInput(
      input ?? 0,
      cacheReadTokens + cacheWriteTokens,
      inclusion,
    ),
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: withParts(output ?? 0, reasoningTokens),
    reasoningTokens,
  });
}

/**
 * The uncached input: the count as it is when it excludes the cache, minus
 * the cache parts when it includes them. A count that claims to include
 * more cache than it holds comes out negative, and the tracker rejects the
 * call (kept in its rejected file) rather than pricing a wrong split.
 */
function uncachedInput(
  input: number,
  cacheParts: number,
  inclusion: CacheInclusion | undefined,
): number {
  if (inclusion === 'excludes-cache') return input;
  if (inclusion === 'includes-cache') return input - cacheParts;

  return withoutParts(input, cacheParts);
}

/** An inclusive total minus its parts; an exclusive count as it is. */
export function withoutParts(total: number, parts: number): number {
  return total >= parts ? total - parts : total;
}

/** An inclusive total as it is; an exclusive count plus its parts. */
export function withParts(total: number, parts: number): number {
  return total >= parts ? total : total + parts;
}
