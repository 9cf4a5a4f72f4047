import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { instrumentAnthropic } from '../../src/clients/index.js';
import { tokenUsage } from '../../src/schema.js';
import {
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
import {
  anthropicStreamTokens,
  anthropicStreamUsage,
} from './support/anthropic-stream.js';

const REQUEST_ID = 'req_011CSHoEeqs5C35K2UUqR7Fy';
const headers = { 'request-id': REQUEST_ID };
const params = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Is claim 4471 covered?' }],
};

const replay = replayServerPerTest();

async function setup(replies: Parameters<typeof startReplayServer>[0]) {
  const server = await replay.start(replies);
  const { recorder, stored } = trackedRecorder();
  const client = new Anthropic({
    apiKey: 'sk-ant-test',
    baseURL: server.url,
    maxRetries: 2,
  });

  return {
    recorder,
    stored,
    anthropic: instrumentAnthropic(client, recorder),
  };
}

/** What the recorder was given, for a call of this file's client. */
const recorded = recordedInputs({
  provider: 'anthropic',
  shape: 'anthropic.messages',
  requestId: REQUEST_ID,
});

/** What the tracker stored, for calls made in `inScope`. */
const storedEvent = storedEvents({
  provider: 'anthropic',
  model: 'claude-sonnet-4-5-20250929',
  requestId: REQUEST_ID,
});

/**
 * Checks `call`, made in `inScope`, was rejected as an `errorClass` with
 * `status` and the fixture `body`, and recorded and stored once as an
 * error with no tokens.
 */
async function expectApiErrorCall(
  tracked: TrackedCalls,
  call: Promise<unknown>,
  failure: {
    errorClass: new (...args: never[]) => Error;
    status: number;
    body: string;
    streamed: boolean;
  },
): Promise<void> {
  await expect(call).rejects.toBeInstanceOf(failure.errorClass);
  await expect(call).rejects.toMatchObject({
    status: failure.status,
    requestID: REQUEST_ID,
    error: jsonFixture(failure.body),
  });
  await expectFailedCall(
    tracked,
    { recorded, storedEvent },
    {
      streamed: failure.streamed,
      input: { model: 'claude-sonnet-4-5' },
      stored: { model: 'claude-sonnet-4-5' },
    },
  );
}

