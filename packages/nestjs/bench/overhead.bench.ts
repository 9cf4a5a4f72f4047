import 'reflect-metadata';
import {
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  type INestApplication,
  Injectable,
  Module,
  type NestInterceptor,
  Param,
} from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TokenledgerModule } from '@tokenledger/nestjs';
import { it } from 'vitest';
import { compare, report, type Target } from './load.js';

// The request makes no LLM call: what is measured is the global
// interceptor, its Observable and the scope it opens for every request.
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

@Module({ controllers: [ClaimsController] })
class PlainModule {}

@Module({
  controllers: [ClaimsController],
  providers: [{ provide: APP_INTERCEPTOR, useClass: EmptyInterceptor }],
})
class EmptyInterceptorModule {}

@Module({
  imports: [TokenledgerModule.forRoot({ tracker })],
  controllers: [ClaimsController],
})
class TrackedModule {}

async function start(
  platform: 'express' | 'fastify',
  module: object,
): Promise<Target> {
  const app: INestApplication =
    platform === 'express'
      ? await NestFactory.create(module, { logger: false })
      : await NestFactory.create(module, new FastifyAdapter(), {
          logger: false,
        });
  await app.listen(0, '127.0.0.1');

  return { url: `${await app.getUrl()}/claims/42`, close: () => app.close() };
}

it.each(['express', 'fastify'] as const)(
  'Nest on platform-%s: requests/s with and without TokenledgerModule',
  async (platform) => {
    const results = await compare(
      [
        { name: `nest ${platform}`, start: () => start(platform, PlainModule) },
        {
          name: '+ empty interceptor',
          start: () => start(platform, EmptyInterceptorModule),
        },
        {
          name: '+ TokenledgerModule',
          start: () => start(platform, TrackedModule),
        },
      ],
      { rounds: 5, seconds: 8, connections: 50 },
    );

    process.stdout.write(
      `\n${report(`Nest ${platform}, GET /claims/:id`, results)}\n`,
    );
  },
);
