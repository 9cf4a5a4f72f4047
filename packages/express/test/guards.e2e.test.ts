import {
  currentUsageContext,
  type TokenledgerError,
  type UsageEvent,
  type UsageRecorder,
} from '@tokenledger/core';
import express from 'express';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { tokenledger } from '../src/index.js';
import { CaptureRecorder, recordCall } from './capture-recorder.js';

function appWith(
  recorder: UsageRecorder,
  options: Omit<Parameters<typeof tokenledger>[0], 'tracker'>,
) {
  const app = express();
  app.use(tokenledger({ tracker: recorder, ...options }));
  app.get('/claims/:id', (req, res) => {
    recordCall(recorder, req.params.id);
    res.json({ cost: res.locals['tokenledgerCost'] ?? null });
  });

  return app;
}

describe('tokenledger()', () => {
  describe('when a user or tags callback throws', () => {
    it('should report it to onError and still serve and attribute the request', async () => {
      const recorder = new CaptureRecorder();
      const onError = vi.fn<(error: TokenledgerError) => void>();
      const app = appWith(recorder, {
        user: () => {
          throw new Error('session store down');
        },
        tags: () => {
          throw new Error('no tenant');
        },
        onError,
      });

      await request(app).get('/claims/7').expect(200);

      expect(recorder.calls).toEqual([
        {
          requestId: '7',
          userId: undefined,
          endpoint: 'GET /claims/:id',
          tags: {},
        },
      ]);
      expect(onError.mock.calls.map(([e]) => [e.code, e.message])).toEqual([
        ['INTERNAL', 'no tenant'],
        ['INTERNAL', 'session store down'],
      ]);
    });
  });

  describe('when onError itself throws', () => {
    it('should still serve the request', async () => {
      const app = appWith(new CaptureRecorder(), {
        endpoint: () => {
          throw new Error('bad endpoint');
        },
        onError: () => {
          throw new Error('bad logger');
        },
      });

      await request(app).get('/claims/7').expect(200);
    });
  });

  describe('when tags and a custom endpoint are given', () => {
    it('should put them in the scope', async () => {
      const recorder = new CaptureRecorder();
      const app = appWith(recorder, {
        endpoint: (req) => `claims.${req.method.toLowerCase()}`,
        tags: (req) => ({ tenant: String(req.get('x-tenant')) }),
      });

      await request(app).get('/claims/7').set('x-tenant', 'acme').expect(200);

      expect(recorder.calls[0]).toMatchObject({
        endpoint: 'claims.get',
        tags: { tenant: 'acme' },
      });
    });
  });

  describe('when the cost header and locals are on', () => {
    it('should report the calls the tracker priced in the scope', async () => {
      // Stands in for the tracker: prices every call at 0.001234567 USD.
      const pricing: UsageRecorder = {
        record: () =>
          currentUsageContext()?.onRecorded?.({
            costUsd: '0.001234567',
          } as UsageEvent),
        recordNormalized: () => {},
      };
      const app = appWith(pricing, { costHeader: true, costLocals: true });

      const response = await request(app).get('/claims/7').expect(200);

      expect(response.headers['x-tokenledger-cost']).toBe(
        '0.001234567; calls=1',
      );
      expect(response.body).toEqual({
        cost: { calls: 1, unpricedCalls: 0, costUsd: '0.001234567' },
      });
    });
  });

  describe('when the cost outputs are off (the default)', () => {
    it('should add no header', async () => {
      const app = appWith(new CaptureRecorder(), {});

      const response = await request(app).get('/claims/7').expect(200);

      expect(response.headers['x-tokenledger-cost']).toBeUndefined();
      expect(response.body).toEqual({ cost: null });
    });
  });

  describe('when the options are wrong', () => {
    it('should throw at setup and name the right call', () => {
      expect(() =>
        tokenledger({} as Parameters<typeof tokenledger>[0]),
      ).toThrowErrorMatchingInlineSnapshot(
        `[TokenledgerError: tokenledger() needs the tracker the app records with, e.g. app.use(tokenledger({ tracker: createTracker({ store }) })); got tracker: undefined.]`,
      );
      expect(() =>
        tokenledger({
          tracker: new CaptureRecorder(),
          user: 'req.user.id' as never,
        }),
      ).toThrowErrorMatchingInlineSnapshot(
        `[TokenledgerError: tokenledger({ user }) must be a function of the request, e.g. user: (req) => ...; got "req.user.id".]`,
      );
      expect(() =>
        tokenledger({ tracker: new CaptureRecorder(), costHeader: ' ' }),
      ).toThrowErrorMatchingInlineSnapshot(
        `[TokenledgerError: tokenledger({ costHeader }) must be true, false or a non-empty name, e.g. costHeader: true; got " ".]`,
      );
    });
  });
});
