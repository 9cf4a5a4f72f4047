/**
 * The simulator's token estimator. Real tokenizers are model-specific and
 * not published for Claude, so the simulator uses one documented rule for
 * every provider, close to BPE counts on English prose (about 1.3 tokens
 * per word):
 *
 * - a run of letters counts 1 token for its first 6 letters, then 1 more
 *   per started group of 4 (`claim` 1, `validation` 2, `epidemiological` 4);
 * - a run of digits counts 1 token per started group of 3 (GPT tokenizers
 *   split numbers in chunks of up to 3 digits);
 * - any other visible character is 1 token; whitespace is free.
 *
 * `tokenize` returns the pieces themselves, so prompt caches can hash
 * token-aligned prefixes.
 *
 * @example
 * ```ts
 * estimateTokens('Validate claim 12345.'); // 1 + 1 + 2 + 1 = 5
 * ```
 */
export function estimateTokens(text: string): number {
  if (text.length >= MEMO_MIN_CHARS) return tokenize(text).length;

  let tokens = 0;

  for (const match of text.matchAll(PIECES)) {
    tokens += piecesOf(match[0]).length;
  }

  return tokens;
}

/**
 * Splits `text` into the pieces {@link estimateTokens} counts, one string
 * per token.
 *
 * @example
 * ```ts
 * tokenize('validation 2026'); // ['valida', 'tion', '202', '6']
 * ```
 */
export function tokenize(text: string): readonly string[] {
  const known = memo.get(text);
  if (known) return known;

  const tokens: string[] = [];
  for (const match of text.matchAll(PIECES)) {
    tokens.push(...piecesOf(match[0]));
  }

  remember(text, tokens);
  return tokens;
}

/**
 * Long texts recur in every request (system prompts, paper contexts), so
 * their tokens are kept; the map is emptied when it reaches its cap.
 */
const memo = new Map<string, readonly string[]>();
const MEMO_MIN_CHARS = 500;
const MEMO_MAX_ENTRIES = 500;

function remember(text: string, tokens: readonly string[]): void {
  if (text.length < MEMO_MIN_CHARS) return;
  if (memo.size >= MEMO_MAX_ENTRIES) memo.clear();

  memo.set(text, tokens);
}

const PIECES = /\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu;

function piecesOf(run: string): string[] {
  if (/^\p{N}/u.test(run)) return chunks(run, 3, 3);
  if (/^\p{L}/u.test(run)) return chunks(run, 6, 4);

  return [run];
}

function chunks(run: string, first: number, rest: number): string[] {
  const pieces = [run.slice(0, first)];

  for (let at = first; at < run.length; at += rest) {
    pieces.push(run.slice(at, at + rest));
  }

  return pieces;
}
