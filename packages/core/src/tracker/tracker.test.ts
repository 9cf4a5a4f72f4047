import { describe, expect, it } from 'vitest';
import {
  MemorySink,
  readJsonLines,
  SONNET_USAGE,
  tempSpoolPath,
} from '../../test/tracker-support.js';
import { withUsageContext } from '../context.js';
import { type TokenledgerError, UsageError } from '../errors.js';
import type { UsageEvent } from '../schema.js';
import { tokenUsage } from '../schema.js';
import { spoolPaths } from './spool.js';
import { createTracker } from './tracker.js';

function setup(
  options: {
    release?: string;
    clock?: () => Date;
    onRecorded?: (event: UsageEvent) => void;
  } = {},
) {
  const sink = new MemorySink();
  const errors: TokenledgerError[] = [];
  const spoolPath = tempSpoolPath();
  const tracker = createTracker({
    store: sink,
    spoolPath,
    onError: (error) => errors.push(error),
    ...options,
  });

  return { sink, errors, spoolPath, tracker };
}

const sonnetCall = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  shape: 'anthropic.messages',
  usage: SONNET_USAGE,
} as const;

describe('createTracker', () => {
  describe('when recording raw provider usage', () => {
    it('should normalize, price exactly and store the call', async () => {
      const { sink, tracker } = setup();

      tracker.record({ ...sonnetCall, latencyMs: 812, requestId: 'msg_1' });
      await tracker.flush();

      const [event] = sink.events();
      expect(event).toMatchObject({
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        shape: 'anthropic.messages',
        usage: tokenUsage({
          inputTokens: 1000,
          cacheReadTokens: 2000,
          cacheWriteTokens: 500,
          outputTokens: 300,
        }),
        priced: true,
        // 1000 x $3/M + 300 x $15/M + 500 x $3.75/M + 2000 x $0.30/M
        costUsd: '0.009975000',
        cost: {
          input: '0.003000000',
          output: '0.004500000',
          cacheWrite: '0.001875000',
          cacheRead: '0.000600000',
          units: '0.000000000',
        },
        canonicalModel: 'claude-sonnet-4-5',
        latencyMs: 812,
        requestId: 'msg_1',
        userId: 'anonymous',
        endpoint: 'unknown',
        status: 'ok',
        attempt: 1,
      });
      expect(tracker.stats()).toMatchObject({ recorded: 1, written: 1 });
    });

    it('should stamp the timestamp from the clock', async () => {
      const day = new Date('2026-11-20T09:30:00Z');
      const { sink, tracker } = setup({ clock: () => day });

      tracker.record(sonnetCall);
      await tracker.flush();

      expect(sink.events()[0]?.timestamp).toEqual(day);
      expect(sink.events()[0]?.id.slice(0, 13)).toBe(
        // 2026-11-20T09:30:00Z = 1795167000000 ms = 0x01a1f84a95c0
        '01a1f84a-95c0',
      );
    });
  });

  describe('when a usage scope is open', () => {
    it('should attribute the call to it, resolving getters at record time', async () => {
      const { sink, tracker } = setup({ release: '2.4.0' });
      const seen: UsageEvent[] = [];
      let route = 'POST (unmatched)';

      await withUsageContext(
        {
          userId: 'u_42',
          endpoint: () => route,
          tags: { plan: 'pro', team: 'claims' },
          onRecorded: (event) => seen.push(event),
        },
        async () => {
          route = 'POST /claims/:id/validate';
          await new Promise((resolve) => setTimeout(resolve, 1));
          tracker.record({ ...sonnetCall, tags: { team: 'ocr' } });
        },
      );
      await tracker.flush();

      const [event] = sink.events();
      expect(event).toMatchObject({
        userId: 'u_42',
        endpoint: 'POST /claims/:id/validate',
        release: '2.4.0',
        tags: { plan: 'pro', team: 'ocr' },
      });
      expect(seen).toEqual([event]);
    });

    it('should let the call override the scope, and the scope the tracker', async () => {
      const { sink, tracker } = setup({ release: '2.4.0' });

      withUsageContext(
        { userId: 'u_1', endpoint: 'chat', release: '2.5.0-rc1' },
        () =>
          tracker.record({ ...sonnetCall, userId: 'u_2', endpoint: 'search' }),
      );
      await tracker.flush();

      expect(sink.events()[0]).toMatchObject({
        userId: 'u_2',
        endpoint: 'search',
        release: '2.5.0-rc1',
      });
    });

    it('should resolve each getter once per call', () => {
      const { tracker } = setup();
      let reads = 0;

      withUsageContext(
        {
          userId: () => {
            reads += 1;
            return 'u_1';
          },
          onRecorded: () => {},
        },
        () => tracker.record(sonnetCall),
      );

      expect(reads).toBe(1);
    });

    it('should record the event even when onRecorded throws', async () => {
      const { sink, errors, tracker } = setup();

      withUsageContext(
        {
          onRecorded: () => {
            throw new Error('summary failed');
          },
        },
        () => tracker.record(sonnetCall),
      );
      await tracker.flush();

      expect(sink.rows.size).toBe(1);
      expect(errors.map((error) => error.code)).toEqual(['INTERNAL']);
    });
  });

  describe('when the tracker has an onRecorded option', () => {
    it('should call it with every accepted event, before the scope', async () => {
      const order: string[] = [];
      const seen: UsageEvent[] = [];
      const { sink, tracker } = setup({
        onRecorded: (event) => {
          order.push('tracker');
          seen.push(event);
        },
      });

      tracker.record(sonnetCall);
      withUsageContext({ onRecorded: () => order.push('scope') }, () =>
        tracker.record(sonnetCall),
      );
      tracker.record({ ...sonnetCall, usage: { input_tokens: -1 } });
      await tracker.flush();

      expect(order).toEqual(['tracker', 'tracker', 'scope']);
      expect(seen).toEqual(sink.events());
      expect(seen.map((event) => event.costUsd)).toEqual([
        '0.009975000',
        '0.009975000',
      ]);
    });

    it('should record the event and report when it throws', async () => {
      const { sink, errors, tracker } = setup({
        onRecorded: () => {
          throw new Error('exporter down');
        },
      });

      tracker.record(sonnetCall);
      await tracker.flush();

      expect(sink.rows.size).toBe(1);
      expect(errors.map((error) => error.message)).toEqual([
        'The onRecorded callback of the tracker threw; the event was recorded anyway.',
      ]);
    });
  });

  describe('when the usage is malformed', () => {
    it('should not throw, count it, report it and keep the raw input', async () => {
      const { errors, spoolPath, tracker } = setup();
      const usage = { input_tokens: -5, output_tokens: 10 };

      const returned = tracker.record({ ...sonnetCall, usage });
      await tracker.flush();

      expect(returned).toBeUndefined();
      expect(tracker.stats()).toMatchObject({ recorded: 0, rejected: 1 });
      expect(errors[0]).toBeInstanceOf(UsageError);
      expect((errors[0] as UsageError).field).toBe('usage.input_tokens');
      await tracker.shutdown();
      expect(readJsonLines(spoolPaths(spoolPath).rejected)).toMatchObject([
        { code: 'INVALID_USAGE', input: { ...sonnetCall, usage } },
      ]);
    });

    it('should keep every rejected input of a burst, in order', async () => {
      const { spoolPath, tracker } = setup();

      for (let i = 0; i < 5; i += 1) {
        tracker.record({ ...sonnetCall, requestId: `bad-${i}`, usage: 'x' });
      }
      await tracker.shutdown();

      const kept = readJsonLines(spoolPaths(spoolPath).rejected) as {
        input: { requestId: string };
      }[];
      expect(kept.map((line) => line.input.requestId)).toEqual([
        'bad-0',
        'bad-1',
        'bad-2',
        'bad-3',
        'bad-4',
      ]);
    });

    it('should keep an input that cannot be serialized as its error', async () => {
      const { spoolPath, tracker } = setup();
      const usage = {
        toJSON() {
          throw new Error('no JSON here');
        },
      };

      expect(() => tracker.record({ ...sonnetCall, usage })).not.toThrow();
      await tracker.shutdown();

      expect(readJsonLines(spoolPaths(spoolPath).rejected)).toMatchObject([
        { code: 'USAGE_MISSING', input: { unserializable: 'no JSON here' } },
      ]);
    });

    it('should only count and report a rejected input without a spool', () => {
      const errors: unknown[] = [];
      const tracker = createTracker({
        store: new MemorySink(),
        spoolPath: false,
        onError: (error) => errors.push(error),
      });

      tracker.record({ ...sonnetCall, usage: { input_tokens: -1 } });

      expect(tracker.stats()).toMatchObject({ rejected: 1, dropped: 0 });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(UsageError);
    });

    it('should reject normalized usage with a negative count', () => {
      const { errors, tracker } = setup();

      tracker.recordNormalized({
        provider: 'openai',
        model: 'gpt-4o',
        usage: tokenUsage({ inputTokens: 10, outputTokens: -1 }),
      });

      expect(tracker.stats().rejected).toBe(1);
      expect(errors[0]).toBeInstanceOf(UsageError);
    });

    it('should reject an attribute the schema forbids, naming it', () => {
      const { errors, tracker } = setup();

      withUsageContext({ endpoint: `/search?q=${'x'.repeat(300)}` }, () =>
        tracker.record(sonnetCall),
      );

      expect(tracker.stats().rejected).toBe(1);
      expect(errors[0]?.code).toBe('INVALID_EVENT');
      expect(errors[0]?.message).toMatch(
        /^Cannot record this call: endpoint is 310 characters; at most 200\./,
      );
    });

    it('should reject a provider cost that is no USD amount as invalid, not internal', () => {
      const { errors, tracker } = setup();

      tracker.record({ ...sonnetCall, providerCostUsd: 'abc' });

      expect(tracker.stats().rejected).toBe(1);
      expect(errors[0]?.code).toBe('INVALID_EVENT');
      expect(errors[0]?.message).toBe(
        'Cannot record this call: providerCostUsd must be a USD amount with 9 decimals under 1e9, such as "0.004185000". Fix the value passed to record() or set by the usage scope.',
      );
    });

    it('should reject a call that is not an object', () => {
      const { errors, tracker } = setup();

      tracker.record(null as unknown as typeof sonnetCall);

      expect(tracker.stats().rejected).toBe(1);
      expect(errors[0]?.message).toBe(
        'record() needs an object like { provider, model, shape, usage }, got null.',
      );
    });

    it('should survive an onError that throws', () => {
      const tracker = createTracker({
        store: new MemorySink(),
        spoolPath: false,
        onError: () => {
          throw new Error('logger down');
        },
      });

      expect(() =>
        tracker.record({ ...sonnetCall, usage: 'not usage' }),
      ).not.toThrow();
      expect(tracker.stats().rejected).toBe(1);
    });
  });

  describe('when the model has no price', () => {
    it('should store it unpriced, never at $0', async () => {
      const { sink, tracker } = setup();

      tracker.record({ ...sonnetCall, model: 'claude-imaginary-9' });
      await tracker.flush();

      expect(sink.events()[0]).toMatchObject({
        priced: false,
        costUsd: null,
        cost: null,
        priceId: null,
        canonicalModel: null,
      });
      expect(sink.events()[0]?.unpricedReason).toMatch(
        /^No price for model "claude-imaginary-9" of provider "anthropic"/,
      );
      expect(tracker.stats()).toMatchObject({ recorded: 1, unpriced: 1 });
    });
  });

  describe('when the options are wrong', () => {
    it('should throw INVALID_OPTIONS naming the option', () => {
      expect(() =>
        createTracker({ store: new MemorySink(), maxBatchSize: 0 }),
      ).toThrow(
        'createTracker: maxBatchSize must be an integer of at least 1, got 0.',
      );
      expect(() => createTracker({ store: {} as MemorySink })).toThrow(
        /store must have an insertEvents\(events\) method/,
      );
      expect(() =>
        createTracker({
          store: new MemorySink(),
          onRecorded: 'log' as unknown as () => void,
        }),
      ).toThrow(
        'createTracker: onRecorded must be a function (event) => void.',
      );
    });
  });
});
