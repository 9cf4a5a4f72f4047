import { createAnthropic } from '@ai-sdk/anthropic';
import { generateText, streamText, wrapLanguageModel } from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { tokenledgerMiddleware } from '../../src/clients/index.js';
import { withUsageContext } from '../../src/context.js';
import { tokenUsage } from '../../src/schema.js';
import { captureRecorder } from './capture-recorder.js';
import {
  fixture,
  jsonFixture,
  type ReplayServer,
  sseEvents,
  startReplayServer,
} from './replay-server.js';

const headers = { 'request-id': 'req_011CSHoEeqs5C35K2UUqR7Fy' };

let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  server = await startReplayServer(replies);
  const recorder = captureRecorder();
  const anthropic = createAnthropic({
    apiKey: 'sk-ant-test',
    baseURL: `${server.url}/v1`,
  });
  const model = wrapLanguageModel({
    model: anthropic('claude-sonnet-4-5'),
    middleware: tokenledgerMiddleware(recorder),
  });

  return { recorder, model };
}

const inScope = <T>(fn: () => Promise<T>) =>
  withUsageContext({ userId: 'u_42' }, fn);

describe('tokenledgerMiddleware', () => {
  describe('when text is generated', () => {
    it("should record the AI SDK's token classes", async () => {
      const { recorder, model } = await setup([
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      const { text } = await inScope(() =>
        generateText({
          model,
          system: 'You review insurance claims.',
          prompt: 'Is claim 4471 covered?',
        }),
      );

      expect(text).toBe('Claim 4471 is covered under section 2.1.');
      // input 21 uncached, 1800 written to the cache, 12 output.
      expect(recorder.calls).toEqual([
        {
          kind: 'normalized',
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          shape: 'anthropic.messages',
          usage: tokenUsage({
            inputTokens: 21,
            cacheWriteTokens: 1800,
            outputTokens: 12,
          }),
          timestamp: expect.any(Date),
          latencyMs: expect.any(Number),
          streamed: false,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          requestId: 'msg_01XFDUDYJgAACzvnptvVoYEL',
          prefixHash: expect.stringMatching(/^[0-9a-f]{32}$/),
          prefixTokens: expect.any(Number),
          maxTokensHit: false,
          contextUserId: 'u_42',
        },
      ]);
    });
  });

  describe('when text is streamed', () => {
    it('should record the finish part once', async () => {
      const { recorder, model } = await setup([
        { sse: sseEvents(fixture('anthropic/stream.sse')), headers },
      ]);

      const text = await inScope(async () => {
        const result = streamText({ model, prompt: 'Is claim 4471 covered?' });
        let content = '';
        for await (const delta of result.textStream) content += delta;
        return content;
      });

      expect(text).toBe('Claim 4471 is covered under section');
      // message_start: 472 input, 2048 cache read; message_delta: 89 output.
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          model: 'claude-sonnet-4-5-20250929',
          usage: tokenUsage({
            inputTokens: 472,
            cacheReadTokens: 2048,
            outputTokens: 89,
          }),
          streamed: true,
          incomplete: false,
          status: 'ok',
          maxTokensHit: true,
          requestId: 'msg_01Sm6uQe7zFWa3cVQvqgSNBd',
          contextUserId: 'u_42',
        }),
      ]);
    });

    it('should record a stream cut before its finish part as incomplete', async () => {
      const { recorder, model } = await setup([
        {
          sse: sseEvents(fixture('anthropic/stream.sse')),
          headers,
          stopAfter: 5,
        },
      ]);
      const controller = new AbortController();

      const result = streamText({
        model,
        prompt: 'Is claim 4471 covered?',
        abortSignal: controller.signal,
      });
      for await (const delta of result.textStream) {
        if (delta === ' is covered') controller.abort();
      }

      // Two text deltas had arrived when the caller aborted.
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          kind: 'normalized',
          usage: tokenUsage({ outputTokens: 2 }),
          streamed: true,
          incomplete: true,
          status: 'aborted',
        }),
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, model } = await setup([
        {
          status: 400,
          json: jsonFixture('anthropic/invalid-request.json'),
          headers,
        },
      ]);

      const call = inScope(() =>
        generateText({
          model,
          prompt: 'Is claim 4471 covered?',
          maxRetries: 0,
        }),
      );

      await expect(call).rejects.toMatchObject({ statusCode: 400 });
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          kind: 'normalized',
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          usage: tokenUsage(),
          status: 'error',
          contextUserId: 'u_42',
        }),
      ]);
    });
  });
});
