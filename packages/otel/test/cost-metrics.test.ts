import { context, type MeterProvider, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { createTracker, type TokenledgerError } from '@tokenledger/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { otelCostMetrics } from '../src/index.js';
import { registerMeterProvider } from './metrics-support.js';
import { MemorySink, useContextManager } from './support.js';

const SONNET = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  shape: 'anthropic.messages',
  // 1000 x $3/M + 300 x $15/M + 500 x $3.75/M + 2000 x $0.30/M = $0.009975
  usage: {
    input_tokens: 1000,
    cache_read_input_tokens: 2000,
    cache_creation_input_tokens: 500,
    output_tokens: 300,
  },
  endpoint: 'claims.validate',
  userId: 'u_1',
} as const;
const UNPRICED = {
  ...SONNET,
  model: 'claude-imaginary-9',
  usage: { input_tokens: 100, output_tokens: 20 },
} as const;

const BASE = {
  'gen_ai.provider.name': 'anthropic',
  'gen_ai.response.model': 'claude-sonnet-4-5',
  'tokenledger.endpoint': 'claims.validate',
};

function trackerWith(options: Parameters<typeof otelCostMetrics>[0] = {}) {
  const errors: TokenledgerError[] = [];
  const tracker = createTracker({
    store: new MemorySink(),
    spoolPath: false,
    onRecorded: otelCostMetrics({
      ...options,
      onError: (error) => errors.push(error),
    }),
    onError: (error) => errors.push(error),
  });

  return { tracker, errors };
}

let restoreContext: () => void;
beforeAll(() => {
  restoreContext = useContextManager();
});
afterAll(() => restoreContext());

describe('otelCostMetrics', () => {
  let unregister = () => {};
  afterEach(() => unregister());

  describe('when a MeterProvider is registered after the tracker', () => {
    it('should count cost, tokens by class and calls with exact sums', async () => {
      const { tracker } = trackerWith();
      const meters = registerMeterProvider();
      unregister = meters.unregister;

      tracker.record(SONNET);
      tracker.record(SONNET);
      tracker.record(UNPRICED);

      // 2 x 0.009975; doubling is exact in binary, so the float sum is
      // the float of the exact sum.
      expect(await meters.points('tokenledger.cost')).toEqual({
        unit: 'USD',
        points: [{ attributes: BASE, value: 0.01995 }],
      });
      const tokens = await meters.points('tokenledger.tokens');
      expect(tokens.unit).toBe('{token}');
      expect(tokens.points).toEqual([
        { attributes: { ...BASE, 'gen_ai.token.type': 'input' }, value: 2000 },
        {
          attributes: { ...BASE, 'gen_ai.token.type': 'cache_read' },
          value: 4000,
        },
        {
          attributes: { ...BASE, 'gen_ai.token.type': 'cache_creation' },
          value: 1000,
        },
        { attributes: { ...BASE, 'gen_ai.token.type': 'output' }, value: 600 },
        {
          attributes: {
            ...BASE,
            'gen_ai.response.model': 'claude-imaginary-9',
            'gen_ai.token.type': 'input',
          },
          value: 100,
        },
        {
          attributes: {
            ...BASE,
            'gen_ai.response.model': 'claude-imaginary-9',
            'gen_ai.token.type': 'output',
          },
          value: 20,
        },
      ]);
      expect((await meters.points('tokenledger.calls')).points).toEqual([
        { attributes: { ...BASE, 'tokenledger.priced': true }, value: 2 },
        {
          attributes: {
            ...BASE,
            'gen_ai.response.model': 'claude-imaginary-9',
            'tokenledger.priced': false,
          },
          value: 1,
        },
      ]);
    });

    it('should count reasoning apart, already inside output', async () => {
      const { tracker } = trackerWith();
      const meters = registerMeterProvider();
      unregister = meters.unregister;

      tracker.record({
        provider: 'openai',
        model: 'gpt-5-mini',
        shape: 'openai.chat',
        usage: {
          prompt_tokens: 2500,
          completion_tokens: 400,
          prompt_tokens_details: { cached_tokens: 2048 },
          completion_tokens_details: { reasoning_tokens: 256 },
        },
      });

      const attributes = {
        'gen_ai.provider.name': 'openai',
        'gen_ai.response.model': 'gpt-5-mini',
        'tokenledger.endpoint': 'unknown',
      };
      expect(
        (await meters.points('tokenledger.reasoning_tokens')).points,
      ).toEqual([{ attributes, value: 256 }]);
      // 452 x 0.25 + 2048 x 0.025 + 400 x 2 = 964.2 micro-USD
      expect((await meters.points('tokenledger.cost')).points).toEqual([
        { attributes, value: 0.0009642 },
      ]);
    });
  });

  describe('when includeUserId is set', () => {
    it('should add user.id to every data point', async () => {
      const { tracker } = trackerWith({ includeUserId: true });
      const meters = registerMeterProvider();
      unregister = meters.unregister;

      tracker.record(SONNET);

      expect((await meters.points('tokenledger.cost')).points).toEqual([
        { attributes: { ...BASE, 'user.id': 'u_1' }, value: 0.009975 },
      ]);
    });
  });

  describe('when a span is active', () => {
    it('should add the running cost totals of its calls to it', () => {
      const { tracker } = trackerWith();
      const tracer = new BasicTracerProvider().getTracer('test');
      const span = tracer.startSpan('POST /claims/:id/validate');

      context.with(trace.setSpan(context.active(), span), () => {
        tracker.record(SONNET);
        tracker.record(SONNET);
        tracker.record(UNPRICED);
      });
      span.end();

      expect((span as unknown as { attributes: object }).attributes).toEqual({
        'gen_ai.usage.cost': 0.01995,
        'tokenledger.cost_usd': '0.019950000',
        'tokenledger.calls': 3,
        'tokenledger.unpriced_calls': 1,
      });
    });

    it('should leave an ended span alone', () => {
      const { tracker } = trackerWith();
      const tracer = new BasicTracerProvider().getTracer('test');
      const span = tracer.startSpan('chat');
      span.end();

      context.with(trace.setSpan(context.active(), span), () =>
        tracker.record(SONNET),
      );

      expect((span as unknown as { attributes: object }).attributes).toEqual(
        {},
      );
    });

    it('should leave spans alone when annotateActiveSpan is false', () => {
      const { tracker } = trackerWith({ annotateActiveSpan: false });
      const tracer = new BasicTracerProvider().getTracer('test');
      const span = tracer.startSpan('job');

      context.with(trace.setSpan(context.active(), span), () =>
        tracker.record(SONNET),
      );

      expect((span as unknown as { attributes: object }).attributes).toEqual(
        {},
      );
    });
  });

  describe('when the meter provider fails', () => {
    it('should report it and still record the call', async () => {
      const broken = {
        getMeter: () => {
          throw new Error('meter exploded');
        },
      } as unknown as MeterProvider;
      const { tracker, errors } = trackerWith({ meterProvider: broken });

      tracker.record(SONNET);
      await tracker.flush();

      expect(tracker.stats()).toMatchObject({ recorded: 1, written: 1 });
      expect(errors.map((error) => error.message)).toEqual(['meter exploded']);
    });
  });
});
