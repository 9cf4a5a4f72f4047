import { Mistral } from '@mistralai/mistralai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrumentMistral } from '../../src/clients/index.js';
import { withUsageContext } from '../../src/context.js';
import { tokenUsage } from '../../src/schema.js';
import {
  anyLatency,
  storedSummary,
  trackedRecorder,
} from './capture-recorder.js';
import {
  fixture,
  jsonFixture,
  type ReplayServer,
  sseEvents,
  startReplayServer,
} from './replay-server.js';

const request = {
  model: 'mistral-small-latest',
  messages: [{ role: 'user' as const, content: 'Is claim 4471 covered?' }],
};

let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  server = await startReplayServer(replies);
  const { recorder, stored } = trackedRecorder();
  const client = new Mistral({ apiKey: 'test', serverURL: server.url });

  return { recorder, stored, mistral: instrumentMistral(client, recorder) };
}

const STREAM_ID = '6ec8a7d4b6f04c13a2b1e3a4f5d6c7b8';

/** What the tracker stored, for calls made in `inScope`. */
const storedEvent = (
  usage: ReturnType<typeof tokenUsage>,
  fields: Partial<ReturnType<typeof storedSummary>>,
) => ({
  provider: 'mistral',
  model: 'mistral-small-latest',
  usage,
  streamed: true,
  incomplete: false,
  status: 'ok',
  attempt: 1,
  requestId: STREAM_ID,
  userId: 'u_42',
  ...fields,
});

const inScope = <T>(fn: () => Promise<T>) =>
  withUsageContext({ userId: 'u_42' }, fn);

