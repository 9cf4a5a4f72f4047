import {
  FIVE_MINUTES_MS,
  ONE_HOUR_MS,
  type PromptCache,
} from './prompt-cache.js';

/** One content block of a request, in cache order (tools, system, messages). */
export interface PromptBlock {
  /** Token count of the block. */
  tokens: number;
  /** SHA-256 of every block up to and including this one. */
  prefixHash: string;
  /** The block's `cache_control` TTL, when it is a breakpoint. */
  breakpointTtl: '5m' | '1h' | undefined;
}

/** How the prompt tokens of one request split between the cache classes. */
export interface AnthropicCacheOutcome {
  inputTokens: number;
  cacheReadTokens: number;
  cacheWrite5mTokens: number;
  cacheWrite1hTokens: number;
}

/**
 * How far before a breakpoint Anthropic looks for an earlier cache hit.
 * @see https://docs.claude.com/en/docs/build-with-claude/prompt-caching
 */
export const LOOKBACK_BLOCKS = 20;

/**
 * Applies Anthropic's prompt-caching rules to one request:
 *
 * - a cache entry is the exact prefix up to and including a block marked
 *   with `cache_control`, per model;
 * - reads: the longest live prefix ending at a breakpoint or at one of the
 *   {@link LOOKBACK_BLOCKS} blocks before it; a hit refreshes its TTL;
 * - writes: each breakpoint after the hit whose prefix reaches the model's
 *   minimum cacheable length; the tokens between two breakpoints are billed
 *   at the TTL of the later one (`cache_creation.ephemeral_5m/1h`);
 * - everything after the last written breakpoint is plain input.
 *
 * @example
 * ```ts
 * const outcome = applyAnthropicCache(cache, 'claude-sonnet-4-5', 1024, blocks, now);
 * ```
 */
export function applyAnthropicCache(
  cache: PromptCache,
  model: string,
  minCacheableTokens: number,
  blocks: readonly PromptBlock[],
  nowMs: number,
): AnthropicCacheOutcome {
  const ends = blockEnds(blocks);
  const total = ends.at(-1) ?? 0;
  const read = longestHit(
    cache,
    model,
    blocks,
    ends,
    minCacheableTokens,
    nowMs,
  );
  const writes = { '5m': 0, '1h': 0 };

  let cachedUpTo = read;
  blocks.forEach((block, index) => {
    const end = ends[index] ?? 0;
    const ttl = block.breakpointTtl;
    if (!ttl || end <= cachedUpTo || end < minCacheableTokens) return;

    writes[ttl] += end - cachedUpTo;
    cachedUpTo = end;
    cache.write(keyOf(model, block), ttlMs(ttl), nowMs);
  });

  return {
    inputTokens: total - cachedUpTo,
    cacheReadTokens: read,
    cacheWrite5mTokens: writes['5m'],
    cacheWrite1hTokens: writes['1h'],
  };
}

function longestHit(
  cache: PromptCache,
  model: string,
  blocks: readonly PromptBlock[],
  ends: readonly number[],
  minCacheableTokens: number,
  nowMs: number,
): number {
  const candidates = lookupCandidates(blocks);

  for (const index of candidates) {
    const block = blocks[index];
    const end = ends[index] ?? 0;
    if (!block || end < minCacheableTokens) continue;

    if (cache.hit(keyOf(model, block), nowMs)) return end;
  }

  return 0;
}

/** Block indexes where a hit may be found, longest prefix first. */
function lookupCandidates(blocks: readonly PromptBlock[]): number[] {
  const candidates = new Set<number>();

  blocks.forEach((block, index) => {
    if (!block.breakpointTtl) return;

    for (let back = 0; back <= LOOKBACK_BLOCKS && index - back >= 0; back++) {
      candidates.add(index - back);
    }
  });

  return [...candidates].sort((a, b) => b - a);
}

function blockEnds(blocks: readonly PromptBlock[]): number[] {
  let end = 0;

  return blocks.map((block) => {
    end += block.tokens;
    return end;
  });
}

function keyOf(model: string, block: PromptBlock): string {
  return `anthropic:${model}:${block.prefixHash}`;
}

function ttlMs(ttl: '5m' | '1h'): number {
  return ttl === '1h' ? ONE_HOUR_MS : FIVE_MINUTES_MS;
}
