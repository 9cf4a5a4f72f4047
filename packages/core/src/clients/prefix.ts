import { createHash } from 'node:crypto';
import { arrayAt, isWireObject, objectAt, stringAt } from './wire.js';

/**
 * The cacheable prefix of a request: its truncated hash and size.
 *
 * @example
 * ```ts
 * const { prefixHash, prefixTokens } = anthropicPrefix(params) ?? {};
 * ```
 */
export interface PrefixFingerprint {
  /** First 32 hex digits (128 bits) of the SHA-256 of the prefix. */
  prefixHash: string;
  /** Estimated token count of the prefix: see {@link estimateTokens}. */
  prefixTokens: number;
}

const HASH_HEX_DIGITS = 32;
const CHARS_PER_TOKEN = 4;

/**
 * Estimates the token count of a prefix from its canonical JSON: one token
 * per 4 characters, rounded up. That is the usual rule of thumb for English
 * text and JSON with BPE tokenizers (OpenAI, Anthropic and Google all quote
 * ~4 characters per token); it is an estimate for telling a prefix below a
 * provider's cache minimum (1024 or 2048 tokens) from one above it, not a
 * billing count.
 *
 * @example
 * ```ts
 * estimateTokens('x'.repeat(4096)); // 1024
 * ```
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/**
 * Fingerprints an Anthropic Messages request: the content up to and
 * including its last `cache_control` breakpoint, in the order the cache
 * reads it (tools, then system, then messages). `undefined` when the request
 * has no breakpoint. The `cache_control` markers themselves are left out of
 * the hash, so moving a TTL does not look like a prefix change.
 *
 * @see https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching
 * @example
 * ```ts
 * anthropicPrefix({ model, max_tokens: 1024, system: [
 *   { type: 'text', text: policy, cache_control: { type: 'ephemeral' } },
 * ], messages })?.prefixHash; // 'a3f1…' (32 hex digits)
 * ```
 */
export function anthropicPrefix(
  params: unknown,
): PrefixFingerprint | undefined {
  const blocks = anthropicBlocks(params);
  const end = lastBreakpointEnd(blocks);
  if (end === 0) return undefined;

  return fingerprint(blocks.slice(0, end));
}

function lastBreakpointEnd(blocks: readonly unknown[]): number {
  for (let index = blocks.length - 1; index >= 0; index -= 1) {
    const block = blocks[index];
    if (isWireObject(block) && block['cache_control'] != null) return index + 1;
  }

  return 0;
}

function anthropicBlocks(params: unknown): unknown[] {
  const system = isWireObject(params) ? params['system'] : undefined;
  const systemBlocks = Array.isArray(system)
    ? system
    : system === undefined
      ? []
      : [{ type: 'text', text: system }];
  const messageBlocks = arrayAt(params, 'messages').flatMap((message) => {
    const content = isWireObject(message) ? message['content'] : undefined;
    const role = stringAt(message, 'role');

    return Array.isArray(content)
      ? content.map((block) => ({ role, block }))
      : [{ role, block: content }];
  });

  return [
    ...arrayAt(params, 'tools'),
    ...systemBlocks,
    ...messageBlocks.map(({ role, block }) =>
      isWireObject(block) ? { ...block, role } : { role, text: block },
    ),
  ];
}

/**
 * Fingerprints the stable prefix of an OpenAI Chat Completions or Mistral
 * chat request: its tools and the leading `system` / `developer` messages.
 * OpenAI caches the longest matching prefix automatically, and tools and
 * instructions are what stays the same across calls. `undefined` when the
 * request has neither.
 *
 * @see https://platform.openai.com/docs/guides/prompt-caching
 * @example
 * ```ts
 * chatPrefix({ model: 'gpt-4o', tools, messages: [{ role: 'system', content: policy }, question] });
 * ```
 */
export function chatPrefix(params: unknown): PrefixFingerprint | undefined {
  const messages = arrayAt(params, 'messages');
  const firstTurn = messages.findIndex((message) => !isInstruction(message));
  const instructions = firstTurn < 0 ? messages : messages.slice(0, firstTurn);

  return fingerprintUnlessEmpty([...arrayAt(params, 'tools'), ...instructions]);
}

/**
 * Fingerprints the stable prefix of an OpenAI Responses request: its tools,
 * its `instructions` and the leading `system` / `developer` input items.
 *
 * @example
 * ```ts
 * responsesPrefix({ model: 'gpt-5', instructions: policy, input: question });
 * ```
 */
export function responsesPrefix(
  params: unknown,
): PrefixFingerprint | undefined {
  const input = arrayAt(params, 'input');
  const firstTurn = input.findIndex((item) => !isInstruction(item));
  const leading = firstTurn < 0 ? input : input.slice(0, firstTurn);
  const instructions = stringAt(params, 'instructions');

  return fingerprintUnlessEmpty([
    ...arrayAt(params, 'tools'),
    ...(instructions === undefined ? [] : [{ instructions }]),
    ...leading,
  ]);
}

/**
 * Fingerprints the stable prefix of a Gemini `generateContent` request: the
 * `tools` and `systemInstruction` of its `config` (or of the REST body).
 *
 * @see https://ai.google.dev/gemini-api/docs/caching
 * @example
 * ```ts
 * geminiPrefix({ model, contents, config: { systemInstruction: policy } });
 * ```
 */
export function geminiPrefix(params: unknown): PrefixFingerprint | undefined {
  const config = objectAt(params, 'config') ?? params;
  const system = isWireObject(config) ? config['systemInstruction'] : undefined;

  return fingerprintUnlessEmpty([
    ...arrayAt(config, 'tools'),
    ...(system === undefined ? [] : [{ systemInstruction: system }]),
  ]);
}

function isInstruction(message: unknown): boolean {
  const role = stringAt(message, 'role');

  return role === 'system' || role === 'developer';
}

function fingerprintUnlessEmpty(
  parts: readonly unknown[],
): PrefixFingerprint | undefined {
  return parts.length === 0 ? undefined : fingerprint(parts);
}

function fingerprint(parts: readonly unknown[]): PrefixFingerprint {
  const canonical = canonicalJson(parts);
  const digest = createHash('sha256').update(canonical).digest('hex');

  return {
    prefixHash: digest.slice(0, HASH_HEX_DIGITS),
    prefixTokens: estimateTokens(canonical),
  };
}

/**
 * JSON with object keys sorted and `cache_control` markers dropped, so the
 * same content always hashes the same whatever order the app built it in.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (!isWireObject(field)) return field;

    const keys = Object.keys(field)
      .filter((key) => key !== 'cache_control')
      .sort();

    return Object.fromEntries(keys.map((key) => [key, field[key]]));
  });
}
