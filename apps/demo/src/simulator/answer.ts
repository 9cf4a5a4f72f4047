import { estimateTokens, tokenize } from './tokens.js';

/** A generated answer cut to a token budget. */
export interface Answer {
  text: string;
  tokens: number;
  truncated: boolean;
}

/**
 * Cuts `text` to at most `maxTokens` tokens (by {@link estimateTokens}),
 * as a model stops when it reaches its output limit.
 */
export function answerWithin(text: string, maxTokens: number): Answer {
  const tokens = estimateTokens(text);
  if (!Number.isFinite(maxTokens) || tokens <= maxTokens) {
    return { text, tokens, truncated: false };
  }

  const kept = tokenize(text).slice(0, Math.max(maxTokens, 0));
  return { text: kept.join(' '), tokens: kept.length, truncated: true };
}
