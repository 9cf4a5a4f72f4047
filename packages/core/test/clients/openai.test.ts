import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../../src/clients/index.js';
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

const REQUEST_ID = 'req_9a3f1c0b5e7d4c2a8b6f0e1d2c3b4a59';
const headers = { 'x-request-id': REQUEST_ID };
const chatParams = {
  model: 'gpt-4o',
  messages: [
    { role: 'system' as const, content: 'You review insurance claims.' },
    { role: 'user' as const, content: 'Is claim 4471 covered?' },
  ],
};

const replay = replayServerPerTest();

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  const server = await replay.start(replies);
  const { recorder, stored } = trackedRecorder();
  const client = new OpenAI({
    apiKey: 'sk-test',
    baseURL: `${server.url}/v1`,
    maxRetries: 0,
  });

  return { recorder, stored, openai: instrumentOpenAI(client, recorder) };
}

/** What the recorder was given, for a call of each API of the client. */
const recordedChat = recordedInputs({
  provider: 'openai',
  shape: 'openai.chat',
  requestId: REQUEST_ID,
});
const recordedResponse = recordedInputs({
  provider: 'openai',
  shape: 'openai.responses',
  requestId: REQUEST_ID,
});
const recordedEmbeddings = recordedInputs({
  provider: 'openai',
  shape: 'openai.embeddings',
  requestId: REQUEST_ID,
});

/** What the tracker stored, for calls made in `inScope`. */
const storedEvent = storedEvents({
  provider: 'openai',
  model: 'gpt-4o-mini-2024-07-18',
  requestId: REQUEST_ID,
});

// Prefix of chatParams: [{"content":"You review insurance claims.","role":"system"}]
// is 2 + 9 + 1 + 30 + 1 + 6 + 1 + 8 + 2 = 60 characters: 15 tokens.
const chatPrefix = prefixOf(15);

/**
 * Checks `call`, made in `inScope`, was rejected with the rate-limit
 * fixture and recorded and stored once as an error with no tokens.
 */
async function expectRateLimitedCall(
  tracked: TrackedCalls,
  call: Promise<unknown>,
  { streamed }: { streamed: boolean },
): Promise<void> {
  await expect(call).rejects.toBeInstanceOf(OpenAI.RateLimitError);
  await expect(call).rejects.toMatchObject({
    status: 429,
    requestID: REQUEST_ID,
    error: jsonFixture('openai/rate-limit.json')['error'],
  });
  await expectFailedCall(
    tracked,
    { recorded: recordedChat, storedEvent },
    {
      streamed,
      input: { model: 'gpt-4o', ...chatPrefix },
      stored: { model: 'gpt-4o' },
    },
  );
}

const streamedUsage = {
  prompt_tokens: 1240,
  completion_tokens: 3,
  total_tokens: 1243,
  prompt_tokens_details: { cached_tokens: 1152, audio_tokens: 0 },
  completion_tokens_details: {
    reasoning_tokens: 0,
    audio_tokens: 0,
    accepted_prediction_tokens: 0,
    rejected_prediction_tokens: 0,
  },
};

/**
 * What the recorder was given for a whole `openai/chat-stream.sse`, read
 * with `contextUserId` in the usage context.
 */
function recordedChatStream(contextUserId: string | undefined) {
  return recordedChat({
    kind: 'raw',
    model: 'gpt-4o-mini-2024-07-18',
    usage: streamedUsage,
    streamed: true,
    incomplete: false,
    status: 'ok',
    ...chatPrefix,
    maxTokensHit: true,
    contextUserId,
  });
}

