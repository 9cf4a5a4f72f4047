import { describe, expect, it } from 'vitest';
import { routeEndpoint } from './endpoint.js';

describe('routeEndpoint', () => {
  it('should join the base URL and the route pattern', () => {
    expect(
      routeEndpoint({
        method: 'post',
        baseUrl: '/claims',
        route: { path: '/:id/validate' },
      }),
    ).toBe('POST /claims/:id/validate');
  });

  it('should name the mount point for a router root route', () => {
    expect(
      routeEndpoint({
        method: 'GET',
        baseUrl: '/papers',
        route: { path: '/' },
      }),
    ).toBe('GET /papers');
  });

  it('should fall back to (unmatched) when no route matched', () => {
    expect(
      routeEndpoint({ method: 'GET', baseUrl: '', route: undefined }),
    ).toBe('GET (unmatched)');
  });
});
