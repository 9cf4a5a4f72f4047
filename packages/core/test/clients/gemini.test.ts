import { GoogleGenAI } from '@google/genai';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentGemini } from '../../src/clients/index.js';
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

const params = {
  model: 'gemini-2.5-flash',
  contents: 'Is claim 4471 covered?',
  config: { systemInstruction: 'You review insurance claims.' },
};

let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  server = await startReplayServer(replies);
  const recorder = captureRecorder();
  const client = new GoogleGenAI({
    apiKey: 'test',
    httpOptions: { baseUrl: server.url, retryOptions: { attempts: 1 } },
  });

  return { recorder, gemini: instrumentGemini(client, recorder) };
}

const inScope = <T>(fn: () => Promise<T>) =>
  withUsageContext({ userId: 'u_42' }, fn);

describe('instrumentGemini', () => {
  describe('when content is generated', () => {
    it('should record usageMetadata, model version and response id', async () => {
      const { recorder, gemini } = await setup([
        { json: jsonFixture('gemini/generate.json') },
      ]);

      const response = await inScope(() =>
        gemini.models.generateContent(params),
      );

      expect(response.text).toBe('Claim 4471 is covered.');
      // Prefix: [{"systemInstruction":"You review insurance claims."}] is
      // 2 + 19 + 1 + 30 + 2 = 54 characters: ceil(54 / 4) = 14 tokens.
      expect(recorder.calls).toEqual([
        {
          kind: 'raw',
          provider: 'google',
          model: 'gemini-2.5-flash',
          shape: 'gemini.generateContent',
          usage: jsonFixture('gemini/generate.json')['usageMetadata'],
          timestamp: expect.any(Date),
          latencyMs: expect.any(Number),
          streamed: false,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          requestId: 'mHqMaNSzKNqvz7IPqs3YwQg',
          prefixHash: expect.stringMatching(/^[0-9a-f]{32}$/),
          prefixTokens: 14,
          maxTokensHit: false,
          contextUserId: 'u_42',
        },
      ]);
    });
  });

  describe('when a chat session sends a message', () => {
    it('should record the call made through the session', async () => {
      const { recorder, gemini } = await setup([
        { json: jsonFixture('gemini/generate.json') },
      ]);

      const chat = gemini.chats.create({ model: 'gemini-2.5-flash' });
      const response = await chat.sendMessage({ message: 'Is it covered?' });

      expect(response.text).toBe('Claim 4471 is covered.');
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          provider: 'google',
          usage: jsonFixture('gemini/generate.json')['usageMetadata'],
          requestId: 'mHqMaNSzKNqvz7IPqs3YwQg',
        }),
      ]);
    });
  });

  describe('when content is streamed', () => {
    it("should record the last chunk's usageMetadata once", async () => {
      const { recorder, gemini } = await setup([
        { sse: sseEvents(fixture('gemini/generate-stream.sse')) },
      ]);

      const text = await inScope(async () => {
        const stream = await gemini.models.generateContentStream(params);
        let content = '';
        for await (const chunk of stream) content += chunk.text ?? '';
        return content;
      });

      expect(text).toBe('Claim 4471 is covered.');
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          usage: {
            promptTokenCount: 812,
            candidatesTokenCount: 9,
            totalTokenCount: 885,
            promptTokensDetails: [{ modality: 'TEXT', tokenCount: 812 }],
            thoughtsTokenCount: 64,
          },
          requestId: 'kXqMaO2aBfKvz7IP8dW5gQk',
          streamed: true,
          incomplete: false,
          status: 'ok',
          maxTokensHit: true,
          contextUserId: 'u_42',
        }),
      ]);
    });

    it('should record an abandoned stream with the usage seen so far', async () => {
      const { recorder, gemini } = await setup([
        { sse: sseEvents(fixture('gemini/generate-stream.sse')) },
      ]);

      const stream = await gemini.models.generateContentStream(params);
      let chunks = 0;
      for await (const _chunk of stream) {
        chunks += 1;
        if (chunks === 2) break;
      }

      // The second chunk's cumulative usageMetadata: 812 prompt, 4 output.
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          usage: expect.objectContaining({
            promptTokenCount: 812,
            candidatesTokenCount: 4,
          }),
          incomplete: true,
          status: 'aborted',
        }),
      ]);
    });
  });

  describe('when the SDK retries', () => {
    it('should record each failed attempt and the final one', async () => {
      const rateLimited = {
        status: 429,
        json: jsonFixture('gemini/rate-limit.json'),
      };
      server = await startReplayServer([
        rateLimited,
        rateLimited,
        { json: jsonFixture('gemini/generate.json') },
      ]);
      const recorder = captureRecorder();
      const gemini = instrumentGemini(
        new GoogleGenAI({
          apiKey: 'test',
          httpOptions: {
            baseUrl: server.url,
            retryOptions: { attempts: 3, initialDelay: 0.001, maxDelay: 0.001 },
          },
        }),
        recorder,
      );

      await gemini.models.generateContent(params);

      expect(
        recorder.calls.map(({ status, attempt }) => ({ status, attempt })),
      ).toEqual([
        { status: 'error', attempt: 1 },
        { status: 'error', attempt: 2 },
        { status: 'ok', attempt: 3 },
      ]);
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, gemini } = await setup([
        { status: 429, json: jsonFixture('gemini/rate-limit.json') },
      ]);

      const call = inScope(() => gemini.models.generateContent(params));

      await expect(call).rejects.toMatchObject({ status: 429 });
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          kind: 'normalized',
          model: 'gemini-2.5-flash',
          usage: tokenUsage(),
          status: 'error',
          attempt: 1,
          contextUserId: 'u_42',
        }),
      ]);
    });
  });
});
