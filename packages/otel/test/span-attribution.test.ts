import { context, trace } from '@opentelemetry/api';
import { withUsageContext } from '@tokenledger/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_CALL, endCallSpan } from './spans.js';
import { STARTED, setupTracing, useContextManager } from './support.js';

const { start, end } = ANTHROPIC_CALL.semconv;

let restore: () => void;
beforeAll(() => {
  restore = useContextManager();
});
afterAll(() => restore());

describe('TokenledgerSpanProcessor attribution', () => {
  describe('when the span starts in a tokenledger usage scope', () => {
    it('should keep the scope even when the span ends outside it', async () => {
      const { tracer, events } = setupTracing();
      const summaries: string[] = [];

      const span = withUsageContext(
        {
          userId: 'u_42',
          endpoint: 'POST /claims/:id/validate',
          release: '2.4.0',
          tags: { plan: 'pro' },
          onRecorded: (event) => summaries.push(event.costUsd ?? 'unpriced'),
        },
        () =>
          tracer.startSpan('chat', { attributes: start, startTime: STARTED }),
      );
      // e.g. a stream drained after the handler's scope was left
      span.setAttributes(end);
      span.end();

      expect(await events()).toEqual([
        expect.objectContaining({
          userId: 'u_42',
          endpoint: 'POST /claims/:id/validate',
          release: '2.4.0',
          tags: { plan: 'pro' },
          costUsd: '0.009975000',
        }),
      ]);
      expect(summaries).toEqual(['0.009975000']);
    });

    it('should let the scope win and fill what it lacks from attributes', async () => {
      const { tracer, events } = setupTracing();

      withUsageContext({ endpoint: 'claims.validate' }, () =>
        endCallSpan(tracer, 'chat', { ...start, 'user.id': 'u_7' }, end),
      );

      expect(await events()).toEqual([
        expect.objectContaining({ userId: 'u_7', endpoint: 'claims.validate' }),
      ]);
    });
  });

  describe('when there is no usage scope', () => {
    it('should read http.route from an ancestor and user.id from the span', async () => {
      const { tracer, events } = setupTracing();
      const server = tracer.startSpan('POST', {
        attributes: { 'http.request.method': 'POST' },
      });
      const handler = tracer.startSpan(
        'request handler - /claims/:id/validate',
        { attributes: { 'http.route': '/claims/:id/validate' } },
        trace.setSpan(context.active(), server),
      );

      context.with(trace.setSpan(context.active(), handler), () =>
        endCallSpan(tracer, 'chat', { ...start, 'user.id': 'u_9' }, end),
      );
      handler.end();
      server.end();

      expect(await events()).toEqual([
        expect.objectContaining({
          userId: 'u_9',
          endpoint: '/claims/:id/validate',
        }),
      ]);
    });

    it('should read mapped attributes from the span, then the resource', async () => {
      const { tracer, events } = setupTracing({
        userAttributes: ['ai.telemetry.metadata.userId'],
        endpointAttributes: ['app.feature'],
        resource: { 'app.feature': 'claims-batch' },
      });
      const { start: sdkStart, end: sdkEnd } = ANTHROPIC_CALL.aiSdk6;

      endCallSpan(tracer, 'ai.generateText.doGenerate', sdkStart, sdkEnd);

      expect(await events()).toEqual([
        expect.objectContaining({ userId: 'u_sdk', endpoint: 'claims-batch' }),
      ]);
    });

    it('should fall back to anonymous and unknown', async () => {
      const { tracer, events } = setupTracing({ userAttributes: [] });

      endCallSpan(tracer, 'chat', { ...start, 'user.id': 'u_ignored' }, end);

      expect(await events()).toEqual([
        expect.objectContaining({ userId: 'anonymous', endpoint: 'unknown' }),
      ]);
    });
  });
});