describe('instrumentAnthropic', () => {
  describe('when a message is created', () => {
    it('should record the usage object, model, request id and context', async () => {
      const { recorder, stored, anthropic } = await setup([
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      const message = await inScope(() => anthropic.messages.create(params));

      expect(message.content[0]).toMatchObject({ type: 'text' });
      expect(message._request_id).toBe(REQUEST_ID);
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: jsonFixture('anthropic/message.json')['usage'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          maxTokensHit: false,
          contextUserId: 'u_42',
        }),
      ]);
      // 21 uncached input, 1800 written to the 5-minute cache, 12 output.
      expect((await stored()).map(storedSummary)).toEqual([
        storedEvent(
          tokenUsage({
            inputTokens: 21,
            cacheWriteTokens: 1800,
            outputTokens: 12,
          }),
          { streamed: false },
        ),
      ]);
    });

    it('should keep withResponse() working', async () => {
      const { recorder, anthropic } = await setup([
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      const { data, response, request_id } = await anthropic.messages
        .create(params)
        .withResponse();

      expect(data.id).toBe('msg_01XFDUDYJgAACzvnptvVoYEL');
      expect(response.status).toBe(200);
      expect(request_id).toBe(REQUEST_ID);
      expect(recorder.calls).toHaveLength(1);
    });

    it('should fingerprint the prefix up to the last cache breakpoint', async () => {
      const { recorder, anthropic } = await setup([
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      // canonical JSON of the prefix: [{"text":"<policy>","type":"text"}]
      // is 2 + 9 + 4000 + 16 = 4027 characters: ceil(4027 / 4) = 1007.
      await anthropic.messages.create({
        ...params,
        system: [
          {
            type: 'text',
            text: 'p'.repeat(4000),
            cache_control: { type: 'ephemeral' },
          },
        ],
      });

      expect(recorder.calls[0]).toMatchObject(prefixOf(1007));
    });
  });

  describe('when a beta message is created', () => {
    it('should record it like a message', async () => {
      const { recorder, anthropic } = await setup([
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      await anthropic.beta.messages.create({
        ...params,
        betas: ['context-1m-2025-08-07'],
      });

      expect(replay.server.requests[0]?.headers['anthropic-beta']).toBe(
        'context-1m-2025-08-07',
      );
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: jsonFixture('anthropic/message.json')['usage'],
          streamed: false,
          incomplete: false,
          status: 'ok',
          maxTokensHit: false,
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when the message is streamed', () => {
    it('should record the final counts once, at the end', async () => {
      const { recorder, stored, anthropic } = await setup([
        { sse: sseEvents(fixture('anthropic/stream.sse')), headers },
      ]);

      const types = await inScope(async () => {
        const stream = await anthropic.messages.create({
          ...params,
          stream: true,
        });
        const seen: string[] = [];
        for await (const event of stream) {
          seen.push(event.type);
          expect(recorder.calls).toHaveLength(0);
        }
        return seen;
      });

      expect(types).toEqual([
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_delta',
        'content_block_stop',
        'message_delta',
        'message_stop',
      ]);
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(89),
          streamed: true,
          incomplete: false,
          status: 'ok',
          maxTokensHit: true,
          contextUserId: 'u_42',
        }),
        storedEvent(anthropicStreamTokens(89), {}),
      );
    });

    it('should record the messages.stream() helper once', async () => {
      const { recorder, anthropic } = await setup([
        { sse: sseEvents(fixture('anthropic/stream.sse')), headers },
      ]);

      const final = await anthropic.messages.stream(params).finalMessage();

      expect(final.usage.output_tokens).toBe(89);
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(89),
          streamed: true,
          incomplete: false,
          status: 'ok',
          maxTokensHit: true,
          contextUserId: undefined,
        }),
      ]);
    });

    it('should record an abandoned stream as incomplete', async () => {
      const { recorder, stored, anthropic } = await setup([
        { sse: sseEvents(fixture('anthropic/stream.sse')), headers },
      ]);

      await inScope(async () => {
        const stream = await anthropic.messages.create({
          ...params,
          stream: true,
        });
        let deltas = 0;
        for await (const event of stream) {
          if (event.type === 'content_block_delta') deltas += 1;
          if (deltas === 3) break;
        }
      });

      // Cut before message_delta: output is max(2 from message_start,
      // 3 content deltas) = 3; no stop reason came.
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(3),
          ...incompleteStream('aborted'),
          contextUserId: 'u_42',
        }),
        storedEvent(anthropicStreamTokens(3), incompleteStream('aborted')),
      );
    });

    it('should pass the first event on before the server sends the second', async () => {
      const { anthropic } = await setup([
        {
          ...twoEventsApart(sseEvents(fixture('anthropic/stream.sse'))),
          headers,
        },
      ]);

      const stream = await anthropic.messages.create({
        ...params,
        stream: true,
      });

      await expectFirstChunkBeforeSecond(replay.server, stream);
    });
  });

  describe('when the messages.stream() helper meets an error event', () => {
    it('should record the call once and reject finalMessage()', async () => {
      const { recorder, anthropic } = await setup([
        { sse: sseEvents(fixture('anthropic/stream-overloaded.sse')), headers },
      ]);

      const final = anthropic.messages.stream(params).finalMessage();

      await expect(final).rejects.toMatchObject({
        error: {
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
        },
      });
      expect(
        fieldsOf(recorder.calls, ['status', 'incomplete', 'usage']),
      ).toEqual([
        {
          status: 'error',
          incomplete: true,
          usage: anthropicStreamUsage(3),
        },
      ]);
    });
  });

  describe('when a streamed request fails before the stream starts', () => {
    it('should pass the error through and record it once', async () => {
      const { recorder, stored, anthropic } = await setup([
        {
          status: 529,
          json: jsonFixture('anthropic/overloaded.json'),
          headers,
        },
      ]);

      const call = inScope(() =>
        anthropic.messages.create(
          { ...params, stream: true },
          { maxRetries: 0 },
        ),
      );

      await expectApiErrorCall({ recorder, stored }, call, {
        errorClass: Anthropic.InternalServerError,
        status: 529,
        body: 'anthropic/overloaded.json',
        streamed: true,
      });
    });
  });

  describe('when the stream sends an error event', () => {
    // Anthropic may send `event: error` after a 200, e.g. overloaded_error
    // during high usage: https://docs.anthropic.com/en/docs/build-with-claude/streaming#error-events
    it('should record the counts known so far and rethrow the error', async () => {
      const { recorder, stored, anthropic } = await setup([
        { sse: sseEvents(fixture('anthropic/stream-overloaded.sse')), headers },
      ]);
      const seen: string[] = [];

      const reading = inScope(async () => {
        const stream = await anthropic.messages.create({
          ...params,
          stream: true,
        });
        for await (const event of stream) seen.push(event.type);
      });

      await expect(reading).rejects.toBeInstanceOf(Anthropic.APIError);
      await expect(reading).rejects.toMatchObject({
        status: undefined,
        error: {
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
        },
      });
      expect(seen).toEqual([
        'message_start',
        'content_block_start',
        'content_block_delta',
        'content_block_delta',
        'content_block_delta',
      ]);
      // message_start's input 472 and cache read 2048 are kept; output is
      // max(2 from message_start, 3 content deltas) = 3.
      await expectOneCall(
        { recorder, stored },
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(3),
          ...incompleteStream('error'),
          contextUserId: 'u_42',
        }),
        storedEvent(anthropicStreamTokens(3), incompleteStream('error')),
      );
    });
  });

  describe('when the provider fails', () => {
    it('should pass the error through and record it', async () => {
      const { recorder, stored, anthropic } = await setup([
        {
          status: 400,
          json: jsonFixture('anthropic/invalid-request.json'),
          headers,
        },
      ]);

      const call = inScope(() => anthropic.messages.create(params));

      await expectApiErrorCall({ recorder, stored }, call, {
        errorClass: Anthropic.BadRequestError,
        status: 400,
        body: 'anthropic/invalid-request.json',
        streamed: false,
      });
    });

    it('should record each attempt the SDK retries', async () => {
      const overloaded = {
        status: 529,
        json: jsonFixture('anthropic/overloaded.json'),
        headers: { ...headers, 'retry-after-ms': '5' },
      };
      const { recorder, anthropic } = await setup([
        overloaded,
        overloaded,
        { json: jsonFixture('anthropic/message.json'), headers },
      ]);

      await anthropic.messages.create(params);

      expect(fieldsOf(recorder.calls, ['status', 'attempt'])).toEqual([
        { status: 'error', attempt: 1 },
        { status: 'error', attempt: 2 },
        { status: 'ok', attempt: 3 },
      ]);
    });

    it('should record a timeout with its attempt', async () => {
      const { recorder, anthropic } = await setup([{ hangMs: 2000 }]);

      const call = anthropic.messages.create(params, {
        timeout: 50,
        maxRetries: 0,
      });

      await expect(call).rejects.toBeInstanceOf(
        Anthropic.APIConnectionTimeoutError,
      );
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'normalized',
          model: 'claude-sonnet-4-5',
          usage: tokenUsage(),
          streamed: false,
          incomplete: false,
          status: 'timeout',
          // No response came: no request id.
          requestId: undefined,
          contextUserId: undefined,
        }),
      ]);
    });

    it('should record a stream the caller aborts', async () => {
      const { recorder, anthropic } = await setup([
        {
          sse: sseEvents(fixture('anthropic/stream.sse')),
          headers,
          delayMs: 20,
        },
      ]);
      const controller = new AbortController();

      const stream = await anthropic.messages.create(
        { ...params, stream: true },
        { signal: controller.signal },
      );
      const reading = (async () => {
        for await (const event of stream) {
          if (event.type === 'content_block_start') controller.abort();
        }
      })();

      // The SDK ends an aborted stream quietly: the loop just stops. Only
      // message_start had come: its counts, output max(2, 0 deltas) = 2.
      await reading;
      expect(recorder.calls).toEqual([
        recorded({
          kind: 'raw',
          model: 'claude-sonnet-4-5-20250929',
          usage: anthropicStreamUsage(2),
          ...incompleteStream('aborted'),
          contextUserId: undefined,
        }),
      ]);
    });
  });

  describe('when batch results are read', () => {
    it('should record each succeeded message as a batch call', async () => {
      const { recorder, anthropic } = await setup((request) =>
        request.url.endsWith('/results')
          ? {
              text: fixture('anthropic/batch-results.jsonl'),
              contentType: 'application/binary',
            }
          : {
              json: {
                id: 'msgbatch_01',
                type: 'message_batch',
                processing_status: 'ended',
                results_url: `${replay.server.url}/v1/messages/batches/msgbatch_01/results`,
              },
            },
      );

      const results = await anthropic.messages.batches.results('msgbatch_01');
      const ids: string[] = [];
      for await (const line of results) ids.push(line.custom_id);

      expect(ids).toEqual(['claim-4471', 'claim-4472']);
      // Only the succeeded line; batch results carry no latency.
      expect(recorder.calls).toEqual([
        {
          kind: 'raw',
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          shape: 'anthropic.messages',
          usage: {
            input_tokens: 310,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 4,
          },
          batch: true,
          status: 'ok',
          requestId: 'msg_014VwiXbi91y3JMjcpyGBHX5',
          contextUserId: undefined,
        },
      ]);
    });
  });
});
