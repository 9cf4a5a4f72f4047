import { describe, expect, it } from 'vitest';
import { readSpanCall } from './span-call.js';

describe('readSpanCall', () => {
  it('should tell a stop at the max-tokens limit', () => {
    const call = readSpanCall({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 4096,
      'gen_ai.response.finish_reasons': ['length'],
    });

    expect(call).toMatchObject({ kind: 'call', maxTokensHit: true });
  });

  it('should leave maxTokensHit unknown without a finish reason', () => {
    const call = readSpanCall({
      'gen_ai.system': 'openai',
      'gen_ai.usage.input_tokens': 10,
    });

    expect(call).toMatchObject({
      kind: 'call',
      maxTokensHit: undefined,
      model: 'unknown',
    });
  });

  it('should name a missing provider unknown, so the call is unpriced', () => {
    const call = readSpanCall({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 10,
    });

    expect(call).toMatchObject({ kind: 'call', provider: 'unknown' });
  });

  it('should ignore an AI SDK span that neither calls a model nor sums calls', () => {
    expect(readSpanCall({ 'ai.operationId': 'ai.toolCall' })).toEqual({
      kind: 'other',
    });
  });
});
