import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  type CallHandler,
  type CanActivate,
  Controller,
  type DynamicModule,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  Module,
  type NestInterceptor,
  Param,
} from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TokenledgerModule } from '@tokenledger/nestjs';
import { serveBench } from '../../../tools/bench/serve.js';

// The request makes no LLM call: what is measured is what the module sets
// up for every request. Run by overhead.bench.ts, one process per variant
// and round: `node servers.js <express|fastify>:<variant>`.
const tracker = {
  record() {},
  recordNormalized() {},
  flush: async () => true,
};

@Controller('claims')
class ClaimsController {
  @Get(':id')
  show(@Param('id') id: string) {
    return { id, status: 'valid' };
  }
}

/** Does nothing: measures what Nest's interceptor pipeline itself costs. */
@Injectable()
class EmptyInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler) {
    return next.handle();
  }
}

/** Lets everything through: measures what Nest's guard step costs. */
@Injectable()
class EmptyGuard implements CanActivate {
  canActivate() {
    return true;
  }
}

function appModule(imports: DynamicModule[], providers = []): object {
  @Module({ imports, controllers: [ClaimsController], providers })
  class AppModule {}

  return AppModule;
}

// BENCH_BASELINE: the build of another commit (its dist/esm/index.js, copied
// inside this package so that it resolves its dependencies), as a variant.
async function baselineModule(): Promise<object> {
  const baseline = process.env['BENCH_BASELINE'];
  if (!baseline) throw new Error('BENCH_BASELINE is not set');

  const module = await import(baseline);
  return appModule([module.TokenledgerModule.forRoot({ tracker })]);
}

const modules: Record<string, () => object | Promise<object>> = {
  nest: () => appModule([]),
  '+ empty interceptor': () =>
    appModule([], [
      { provide: APP_INTERCEPTOR, useClass: EmptyInterceptor },
    ] as never),
  '+ AsyncLocalStorage': () => appModule([]),
  '+ empty guard': () =>
    appModule([], [{ provide: APP_GUARD, useClass: EmptyGuard }] as never),
  '+ TokenledgerModule': () =>
    appModule([TokenledgerModule.forRoot({ tracker })]),
  '+ baseline build': baselineModule,
};

const [platform, variant = 'nest'] = (process.argv[2] ?? '').split(/:(.*)/);
const build = modules[variant];
if (!build) throw new Error(`no bench variant ${variant}`);
const module = (await build()) as Parameters<typeof NestFactory.create>[0];
const app: INestApplication =
  platform === 'fastify'
    ? await NestFactory.create(module, new FastifyAdapter(), { logger: false })
    : await NestFactory.create(module, { logger: false });
if (variant === '+ AsyncLocalStorage') openBareScopes(app, platform);
await app.listen(0, '127.0.0.1');
serveBench(`${await app.getUrl()}/claims/42`, app.getHttpServer());

/** Any per-request context costs this much on Node 20: the scope alone. */
function openBareScopes(app: INestApplication, platform?: string): void {
  const storage = new AsyncLocalStorage<object>();
  const open = (_req: unknown, _res: unknown, next: () => void) =>
    storage.run({}, next);
  const instance = app.getHttpAdapter().getInstance();

  if (platform === 'fastify') instance.addHook('preHandler', open);
  else instance.use(open);
}
