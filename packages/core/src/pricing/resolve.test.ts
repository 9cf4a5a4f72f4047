import { describe, expect, it } from 'vitest';
import { resolveModel } from './resolve-model.js';

/** Moving aliases resolve by date; pin it rather than use the wall clock. */
const AT = new Date('2026-12-01T00:00:00Z');

describe('resolveModel', () => {
  it.each([
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic', 'claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
    ['anthropic', '  Claude-Opus-4-0 ', 'claude-opus-4'],
    ['bedrock', 'anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    [
      'aws-bedrock',
      'us.anthropic.claude-sonnet-4-20250514-v1:0',
      'claude-sonnet-4',
    ],
    ['bedrock', 'global.anthropic.claude-opus-4-6-v1', 'claude-opus-4-6'],
    [
      'bedrock',
      'arn:aws:bedrock:us-east-1:123456789012:inference-profile/eu.anthropic.claude-opus-4-5-20251101-v1:0',
      'claude-opus-4-5',
    ],
    ['vertex', 'claude-sonnet-4@20250514', 'claude-sonnet-4'],
    ['google-vertex', 'claude-opus-5', 'claude-opus-5'],
    ['vertex', 'publishers/google/models/gemini-2.5-pro', 'gemini-2.5-pro'],
    ['google', 'models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['openai', 'gpt-4o-2024-08-06', 'gpt-4o'],
    ['openai', 'gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['openai', 'gpt-5.6-sol-2026-09-30', 'gpt-5.6-sol'],
    ['azure-openai', 'gpt-4.1-mini', 'gpt-4.1-mini'],
    ['mistral', 'mistral-small-latest', 'mistral-small-2603'],
    ['mistralai', 'mistral-ocr-4-1', 'mistral-ocr-4'],
  ])('should resolve %s %s to %s', (provider, model, canonical) => {
    expect(resolveModel(provider, model, undefined, AT)).toBe(canonical);
  });

  it('should follow a moving -latest alias by date', () => {
    const before = new Date('2025-06-01');
    const after = new Date('2025-12-02');

    expect(
      resolveModel('mistral', 'mistral-large-latest', undefined, before),
    ).toBe('mistral-large-2411');
    expect(
      resolveModel('mistral', 'mistral-large-latest', undefined, after),
    ).toBe('mistral-large-2512');
  });

  it.each([
    ['openai', 'claude-sonnet-4-5'],
    ['anthropic', 'gpt-4o'],
    ['openai', 'gpt-7'],
    ['unknown-provider', 'gpt-4o'],
  ])('should return null for %s %s', (provider, model) => {
    expect(resolveModel(provider, model, undefined, AT)).toBeNull();
  });
});
