import { createAnthropic } from '@ai-sdk/anthropic';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Mistral } from '@mistralai/mistralai';
import { streamText, wrapLanguageModel } from 'ai';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  instrumentAnthropic,
  instrumentGemini,
  instrumentMistral,
  instrumentOpenAI,
  tokenledgerMiddleware,
} from '../../src/clients/index.js';
import { withUsageContext } from '../../src/context.js';
import { tokenUsage } from '../../src/schema.js';
import { memoryTracker, prefixOf } from './capture-recorder.js';
import {
  fixture,
  jsonFixture,
  replayServerPerTest,
  sseEvents,
} from './replay-server.js';

const replay = replayServerPerTest();

const inScope = <T>(fn: () => Promise<T>) =>
  withUsageContext({ userId: 'u_42', endpoint: 'claims.validate' }, fn);

describe('instrumented clients through a real tracker', () => {
  describe('when an Anthropic message is created', () => {
    it('should store a priced event with disjoint token classes', async () => {
      const server = await replay.start([
        { json: jsonFixture('anthropic/message.json') },
      ]);
      const { tracker, events, errors } = memoryTracker();
      const anthropic = instrumentAnthropic(
        new Anthropic({ apiKey: 'test', baseURL: server.url }),
        tracker,
      );

      await inScope(() =>
        anthropic.messages.create({
          model: 'claude-sonnet-4-5',
          max_tokens: 1024,
          system: [
            {
              type: 'text',
              text: 'p'.repeat(4000),
              cache_control: { type: 'ephemeral' },
            },
          ],
          messages: [{ role: 'user', content: 'Is claim 4471 covered?' }],
        }),
      );
      await tracker.shutdown();

      // Sonnet 4.5: $3 / $15 per MTok, 5-minute cache write $3.75:
      // 21 × 3 + 1800 × 3.75 + 12 × 15 = 63 + 6750 + 180 = 6993 µ$.
      expect(errors).toEqual([]);
      expect(events).toEqual([
        expect.objectContaining({
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          userId: 'u_42',
          endpoint: 'claims.validate',
          shape: 'anthropic.messages',
          usage: tokenUsage({
            inputTokens: 21,
            cacheWriteTokens: 1800,
            outputTokens: 12,
          }),
          priced: true,
          costUsd: '0.006993000',
          streamed: false,
          status: 'ok',
          attempt: 1,
          maxTokensHit: false,
          // [{"text":"<4000 p>","type":"text"}]: 4027 characters, 1007 tokens.
          ...prefixOf(1007),
        }),
      ]);
    });
  });

  describe('when an OpenAI chat completion is streamed', () => {
    it('should store the usage the wrapper asked for', async () => {
      const server = await replay.start([
        { sse: sseEvents(fixture('openai/chat-stream.sse')) },
      ]);
      const { tracker, events, errors } = memoryTracker();
      const openai = instrumentOpenAI(
        new OpenAI({ apiKey: 'test', baseURL: `${server.url}/v1` }),
        tracker,
      );

      await inScope(async () => {
        const stream = await openai.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'Is claim 4471 covered?' }],
          stream: true,
        });
        for await (const _chunk of stream);
      });
      await tracker.shutdown();

      // 1240 prompt tokens of which 1152 cached: 88 uncached; 3 output.
      expect(errors).toEqual([]);
      expect(events).toEqual([
        expect.objectContaining({
          provider: 'openai',
          model: 'gpt-4o-mini-2024-07-18',
          userId: 'u_42',
          usage: tokenUsage({
            inputTokens: 88,
            cacheReadTokens: 1152,
            outputTokens: 3,
          }),
          streamed: true,
          incomplete: false,
          maxTokensHit: true,
        }),
      ]);
    });
  });

  describe('when a Gemini stream is abandoned', () => {
    it('should store what was known, flagged incomplete', async () => {
      const server = await replay.start([
        { sse: sseEvents(fixture('gemini/generate-stream.sse')) },
      ]);
      const { tracker, events, errors } = memoryTracker();
      const gemini = instrumentGemini(
        new GoogleGenAI({
          apiKey: 'test',
          httpOptions: { baseUrl: server.url },
        }),
        tracker,
      );

      await inScope(async () => {
        const stream = await gemini.models.generateContentStream({
          model: 'gemini-2.5-flash',
          contents: 'Is claim 4471 covered?',
        });
        for await (const _chunk of stream) break;
      });
      await tracker.shutdown();

      // First chunk: 812 prompt tokens, no output counted yet.
      expect(errors).toEqual([]);
      expect(events).toEqual([
        expect.objectContaining({
          provider: 'google',
          usage: tokenUsage({ inputTokens: 812 }),
          streamed: true,
          incomplete: true,
          status: 'aborted',
        }),
      ]);
    });
  });

  describe('when a Mistral chat completion is made', () => {
    it('should store the camelCase SDK usage as wire classes', async () => {
      const server = await replay.start([
        { json: jsonFixture('mistral/chat.json') },
      ]);
      const { tracker, events, errors } = memoryTracker();
      const mistral = instrumentMistral(
        new Mistral({ apiKey: 'test', serverURL: server.url }),
        tracker,
      );

      await inScope(() =>
        mistral.chat.complete({
          model: 'mistral-small-latest',
          messages: [{ role: 'user', content: 'Is claim 4471 covered?' }],
        }),
      );
      await tracker.shutdown();

      expect(errors).toEqual([]);
      expect(events).toEqual([
        expect.objectContaining({
          provider: 'mistral',
          usage: tokenUsage({ inputTokens: 16, outputTokens: 34 }),
          requestId: 'cmpl-e5cc70bb28c444948073e77776eb30ef',
        }),
      ]);
    });
  });

  describe('when the AI SDK streams through the middleware', () => {
    it('should store the token classes of the finish part', async () => {
      const server = await replay.start([
        { sse: sseEvents(fixture('anthropic/stream.sse')) },
      ]);
      const { tracker, events, errors } = memoryTracker();
      const model = wrapLanguageModel({
        model: createAnthropic({
          apiKey: 'test',
          baseURL: `${server.url}/v1`,
        })('claude-sonnet-4-5'),
        middleware: tokenledgerMiddleware(tracker),
      });

      await inScope(async () => {
        const result = streamText({ model, prompt: 'Is claim 4471 covered?' });
        for await (const _delta of result.textStream);
      });
      await tracker.shutdown();

      // 472 uncached input, 2048 cache read, 89 output; stop max_tokens.
      expect(errors).toEqual([]);
      expect(events).toEqual([
        expect.objectContaining({
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          userId: 'u_42',
          usage: tokenUsage({
            inputTokens: 472,
            cacheReadTokens: 2048,
            outputTokens: 89,
          }),
          streamed: true,
          maxTokensHit: true,
          priced: true,
        }),
      ]);
    });
  });

  describe('when the provider fails', () => {
    it('should store an error event with no tokens', async () => {
      const server = await replay.start([
        { status: 429, json: jsonFixture('openai/rate-limit.json') },
      ]);
      const { tracker, events, errors } = memoryTracker();
      const openai = instrumentOpenAI(
        new OpenAI({
          apiKey: 'test',
          baseURL: `${server.url}/v1`,
          maxRetries: 0,
        }),
        tracker,
      );

      const call = inScope(() =>
        openai.chat.completions.create({
          model: 'gpt-4o',
          messages: [{ role: 'user', content: 'Is claim 4471 covered?' }],
        }),
      );
      await expect(call).rejects.toBeInstanceOf(OpenAI.RateLimitError);
      await tracker.shutdown();

      expect(errors).toEqual([]);
      expect(events).toEqual([
        expect.objectContaining({
          model: 'gpt-4o',
          usage: tokenUsage(),
          status: 'error',
          attempt: 1,
        }),
      ]);
    });
  });
});
