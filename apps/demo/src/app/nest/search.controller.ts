import {
  BadRequestException,
  Body,
  Controller,
  Inject,
  Post,
} from '@nestjs/common';
import { setUsageContext } from '@tokenledger/core';
import { UsageEndpoint } from '@tokenledger/nestjs';
import type { DemoClients } from '../clients.js';
import type { ReleaseState } from '../release.js';
import { embedQuery } from '../services.js';

/** Injection token of the demo's instrumented SDK clients. */
export const DEMO_CLIENTS = Symbol('DEMO_CLIENTS');

/** Injection token of the running release. */
export const DEMO_RELEASE = Symbol('DEMO_RELEASE');

/**
 * The search service as a NestJS controller: the same endpoint name as the
 * Express route, so both adapters' calls land on `POST /search`; the
 * module's tags tell them apart (`adapter: nestjs`).
 */
@Controller()
export class SearchController {
  constructor(
    @Inject(DEMO_CLIENTS) private readonly clients: DemoClients,
    @Inject(DEMO_RELEASE) private readonly release: ReleaseState,
  ) {}

  @Post('search')
  @UsageEndpoint('POST /search')
  async search(@Body() body: { query?: unknown }) {
    if (typeof body?.query !== 'string' || body.query.trim() === '') {
      throw new BadRequestException(
        'Send a JSON body with a non-empty "query" string, e.g. {"query": "statins and memory"}.',
      );
    }

    setUsageContext({ release: this.release.current });
    return embedQuery(this.clients, body.query);
  }
}
