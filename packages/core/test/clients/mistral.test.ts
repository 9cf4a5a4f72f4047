import { Mistral } from '@mistralai/mistralai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrumentMistral } from '../../src/clients/index.js';
import { tokenUsage } from '../../src/schema.js';
import {
  expectFailedCall,
  expectOneCall,
  incompleteStream,
  inScope,
  recordedInputs,
  storedEvents,
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

const request = {
  model: 'mistral-small-latest',
  messages: [{ role: 'user' as const, content: 'Is claim 4471 covered?' }],
};

const replay = replayServerPerTest();

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  const server = await replay.start(replies);
  const { recorder, stored } = trackedRecorder();
  const client = new Mistral({ apiKey: 'test', serverURL: server.url });

  return { recorder, stored, mistral: instrumentMistral(client, recorder) };
}

const STREAM_ID = '6ec8a7d4b6f04c13a2b1e3a4f5d6c7b8';

/** What the recorder was given, for a chat call and an OCR call. */
const recorded = recordedInputs({ provider: 'mistral', shape: 'mistral.chat' });
const recordedOcr = recordedInputs({
  provider: 'mistral',
  shape: 'mistral.ocr',
});

/** What the tracker stored, for calls made in `inScope`. */
const storedEvent = storedEvents({
  provider: 'mistral',
  model: 'mistral-small-latest',
  requestId: STREAM_ID,
});

/**
 * Checks `call`, made in `inScope`, was rejected with the unauthorized
 * fixture and recorded and stored once as an error with no tokens.
 */
async function expectUnauthorizedCall(
  tracked: TrackedCalls,
  call: Promise<unknown>,
  { streamed }: { streamed: boolean },
): Promise<void> {
  await expect(call).rejects.toMatchObject({
    statusCode: 401,
    body: JSON.stringify(jsonFixture('mistral/unauthorized.json')),
  });
  await expectFailedCall(
    tracked,
    { recorded, storedEvent },
    {
      streamed,
      input: { model: 'mistral-small-latest' },
      stored: { requestId: null },
    },
  );
}

describe('instrumentMistral', () => {
  describe('when a chat completion is made', () => {
    it('should record the wire usage, model and id', async () => {
      const { recorder, stored, mistral } = await setup([
        { json: jsonFixture('mistral/chat.json') },
      ]);

      const response = await inScope(() => mistral.chat.complete(request));

      expect(response.usage.promptTokens).toBe(16);
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'mistral-small-latest',
          usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
          streamed: false,
          incomplete: false,
          status: 'ok',
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
        storedEvent(tokenUsage({ inputTokens: 16, outputTokens: 34 }), {
          streamed: false,
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
        }),
      );
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
        recorded({
          kind: 'raw',
          model: 'mistral-small-latest',
          usage: { prompt_tokens: 16, completion_tokens: 34, total_tokens: 50 },
          streamed: false,
          incomplete: false,
          status: 'ok',
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
          maxTokensHit: false,
          contextUserId: undefined,
        }),
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
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'mistral-small-latest',
          usage: { prompt_tokens: 16, total_tokens: 26, completion_tokens: 10 },
          streamed: true,
          incomplete: false,
          status: 'ok',
          requestId: STREAM_ID,
          maxTokensHit: true,
          contextUserId: 'u_42',
        }),
        storedEvent(tokenUsage({ inputTokens: 16, outputTokens: 10 }), {}),
      );
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
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'normalized',
          model: 'mistral-small-latest',
          usage: tokenUsage({ outputTokens: 1 }),
          ...incompleteStream('aborted'),
          requestId: STREAM_ID,
          contextUserId: 'u_42',
        }),
        storedEvent(
          tokenUsage({ outputTokens: 1 }),
          incompleteStream('aborted'),
        ),
      );
    });

    it('should pass the first event on before the server sends the second', async () => {
      const { mistral } = await setup([
        { ...twoEventsApart(sseEvents(fixture('mistral/chat-stream.sse'))) },
      ]);

      const stream = await mistral.chat.stream(request);

      await expectFirstChunkBeforeSecond(replay.server, stream);
    });
  });

  describe('when a streamed request fails before the stream starts', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, mistral } = await setup([
        { status: 401, json: jsonFixture('mistral/unauthorized.json') },
      ]);

      const call = inScope(() => mistral.chat.stream(request));

      await expectUnauthorizedCall({ recorder, stored }, call, {
        streamed: true,
      });
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
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'normalized',
          model: 'mistral-small-latest',
          usage: tokenUsage({ outputTokens: 2 }),
          ...incompleteStream('error'),
          requestId: STREAM_ID,
          contextUserId: 'u_42',
        }),
        storedEvent(tokenUsage({ outputTokens: 2 }), incompleteStream('error')),
      );
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
        recordedOcr({
          kind: 'raw',
          model: 'mistral-ocr-2505-completion',
          usage: { pagesProcessed: 2, docSizeBytes: 48213 },
          streamed: false,
          incomplete: false,
          status: 'ok',
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, mistral } = await setup([
        { status: 401, json: jsonFixture('mistral/unauthorized.json') },
      ]);

      const call = inScope(() => mistral.chat.complete(request));

      await expectUnauthorizedCall({ recorder, stored }, call, {
        streamed: false,
      });
    });
  });
});
