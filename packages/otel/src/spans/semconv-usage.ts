import type { Attributes } from '@opentelemetry/api';
import { type TokenUsage, tokenUsage } from '@tokenledger/core';
import { SEMCONV_USAGE } from './attributes.js';
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
 * Inclusion: the current conventions say the input count SHOULD include
 * cache reads and writes and the output count SHOULD include reasoning;
 * OpenLLMetry sums Anthropic's three counts into `prompt_tokens` and passes
 * OpenAI's inclusive ones on, so both are read as inclusive and the parts
 * are subtracted. An input smaller than its cache parts (or an output
 * smaller than its reasoning) cannot be inclusive: it is an instrumentation
 * passing Anthropic's exclusive count on, and is taken as it is.
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
export function semconvUsage(attributes: Attributes): TokenUsage | undefined {
  const input = firstCount(attributes, SEMCONV_USAGE.input);
  const output = firstCount(attributes, SEMCONV_USAGE.output);
  if (input === undefined && output === undefined) return undefined;

  const cacheReadTokens = firstCount(attributes, SEMCONV_USAGE.cacheRead) ?? 0;
  const cacheWriteTokens =
    firstCount(attributes, SEMCONV_USAGE.cacheWrite) ?? 0;
  const reasoningTokens = firstCount(attributes, SEMCONV_USAGE.reasoning) ?? 0;

  return tokenUsage({
    inputTokens: withoutParts(input ?? 0, cacheReadTokens + cacheWriteTokens),
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens: withParts(output ?? 0, reasoningTokens),
    reasoningTokens,
  });
}

/** An inclusive total minus its parts; an exclusive count as it is. */
export function withoutParts(total: number, parts: number): number {
  return total >= parts ? total - parts : total;
}

/** An inclusive total as it is; an exclusive count plus its parts. */
export function withParts(total: number, parts: number): number {
  return total >= parts ? total : total + parts;
}
