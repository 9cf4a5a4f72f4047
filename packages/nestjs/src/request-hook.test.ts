import type { HttpServer } from '@nestjs/common';
import type { TokenledgerError } from '@tokenledger/core';
import { describe, expect, it, vi } from 'vitest';
import { installRequestScopes } from './request-hook.js';
import { RequestScopes } from './request-scope.js';

describe('installRequestScopes', () => {
  describe('when the platform is neither Express nor Fastify', () => {
    it('should open no scope and tell onError how to apply the interceptor', () => {
      const onError = vi.fn<(error: TokenledgerError) => void>();
      const scopes = new RequestScopes({
        tracker: { record() {}, recordNormalized() {}, flush: async () => {} },
        onError,
      });
      const adapter = { getType: () => 'koa', getInstance: vi.fn() };

      installRequestScopes(adapter as unknown as HttpServer, scopes);

      expect(adapter.getInstance).not.toHaveBeenCalled();
      expect(onError.mock.calls.map(([e]) => [e.code, e.message])).toEqual([
        [
          'INVALID_OPTIONS',
          "TokenledgerModule opens request scopes on platform-express and platform-fastify, not on 'koa': pass applyGlobally: false and put @UseInterceptors(TokenledgerInterceptor) on the controllers that make LLM calls.",
        ],
      ]);
    });
  });
});
