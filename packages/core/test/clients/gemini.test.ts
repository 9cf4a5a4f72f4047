import { GoogleGenAI } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { instrumentGemini } from '../../src/clients/index.js';
import { tokenUsage } from '../../src/schema.js';
import {
  captureRecorder,
  expectFailedCall,
  expectOneCall,
  fieldsOf,
  incompleteStream,
  inScope,
  prefixOf,
  recordedInputs,
  storedEvents,
  storedSummary,
  type TrackedCalls,
  trackedRecorder,
} from './capture-recorder.js';
import {
  expectFirstChunkBeforeSecond,
  fixture,
  jsonFixture,
  replayServerPerTest,
  sseEvents,
  type startReplayServer,
  twoEventsApart,
} from './replay-server.js';

const params = {
  model: 'gemini-2.5-flash',
  contents: 'Is claim 4471 covered?',
  config: { systemInstruction: 'You review insurance claims.' },
};

const replay = replayServerPerTest();

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  const server = await replay.start(replies);
  const { recorder, stored } = trackedRecorder();
  const client = new GoogleGenAI({
    apiKey: 'test',
    httpOptions: { baseUrl: server.url, retryOptions: { attempts: 1 } },
  });

  return { recorder, stored, gemini: instrumentGemini(client, recorder) };
}

const STREAM_ID = 'kXqMaO2aBfKvz7IP8dW5gQk';

/** What the recorder was given, for a call of this file's client. */
const recorded = recordedInputs({
  provider: 'google',
  shape: 'gemini.generateContent',
});

/** What the tracker stored, for calls made in `inScope`. */
const storedEvent = storedEvents({
  provider: 'google',
  model: 'gemini-2.5-flash',
  requestId: STREAM_ID,
});

// Prefix: [{"systemInstruction":"You review insurance claims."}] is
// 2 + 19 + 1 + 30 + 2 = 54 characters: ceil(54 / 4) = 14 tokens.
const geminiPrefix = prefixOf(14);

/**
 * Checks `call`, made in `inScope`, was rejected as an `ApiError` with
 * `status` and the fixture `body`, and recorded and stored once as an
 * error with no tokens.
 */
async function expectApiErrorCall(
  tracked: TrackedCalls,
  call: Promise<unknown>,
  {
    status,
    body,
    streamed,
  }: { status: number; body: string; streamed: boolean },
): Promise<void> {
  await expect(call).rejects.toMatchObject({
    name: 'ApiError',
    status,
    message: JSON.stringify(jsonFixture(body)),
  });
  await expectFailedCall(
    tracked,
    { recorded, storedEvent },
    {
      streamed,
      input: { model: 'gemini-2.5-flash', ...geminiPrefix },
      stored: { requestId: null },
    },
  );
}

// The second chunk of generate-stream.sse: cumulative counts so far.
const secondChunkUsage = {
  promptTokenCount: 812,
  candidatesTokenCount: 4,
  totalTokenCount: 880,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 812 }],
  thoughtsTokenCount: 64,
};

