import { createAnthropic } from '@ai-sdk/anthropic';
import { APICallError, generateText, streamText, wrapLanguageModel } from 'ai';
import { describe, expect, it } from 'vitest';
import { tokenledgerMiddleware } from '../../src/clients/index.js';
import { tokenUsage } from '../../src/schema.js';
import {
  expectFailedCall,
  expectOneCall,
  failedBeforeUsage,
  fieldsOf,
  incompleteStream,
  inScope,
  prefixOf,
  recordedInputs,
  storedEvents,
  trackedRecorder,
} from './capture-recorder.js';
import {
  fixture,
  jsonFixture,
  replayServerPerTest,
  sseEvents,
  type startReplayServer,
} from './replay-server.js';
import {
  anthropicStreamTokens,
  anthropicStreamUsage,
} from './support/anthropic-stream.js';

const headers = { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy' };
const MESSAGE_ID = 'msg_01XFDUDYJgAACzvnptvVoYEL';
const STREAM_ID = 'msg_01Sm6uQe7zFWa3cVQvqgSNBd';

const replay = replayServerPerTest();

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  const server = await replay.start(replies);
  const { recorder, stored } = trackedRecorder();
  const anthropic = createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: `${server.url}/v1`,
  });
  const model = wrapLanguageModel({
    model: anthropic('claude-sonnet-4-5'),
    middleware: tokenledgerMiddleware(recorder),
  });

  return { recorder, stored, model };
}

/** What the recorder was given, for a call of this file's model. */
const recorded = recordedInputs({
  provider: 'anthropic',
  shape: 'anthropic.messages',
});

/** What the tracker stored, for calls made in `inScope`. */
const storedEvent = storedEvents({
  provider: 'anthropic',
  model: 'claude-sonnet-4-5-20250929',
  requestId: STREAM_ID,
});

const prompt = 'Is claim 4471 covered?';

