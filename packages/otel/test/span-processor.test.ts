import { tokenUsage } from '@tokenledger/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ANTHROPIC_CALL,
  ANTHROPIC_OPENLLMETRY_JS_LEGACY,
  endCallSpan,
  endTracedCall,
  LATENCY_MS,
  OPENAI_OPENLLMETRY_JS,
  OPENAI_OPENLLMETRY_JS_FIRST,
} from './spans.js';
import { STARTED, setupTracing, useContextManager } from './support.js';

// claude-sonnet-4-5: $3/M input, $15/M output, $3.75/M 5-minute cache
// write, $0.30/M cache read. 1000 x 3 + 300 x 15 + 500 x 3.75 + 2000 x 0.30
// = 3000 + 4500 + 1875 + 600 micro-USD.
const SONNET_EVENT = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5-20250929',
  canonicalModel: 'claude-sonnet-4-5',
  usage: tokenUsage({
    inputTokens: 1000,
    cacheReadTokens: 2000,
    cacheWriteTokens: 500,
    outputTokens: 300,
  }),
  priced: true,
  costUsd: '0.009975000',
  cost: {
    input: '0.003000000',
    output: '0.004500000',
    cacheWrite: '0.001875000',
    cacheRead: '0.000600000',
    units: '0.000000000',
  },
  timestamp: STARTED,
  latencyMs: LATENCY_MS,
  status: 'ok',
  shape: null,
} as const;

let restore: () => void;
beforeAll(() => {
  restore = useContextManager();
});
afterAll(() => restore());

