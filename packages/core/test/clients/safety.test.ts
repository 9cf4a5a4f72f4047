import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentAnthropic } from '../../src/clients/index.js';
import type { TokenledgerError } from '../../src/errors.js';
import type { UsageRecorder } from '../../src/tracker/types.js';
import { captureRecorder } from './capture-recorder.js';
import {
  fixture,
  jsonFixture,
  type ReplayServer,
  sseEvents,
  startReplayServer,
} from './replay-server.js';

const params = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1024,
  messages: [{ role: 'user' as const, content: 'Is claim 4471 covered?' }],
};

let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const brokenRecorder: UsageRecorder = {
  record: () => {
    throw new Error('disk full');
  },
  recordNormalized: () => {
    throw new Error('disk full');
  },
};

describe('instrumented clients', () => {
  describe('when the recorder throws', () => {
    it('should still return the response and report to onError', async () => {
      server = await startReplayServer([
        { json: jsonFixture('anthropic/message.json') },
      ]);
      const errors: TokenledgerError[] = [];
      const anthropic = instrumentAnthropic(
        new Anthropic({ apiKey: 'test', baseURL: server.url }),
        brokenRecorder,
        { onError: (error) => errors.push(error) },
      );

      const message = await anthropic.messages.create(params);

      expect(message.id).toBe('msg_01XFDUDYJgAACzvnptvVoYEL');
      expect(errors.map(({ code, message }) => ({ code, message }))).toEqual([
        { code: 'INTERNAL', message: 'disk full' },
      ]);
    });

    it('should still deliver every stream event', async () => {
      server = await startReplayServer([
        { sse: sseEvents(fixture('anthropic/stream.sse')) },
      ]);
      const anthropic = instrumentAnthropic(
        new Anthropic({ apiKey: 'test', baseURL: server.url }),
        brokenRecorder,
      );

      const stream = await anthropic.messages.create({
        ...params,
        stream: true,
      });
      let events = 0;
      for await (const _event of stream) events += 1;

      expect(events).toBe(8);
    });
  });

  describe('when the SDK returns something unexpected', () => {
    it('should pass it on unrecorded and report to onError', async () => {
      const body = { unexpected: true };
      const apiPromise = Object.assign(Promise.resolve(body), {
        withResponse: async () => ({
          data: body,
          response: new Response(null),
          request_id: null,
        }),
      });
      const fakeClient = {
        messages: { create: (_params: unknown) => apiPromise },
      };
      const errors: TokenledgerError[] = [];
      const recorder = captureRecorder();
      const anthropic = instrumentAnthropic(fakeClient, recorder, {
        onError: (error) => errors.push(error),
      });

      const result = await anthropic.messages.create({ stream: true });

      expect(result).toBe(body);
      expect(recorder.calls).toEqual([]);
      expect(errors.map(({ code }) => code)).toEqual(['INTERNAL']);
    });
  });

  describe('when wrapping a client', () => {
    it('should keep the original client untouched', async () => {
      server = await startReplayServer([
        { json: jsonFixture('anthropic/message.json') },
      ]);
      const recorder = captureRecorder();
      const original = new Anthropic({ apiKey: 'test', baseURL: server.url });
      const anthropic = instrumentAnthropic(original, recorder);

      await original.messages.create(params);

      expect(recorder.calls).toEqual([]);
      expect(anthropic).toBeInstanceOf(Anthropic);
      expect(anthropic.apiKey).toBe('test');
      expect(anthropic.messages.create).toBe(anthropic.messages.create);
      expect(anthropic.models).toBe(original.models);
    });

    it('should add tags and skip the fingerprint when asked', async () => {
      server = await startReplayServer([
        { json: jsonFixture('anthropic/message.json') },
      ]);
      const recorder = captureRecorder();
      const anthropic = instrumentAnthropic(
        new Anthropic({ apiKey: 'test', baseURL: server.url }),
        recorder,
        { tags: { team: 'claims' }, fingerprintPrefix: false },
      );

      await anthropic.messages.create({
        ...params,
        system: [
          { type: 'text', text: 'x', cache_control: { type: 'ephemeral' } },
        ],
      });

      expect(recorder.calls[0]).toMatchObject({ tags: { team: 'claims' } });
      expect(recorder.calls[0]).not.toHaveProperty('prefixHash');
    });
  });
});
