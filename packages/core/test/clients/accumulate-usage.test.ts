import { describe, expect, it } from 'vitest';
import {
  accumulateStreamUsage,
  summarizeStream,
} from '../../src/clients/index.js';
import { UsageMissingError } from '../../src/errors.js';
import { tokenUsage } from '../../src/schema.js';
import { fixture, sseEvents } from './replay-server.js';

/** The JSON `data:` payloads of an SSE transcript, `[DONE]` left out. */
function parsedEvents(path: string): unknown[] {
  return sseEvents(fixture(path)).flatMap((event) => {
    const data = event
      .split('\n')
      .find((line) => line.startsWith('data:'))
      ?.slice('data:'.length)
      .trim();

    return data === undefined || data === '[DONE]' ? [] : [JSON.parse(data)];
  });
}

describe('accumulateStreamUsage', () => {
  describe('when given an Anthropic stream', () => {
    it('should combine message_start with the cumulative message_delta', () => {
      const events = parsedEvents('anthropic/stream.sse');

      // message_start: input 472, cache read 2048, output 2; message_delta
      // replaces output with the cumulative 89.
      expect(accumulateStreamUsage('anthropic.messages', events)).toEqual(
        tokenUsage({
          inputTokens: 472,
          cacheReadTokens: 2048,
          outputTokens: 89,
        }),
      );
    });

    it('should keep the input counts a message_delta repeats', () => {
      const events = [
        {
          type: 'message_start',
          message: { usage: { input_tokens: 10, output_tokens: 1 } },
        },
        {
          type: 'message_delta',
          delta: { stop_reason: 'end_turn' },
          usage: {
            input_tokens: 10,
            cache_read_input_tokens: null,
            output_tokens: 25,
          },
        },
      ];

      expect(accumulateStreamUsage('anthropic.messages', events)).toEqual(
        tokenUsage({ inputTokens: 10, outputTokens: 25 }),
      );
    });
  });

  describe('when given an OpenAI chat stream', () => {
    it("should read the last chunk's usage", () => {
      const events = parsedEvents('openai/chat-stream.sse');

      // prompt 1240 of which 1152 cached: 88 uncached; completion 3.
      expect(accumulateStreamUsage('openai.chat', events)).toEqual(
        tokenUsage({
          inputTokens: 88,
          cacheReadTokens: 1152,
          outputTokens: 3,
        }),
      );
    });

    it('should name the fix when the stream carried no usage', () => {
      const events = parsedEvents('openai/chat-stream.sse').slice(0, -1);

      expect(() => accumulateStreamUsage('openai.chat', events)).toThrow(
        UsageMissingError,
      );
    });
  });

  describe('when given an OpenAI Responses stream', () => {
    it('should read response.completed', () => {
      const events = parsedEvents('openai/responses-stream.sse');

      // input 2200 of which 2048 cached: 152; output 300 incl. 128 reasoning.
      expect(accumulateStreamUsage('openai.responses', events)).toEqual(
        tokenUsage({
          inputTokens: 152,
          cacheReadTokens: 2048,
          outputTokens: 300,
          reasoningTokens: 128,
        }),
      );
    });
  });

  describe('when given a Gemini stream', () => {
    it("should read the last chunk's usageMetadata", () => {
      const events = parsedEvents('gemini/generate-stream.sse');

      // prompt 812; candidates 9 plus 64 thoughts = 73 output.
      expect(accumulateStreamUsage('gemini.generateContent', events)).toEqual(
        tokenUsage({
          inputTokens: 812,
          outputTokens: 73,
          reasoningTokens: 64,
        }),
      );
    });
  });

  describe('when given a Mistral stream', () => {
    it('should read raw chunks and SDK events alike', () => {
      const chunks = parsedEvents('mistral/chat-stream.sse');
      const sdkEvents = chunks.map((chunk) => ({
        data: {
          ...(chunk as object),
          usage: { promptTokens: 16, completionTokens: 10, totalTokens: 26 },
        },
      }));
      const expected = tokenUsage({ inputTokens: 16, outputTokens: 10 });

      expect(accumulateStreamUsage('mistral.chat', chunks)).toEqual(expected);
      expect(accumulateStreamUsage('mistral.chat', sdkEvents)).toEqual(
        expected,
      );
    });
  });

  describe('when given a Bedrock ConverseStream', () => {
    it("should read the metadata event's usage", () => {
      const events = [
        { messageStart: { role: 'assistant' } },
        { contentBlockDelta: { delta: { text: 'Covered.' } } },
        { messageStop: { stopReason: 'end_turn' } },
        {
          metadata: {
            usage: { inputTokens: 30, outputTokens: 4, totalTokens: 34 },
            metrics: { latencyMs: 412 },
          },
        },
      ];

      expect(accumulateStreamUsage('bedrock.converse', events)).toEqual(
        tokenUsage({ inputTokens: 30, outputTokens: 4 }),
      );
    });
  });

  describe('when a Responses stream reports a failure', () => {
    const failure = {
      code: 'server_error',
      message:
        'The server had an error while processing your request. Sorry about that!',
    };

    it('should keep the error event', () => {
      const events = parsedEvents('openai/responses-stream-error.sse');

      expect(summarizeStream('openai.responses', events)).toEqual({
        usage: undefined,
        model: 'o4-mini-2025-04-16',
        responseId: 'resp_68a1f0c2b7e48193a2b4d1e8f0c3b6a2',
        stopReason: 'in_progress',
        contentEvents: 1,
        error: {
          type: 'error',
          ...failure,
          param: null,
          sequence_number: 5,
        },
      });
    });

    it("should keep response.failed's error", () => {
      const events = parsedEvents('openai/responses-stream-failed.sse');

      expect(summarizeStream('openai.responses', events)).toMatchObject({
        stopReason: 'failed',
        contentEvents: 1,
        error: failure,
      });
    });

    it('should have no error for a completed stream', () => {
      const events = parsedEvents('openai/responses-stream.sse');

      expect(summarizeStream('openai.responses', events).error).toBe(undefined);
    });
  });
});