describe('TokenledgerSpanProcessor', () => {
  describe('when an Anthropic call is traced by each instrumentation', () => {
    it.each([
      ['current GenAI conventions', 'semconv', 'msg_01', false],
      ['OpenLLMetry JS (semconv 1.40)', 'openllmetryJs', undefined, false],
      [
        'OpenLLMetry Python (older names)',
        'openllmetryPython',
        'msg_02',
        false,
      ],
      ['Vercel AI SDK 6', 'aiSdk6', 'msg_03', false],
      ['Vercel AI SDK 5 (stream)', 'aiSdk5', 'msg_04', true],
    ] as const)(
      'should record the same disjoint classes and cost from %s',
      async (_name, source, requestId, streamed) => {
        const { tracerOf, events } = setupTracing();

        endTracedCall(tracerOf, ANTHROPIC_CALL[source]);

        const [event] = await events();
        expect(event).toEqual(
          expect.objectContaining({ ...SONNET_EVENT, streamed }),
        );
        expect(event?.requestId).toBe(requestId ?? null);
      },
    );

    it('should read AI SDK 4 counts and the cache from provider metadata', async () => {
      const { tracerOf, events } = setupTracing();

      endTracedCall(tracerOf, ANTHROPIC_CALL.aiSdk4);

      expect(await events()).toEqual([expect.objectContaining(SONNET_EVENT)]);
    });

    it('should record what an OpenLLMetry JS span before semconv 1.40 carries, without the cache it omits', async () => {
      const { tracerOf, events } = setupTracing();

      endTracedCall(tracerOf, ANTHROPIC_OPENLLMETRY_JS_LEGACY);

      // 1000 x 3 + 300 x 15 = 3000 + 4500 micro-USD: the 2000 cache-read and
      // 500 cache-write tokens are not on the span.
      expect(await events()).toEqual([
        expect.objectContaining({
          provider: 'anthropic',
          model: 'claude-sonnet-4-5-20250929',
          usage: tokenUsage({ inputTokens: 1000, outputTokens: 300 }),
          costUsd: '0.007500000',
          maxTokensHit: null,
        }),
      ]);
    });

    it('should take an input smaller than its cache parts as exclusive, in an unknown scope', async () => {
      const { tracer, events } = setupTracing();
      const { start, end } = ANTHROPIC_CALL.semconv;

      // An instrumentation that passes Anthropic's own input_tokens on.
      endCallSpan(tracer, 'chat', start, {
        ...end,
        'gen_ai.usage.input_tokens': 1000,
      });

      expect(await events()).toEqual([expect.objectContaining(SONNET_EVENT)]);
    });
  });

  describe('when an exclusive input is larger than its cache parts', () => {
    // 4000 uncached, 1500 cache-read, 500 cache-write, 300 out, as the
    // OpenLLMetry JS Anthropic instrumentation sets them: input_tokens 4000.
    const end = {
      ...ANTHROPIC_CALL.openllmetryJs.end,
      'gen_ai.usage.input_tokens': 4000,
      'gen_ai.usage.cache_read.input_tokens': 1500,
      'gen_ai.usage.cache_creation.input_tokens': 500,
      'gen_ai.usage.total_tokens': 4300,
    };
    // 4000 x 3 + 1500 x 0.30 + 500 x 3.75 + 300 x 15
    // = 12000 + 450 + 1875 + 4500 = 18825 micro-USD.
    const exclusive = {
      usage: tokenUsage({
        inputTokens: 4000,
        cacheReadTokens: 1500,
        cacheWriteTokens: 500,
        outputTokens: 300,
      }),
      costUsd: '0.018825000',
    };

    it('should keep it as it is for a scope known to exclude the cache', async () => {
      const { tracerOf, events } = setupTracing();

      endTracedCall(tracerOf, ANTHROPIC_CALL.openllmetryJs, end);

      expect(await events()).toEqual([expect.objectContaining(exclusive)]);
    });

    it('should subtract the cache in an unknown scope (the fallback follows the conventions)', async () => {
      const { tracerOf, events } = setupTracing();

      endTracedCall(
        tracerOf,
        { ...ANTHROPIC_CALL.openllmetryJs, scope: 'my-anthropic-wrapper' },
        end,
      );

      // 4000 - 1500 - 500 = 2000 uncached: 2000 x 3 + 450 + 1875 + 4500
      // = 12825 micro-USD.
      expect(await events()).toEqual([
        expect.objectContaining({
          usage: tokenUsage({
            inputTokens: 2000,
            cacheReadTokens: 1500,
            cacheWriteTokens: 500,
            outputTokens: 300,
          }),
          costUsd: '0.012825000',
        }),
      ]);
    });

    it('should keep it for a scope named in the cacheInclusion option', async () => {
      const { tracerOf, events } = setupTracing({
        cacheInclusion: { 'my-anthropic-wrapper': 'excludes-cache' },
      });

      endTracedCall(
        tracerOf,
        { ...ANTHROPIC_CALL.openllmetryJs, scope: 'my-anthropic-wrapper' },
        end,
      );

      expect(await events()).toEqual([expect.objectContaining(exclusive)]);
    });

    it('should subtract the cache for a scope named as including it', async () => {
      const { tracerOf, events } = setupTracing({
        cacheInclusion: {
          '@traceloop/instrumentation-anthropic': 'includes-cache',
        },
      });

      endTracedCall(tracerOf, ANTHROPIC_CALL.openllmetryJs, end);

      expect(await events()).toEqual([
        expect.objectContaining({ costUsd: '0.012825000' }),
      ]);
    });
  });

  describe('when an OpenAI call is traced by OpenLLMetry JS', () => {
    it('should record the prompt as uncached input, the span carrying no cached count', async () => {
      const { tracerOf, events } = setupTracing();

      endTracedCall(tracerOf, OPENAI_OPENLLMETRY_JS);

      // gpt-5-mini: 2500 x 0.25 + 400 x 2 = 625 + 800 micro-USD (the 2048
      // cached tokens are priced as input: the span does not tell them).
      expect(await events()).toEqual([
        expect.objectContaining({
          provider: 'openai',
          model: 'gpt-5-mini-2025-08-07',
          requestId: 'chatcmpl-01',
          usage: tokenUsage({ inputTokens: 2500, outputTokens: 400 }),
          costUsd: '0.001425000',
          maxTokensHit: false,
        }),
      ]);
    });

    it('should read its first attribute set (llm.vendor, llm.usage.*)', async () => {
      const { tracerOf, events } = setupTracing();

      endTracedCall(tracerOf, OPENAI_OPENLLMETRY_JS_FIRST);

      // gpt-4o-mini: 1200 x 0.15 + 150 x 0.60 = 180 + 90 micro-USD.
      expect(await events()).toEqual([
        expect.objectContaining({
          provider: 'openai',
          model: 'gpt-4o-mini-2024-07-18',
          canonicalModel: 'gpt-4o-mini',
          usage: tokenUsage({ inputTokens: 1200, outputTokens: 150 }),
          costUsd: '0.000270000',
        }),
      ]);
    });
  });

  describe('when an OpenAI call with reasoning is traced', () => {
    // gpt-5-mini: $0.25/M input, $0.025/M cached, $2/M output.
    // 452 x 0.25 + 2048 x 0.025 + 400 x 2 = 113 + 51.2 + 800 micro-USD.
    const expected = {
      provider: 'openai',
      model: 'gpt-5-mini-2025-08-07',
      usage: tokenUsage({
        inputTokens: 452,
        cacheReadTokens: 2048,
        outputTokens: 400,
        reasoningTokens: 256,
      }),
      costUsd: '0.000964200',
    };

    it.each([
      [
        'current GenAI conventions',
        {
          'gen_ai.provider.name': 'openai',
          'gen_ai.operation.name': 'chat',
          'gen_ai.response.model': 'gpt-5-mini-2025-08-07',
          'gen_ai.usage.input_tokens': 2500,
          'gen_ai.usage.cache_read.input_tokens': 2048,
          'gen_ai.usage.output_tokens': 400,
          'gen_ai.usage.reasoning.output_tokens': 256,
        },
      ],
      [
        'the older GenAI names (as OpenLLMetry Python sets them)',
        {
          'gen_ai.system': 'openai',
          'llm.request.type': 'chat',
          'llm.is_streaming': true,
          'gen_ai.request.model': 'gpt-5-mini',
          'gen_ai.response.model': 'gpt-5-mini-2025-08-07',
          'gen_ai.usage.prompt_tokens': 2500,
          'gen_ai.usage.completion_tokens': 400,
          'llm.usage.total_tokens': 2900,
          'gen_ai.usage.cache_read_input_tokens': 2048,
          'gen_ai.usage.reasoning_tokens': 256,
        },
      ],
      [
        'Vercel AI SDK 5 (OpenAI input includes the cache)',
        {
          'ai.operationId': 'ai.generateText.doGenerate',
          'ai.model.provider': 'openai.responses',
          'ai.model.id': 'gpt-5-mini',
          'ai.response.model': 'gpt-5-mini-2025-08-07',
          'ai.usage.inputTokens': 2500,
          'ai.usage.outputTokens': 400,
          'ai.usage.reasoningTokens': 256,
          'ai.usage.cachedInputTokens': 2048,
        },
      ],
    ])(
      'should subtract the cached share from %s',
      async (_name, attributes) => {
        const { tracer, events } = setupTracing();

        endCallSpan(tracer, 'chat gpt-5-mini', attributes, {});

        expect(await events()).toEqual([expect.objectContaining(expected)]);
      },
    );
  });

  describe('when a Gemini call is traced by AI SDK 5', () => {
    it('should add the thoughts its output count leaves out', async () => {
      const { tracer, events } = setupTracing();

      endCallSpan(
        tracer,
        'ai.generateText.doGenerate',
        {
          'ai.operationId': 'ai.generateText.doGenerate',
          'ai.model.provider': 'google.generative-ai',
          'ai.model.id': 'gemini-2.5-flash',
        },
        {
          'ai.usage.inputTokens': 10000,
          'ai.usage.cachedInputTokens': 8000,
          'ai.usage.outputTokens': 500,
          'ai.usage.reasoningTokens': 1200,
        },
      );

      // gemini-2.5-flash: $0.30/M input, $0.03/M cached, $2.50/M output.
      // 2000 x 0.3 + 8000 x 0.03 + 1700 x 2.5 = 600 + 240 + 4250 micro-USD.
      expect(await events()).toEqual([
        expect.objectContaining({
          provider: 'google',
          model: 'gemini-2.5-flash',
          usage: tokenUsage({
            inputTokens: 2000,
            cacheReadTokens: 8000,
            outputTokens: 1700,
            reasoningTokens: 1200,
          }),
          costUsd: '0.005090000',
        }),
      ]);
    });
  });

  describe('when the AI SDK traces a multi-step generateText', () => {
    it('should record each model call once and skip the summing span', async () => {
      const { tracer, processor, events, logged } = setupTracing();
      const { start, end } = ANTHROPIC_CALL.aiSdk6;

      const outer = tracer.startSpan('ai.generateText', {
        attributes: {
          'ai.operationId': 'ai.generateText',
          'ai.model.provider': 'anthropic.messages',
        },
        startTime: STARTED,
      });
      endCallSpan(tracer, 'ai.generateText.doGenerate', start, end);
      endCallSpan(tracer, 'ai.generateText.doGenerate', start, end);
      endCallSpan(
        tracer,
        'ai.toolCall',
        { 'ai.operationId': 'ai.toolCall' },
        {},
      );
      outer.setAttributes({
        'ai.usage.inputTokens': 7000,
        'ai.usage.outputTokens': 600,
      });
      outer.end();

      const stored = await events();
      expect(stored.map((event) => event.costUsd)).toEqual([
        '0.009975000',
        '0.009975000',
      ]);
      expect(processor.stats()).toEqual({
        calls: 2,
        recorded: 2,
        withoutUsage: 0,
        aggregates: 1,
        failed: 0,
      });
      expect(logged.map((event) => [event.type, event.spanName])).toEqual([
        ['aggregate', 'ai.generateText'],
      ]);
    });

    it('should record an embedding call', async () => {
      const { tracer, events } = setupTracing();

      endCallSpan(
        tracer,
        'ai.embedMany.doEmbed',
        {
          'ai.operationId': 'ai.embedMany.doEmbed',
          'ai.model.provider': 'openai.embedding',
          'ai.model.id': 'text-embedding-3-small',
        },
        { 'ai.usage.tokens': 12000 },
      );

      // text-embedding-3-small: $0.02/M; 12000 x 0.02 = 240 micro-USD.
      expect(await events()).toEqual([
        expect.objectContaining({
          provider: 'openai',
          usage: tokenUsage({ inputTokens: 12000 }),
          costUsd: '0.000240000',
        }),
      ]);
    });
  });
});
