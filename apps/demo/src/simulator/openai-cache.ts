import { createHash } from 'node:crypto';
import { FIVE_MINUTES_MS, type PromptCache } from './prompt-cache.js';

/** Prompts shorter than this are never cached by OpenAI. */
export const OPENAI_MIN_CACHED_TOKENS = 1024;

/** Cache hits grow in steps of this many tokens past the minimum. */
export const OPENAI_CACHE_INCREMENT = 128;

/**
 * Applies OpenAI's automatic prompt caching to one prompt, given as its
 * tokens in order, and returns `prompt_tokens_details.cached_tokens`:
 * prompts of 1024 tokens or more are cached in prefixes of 1024, 1152,
 * 1280, … tokens; a request reads the longest live prefix it shares with
 * an earlier one and refreshes it. Entries live for 5 minutes of inactivity
 * (the documented lower bound of "5 to 10 minutes").
 * @see https://platform.openai.com/docs/guides/prompt-caching
 *
 * @example
 * ```ts
 * const cachedTokens = applyOpenAICache(cache, 'gpt-5', tokenize(prompt), now);
 * ```
 */
export function applyOpenAICache(
  cache: PromptCache,
  model: string,
  tokens: readonly string[],
  nowMs: number,
): number {
  if (tokens.length < OPENAI_MIN_CACHED_TOKENS) return 0;

  const keys = prefixKeys(model, tokens);
  let cached = 0;

  for (const [length, key] of keys) {
    if (cache.hit(key, nowMs)) cached = length;
    else cache.write(key, FIVE_MINUTES_MS, nowMs);
  }

  return cached;
}

function prefixKeys(
  model: string,
  tokens: readonly string[],
): Array<[number, string]> {
  const hash = createHash('sha256').update(model);
  const keys: Array<[number, string]> = [];
  let hashedUpTo = 0;

  for (
    let length = OPENAI_MIN_CACHED_TOKENS;
    length <= tokens.length;
    length += OPENAI_CACHE_INCREMENT
  ) {
    hash.update(`${tokens.slice(hashedUpTo, length).join('\u0000')}\u0000`);
    hashedUpTo = length;
    keys.push([length, `openai:${model}:${hash.copy().digest('hex')}`]);
  }

  return keys;
}
