import type { ApiShape, TokenUsage } from '../schema.js';
import { ensurePartOf } from './counts.js';

/**
 * Counts as OpenAI-style APIs report them: the prompt total includes cache
 * reads, cache writes and audio; the completion total includes reasoning
 * and audio output.
 */
export interface InclusiveCounts {
  prompt: number;
  cacheRead: number;
  cacheWrite: number;
  audioInput: number;
  completion: number;
  reasoning: number;
  audioOutput: number;
}

/**
 * The field each count was read from, for error messages, plus the labels
 * of the two sums that are checked (`cacheParts`: reads + writes,
 * `outputParts`: reasoning + audio output).
 */
export type InclusiveFields = Record<
  keyof InclusiveCounts | 'cacheParts' | 'outputParts',
  string
>;

/**
 * Splits inclusive totals into the disjoint classes, after checking that
 * no part is larger than its whole.
 */
export function fromInclusiveCounts(
  shape: ApiShape,
  counts: InclusiveCounts,
  fields: InclusiveFields,
): TokenUsage {
  checkParts(shape, counts, fields);

  const inputTokens = counts.prompt - counts.cacheRead - counts.cacheWrite;

  return {
    inputTokens,
    outputTokens: counts.completion,
    cacheWriteTokens: counts.cacheWrite,
    cacheWrite1hTokens: 0,
    cacheReadTokens: counts.cacheRead,
    reasoningTokens: counts.reasoning,
    // Audio served from the cache is not broken out, so the uncached audio
    // share can be at most the uncached input.
    audioInputTokens: Math.min(counts.audioInput, inputTokens),
    audioOutputTokens: counts.audioOutput,
  };
}

function checkParts(
  shape: ApiShape,
  counts: InclusiveCounts,
  fields: InclusiveFields,
): void {
  ensurePartOf(
    shape,
    counts.cacheRead + counts.cacheWrite,
    fields.cacheParts,
    counts.prompt,
    fields.prompt,
  );
  ensurePartOf(
    shape,
    counts.audioInput,
    fields.audioInput,
    counts.prompt,
    fields.prompt,
  );
  ensurePartOf(
    shape,
    counts.reasoning + counts.audioOutput,
    fields.outputParts,
    counts.completion,
    fields.completion,
  );
}
