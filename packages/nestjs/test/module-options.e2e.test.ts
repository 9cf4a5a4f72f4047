import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TokenledgerError } from '@tokenledger/core';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import {
  TokenledgerModule,
  type TokenledgerModuleOptions,
  Tracker,
} from '../src/index.js';
import { FeatureModule } from './app.js';
import { CaptureTracker } from './capture-tracker.js';

@Injectable()
class ConfigService {
  readonly tenant = 'acme';
}

@Module({ providers: [ConfigService], exports: [ConfigService] })
class ConfigModule {}

async function bootWith(module: ReturnType<typeof TokenledgerModule.forRoot>) {
  const moduleRef = await Test.createTestingModule({
    imports: [module, FeatureModule],
  }).compile();

  return moduleRef.createNestApplication({ logger: false }).init();
}

describe('TokenledgerModule', () => {
  describe('when registered with forRootAsync', () => {
    it('should build the options from injected providers and shut the tracker down on close', async () => {
      const tracker = new CaptureTracker();
      const app = await bootWith(
        TokenledgerModule.forRootAsync({
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            tracker,
            tags: () => ({ tenant: config.tenant }),
            onShutdown: 'shutdown',
          }),
        }),
      );

      await request(app.getHttpServer())
        .get('/claims/3')
        .set('x-request-id', 'a');
      expect(app.get(Tracker)).toBe(tracker);
      await app.close();

      expect(tracker.calls).toEqual([
        {
          requestId: 'a',
          userId: undefined,
          endpoint: 'claims',
          tags: { tenant: 'acme' },
        },
      ]);
      expect([tracker.flushes, tracker.shutdowns]).toEqual([0, 1]);
    });
  });

  describe('when a user callback throws', () => {
    it('should report it to onError and still serve the request', async () => {
      const tracker = new CaptureTracker();
      const onError = vi.fn<(error: TokenledgerError) => void>();
      const app = await bootWith(
        TokenledgerModule.forRoot({
          tracker,
          user: () => {
            throw new Error('session store down');
          },
          onError,
        }),
      );

      await request(app.getHttpServer())
        .get('/claims/3')
        .set('x-request-id', 'b')
        .expect(200, { id: 'b' });
      await app.close();

      expect(tracker.calls[0]?.userId).toBeUndefined();
      expect(onError.mock.calls.map(([e]) => [e.code, e.message])).toEqual([
        ['INTERNAL', 'session store down'],
      ]);
    });
  });

  describe('when the flush at shutdown fails', () => {
    it('should report it to onError and let the app close', async () => {
      const tracker = new CaptureTracker();
      tracker.flush = () => Promise.reject(new Error('database is gone'));
      const onError = vi.fn<(error: TokenledgerError) => void>();
      const app = await bootWith(
        TokenledgerModule.forRoot({ tracker, onError }),
      );

      await app.close();

      expect(onError.mock.calls.map(([e]) => [e.code, e.message])).toEqual([
        ['STORAGE_FAILED', 'database is gone'],
      ]);
    });
  });

  describe('when the options are wrong', () => {
    it('should fail at boot and name the right call', async () => {
      expect(() =>
        TokenledgerModule.forRoot({} as TokenledgerModuleOptions),
      ).toThrowErrorMatchingInlineSnapshot();
      expect(() =>
        TokenledgerModule.forRoot({
          tracker: {
            record() {},
            recordNormalized() {},
            flush: async () => {},
          },
          onShutdown: 'shutdown',
        }),
      ).toThrowErrorMatchingInlineSnapshot();
      await expect(
        bootWith(
          TokenledgerModule.forRootAsync({
            useFactory: () => ({
              tracker: new CaptureTracker(),
              user: 'id' as never,
            }),
          }),
        ),
      ).rejects.toThrowErrorMatchingInlineSnapshot();
    });
  });
});
