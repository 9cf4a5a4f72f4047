import type { TokenUsage } from '../schema.js';
import {
  optionalCount,
  optionalRecord,
  requireCount,
  type UsageRecord,
} from './counts.js';
import { fromInclusiveCounts, type InclusiveFields } from './inclusive.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'mistral.chat';

// The TS SDK renames the fields it declares to camelCase and passes the
// others (e.g. prompt_tokens_details) through unchanged, so both spellings
// can meet in one object. `prompt_token_details` and `num_cached_tokens`
// are older spellings kept in Mistral's OpenAPI schema.
const PROMPT_DETAILS = [
  'prompt_tokens_details',
  'promptTokensDetails',
  'prompt_token_details',
  'promptTokenDetails',
] as const;
const COMPLETION_DETAILS = [
  'completion_tokens_details',
  'completionTokensDetails',
] as const;
const CHILDREN = [
  'cached_tokens',
  'cachedTokens',
  'audio_tokens',
  'audioTokens',
  'reasoning_tokens',
  'reasoningTokens',
] as const;

/** `usage.<parent>` and `usage.<parent>.<child>` for every spelling. */
const PARENT_LABEL: Record<string, string> = Object.fromEntries(
  [...PROMPT_DETAILS, ...COMPLETION_DETAILS].map((key) => [
    key,
    `usage.${key}`,
  ]),
);
const LABEL = buildLabels();

const FIELDS: InclusiveFields = {
  prompt: 'usage.prompt_tokens',
  cacheRead: 'usage.prompt_tokens_details.cached_tokens',
  cacheWrite: 'usage (no cache write count)',
  audioInput: 'usage.prompt_tokens_details.audio_tokens',
  completion: 'usage.completion_tokens',
  reasoning: 'usage.completion_tokens_details.reasoning_tokens',
  audioOutput: 'usage (no audio output count)',
  cacheParts: 'usage.prompt_tokens_details.cached_tokens',
  outputParts: 'usage.completion_tokens_details.reasoning_tokens',
};

/**
 * Mistral chat completions (and agents, FIM): OpenAI-like;
 * `prompt_tokens` includes `prompt_tokens_details.cached_tokens` and
 * `audio_tokens`. https://docs.mistral.ai/api/#tag/chat
 */
export const mistralChat: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usage'], ['data', 'usage']],
  markers: [
    'prompt_tokens',
    'promptTokens',
    'completion_tokens',
    'completionTokens',
  ],
  missingHint:
    'Mistral streams report usage in the last chunk: pass that chunk (event.data with the TS SDK).',
  normalize: normalizeMistralChat,
};

function normalizeMistralChat(usage: UsageRecord): TokenUsage {
  const camel = usage.prompt_tokens === undefined;
  const prompt = readDetails(usage, PROMPT_DETAILS);
  const completion = readDetails(usage, COMPLETION_DETAILS);

  return fromInclusiveCounts(
    SHAPE,
    {
      prompt: requireCount(
        SHAPE,
        camel ? usage.promptTokens : usage.prompt_tokens,
        camel ? 'usage.promptTokens' : FIELDS.prompt,
      ),
      cacheRead: cachedTokens(usage, prompt),
      cacheWrite: 0,
      audioInput: child(prompt, 'audio_tokens', 'audioTokens'),
      completion: requireCount(
        SHAPE,
        camel ? usage.completionTokens : usage.completion_tokens,
        camel ? 'usage.completionTokens' : FIELDS.completion,
      ),
      reasoning: child(completion, 'reasoning_tokens', 'reasoningTokens'),
      audioOutput: 0,
    },
    FIELDS,
  );
}

interface Details {
  key: string;
  record: UsageRecord;
}

function readDetails(
  usage: UsageRecord,
  keys: readonly string[],
): Details | undefined {
  for (const key of keys) {
    const record = optionalRecord(SHAPE, usage[key], PARENT_LABEL[key] ?? key);
    if (record !== undefined) return { key, record };
  }

  return undefined;
}

function cachedTokens(usage: UsageRecord, details?: Details): number {
  if (details !== undefined) {
    return child(details, 'cached_tokens', 'cachedTokens');
  }

  return usage.num_cached_tokens === undefined
    ? optionalCount(SHAPE, usage.numCachedTokens, 'usage.numCachedTokens')
    : optionalCount(SHAPE, usage.num_cached_tokens, 'usage.num_cached_tokens');
}

function child(
  details: Details | undefined,
  snake: (typeof CHILDREN)[number],
  camel: (typeof CHILDREN)[number],
): number {
  if (details === undefined) return 0;

  const key = details.record[snake] === undefined ? camel : snake;
  const label = LABEL[details.key]?.[key] ?? `usage.${details.key}.${key}`;

  return optionalCount(SHAPE, details.record[key], label);
}

function buildLabels(): Record<string, Record<string, string>> {
  const labels: Record<string, Record<string, string>> = {};
  for (const parent of [...PROMPT_DETAILS, ...COMPLETION_DETAILS]) {
    const children: Record<string, string> = {};
    for (const name of CHILDREN) children[name] = `usage.${parent}.${name}`;
    labels[parent] = children;
  }

  return labels;
}
