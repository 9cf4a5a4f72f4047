import { openStore } from '@tokenledger/kysely';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import type { DemoClients } from '../src/app/clients.js';
import { createDemoApp } from '../src/app/express-app.js';
import { ReleaseState } from '../src/app/release.js';

describe('the demo app on a bad request body', () => {
  const stores: Array<{ close(): Promise<void> }> = [];

  afterAll(async () => {
    for (const store of stores) await store.close();
  });

  it('should answer 400 and not blame the LLM provider', async () => {
    const store = await openStore('sqlite::memory:');
    stores.push(store);
    const errors: unknown[] = [];
    const app = createDemoApp({
      tracker: { record() {}, recordNormalized() {} },
      store,
      // the body is refused before any route, so no client is called
      clients: {} as DemoClients,
      release: new ReleaseState(),
      onError: (error) => errors.push(error),
    });

    const res = await request(app)
      .post('/chat')
      .set('content-type', 'application/json')
      .send('{"message": ');

    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error:
        'The request body is not valid JSON; send a JSON object with Content-Type: application/json.',
    });
    expect(errors).toHaveLength(1);
  });
});
