import { describe, expect, it } from 'vitest';
import { providerFromAiSdk, providerFromGenAi } from './provider.js';

describe('providerFromGenAi', () => {
  it('should map current and legacy convention values', () => {
    expect(providerFromGenAi('aws.bedrock')).toBe('bedrock');
    expect(providerFromGenAi('az_ai_openai')).toBe('azure');
    expect(providerFromGenAi('gcp.vertex_ai')).toBe('vertex');
    expect(providerFromGenAi('Anthropic')).toBe('anthropic');
  });

  it('should return undefined for unknown or missing values', () => {
    expect(providerFromGenAi('cohere-x')).toBeUndefined();
    expect(providerFromGenAi(undefined)).toBeUndefined();
  });
});

describe('providerFromAiSdk', () => {
  it('should map the provider family of an AI SDK model', () => {
    expect(providerFromAiSdk('anthropic.messages')).toBe('anthropic');
    expect(providerFromAiSdk('openai.responses')).toBe('openai');
    expect(providerFromAiSdk('google.generative-ai')).toBe('google');
    expect(providerFromAiSdk('google.vertex.chat')).toBe('vertex');
    expect(providerFromAiSdk('vertex.anthropic.messages')).toBe('vertex');
    expect(providerFromAiSdk('amazon-bedrock')).toBe('bedrock');
    expect(providerFromAiSdk('mistral.chat')).toBe('mistral');
  });

  it('should keep an unknown family and refuse a non-string', () => {
    expect(providerFromAiSdk('groq.chat')).toBe('groq');
    expect(providerFromAiSdk('')).toBeUndefined();
    expect(providerFromAiSdk(42)).toBeUndefined();
  });
});
