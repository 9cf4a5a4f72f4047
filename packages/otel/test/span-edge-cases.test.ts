import type { UsageRecorder } from '@tokenledger/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenledgerSpanProcessor } from '../src/index.js';
import { ANTHROPIC_CALL, endCallSpan } from './spans.js';
import { STARTED, setupTracing, useContextManager } from './support.js';

const { start, end } = ANTHROPIC_CALL.semconv;

let restore: () => void;
beforeAll(() => {
  restore = useContextManager();
});
afterAll(() => restore());

describe('TokenledgerSpanProcessor edge cases', () => {
  describe('when a GenAI span carries no usage', () => {
    it('should count and log it, and record nothing', async () => {
      const { tracer, processor, logged, events } = setupTracing();

      endCallSpan(tracer, 'chat claude-sonnet-4-5', start, {}, { error: true });

      expect(await events()).toEqual([]);
      expect(processor.stats()).toEqual({
        calls: 1,
        recorded: 0,
        withoutUsage: 1,
        aggregates: 0,
        failed: 0,
      });
      expect(logged).toEqual([
        expect.objectContaining({
          type: 'no-usage',
          spanName: 'chat claude-sonnet-4-5',
        }),
      ]);
    });
  });

  describe('when spans are not GenAI model calls', () => {
    it('should ignore them, and skip an agent span that sums its calls', async () => {
      const { tracer, processor, events } = setupTracing();

      endCallSpan(tracer, 'GET /health', { 'http.route': '/health' }, {});
      endCallSpan(
        tracer,
        'execute_tool lookup',
        { 'gen_ai.operation.name': 'execute_tool' },
        {},
      );
      endCallSpan(
        tracer,
        'invoke_agent claims',
        { 'gen_ai.operation.name': 'invoke_agent' },
        {
          'gen_ai.usage.input_tokens': 9000,
          'gen_ai.usage.output_tokens': 900,
        },
      );

      expect(await events()).toEqual([]);
      expect(processor.stats()).toMatchObject({ calls: 0, aggregates: 1 });
    });
  });

  describe('when the call itself is unusual', () => {
    it('should store an unknown model unpriced, never as $0', async () => {
      const { tracer, events } = setupTracing();

      endCallSpan(
        tracer,
        'chat',
        { 'gen_ai.provider.name': 'x_ai', 'gen_ai.request.model': 'grok-9' },
        { 'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20 },
      );

      expect(await events()).toEqual([
        expect.objectContaining({
          provider: 'x_ai',
          model: 'grok-9',
          priced: false,
          costUsd: null,
        }),
      ]);
    });

    it('should record a failed call that reports usage as an error', async () => {
      const { tracer, events } = setupTracing();

      endCallSpan(
        tracer,
        'chat',
        start,
        { ...end, 'gen_ai.response.finish_reasons': ['max_tokens'] },
        { error: true },
      );

      expect(await events()).toEqual([
        expect.objectContaining({
          status: 'error',
          maxTokensHit: true,
          timestamp: STARTED,
        }),
      ]);
    });

    it('should let the tracker reject an impossible count, not skip it', async () => {
      const { tracer, processor, tracker, events } = setupTracing();

      endCallSpan(tracer, 'chat', start, {
        ...end,
        'gen_ai.usage.output_tokens': 12.5,
      });

      expect(await events()).toEqual([]);
      expect(processor.stats().recorded).toBe(1);
      expect(tracker.stats().rejected).toBe(1);
    });
  });

  describe('when recording fails', () => {
    it('should report it and never throw into the SDK', () => {
      const failing: UsageRecorder = {
        record: () => {},
        recordNormalized: () => {
          throw new Error('tracker bug');
        },
      };
      const { tracer, processor, errors } = setupTracing();
      const broken = new TokenledgerSpanProcessor({
        tracker: failing,
        onError: (error) => errors.push(error),
      });
      const span = tracer.startSpan('chat', { attributes: start });
      span.setAttributes(end);

      expect(() => broken.onEnd(span as never)).not.toThrow();
      expect(broken.stats().failed).toBe(1);
      expect(errors.map((error) => error.code)).toEqual(['INTERNAL']);
      span.end();
      expect(processor.stats().recorded).toBe(1);
    });

    it('should refuse to be built without a tracker, showing the call', () => {
      expect(() => new TokenledgerSpanProcessor({} as never)).toThrow(
        'TokenledgerSpanProcessor needs a tracker: new TokenledgerSpanProcessor({ tracker: createTracker({ store }) }).',
      );
    });
  });

  describe('when it is shut down', () => {
    it('should stop recording and leave the tracker running', async () => {
      const { tracer, processor, tracker, events } = setupTracing();

      await processor.shutdown();
      endCallSpan(tracer, 'chat', start, end);

      expect(await events()).toEqual([]);
      expect(processor.stats().calls).toBe(0);
      tracker.record({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        shape: 'anthropic.messages',
        usage: { input_tokens: 1, output_tokens: 1 },
      });
      await tracker.flush();
      expect(tracker.stats().written).toBe(1);
    });
  });
});
