import { describe, expect, it } from 'vitest';
import { gemini } from '../../test/usage-fixtures.js';
import { UsageError } from '../errors.js';
import { tokenUsage } from '../schema.js';
import { normalizeUsage } from './normalize.js';

describe('normalizeUsage gemini.generateContent', () => {
  it.each([
    {
      name: 'cached content and thinking (acceptance case)',
      raw: gemini.cachedThinking,
      // promptTokenCount 10000 includes 8000 cached: 2000 uncached.
      // thoughts 1200 are not in candidates 500: output 500 + 1200 = 1700.
      expected: tokenUsage({
        inputTokens: 2000,
        outputTokens: 1700,
        cacheReadTokens: 8000,
        reasoningTokens: 1200,
      }),
    },
    {
      name: 'the acceptance case as a bare usageMetadata',
      raw: {
        promptTokenCount: 10_000,
        candidatesTokenCount: 500,
        thoughtsTokenCount: 1200,
        cachedContentTokenCount: 8000,
        totalTokenCount: 11_700,
      },
      expected: tokenUsage({
        inputTokens: 2000,
        outputTokens: 1700,
        cacheReadTokens: 8000,
        reasoningTokens: 1200,
      }),
    },
    {
      name: 'tool-use prompt tokens as input',
      raw: gemini.toolUse,
      // toolUsePromptTokenCount is on top of the prompt: 120 + 300 = 420.
      expected: tokenUsage({ inputTokens: 420, outputTokens: 40 }),
    },
    {
      name: 'audio in the prompt, part of it cached',
      raw: gemini.cachedAudio,
      // uncached: 10000 - 8000 = 2000; uncached audio: 1000 - 500 = 500.
      expected: tokenUsage({
        inputTokens: 2000,
        outputTokens: 60,
        cacheReadTokens: 8000,
        audioInputTokens: 500,
      }),
    },
    {
      name: 'audio output, with zero counts omitted',
      raw: gemini.audioOutput,
      expected: tokenUsage({
        inputTokens: 25,
        outputTokens: 400,
        audioOutputTokens: 400,
      }),
    },
    {
      name: 'a snake_case dump of the Python SDK',
      raw: gemini.pythonDump,
      // 16 candidates + 8 thoughts = 24 output.
      expected: tokenUsage({
        inputTokens: 64,
        outputTokens: 24,
        reasoningTokens: 8,
      }),
    },
    {
      name: 'a streamed chunk before any candidate tokens',
      raw: { usageMetadata: { promptTokenCount: 33, totalTokenCount: 33 } },
      expected: tokenUsage({ inputTokens: 33 }),
    },
  ])('should map $name', ({ raw, expected }) => {
    expect(normalizeUsage('gemini.generateContent', raw)).toEqual(expected);
  });

  it('should reject cached content larger than the prompt', () => {
    const raw = { promptTokenCount: 100, cachedContentTokenCount: 101 };

    expect(() =>
      normalizeUsage('gemini.generateContent', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid gemini.generateContent usage: usageMetadata.cachedContentTokenCount (101) is larger than usageMetadata.promptTokenCount (100), which includes it. The counts contradict each other; pass the provider's usage object unchanged. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should reject a breakdown entry with a bad count', () => {
    const raw = {
      promptTokenCount: 100,
      promptTokensDetails: [{ modality: 'AUDIO', tokenCount: -1 }],
    };

    expect(() =>
      normalizeUsage('gemini.generateContent', raw),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UsageError: Invalid gemini.generateContent usage: usageMetadata.promptTokensDetails[].tokenCount is negative (-1); expected an integer count from 0 to 100000000. See docs/usage-semantics.md for the fields each shape reads.]`,
    );
  });

  it('should reject an input side that adds up past the limit', () => {
    const raw = {
      promptTokenCount: 60_000_000,
      toolUsePromptTokenCount: 50_000_000,
    };

    expect(() => normalizeUsage('gemini.generateContent', raw)).toThrow(
      UsageError,
    );
  });
});