describe('instrumentMistral', () => {
  describe('when a chat completion is made', () => {
    it('should record the wire usage, model and id', async () => {
      const { recorder, stored, mistral } = await setup([
        { json: jsonFixture('mistral/chat.json') },
      ]);

      const response = await inScope(() => mistral.chat.complete(request));

      expect(response.usage.promptTokens).toBe(16);
      expect(recorder.calls).toEqual([
        {
          kind: 'raw',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: false,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
          maxTokensHit: false,
          contextUserId: 'u_42',
        },
      ]);
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(tokenUsage({ inputTokens: 16, outputTokens: 34 }), {
          streamed: false,
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
        }),
      ]);
    });
  });

  describe('when the parse() helper is used', () => {
    it('should record the completion once', async () => {
      const body = jsonFixture('mistral/chat.json');
      const jsonAnswer = {
        index: 0,
        message: { role: 'assistant', content: '{"covered":true}' },
        finish_reason: 'stop',
      };
      const { recorder, mistral } = await setup([
        { json: { ...body, choices: [jsonAnswer] } },
      ]);

      const response = await mistral.chat.parse({
        ...request,
        responseFormat: z.object({ covered: z.boolean() }),
      });

      expect(response.choices?.[0]?.message?.parsed).toEqual({ covered: true });

      expect(recorder.calls).toEqual([
        {
          kind: 'raw',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: false,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
          maxTokensHit: false,
          contextUserId: undefined,
        },
      ]);
    });
  });

  describe('when a chat completion is streamed', () => {
    it('should record the final chunk usage once', async () => {
      const { recorder, stored, mistral } = await setup([
        { sse: sseEvents(fixture('mistral/chat-stream.sse')) },
      ]);

      const text = await inScope(async () => {
        const stream = await mistral.chat.stream(request);
        let content = '';
        for await (const event of stream) {
          content += String(event.data.choices[0]?.delta.content ?? '');
        }
        return content;
      });

      expect(text).toBe('Claim 4471 is covered.');
      expect(recorder.calls).toEqual([
        {
          kind: 'raw',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: { prompt_tokens: 16, total_tokens: 26, completion_tokens: 10 },
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: true,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          requestId: STREAM_ID,
          maxTokensHit: true,
          contextUserId: 'u_42',
        },
      ]);
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(tokenUsage({ inputTokens: 16, outputTokens: 10 }), {}),
      ]);
    });

    it('should record an abandoned stream as incomplete', async () => {
      const { recorder, stored, mistral } = await setup([
        { sse: sseEvents(fixture('mistral/chat-stream.sse')) },
      ]);

      await inScope(async () => {
        const stream = await mistral.chat.stream(request);
        for await (const event of stream) {
          if (event.data.choices[0]?.delta.content === 'Claim 4471') break;
        }
      });

      // The usage chunk never came: one content delta seen; the prompt is
      // unknown, recorded as 0.
      expect(recorder.calls).toEqual([
        {
          kind: 'normalized',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: tokenUsage({ outputTokens: 1 }),
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: true,
          incomplete: true,
          status: 'aborted',
          attempt: 1,
          requestId: STREAM_ID,
          contextUserId: 'u_42',
        },
      ]);
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(tokenUsage({ outputTokens: 1 }), {
          incomplete: true,
          status: 'aborted',
        }),
      ]);
    });

    it('should pass the first event on before the server sends the second', async () => {
      const { mistral } = await setup([
        {
          sse: sseEvents(fixture('mistral/chat-stream.sse')),
          delayMs: 300,
          stopAfter: 2,
        },
      ]);

      const stream = await mistral.chat.stream(request);
      const received: number[] = [];
      for await (const _event of stream) {
        received.push(performance.now());
        if (received.length === 2) break;
      }

      // The server waits 300 ms between its two events; both clocks are
      // this process's performance.now().
      const [firstSentAt = 0, secondSentAt = 0] = server?.writes ?? [];
      expect(secondSentAt - firstSentAt).toBeGreaterThanOrEqual(290);
      expect(received[0]).toBeGreaterThanOrEqual(firstSentAt);
      expect(received[0]).toBeLessThan(secondSentAt);
    });
  });

  describe('when a streamed request fails before the stream starts', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, mistral } = await setup([
        { status: 401, json: jsonFixture('mistral/unauthorized.json') },
      ]);

      const call = inScope(() => mistral.chat.stream(request));

      await expect(call).rejects.toMatchObject({
        statusCode: 401,
        body: JSON.stringify(jsonFixture('mistral/unauthorized.json')),
      });
      expect(recorder.calls).toEqual([
        {
          kind: 'normalized',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: tokenUsage(),
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: true,
          incomplete: false,
          status: 'error',
          attempt: 1,
          contextUserId: 'u_42',
        },
      ]);
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(tokenUsage(), { status: 'error', requestId: null }),
      ]);
    });
  });

  describe('when the connection drops mid-stream', () => {
    it('should record the content seen and rethrow the network error', async () => {
      const { recorder, stored, mistral } = await setup([
        { sse: sseEvents(fixture('mistral/chat-stream.sse')), cutAfter: 3 },
      ]);
      const content: string[] = [];

      const reading = inScope(async () => {
        const stream = await mistral.chat.stream(request);
        for await (const event of stream) {
          content.push(String(event.data.choices[0]?.delta.content));
        }
      });

      await expect(reading).rejects.toThrow('terminated');
      expect(content).toEqual(['', 'Claim 4471', ' is covered.']);
      // Two content deltas ("" does not count); the prompt is unknown.
      expect(recorder.calls).toEqual([
        {
          kind: 'normalized',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: tokenUsage({ outputTokens: 2 }),
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: true,
          incomplete: true,
          status: 'error',
          attempt: 1,
          requestId: STREAM_ID,
          contextUserId: 'u_42',
        },
      ]);
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(tokenUsage({ outputTokens: 2 }), {
          incomplete: true,
          status: 'error',
        }),
      ]);
    });
  });

  describe('when a document is processed by OCR', () => {
    it('should record the pages processed', async () => {
      const { recorder, mistral } = await setup([
        { json: jsonFixture('mistral/ocr.json') },
      ]);

      await mistral.ocr.process({
        model: 'mistral-ocr-latest',
        document: {
          type: 'document_url',
          documentUrl: 'https://example.com/claim-4471.pdf',
        },
      });

      expect(recorder.calls).toEqual([
        {
          kind: 'raw',
          provider: 'mistral',
          model: 'mistral-ocr-2505-completion',
          shape: 'mistral.ocr',
          usage: { pagesProcessed: 2, docSizeBytes: 48213 },
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: false,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          contextUserId: undefined,
        },
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, mistral } = await setup([
        { status: 401, json: jsonFixture('mistral/unauthorized.json') },
      ]);

      const call = inScope(() => mistral.chat.complete(request));

      await expect(call).rejects.toMatchObject({
        statusCode: 401,
        body: JSON.stringify(jsonFixture('mistral/unauthorized.json')),
      });
      expect(recorder.calls).toEqual([
        {
          kind: 'normalized',
          provider: 'mistral',
          model: 'mistral-small-latest',
          shape: 'mistral.chat',
          usage: tokenUsage(),
          timestamp: expect.any(Date),
          latencyMs: anyLatency,
          streamed: false,
          incomplete: false,
          status: 'error',
          attempt: 1,
          contextUserId: 'u_42',
        },
      ]);
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(tokenUsage(), {
          streamed: false,
          status: 'error',
          requestId: null,
        }),
      ]);
    });
  });
});
