import {
  Controller,
  Get,
  Headers,
  Injectable,
  Module,
  UseInterceptors,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TokenledgerError } from '@tokenledger/core';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import {
  TokenledgerInterceptor,
  TokenledgerModule,
  type TokenledgerModuleOptions,
  Tracker,
} from '../src/index.js';
import { FeatureModule } from './app.js';
import { CaptureTracker, recordCall } from './capture-tracker.js';

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

  describe('when a user callback is given', () => {
    it('should store the user it returns', async () => {
      const tracker = new CaptureTracker();
      const app = await bootWith(
        TokenledgerModule.forRoot({
          tracker,
          user: (req) => String(req.headers['x-tenant-user']),
        }),
      );

      await request(app.getHttpServer())
        .get('/claims/3')
        .set('x-request-id', 'u')
        .set('x-tenant-user', 'tenant-9')
        .set('x-user', 'ignored-default')
        .expect(200);
      await app.close();

      expect(tracker.calls.map((c) => c.userId)).toEqual(['tenant-9']);
    });
  });

  describe('when no user callback is given', () => {
    it('should take req.user.id, then req.auth.sub', async () => {
      const tracker = new CaptureTracker();
      const app = await bootWith(TokenledgerModule.forRoot({ tracker }));
      const server = app.getHttpServer();

      await request(server)
        .get('/claims/3')
        .set('x-request-id', 'jwt')
        .set('x-auth-sub', 'sub-42');
      await request(server)
        .get('/claims/3')
        .set('x-request-id', 'both')
        .set('x-auth-sub', 'sub-42')
        .set('x-user', 'passport-7');
      await app.close();

      expect(tracker.calls.map((c) => [c.requestId, c.userId])).toEqual([
        ['jwt', 'sub-42'],
        ['both', 'passport-7'],
      ]);
    });
  });

  describe('when a handler calls setUsageContext', () => {
    it('should store the user it set for the calls after it', async () => {
      const tracker = new CaptureTracker();
      const app = await bootWith(TokenledgerModule.forRoot({ tracker }));

      await request(app.getHttpServer())
        .get('/papers/late-user')
        .set('x-request-id', 'late')
        .set('x-user', 'from-guard')
        .expect(200, { ok: true });
      await app.close();

      expect(tracker.calls.map((c) => c.userId)).toEqual(['set-in-handler']);
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
      ).toThrowErrorMatchingInlineSnapshot(
        `[TokenledgerError: TokenledgerModule.forRoot({ tracker }) needs a tracker with record() and flush(), e.g. TokenledgerModule.forRoot({ tracker: createTracker({ store }) }).]`,
      );
      expect(() =>
        TokenledgerModule.forRoot({
          tracker: {
            record() {},
            recordNormalized() {},
            flush: async () => {},
          },
          onShutdown: 'shutdown',
        }),
      ).toThrowErrorMatchingInlineSnapshot(
        `[TokenledgerError: TokenledgerModule.forRoot({ onShutdown: 'shutdown' }) needs a tracker with shutdown(); use onShutdown: 'flush' for this one.]`,
      );
      await expect(
        bootWith(
          TokenledgerModule.forRootAsync({
            useFactory: () => ({
              tracker: new CaptureTracker(),
              user: 'id' as never,
            }),
          }),
        ),
      ).rejects.toThrowErrorMatchingInlineSnapshot(
        `[TokenledgerError: TokenledgerModule option user must be a function of the request, e.g. user: (req) => ...; got "id".]`,
      );
    });
  });
});

@Controller('manual')
class ManualController {
  constructor(private readonly tracker: Tracker) {}

  @Get('plain')
  plain(@Headers('x-request-id') id: string) {
    recordCall(this.tracker, id);
    return {};
  }

  @Get('tracked')
  @UseInterceptors(TokenledgerInterceptor)
  tracked(@Headers('x-request-id') id: string) {
    recordCall(this.tracker, id);
    return {};
  }
}

describe('TokenledgerModule with applyGlobally: false', () => {
  it('should open a scope only where TokenledgerInterceptor is applied', async () => {
    const tracker = new CaptureTracker();
    const moduleRef = await Test.createTestingModule({
      imports: [TokenledgerModule.forRoot({ tracker, applyGlobally: false })],
      controllers: [ManualController],
    }).compile();
    const app = await moduleRef.createNestApplication({ logger: false }).init();

    await request(app.getHttpServer())
      .get('/manual/plain')
      .set('x-request-id', 'p');
    await request(app.getHttpServer())
      .get('/manual/tracked')
      .set('x-request-id', 't');
    await app.close();

    expect(tracker.calls.map((c) => [c.requestId, c.endpoint])).toEqual([
      ['p', undefined],
      ['t', 'ManualController.tracked'],
    ]);
  });
});
