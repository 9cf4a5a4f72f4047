import { describe, expect, it } from 'vitest';
import { defaultCatalog } from './default-catalog.js';

const today = new Date('2026-12-03T12:00:00Z');

// The models issue 4 names, plus the current ones of late 2026.
const REQUIRED: Array<[provider: string, model: string]> = [
  ['anthropic', 'claude-opus-4-5'],
  ['anthropic', 'claude-opus-4-1'],
  ['anthropic', 'claude-opus-4'],
  ['anthropic', 'claude-sonnet-4-5'],
  ['anthropic', 'claude-sonnet-4'],
  ['anthropic', 'claude-3-7-sonnet'],
  ['anthropic', 'claude-haiku-4-5'],
  ['anthropic', 'claude-3-5-haiku'],
  ['anthropic', 'claude-3-haiku'],
  ['anthropic', 'claude-opus-4-6'],
  ['anthropic', 'claude-sonnet-4-6'],
  ['anthropic', 'claude-opus-5-5'],
  ['anthropic', 'claude-sonnet-5-5'],
  ['anthropic', 'claude-haiku-5-5'],
  ['anthropic', 'claude-fable-5-2'],
  ['openai', 'gpt-5'],
  ['openai', 'gpt-5-mini'],
  ['openai', 'gpt-5-nano'],
  ['openai', 'gpt-4.1'],
  ['openai', 'gpt-4.1-mini'],
  ['openai', 'gpt-4.1-nano'],
  ['openai', 'gpt-4o'],
  ['openai', 'gpt-4o-mini'],
  ['openai', 'o3'],
  ['openai', 'o4-mini'],
  ['openai', 'text-embedding-3-small'],
  ['openai', 'text-embedding-3-large'],
  ['openai', 'gpt-5.5'],
  ['openai', 'gpt-5.6-sol'],
  ['openai', 'gpt-6.2-sol'],
  ['openai', 'gpt-6.2-astra'],
  ['google', 'gemini-2.5-pro'],
  ['google', 'gemini-2.5-flash'],
  ['google', 'gemini-2.5-flash-lite'],
  ['google', 'gemini-3.1-pro-preview'],
  ['google', 'gemini-3.8-flash'],
  ['google', 'gemini-4-argon'],
  ['google', 'gemini-4-hydrogen'],
  ['mistral', 'mistral-large-latest'],
  ['mistral', 'mistral-medium-latest'],
  ['mistral', 'mistral-small-latest'],
  ['mistral', 'mistral-ocr-latest'],
  ['mistral', 'mistral-large-4'],
  ['bedrock', 'us.anthropic.claude-opus-4-5-20251101-v1:0'],
  ['vertex', 'claude-opus-4-1@20250805'],
  ['vertex', 'gemini-3.5-flash'],
  ['azure', 'gpt-5'],
];

describe('defaultCatalog coverage', () => {
  it.each(REQUIRED)('should price %s %s today', (provider, model) => {
    const entry = defaultCatalog.find(provider, model, today);

    expect(entry?.source.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('should keep retired models priced at their time', () => {
    const at = new Date('2025-09-01');

    expect(
      defaultCatalog.find('anthropic', 'claude-3-7-sonnet-20250219', at),
    ).not.toBeNull();
    expect(
      defaultCatalog.find('mistral', 'mistral-small-2506', at),
    ).not.toBeNull();
  });
});
