import type { TokenUsage } from '../schema.js';
import {
  ensurePartOf,
  ensureWithinMax,
  isRecord,
  optionalArray,
  optionalCount,
  requireCount,
  requireRecord,
  type UsageRecord,
} from './counts.js';
import {
  CAMEL_KEYS,
  type DetailList,
  type GeminiKeys,
  SNAKE_KEYS,
  SNAKE_TO_CAMEL,
} from './gemini-keys.js';
import type { UsageShapeSpec } from './spec.js';

const SHAPE = 'gemini.generateContent';

/**
 * Gemini generateContent (AI Studio and Vertex AI): `promptTokenCount`
 * includes `cachedContentTokenCount`; `thoughtsTokenCount` and
 * `toolUsePromptTokenCount` are counted on top of the prompt and the
 * candidates. https://ai.google.dev/api/generate-content#UsageMetadata
 */
export const geminiGenerateContent: UsageShapeSpec = {
  shape: SHAPE,
  paths: [['usageMetadata'], ['usage_metadata']],
  markers: [
    'promptTokenCount',
    'totalTokenCount',
    'prompt_token_count',
    'total_token_count',
  ],
  missingHint:
    'Gemini reports usageMetadata on streamed chunks, with the final counts on the last one: pass the last chunk or the whole response.',
  normalize: normalizeGemini,
};

interface GeminiTotals {
  prompt: number;
  cached: number;
  candidates: number;
  toolUse: number;
}

function normalizeGemini(raw: UsageRecord): TokenUsage {
  const snake =
    raw.promptTokenCount === undefined && raw.prompt_token_count !== undefined;
  const keys = snake ? SNAKE_KEYS : CAMEL_KEYS;
  const usage = snake ? toCamelCase(raw) : raw;
  const { label } = keys;

  const totals: GeminiTotals = {
    prompt: requireCount(SHAPE, usage.promptTokenCount, label.prompt),
    cached: optionalCount(SHAPE, usage.cachedContentTokenCount, label.cached),
    candidates: optionalCount(
      SHAPE,
      usage.candidatesTokenCount,
      label.candidates,
    ),
    toolUse: optionalCount(SHAPE, usage.toolUsePromptTokenCount, label.toolUse),
  };
  const thoughts = optionalCount(
    SHAPE,
    usage.thoughtsTokenCount,
    label.thoughts,
  );
  ensurePartOf(SHAPE, totals.cached, label.cached, totals.prompt, label.prompt);

  const inputTokens = ensureWithinMax(
    SHAPE,
    totals.prompt - totals.cached + totals.toolUse,
    keys.inputSum,
  );
  const outputTokens = ensureWithinMax(
    SHAPE,
    totals.candidates + thoughts,
    keys.outputSum,
  );

  return {
    inputTokens,
    outputTokens,
    cacheWriteTokens: 0,
    cacheWrite1hTokens: 0,
    cacheReadTokens: totals.cached,
    reasoningTokens: thoughts,
    // Cached audio is subtracted by modality; if the split is uneven the
    // uncached audio can be at most the uncached input.
    audioInputTokens: Math.min(audioInput(usage, keys, totals), inputTokens),
    audioOutputTokens: audioShare(
      usage.candidatesTokensDetails,
      keys,
      'candidatesDetails',
      totals.candidates,
      'candidates',
    ),
  };
}

function audioInput(
  usage: UsageRecord,
  keys: GeminiKeys,
  totals: GeminiTotals,
): number {
  const prompt = audioShare(
    usage.promptTokensDetails,
    keys,
    'promptDetails',
    totals.prompt,
    'prompt',
  );
  const cached = audioShare(
    usage.cacheTokensDetails,
    keys,
    'cacheDetails',
    totals.cached,
    'cached',
  );
  const toolUse = audioShare(
    usage.toolUsePromptTokensDetails,
    keys,
    'toolUseDetails',
    totals.toolUse,
    'toolUse',
  );

  ensurePartOf(
    SHAPE,
    cached,
    keys.audio.cacheDetails,
    prompt,
    keys.audio.promptDetails,
  );

  return prompt - cached + toolUse;
}

/**
 * Sums the AUDIO entries of a modality breakdown (checking every entry)
 * and checks the sum against the total it breaks down.
 */
function audioShare(
  list: unknown,
  keys: GeminiKeys,
  name: DetailList,
  whole: number,
  wholeKey: keyof GeminiTotals,
): number {
  const entries = optionalArray(SHAPE, list, keys.label[name]);
  if (entries === undefined) return 0;

  let audio = 0;
  for (const item of entries) {
    const entry = requireRecord(SHAPE, item, keys.label[name]);
    const count = optionalCount(SHAPE, entry.tokenCount, keys.entry[name]);
    if (entry.modality === 'AUDIO') audio += count;
  }
  ensurePartOf(SHAPE, audio, keys.audio[name], whole, keys.label[wholeKey]);

  return audio;
}

/** The snake_case fields of a Python SDK dump, renamed to the wire's. */
function toCamelCase(usage: UsageRecord): UsageRecord {
  const camel: UsageRecord = {};
  for (const [key, snakeKey] of SNAKE_TO_CAMEL) {
    const value = usage[snakeKey];
    camel[key] = Array.isArray(value) ? value.map(renameTokenCount) : value;
  }

  return camel;
}

function renameTokenCount(entry: unknown): unknown {
  if (!isRecord(entry)) return entry;

  return { modality: entry.modality, tokenCount: entry.token_count };
}