describe('tokenledgerMiddleware', () => {
  describe('when text is generated', () => {
    it("should record the AI SDK's token classes", async () => {
      const { recorder, stored, model } = await setup([
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      const { text } = await inScope(() =>
        generateText({ model, system: 'You review insurance claims.', prompt }),
      );

      expect(text).toBe('Claim 4471 is covered under section 2.1.');
      // input 21 uncached, 1800 written to the cache, 12 output. Prefix:
      // [{"content":"You review insurance claims.","role":"system"}] is 60
      // characters: 15 tokens.
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'normalized',
          model: 'claude-sonnet-4-5-20250929',
          usage: tokenUsage({
            inputTokens: 21,
            cacheWriteTokens: 1800,
            outputTokens: 12,
          }),
          streamed: false,
          incomplete: false,
          status: 'ok',
          requestId: MESSAGE_ID,
          ...prefixOf(15),
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
        storedEvent(
          tokenUsage({
            inputTokens: 21,
            cacheWriteTokens: 1800,
            outputTokens: 12,
          }),
          { streamed: false, requestId: MESSAGE_ID },
        ),
      );
    });
  });

  describe('when text is streamed', () => {
    it('should record the finish part once', async () => {
      const { recorder, stored, model } = await setup([
        { sse: sseEvents(fixture('anthropic/stream.sse')), headers },
      ]);

      const text = await inScope(async () => {
        const result = streamText({ model, prompt });
        let content = '';
        for await (const delta of result.textStream) content += delta;
        return content;
      });

      expect(text).toBe('Claim 4471 is covered under section');
      // message_start: 472 input, 2048 cache read; message_delta: 89 output.
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'normalized',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamTokens(89),
          streamed: true,
          incomplete: false,
          status: 'ok',
          requestId: STREAM_ID,
          maxTokensHit: true,
          contextUserId: 'u_42',
        }),
        storedEvent(anthropicStreamTokens(89), {}),
      );
    });

    it('should keep the raw chunks it asked for from the caller', async () => {
      const { model } = await setup([
        { sse: sseEvents(fixture('anthropic/stream.sse')), headers },
      ]);
      const call = {
        prompt: [
          {
            role: 'user' as const,
            content: [{ type: 'text' as const, text: prompt }],
          },
        ],
      };

      const partTypes = async (includeRawChunks: boolean) => {
        const { stream } = await model.doStream({ ...call, includeRawChunks });
        const types: string[] = [];
        for await (const part of stream) types.push(part.type);
        return types;
      };

      // 9 SSE events: each one raw chunk when the caller asks for them.
      expect((await partTypes(false)).filter((t) => t === 'raw')).toEqual([]);
      expect((await partTypes(true)).filter((t) => t === 'raw')).toHaveLength(
        9,
      );
    });

    it('should record a stream cut before its finish part with the counts sent so far', async () => {
      const { recorder, stored, model } = await setup([
        {
          sse: sseEvents(fixture('anthropic/stream.sse')),
          headers,
          stopAfter: 5,
        },
      ]);
      const controller = new AbortController();

      const deltas = await inScope(async () => {
        const result = streamText({
          model,
          prompt,
          abortSignal: controller.signal,
        });
        const seen: string[] = [];
        for await (const delta of result.textStream) {
          seen.push(delta);
          if (delta === ' is covered') controller.abort();
        }
        return seen;
      });

      // The server sent message_start and two text deltas, then stalled:
      // message_start's input 472 and cache read 2048 are kept; output is
      // max(2 from message_start, 2 deltas) = 2.
      expect(deltas).toEqual(['Claim 4471', ' is covered']);
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(2),
          ...incompleteStream('aborted'),
          requestId: STREAM_ID,
          contextUserId: 'u_42',
        }),
        storedEvent(anthropicStreamTokens(2), incompleteStream('aborted')),
      );
    });
  });

  describe('when the stream sends an error event', () => {
    // `event: error` after a 200: https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
    it('should record the counts known so far with the error', async () => {
      const { recorder, stored, model } = await setup([
        { sse: sseEvents(fixture('anthropic/stream-overloaded.sse')), headers },
      ]);

      const errors = await inScope(async () => {
        const result = streamText({ model, prompt, onError: () => {} });
        const seen: unknown[] = [];
        for await (const part of result.fullStream) {
          if (part.type === 'error') seen.push(part.error);
        }
        return seen;
      });

      // The caller gets the provider's error object as it came.
      expect(errors).toEqual([
        { type: 'overloaded_error', message: 'Overloaded' },
      ]);
      // message_start's counts; output max(2, 3 content deltas) = 3.
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(3),
          ...incompleteStream('error'),
          requestId: STREAM_ID,
          contextUserId: 'u_42',
        }),
        storedEvent(anthropicStreamTokens(3), incompleteStream('error')),
      );
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, model } = await setup([
        {
          status: 400,
          json: jsonFixture('anthropic/invalid-request.json'),
          headers,
        },
      ]);

      const call = inScope(() =>
        generateText({ model, prompt, maxRetries: 0 }),
      );

      await expect(call).rejects.toBeInstanceOf(APICallError);
      await expect(call).rejects.toMatchObject({
        statusCode: 400,
        responseBody: JSON.stringify(
          jsonFixture('anthropic/invalid-request.json'),
        ),
      });
      await expectFailedCall(
        { recorder, stored },
        { recorded, storedEvent },
        {
          streamed: false,
          input: {
            model: 'claude-sonnet-4-5',
            requestId: headers['request-id'],
          },
          stored: {
            model: 'claude-sonnet-4-5',
            requestId: headers['request-id'],
          },
        },
      );
    });

    it('should record a streamed call that fails before its stream', async () => {
      const { recorder, model } = await setup([
        {
          status: 529,
          json: jsonFixture('anthropic/overloaded.json'),
          headers,
        },
      ]);

      const errors = await inScope(async () => {
        const result = streamText({
          model,
          prompt,
          maxRetries: 0,
          onError: () => {},
        });
        const seen: unknown[] = [];
        for await (const part of result.fullStream) {
          if (part.type === 'error') seen.push(part.error);
        }
        return seen;
      });

      expect(errors[0]).toBeInstanceOf(APICallError);
      expect(errors).toEqual([
        expect.objectContaining({
          statusCode: 529,
          responseBody: JSON.stringify(
            jsonFixture('anthropic/overloaded.json'),
          ),
        }),
      ]);
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'normalized',
          model: 'claude-sonnet-4-5',
          ...failedBeforeUsage({ streamed: true }),
          requestId: headers['request-id'],
          contextUserId: 'u_42',
        }),
      ]);
    });
  });

  describe('when the AI SDK retries', () => {
    it('should number the attempts of one call', async () => {
      const overloaded = {
        status: 529,
        json: jsonFixture('anthropic/overloaded.json'),
        headers: { ...headers, 'retry-after-ms': '5' },
      };
      const { recorder, model } = await setup([
        overloaded,
        overloaded,
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      await generateText({ model, prompt, maxRetries: 2 });
      await generateText({ model, prompt, maxRetries: 2 });

      // The second call is a new one: attempt 1 again.
      expect(fieldsOf(recorder.calls, ['status', 'attempt'])).toEqual([
        { status: 'error', attempt: 1 },
        { status: 'error', attempt: 2 },
        { status: 'ok', attempt: 3 },
        { status: 'ok', attempt: 1 },
      ]);
      expect(replay.server.requests).toHaveLength(4);
    });
  });
});
