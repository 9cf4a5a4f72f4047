import { setTimeout as sleep } from 'node:timers/promises';
import {
  Body,
  type CanActivate,
  Controller,
  type ExecutionContext,
  Get,
  Headers,
  type MessageEvent,
  Module,
  Post,
  Sse,
  UseGuards,
} from '@nestjs/common';
import { setUsageContext } from '@tokenledger/core';
import { from, interval, map, type Observable, take } from 'rxjs';
import { InjectTracker, Tracker, UsageEndpoint } from '../src/index.js';
import { recordCall } from './capture-tracker.js';

/** Work the app started and did not wait for, so tests can await it. */
export const background = new Set<Promise<void>>();

let release: () => void = () => {};
let gate = new Promise<void>((resolve) => {
  release = resolve;
});

/** Lets the background work started so far go on (until then it waits). */
export function releaseBackground(): void {
  release();
  gate = new Promise<void>((resolve) => {
    release = resolve;
  });
}

/**
 * Stands in for passport and a JWT guard: `x-user` becomes `req.user`,
 * `x-auth-sub` `req.auth.sub`, `x-guard-user` a `setUsageContext` call.
 */
class FakeAuthGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest();
    const user = req.headers['x-user'];
    if (user) req.user = { id: user };

    const sub = req.headers['x-auth-sub'];
    if (sub) req.auth = { sub };

    const scoped = req.headers['x-guard-user'];
    if (scoped) setUsageContext({ userId: scoped });

    return true;
  }
}

@Controller('claims')
@UsageEndpoint('claims')
@UseGuards(FakeAuthGuard)
export class ClaimsController {
  constructor(private readonly tracker: Tracker) {}

  @Post(':id/validate')
  @UsageEndpoint('claims.validate')
  async validate(
    @Headers('x-request-id') id: string,
    @Body() body: { delayMs?: number },
  ) {
    await sleep(body.delayMs ?? 0);
    recordCall(this.tracker, id);

    return { ok: true };
  }

  @Post(':id/review')
  async review(
    @Headers('x-request-id') id: string,
    @Body() body: { notes: string[] },
  ) {
    await sleep(1);
    recordCall(this.tracker, id);

    return { notes: body.notes.length };
  }

  @Get(':id')
  show(@Headers('x-request-id') id: string) {
    recordCall(this.tracker, id);

    return { id };
  }
}

@Controller('papers')
@UseGuards(FakeAuthGuard)
export class PapersController {
  constructor(@InjectTracker() private readonly tracker: Tracker) {}

  @Get(':id/summary')
  summary(@Headers('x-request-id') id: string): Observable<string> {
    return from(sleep(5)).pipe(
      map(() => {
        recordCall(this.tracker, id);
        return 'summary';
      }),
    );
  }

  @Sse('stream')
  stream(@Headers('x-request-id') id: string): Observable<MessageEvent> {
    return interval(5).pipe(
      take(3),
      map((n) => {
        recordCall(this.tracker, id);
        return { data: { n } };
      }),
    );
  }

  @Get('fail')
  async fail(@Headers('x-request-id') id: string): Promise<never> {
    recordCall(this.tracker, id);
    background.add(sleep(10).then(() => recordCall(this.tracker, id)));
    throw new Error('handler failed');
  }

  @Get('late-user')
  lateUser(@Headers('x-request-id') id: string) {
    setUsageContext({ userId: 'set-in-handler' });
    recordCall(this.tracker, id);

    return { ok: true };
  }

  @Get('report')
  report(@Headers('x-request-id') id: string) {
    background.add(gate.then(() => recordCall(this.tracker, id)));

    return { queued: true };
  }
}

@Module({ controllers: [ClaimsController, PapersController] })
export class FeatureModule {}
