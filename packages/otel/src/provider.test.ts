import { describe, expect, it } from 'vitest';
import { providerFromGenAi } from './provider.js';

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
