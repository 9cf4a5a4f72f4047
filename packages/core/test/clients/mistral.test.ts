import { Mistral } from '@mistralai/mistralai';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrumentMistral } from '../../src/clients/index.js';
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
  const recorder = captureRecorder();
  const client = new Mistral({ apiKey: 'test', serverURL: server.url });

  return { recorder, mistral: instrumentMistral(client, recorder) };
}

const inScope = <T>(fn: () => Promise<T>) =>
  withUsageContext({ userId: 'u_42' }, fn);

describe('instrumentMistral', () => {
  describe('when a chat completion is made', () => {
    it('should record the wire usage, model and id', async () => {
      const { recorder, mistral } = await setup([
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
          latencyMs: expect.any(Number),
          streamed: false,
          incomplete: false,
          status: 'ok',
          attempt: 1,
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
          maxTokensHit: false,
          contextUserId: 'u_42',
        },
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
        expect.objectContaining({
          shape: 'mistral.chat',
          usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
        }),
      ]);
    });
  });

  describe('when a chat completion is streamed', () => {
    it('should record the final chunk usage once', async () => {
      const { recorder, mistral } = await setup([
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
        expect.objectContaining({
          usage: { prompt_tokens: 16, total_tokens: 26, completion_tokens: 10 },
          model: 'mistral-small-latest',
          requestId: '6ec8a7d4b6f04c13a2b1e3a4f5d6c7b8',
          streamed: true,
          incomplete: false,
          status: 'ok',
          maxTokensHit: true,
          contextUserId: 'u_42',
        }),
      ]);
    });

    it('should record an abandoned stream as incomplete', async () => {
      const { recorder, mistral } = await setup([
        { sse: sseEvents(fixture('mistral/chat-stream.sse')) },
      ]);

      const stream = await mistral.chat.stream(request);
      for await (const event of stream) {
        if (event.data.choices[0]?.delta.content === 'Claim 4471') break;
      }

      // The usage chunk never came: one content delta seen, prompt unknown.
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          kind: 'normalized',
          usage: tokenUsage({ outputTokens: 1 }),
          streamed: true,
          incomplete: true,
          status: 'aborted',
        }),
      ]);
    });

    it('should pass each event on as soon as it arrives', async () => {
      const { mistral } = await setup([
        { sse: sseEvents(fixture('mistral/chat-stream.sse')), delayMs: 150 },
      ]);
      const startedAt = performance.now();

      const stream = await mistral.chat.stream(request);
      let firstEventAt: number | undefined;
      for await (const _event of stream) {
        firstEventAt ??= performance.now() - startedAt;
      }

      // 5 events, 150 ms apart: the last is written ~600 ms in.
      const lastWriteAt = server?.writes.at(-1) ?? 0;
      expect(firstEventAt).toBeLessThan(lastWriteAt - 400);
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
        expect.objectContaining({
          shape: 'mistral.ocr',
          model: 'mistral-ocr-2505-completion',
          usage: { pagesProcessed: 2, docSizeBytes: 48213 },
          status: 'ok',
        }),
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, mistral } = await setup([
        { status: 401, json: jsonFixture('mistral/unauthorized.json') },
      ]);

      const call = inScope(() => mistral.chat.complete(request));

      await expect(call).rejects.toMatchObject({ statusCode: 401 });
      expect(recorder.calls).toEqual([
        expect.objectContaining({
          kind: 'normalized',
          model: 'mistral-small-latest',
          usage: tokenUsage(),
          status: 'error',
          attempt: 1,
          contextUserId: 'u_42',
        }),
      ]);
    });
  });
});