describe('instrumentOpenAI', () => {
  describe('when a chat completion is created', () => {
    it('should record the usage object, model, request id and prefix', async () => {
      const { recorder, stored, openai } = await setup([
        { json: jsonFixture('openai/chat.json'), headers },
      ]);

      const completion = await inScope(() =>
        openai.chat.completions.create(chatParams),
      );

      expect(completion.choices[0]?.message.content).toBe(
        'Claim 4471 is covered.',
      );
      expect(recorder.calls).toEqual([
        recordedChat({
          kind: 'raw',
          model: 'gpt-4o-2024-08-06',
          usage: jsonFixture('openai/chat.json')['usage'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          ...chatPrefix,
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
      ]);
      // 1117 prompt tokens of which 1024 cached: 93 uncached; 46 output.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 93,
            cacheReadTokens: 1024,
            outputTokens: 46,
          }),
          { model: 'gpt-4o-2024-08-06', streamed: false },
        ),
      ]);
    });
  });

  describe('when requestStreamUsage is off', () => {
    it('should leave the request as the caller made it', async () => {
      const server = await replay.start([
        { sse: sseEvents(fixture('openai/chat-stream.sse')), headers },
      ]);
      const recorder = captureRecorder();
      const openai = instrumentOpenAI(
        new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1` }),
        recorder,
        { requestStreamUsage: false },
      );

      const stream = await openai.chat.completions.create({
        ...chatParams,
        stream: true,
      });
      for await (const _chunk of stream);

      expect(server.requests[0]?.body).not.toHaveProperty('stream_options');
      expect(recorder.calls).toHaveLength(1);
    });
  });

  describe('when the parse() helper is used', () => {
    it('should record the completion once', async () => {
      const { recorder, openai } = await setup([
        { json: jsonFixture('openai/chat.json'), headers },
      ]);

      const completion = await openai.chat.completions.parse({
        ...chatParams,
        response_format: { type: 'text' },
      });

      expect(completion.choices[0]?.message.content).toBe(
        'Claim 4471 is covered.',
      );
      expect(recorder.calls).toEqual([
        recordedChat({
          kind: 'raw',
          model: 'gpt-4o-2024-08-06',
          usage: jsonFixture('openai/chat.json')['usage'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          ...chatPrefix,
          maxTokensHit: false,
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when a chat completion is streamed', () => {
    it('should ask for usage and hide the usage-only chunk', async () => {
      const { recorder, stored, openai } = await setup([
        { sse: sseEvents(fixture('openai/chat-stream.sse')), headers },
      ]);

      const chunks = await inScope(async () => {
        const stream = await openai.chat.completions.create({
          ...chatParams,
          stream: true,
        });
        const seen = [];
        for await (const chunk of stream) seen.push(chunk);
        return seen;
      });

      expect(replay.server.requests[0]?.body?.['stream_options']).toEqual({
        include_usage: true,
      });
      expect(chunks).toHaveLength(5);
      expect(chunks.every((chunk) => chunk.choices.length === 1)).toBe(true);
      expect(recorder.calls).toEqual([recordedChatStream('u_42')]);
      // 1240 prompt tokens of which 1152 cached: 88 uncached; 3 output.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 88,
            cacheReadTokens: 1152,
            outputTokens: 3,
          }),
          {},
        ),
      ]);
    });

    it('should pass the usage chunk on when the caller asked for it', async () => {
      const { recorder, openai } = await setup([
        { sse: sseEvents(fixture('openai/chat-stream.sse')), headers },
      ]);

      const stream = await openai.chat.completions.create({
        ...chatParams,
        stream: true,
        stream_options: { include_usage: true },
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);

      expect(chunks).toHaveLength(6);
      expect(chunks.at(-1)?.usage?.prompt_tokens).toBe(1240);
      expect(recorder.calls).toHaveLength(1);
    });

    it('should record the stream() helper once', async () => {
      const { recorder, openai } = await setup([
        { sse: sseEvents(fixture('openai/chat-stream.sse')), headers },
      ]);

      const completion = await openai.chat.completions
        .stream(chatParams)
        .finalChatCompletion();

      expect(completion.choices[0]?.message.content).toBe('Claim 4471 is');
      expect(recorder.calls).toEqual([recordedChatStream(undefined)]);
    });

    it('should record an abandoned stream with the content seen', async () => {
      const { recorder, stored, openai } = await setup([
        { sse: sseEvents(fixture('openai/chat-stream.sse')), headers },
      ]);

      await inScope(async () => {
        const stream = await openai.chat.completions.create({
          ...chatParams,
          stream: true,
        });
        for await (const chunk of stream) {
          if (chunk.choices[0]?.delta.content === ' 4471') break;
        }
      });

      // No usage chunk came: the output is the 2 content deltas seen (at
      // least one token each); the prompt is unknown, recorded as 0.
      await expectOneCall(
        { recorder, stored },
        recordedChat({
          kind: 'normalized',
          model: 'gpt-4o-mini-2024-07-18',
          usage: tokenUsage({ outputTokens: 2 }),
          ...incompleteStream('aborted'),
          ...chatPrefix,
          contextUserId: 'u_42',
        }),
        storedEvent(
          tokenUsage({ outputTokens: 2 }),
          incompleteStream('aborted'),
        ),
      );
    });

    it('should pass the first chunk on before the server sends the second', async () => {
      const { openai } = await setup([
        {
          ...twoEventsApart(sseEvents(fixture('openai/chat-stream.sse'))),
          headers,
        },
      ]);

      const stream = await openai.chat.completions.create({
        ...chatParams,
        stream: true,
      });

      await expectFirstChunkBeforeSecond(replay.server, stream);
    });
  });

  describe('when the stream() helper meets an error chunk', () => {
    it('should record the call once and reject finalChatCompletion()', async () => {
      const { recorder, openai } = await setup([
        { sse: sseEvents(fixture('openai/chat-stream-error.sse')), headers },
      ]);

      const final = openai.chat.completions
        .stream(chatParams)
        .finalChatCompletion();

      await expect(final).rejects.toBeInstanceOf(OpenAI.APIError);
      expect(
        fieldsOf(recorder.calls, ['status', 'incomplete', 'usage']),
      ).toEqual([
        {
          status: 'error',
          incomplete: true,
          usage: tokenUsage({ outputTokens: 2 }),
        },
      ]);
    });
  });

  describe('when a streamed request fails before the stream starts', () => {
    it('should pass the error through and record it once', async () => {
      const { recorder, stored, openai } = await setup([
        { status: 429, json: jsonFixture('openai/rate-limit.json'), headers },
      ]);

      const call = inScope(() =>
        openai.chat.completions.create({ ...chatParams, stream: true }),
      );

      await expectRateLimitedCall({ recorder, stored }, call, {
        streamed: true,
      });
    });
  });

  describe('when the stream sends an error chunk', () => {
    // After a 200 the API reports a failure as a `data: {"error": …}` chunk
    // (shape as in sashabaranov/go-openai#396); the SDK throws an APIError
    // on it (openai-node src/core/streaming.ts).
    it('should record the content seen and rethrow the error', async () => {
      const { recorder, stored, openai } = await setup([
        { sse: sseEvents(fixture('openai/chat-stream-error.sse')), headers },
      ]);
      const content: string[] = [];

      const reading = inScope(async () => {
        const stream = await openai.chat.completions.create({
          ...chatParams,
          stream: true,
        });
        for await (const chunk of stream) {
          content.push(chunk.choices[0]?.delta.content ?? '');
        }
      });

      await expect(reading).rejects.toBeInstanceOf(OpenAI.APIError);
      await expect(reading).rejects.toMatchObject({
        status: undefined,
        requestID: REQUEST_ID,
        error: {
          message:
            'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      });
      expect(content).toEqual(['', 'Claim', ' 4471']);
      // No usage chunk came: 2 content deltas; the prompt is unknown.
      await expectOneCall(
        { recorder, stored },
        recordedChat({
          kind: 'normalized',
          model: 'gpt-4o-mini-2024-07-18',
          usage: tokenUsage({ outputTokens: 2 }),
          ...incompleteStream('error'),
          ...chatPrefix,
          contextUserId: 'u_42',
        }),
        storedEvent(tokenUsage({ outputTokens: 2 }), incompleteStream('error')),
      );
    });
  });

  describe('when a chat stream ends without usage', () => {
    it('should record the content seen, flagged incomplete', async () => {
      const withoutUsage = sseEvents(fixture('openai/chat-stream.sse')).filter(
        (event) => !event.includes('"choices":[]'),
      );
      const { recorder, openai } = await setup([
        { sse: withoutUsage, headers },
      ]);

      const stream = await openai.chat.completions.create({
        ...chatParams,
        stream: true,
      });
      for await (const _chunk of stream);

      // 3 content deltas ("Claim", " 4471", " is"); the prompt is unknown.
      expect(recorder.calls).toEqual([
        recordedChat({
          kind: 'normalized',
          model: 'gpt-4o-mini-2024-07-18',
          usage: tokenUsage({ outputTokens: 3 }),
          ...incompleteStream('ok'),
          ...chatPrefix,
          maxTokensHit: true,
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when a response is created', () => {
    it('should record a plain response', async () => {
      const { recorder, stored, openai } = await setup([
        { json: jsonFixture('openai/responses.json'), headers },
      ]);

      const response = await inScope(() =>
        openai.responses.create({
          model: 'gpt-4.1',
          instructions: 'You review insurance claims.',
          input: 'Is claim 4471 covered?',
        }),
      );

      expect(response.output_text).toBe('Claim 4471 is covered.');
      // Prefix: [{"instructions":"You review insurance claims."}] is
      // 2 + 14 + 1 + 30 + 2 = 49 characters: ceil(49 / 4) = 13 tokens.
      await expectOneCall(
        { recorder, stored },
        recordedResponse({
          kind: 'raw',
          model: 'gpt-4.1-2025-04-14',
          usage: jsonFixture('openai/responses.json')['usage'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          ...prefixOf(13),
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
        storedEvent(tokenUsage({ inputTokens: 36, outputTokens: 87 }), {
          model: 'gpt-4.1-2025-04-14',
          streamed: false,
        }),
      );
    });

    it('should record a streamed response at response.completed', async () => {
      const { recorder, stored, openai } = await setup([
        { sse: sseEvents(fixture('openai/responses-stream.sse')), headers },
      ]);

      const types = await inScope(async () => {
        const stream = await openai.responses.create({
          model: 'o4-mini',
          input: 'Is claim 4471 covered?',
          stream: true,
        });
        const seen = [];
        for await (const event of stream) seen.push(event.type);
        return seen;
      });

      expect(types).toHaveLength(8);
      expect(recorder.calls).toEqual([
        recordedResponse({
          kind: 'raw',
          model: 'o4-mini-2025-04-16',
          usage: {
            input_tokens: 2200,
            input_tokens_details: { cached_tokens: 2048 },
            output_tokens: 300,
            output_tokens_details: { reasoning_tokens: 128 },
            total_tokens: 2500,
          },
          streamed: true,
          incomplete: false,
          status: 'ok',
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
      ]);
      // 2200 input of which 2048 cached: 152 uncached; 300 output, of
      // which 128 reasoning.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 152,
            cacheReadTokens: 2048,
            outputTokens: 300,
            reasoningTokens: 128,
          }),
          { model: 'o4-mini-2025-04-16' },
        ),
      ]);
    });
  });

  describe('when a streamed response is abandoned', () => {
    it('should record the deltas seen, flagged incomplete', async () => {
      const { recorder, stored, openai } = await setup([
        { sse: sseEvents(fixture('openai/responses-stream.sse')), headers },
      ]);

      await inScope(async () => {
        const stream = await openai.responses.create({
          model: 'o4-mini',
          input: 'Is claim 4471 covered?',
          stream: true,
        });
        for await (const event of stream) {
          if (event.type === 'response.output_text.delta') break;
        }
      });

      // response.created carries `usage: null`; one text delta was seen.
      // The input is unknown, recorded as 0.
      await expectOneCall(
        { recorder, stored },
        recordedResponse({
          kind: 'normalized',
          model: 'o4-mini-2025-04-16',
          usage: tokenUsage({ outputTokens: 1 }),
          ...incompleteStream('aborted'),
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
        storedEvent(tokenUsage({ outputTokens: 1 }), {
          model: 'o4-mini-2025-04-16',
          incomplete: true,
          status: 'aborted',
        }),
      );
    });
  });

  // The Responses API reports a failure mid-stream as an `error` event or
  // as `response.failed`; the SDK passes both on as events, it does not
  // throw: https://platform.openai.com/docs/api-reference/responses-streaming/error
  describe('when a streamed response reports a failure', () => {
    const failure = {
      code: 'server_error',
      message:
        'The server had an error while processing your request. Sorry about that!',
    };
    // `maxTokensHit: false`: the last status seen is `in_progress` or
    // `failed`, neither a max-tokens stop.
    const recorded = recordedResponse({
      kind: 'normalized',
      model: 'o4-mini-2025-04-16',
      usage: tokenUsage({ outputTokens: 1 }),
      ...incompleteStream('error'),
      maxTokensHit: false,
      contextUserId: 'u_42',
    });

    it.each([
      ['an error event', 'openai/responses-stream-error.sse', 'error'],
      ['response.failed', 'openai/responses-stream-failed.sse', 'failed'],
    ])(
      'should record %s as an error, the deltas seen kept',
      async (_name, path, last) => {
        const { recorder, stored, openai } = await setup([
          { sse: sseEvents(fixture(path)), headers },
        ]);

        const events = await inScope(async () => {
          const stream = await openai.responses.create({
            model: 'o4-mini',
            input: 'Is claim 4471 covered?',
            stream: true,
          });
          const seen = [];
          for await (const event of stream) seen.push(event);
          return seen;
        });

        // The caller gets the failure event as the API sent it.
        expect(events.map((event) => event.type).at(-1)).toBe(
          last === 'error' ? 'error' : 'response.failed',
        );
        expect(events.at(-1)).toMatchObject(
          last === 'error' ? failure : { response: { error: failure } },
        );
        // One text delta; the API sent no usage: the input is unknown.
        expect(recorder.calls).toEqual([recorded]);
        expect((await stored()).map(storedSummary)).toEqual([
          storedEvent(tokenUsage({ outputTokens: 1 }), {
            model: 'o4-mini-2025-04-16',
            incomplete: true,
            status: 'error',
          }),
        ]);
      },
    );
  });

  describe('when embeddings are created', () => {
    it('should record the embeddings usage', async () => {
      const { recorder, openai } = await setup([
        { json: jsonFixture('openai/embeddings.json'), headers },
      ]);

      await openai.embeddings.create({
        model: 'text-embedding-3-small',
        input: 'claim 4471',
        encoding_format: 'float',
      });

      expect(recorder.calls).toEqual([
        recordedEmbeddings({
          kind: 'raw',
          model: 'text-embedding-3-small',
          usage: { prompt_tokens: 8, total_tokens: 8 },
          streamed: false,
          incomplete: false,
          status: 'ok',
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when the SDK retries', () => {
    it('should record each failed attempt and the final one', async () => {
      const overloaded = {
        status: 500,
        json: {
          error: { message: 'The server had an error', type: 'server_error' },
        },
        headers: { ...headers, 'retry-after-ms': '5' },
      };
      const server = await replay.start([
        overloaded,
        overloaded,
        { json: jsonFixture('openai/chat.json'), headers },
      ]);
      const recorder = captureRecorder();
      const openai = instrumentOpenAI(
        new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1` }),
        recorder,
      );

      await openai.chat.completions.create(chatParams);

      expect(fieldsOf(recorder.calls, ['status', 'attempt', 'usage'])).toEqual([
        { status: 'error', attempt: 1, usage: tokenUsage() },
        { status: 'error', attempt: 2, usage: tokenUsage() },
        {
          status: 'ok',
          attempt: 3,
          usage: jsonFixture('openai/chat.json')['usage'],
        },
      ]);
    });

    it('should record a timeout with its attempt', async () => {
      const server = await replay.start([{ hangMs: 2000 }]);
      const recorder = captureRecorder();
      const openai = instrumentOpenAI(
        new OpenAI({ apiKey: 'sk-test', baseURL: `${server.url}/v1` }),
        recorder,
      );

      const call = openai.chat.completions.create(chatParams, {
        timeout: 50,
        maxRetries: 1,
      });

      await expect(call).rejects.toBeInstanceOf(
        OpenAI.APIConnectionTimeoutError,
      );
      expect(fieldsOf(recorder.calls, ['status', 'attempt'])).toEqual([
        { status: 'timeout', attempt: 1 },
        { status: 'timeout', attempt: 2 },
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, openai } = await setup([
        { status: 429, json: jsonFixture('openai/rate-limit.json'), headers },
      ]);

      const call = inScope(() => openai.chat.completions.create(chatParams));

      await expectRateLimitedCall({ recorder, stored }, call, {
        streamed: false,
      });
    });
  });
});
