import { createHash } from 'node:crypto';
import type { PromptBlock } from './anthropic-cache.js';
import { invalid } from './http.js';
import { estimateTokens } from './tokens.js';

/** The most `cache_control` breakpoints Anthropic accepts in one request. */
export const MAX_BREAKPOINTS = 4;

/**
 * Flattens a Messages API request into its blocks in cache order (tools,
 * then system, then each message's content) with running prefix hashes and
 * token counts, and checks the `cache_control` rules: at most 4
 * breakpoints, and 1-hour entries before 5-minute ones.
 */
export function promptBlocks(body: Record<string, unknown>): PromptBlock[] {
  const hash = createHash('sha256');
  const blocks: PromptBlock[] = [];

  for (const raw of rawBlocks(body)) {
    hash.update(`${raw.scope}\u0000${raw.text}\u0001`);
    blocks.push({
      tokens: estimateTokens(raw.text),
      prefixHash: hash.copy().digest('hex'),
      breakpointTtl: breakpointTtl(raw.cacheControl),
    });
  }

  checkBreakpoints(blocks);
  return blocks;
}

/** All the text of the system prompt and of the last user turn. */
export function instructionsOf(body: Record<string, unknown>): string {
  const system = rawSystem(body.system).map((block) => block.text);
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const last = messages.at(-1) as { content?: unknown } | undefined;
  const lastTurn = rawContent('user', last?.content).map((block) => block.text);

  return [...system, ...lastTurn].join('\n');
}

interface RawBlock {
  scope: string;
  text: string;
  cacheControl: unknown;
}

function rawBlocks(body: Record<string, unknown>): RawBlock[] {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const messages = Array.isArray(body.messages) ? body.messages : [];

  return [
    ...tools.map((tool: Record<string, unknown>) => ({
      scope: 'tool',
      text: JSON.stringify([tool.name, tool.description, tool.input_schema]),
      cacheControl: tool.cache_control,
    })),
    ...rawSystem(body.system),
    ...messages.flatMap((message: Record<string, unknown>) =>
      rawContent(String(message.role), message.content),
    ),
  ];
}

function rawSystem(system: unknown): RawBlock[] {
  if (system === undefined) return [];

  return rawContent('system', system);
}

function rawContent(scope: string, content: unknown): RawBlock[] {
  if (typeof content === 'string') {
    return [{ scope, text: content, cacheControl: undefined }];
  }
  if (!Array.isArray(content)) return [];

  return content.map((block: Record<string, unknown>) => ({
    scope,
    text:
      typeof block.text === 'string'
        ? block.text
        : JSON.stringify({ ...block, cache_control: undefined }),
    cacheControl: block.cache_control,
  }));
}

function breakpointTtl(cacheControl: unknown): '5m' | '1h' | undefined {
  if (!cacheControl || typeof cacheControl !== 'object') return undefined;

  const { type, ttl } = cacheControl as { type?: unknown; ttl?: unknown };
  if (type !== 'ephemeral') {
    throw invalid(
      `cache_control.type must be "ephemeral", got ${JSON.stringify(type)}.`,
    );
  }
  if (ttl === undefined || ttl === '5m') return '5m';
  if (ttl === '1h') return '1h';

  throw invalid(
    `cache_control.ttl must be "5m" or "1h", got ${JSON.stringify(ttl)}.`,
  );
}

function checkBreakpoints(blocks: readonly PromptBlock[]): void {
  const ttls = blocks.flatMap((block) =>
    block.breakpointTtl ? [block.breakpointTtl] : [],
  );

  if (ttls.length > MAX_BREAKPOINTS) {
    throw invalid(
      `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${ttls.length}.`,
    );
  }
  if (
    ttls.indexOf('5m') !== -1 &&
    ttls.lastIndexOf('1h') > ttls.indexOf('5m')
  ) {
    throw invalid(
      'cache_control entries with ttl "1h" must come before entries with ttl "5m" (tools, then system, then messages).',
    );
  }
}
