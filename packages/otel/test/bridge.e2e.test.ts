import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { otelCostMetrics } from '../src/index.js';
import { registerMeterProvider } from './metrics-support.js';
import { ANTHROPIC_CALL, endTracedCall } from './spans.js';
import { setupTracing, useContextManager } from './support.js';

let restore: () => void;
beforeAll(() => {
  restore = useContextManager();
});
afterAll(() => restore());

describe('spans in, metrics out', () => {
  it('should turn instrumented spans into stored events, metrics and span cost', async () => {
    const meters = registerMeterProvider();
    const { tracer, tracerOf, events } = setupTracing({
      trackerOptions: { onRecorded: otelCostMetrics() },
    });
    const request = tracer.startSpan('POST /claims/:id/validate', {
      attributes: { 'http.route': '/claims/:id/validate' },
    });

    context.with(trace.setSpan(context.active(), request), () => {
      endTracedCall(tracerOf, ANTHROPIC_CALL.openllmetryJs);
      endTracedCall(tracerOf, ANTHROPIC_CALL.aiSdk6);
    });
    request.end();

    const stored = await events();
    expect(stored.map((event) => [event.endpoint, event.costUsd])).toEqual([
      ['/claims/:id/validate', '0.009975000'],
      ['/claims/:id/validate', '0.009975000'],
    ]);
    const attributes = {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.response.model': 'claude-sonnet-4-5-20250929',
      'tokenledger.endpoint': '/claims/:id/validate',
    };
    expect((await meters.points('tokenledger.cost')).points).toEqual([
      { attributes, value: 0.01995 },
    ]);
    expect(
      (await meters.points('tokenledger.tokens')).points.map((point) => [
        point.attributes['gen_ai.token.type'],
        point.value,
      ]),
    ).toEqual([
      ['input', 2000],
      ['cache_read', 4000],
      ['cache_creation', 1000],
      ['output', 600],
    ]);
    expect((request as unknown as { attributes: object }).attributes).toEqual({
      'http.route': '/claims/:id/validate',
      'gen_ai.usage.cost': 0.01995,
      'tokenledger.cost_usd': '0.019950000',
      'tokenledger.calls': 2,
    });
    meters.unregister();
  });
});