describe('instrumentGemini', () => {
  describe('when content is generated', () => {
    it('should record usageMetadata, model version and response id', async () => {
      const { recorder, stored, gemini } = await setup([
        { json: jsonFixture('gemini/generate.json') },
      ]);

      const response = await inScope(() =>
        gemini.models.generateContent(params),
      );

      expect(response.text).toBe('Claim 4471 is covered.');
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'raw',
          model: 'gemini-2.5-flash',
          usage: jsonFixture('gemini/generate.json')['usageMetadata'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          requestId: 'mHqMaNSzKNqvz7IPqs3YwQg',
          ...geminiPrefix,
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
      ]);
      // 2412 prompt of which 2048 cached: 364 uncached; output is 38
      // candidates + 120 thoughts = 158, of which 120 reasoning.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 364,
            cacheReadTokens: 2048,
            outputTokens: 158,
            reasoningTokens: 120,
          }),
          { streamed: false, requestId: 'mHqMaNSzKNqvz7IPqs3YwQg' },
        ),
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
        recorded({
          kind: 'raw',
          model: 'gemini-2.5-flash',
          usage: jsonFixture('gemini/generate.json')['usageMetadata'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          requestId: 'mHqMaNSzKNqvz7IPqs3YwQg',
          maxTokensHit: false,
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when content is streamed', () => {
    it("should record the last chunk's usageMetadata once", async () => {
      const { recorder, stored, gemini } = await setup([
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
        recorded({
          kind: 'raw',
          model: 'gemini-2.5-flash',
          usage: {
            promptTokenCount: 812,
            candidatesTokenCount: 9,
            totalTokenCount: 885,
            promptTokensDetails: [{ modality: 'TEXT', tokenCount: 812 }],
            thoughtsTokenCount: 64,
          },
          streamed: true,
          incomplete: false,
          status: 'ok',
          requestId: STREAM_ID,
          ...geminiPrefix,
          maxTokensHit: true,
          contextUserId: 'u_42',
        }),
      ]);
      // 812 prompt; output 9 candidates + 64 thoughts = 73.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 812,
            outputTokens: 73,
            reasoningTokens: 64,
          }),
          {},
        ),
      ]);
    });

    it('should record an abandoned stream with the usage seen so far', async () => {
      const { recorder, stored, gemini } = await setup([
        { sse: sseEvents(fixture('gemini/generate-stream.sse')) },
      ]);

      await inScope(async () => {
        const stream = await gemini.models.generateContentStream(params);
        let chunks = 0;
        for await (const _chunk of stream) {
          chunks += 1;
          if (chunks === 2) break;
        }
      });

      // The second chunk's cumulative usageMetadata; no finish reason yet.
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'raw',
          model: 'gemini-2.5-flash',
          usage: secondChunkUsage,
          ...incompleteStream('aborted'),
          requestId: STREAM_ID,
          ...geminiPrefix,
          contextUserId: 'u_42',
        }),
      ]);
      // 812 prompt; output 4 candidates + 64 thoughts = 68.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 812,
            outputTokens: 68,
            reasoningTokens: 64,
          }),
          incompleteStream('aborted'),
        ),
      ]);
    });

    it('should pass the first chunk on before the server sends the second', async () => {
      const { gemini } = await setup([
        { ...twoEventsApart(sseEvents(fixture('gemini/generate-stream.sse'))) },
      ]);

      const stream = await gemini.models.generateContentStream(params);

      await expectFirstChunkBeforeSecond(replay.server, stream);
    });
  });

  describe('when a streamed request fails before the stream starts', () => {
    it('should pass the error through and record it once', async () => {
      const { recorder, stored, gemini } = await setup([
        { status: 503, json: jsonFixture('gemini/unavailable.json') },
      ]);

      const call = inScope(() => gemini.models.generateContentStream(params));

      await expectApiErrorCall({ recorder, stored }, call, {
        status: 503,
        body: 'gemini/unavailable.json',
        streamed: true,
      });
    });
  });

  describe('when the stream sends an error chunk', () => {
    // After a 200, the Gemini API may end a stream with a bare JSON error
    // (no `data:` prefix), e.g. 503 UNAVAILABLE: vercel/ai#5217. The SDK
    // throws an ApiError on it (throwIfStreamErrorChunk in @google/genai).
    it('should record the usage seen so far and rethrow the error', async () => {
      const { recorder, stored, gemini } = await setup([
        // The SDK spots the bare error only when it arrives in a read of
        // its own: space the writes so that they are not coalesced.
        {
          sse: sseEvents(fixture('gemini/generate-stream-unavailable.sse')),
          delayMs: 100,
        },
      ]);
      const texts: string[] = [];

      const reading = inScope(async () => {
        const stream = await gemini.models.generateContentStream(params);
        for await (const chunk of stream) texts.push(chunk.text ?? '');
      });

      await expect(reading).rejects.toMatchObject({
        name: 'ApiError',
        status: 503,
      });
      expect(texts).toEqual(['Claim', ' 4471 is']);
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'gemini-2.5-flash',
          usage: secondChunkUsage,
          ...incompleteStream('error'),
          requestId: STREAM_ID,
          ...geminiPrefix,
          contextUserId: 'u_42',
        }),
        storedEvent(
          tokenUsage({
            inputTokens: 812,
            outputTokens: 68,
            reasoningTokens: 64,
          }),
          incompleteStream('error'),
        ),
      );
    });
  });

  describe('when the SDK retries', () => {
    it('should record each failed attempt and the final one', async () => {
      const rateLimited = {
        status: 429,
        json: jsonFixture('gemini/rate-limit.json'),
      };
      const server = await replay.start([
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

      expect(fieldsOf(recorder.calls, ['status', 'attempt'])).toEqual([
        { status: 'error', attempt: 1 },
        { status: 'error', attempt: 2 },
        { status: 'ok', attempt: 3 },
      ]);
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, gemini } = await setup([
        { status: 429, json: jsonFixture('gemini/rate-limit.json') },
      ]);

      const call = inScope(() => gemini.models.generateContent(params));

      await expectApiErrorCall({ recorder, stored }, call, {
        status: 429,
        body: 'gemini/rate-limit.json',
        streamed: false,
      });
    });
  });
});
