import { tokenUsage } from '@tokenledger/core';
import { describe, expect, it } from 'vitest';
import { aiSdkUsage } from './ai-sdk-usage.js';

describe('aiSdkUsage', () => {
  describe('when the span has the v6 breakdown', () => {
    it('should derive what the provider did not report', () => {
      expect(
        aiSdkUsage(
          {
            'ai.usage.inputTokens': 2100,
            'ai.usage.inputTokenDetails.cacheReadTokens': 2048,
            'ai.usage.outputTokenDetails.textTokens': 172,
            'ai.usage.outputTokenDetails.reasoningTokens': 128,
          },
          'openai.responses',
        ),
      ).toEqual(
        tokenUsage({
          inputTokens: 52,
          cacheReadTokens: 2048,
          outputTokens: 300,
          reasoningTokens: 128,
        }),
      );
    });
  });

  describe('when the span has v4/v5 counts', () => {
    it('should keep Bedrock input, which excludes the cache', () => {
      expect(
        aiSdkUsage(
          {
            'ai.usage.inputTokens': 1000,
            'ai.usage.cachedInputTokens': 2000,
            'ai.usage.outputTokens': 300,
          },
          'amazon-bedrock',
        ),
      ).toEqual(
        tokenUsage({
          inputTokens: 1000,
          cacheReadTokens: 2000,
          outputTokens: 300,
        }),
      );
    });

    it('should read v4 OpenAI cache and reasoning from provider metadata', () => {
      expect(
        aiSdkUsage(
          {
            'ai.usage.promptTokens': 2500,
            'ai.usage.completionTokens': 400,
            'ai.response.providerMetadata':
              '{"openai":{"cachedPromptTokens":2048,"reasoningTokens":256}}',
          },
          'openai.chat',
        ),
      ).toEqual(
        tokenUsage({
          inputTokens: 452,
          cacheReadTokens: 2048,
          outputTokens: 400,
          reasoningTokens: 256,
        }),
      );
    });

    it('should ignore provider metadata that is not JSON', () => {
      expect(
        aiSdkUsage(
          {
            'ai.usage.inputTokens': 1000,
            'ai.usage.outputTokens': 300,
            'ai.response.providerMetadata': '{"anthropic":',
          },
          'anthropic.messages',
        ),
      ).toEqual(tokenUsage({ inputTokens: 1000, outputTokens: 300 }));
    });
  });

  it('should return undefined without counts', () => {
    expect(aiSdkUsage({ 'ai.model.id': 'gpt-4o' }, 'openai.chat')).toBe(
      undefined,
    );
  });
});
