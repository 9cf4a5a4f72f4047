import type { TokenUsage } from '../schema.js';
import {
  ensurePartOf,
  ensureWithinMax,
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

function normalizeGemini(usage: UsageRecord): TokenUsage {
  const keys =
    usage.promptTokenCount === undefined &&
    usage.prompt_token_count !== undefined
      ? SNAKE_KEYS
      : CAMEL_KEYS;
  const { name, label } = keys;

  const totals: GeminiTotals = {
    prompt: requireCount(SHAPE, usage[name.prompt], label.prompt),
    cached: optionalCount(SHAPE, usage[name.cached], label.cached),
    candidates: optionalCount(SHAPE, usage[name.candidates], label.candidates),
    toolUse: optionalCount(SHAPE, usage[name.toolUse], label.toolUse),
  };
  const thoughts = optionalCount(SHAPE, usage[name.thoughts], label.thoughts);
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
      usage,
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
    usage,
    keys,
    'promptDetails',
    totals.prompt,
    'prompt',
  );
  const cached = audioShare(
    usage,
    keys,
    'cacheDetails',
    totals.cached,
    'cached',
  );
  const toolUse = audioShare(
    usage,
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
  usage: UsageRecord,
  keys: GeminiKeys,
  list: DetailList,
  whole: number,
  wholeKey: keyof GeminiTotals,
): number {
  const entries = optionalArray(
    SHAPE,
    usage[keys.name[list]],
    keys.label[list],
  );
  if (entries === undefined) return 0;

  let audio = 0;
  for (const item of entries) {
    const entry = requireRecord(SHAPE, item, keys.label[list]);
    const count = optionalCount(
      SHAPE,
      entry[keys.name.tokenCount],
      keys.entry[list],
    );
    if (entry.modality === 'AUDIO') audio += count;
  }
  ensurePartOf(SHAPE, audio, keys.audio[list], whole, keys.label[wholeKey]);

  return audio;
}
