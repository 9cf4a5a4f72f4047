import { describe, expect, it } from 'vitest';
import {
  type CapturableRequest,
  capturedEndpoint,
  captureRoute,
} from './route-capture.js';

/** Starts a capture on `req` and returns the endpoint it names. */
function watch(req: CapturableRequest): () => string {
  const capture = captureRoute(req);

  return () => capturedEndpoint(req, capture);
}

/** Replays what an Express router writes on `req` while it routes. */
function enterMount(
  req: CapturableRequest,
  baseUrl: string,
  params: Record<string, string>,
) {
  req.params = params;
  req.baseUrl = baseUrl;
}

describe('captureRoute', () => {
  describe('when no route matched', () => {
    it('should name the request METHOD (unmatched)', () => {
      const req: CapturableRequest = { method: 'get', baseUrl: '' };
      const endpoint = watch(req);

      expect(endpoint()).toBe('GET (unmatched)');
    });
  });

  describe('when a mount path has params', () => {
    it('should name each param segment by its pattern, decoding the URL', () => {
      const req: CapturableRequest = { method: 'POST', baseUrl: '' };
      const endpoint = watch(req);

      enterMount(req, '/orgs/acme%20corp', { org: 'acme corp' });
      enterMount(req, '/orgs/acme%20corp/v2/items', {});
      req.route = { path: '/:id' };

      expect(endpoint()).toBe('POST /orgs/:org/v2/items/:id');
    });

    it('should take the rightmost segment when a literal equals the value', () => {
      // app.use('/v1/:version', router) requested as /v1/v1
      const req: CapturableRequest = { method: 'GET', baseUrl: '' };
      const endpoint = watch(req);

      enterMount(req, '/v1/v1', { version: 'v1' });
      req.route = { path: '/' };

      expect(endpoint()).toBe('GET /v1/:version');
    });
  });

  describe('when the router restores baseUrl after the route ran', () => {
    it('should keep the mounts in force when the route matched', () => {
      const req: CapturableRequest = { method: 'GET', baseUrl: '' };
      const endpoint = watch(req);

      enterMount(req, '/jobs', {});
      req.route = { path: '/:id/fail' };
      req.baseUrl = '';

      expect(req.baseUrl).toBe('');
      expect(endpoint()).toBe('GET /jobs/:id/fail');
    });
  });

  describe('when a sibling mount is tried after the first one left', () => {
    it('should forget the first mount', () => {
      const req: CapturableRequest = { method: 'GET', baseUrl: '' };
      const endpoint = watch(req);

      enterMount(req, '/a', {});
      req.baseUrl = '';
      enterMount(req, '/b', {});
      req.route = { path: '/x' };

      expect(endpoint()).toBe('GET /b/x');
    });
  });
});
