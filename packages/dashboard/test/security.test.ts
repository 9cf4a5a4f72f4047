import { TokenledgerError } from '@tokenledger/core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { dashboard } from '../src/index.js';
import { createSession } from '../src/server/token-session.js';
import { mountDashboard, smallStore } from './support/app.js';

const TOKEN = 'a-long-dashboard-token-0123456789';

describe('dashboard()', () => {
  it('should refuse to start without auth, token or allowUnauthenticated', () => {
    expect(() => dashboard({ store: smallStore() })).toThrow(TokenledgerError);
    expect(() => dashboard({ store: smallStore() })).toThrow(
      /refuses to serve cost data without auth/,
    );
  });

  it('should refuse a short token', () => {
    expect(() => dashboard({ store: smallStore(), token: 'secret' })).toThrow(
      /at least 16 characters/,
    );
  });

  it('should refuse a missing store', () => {
    expect(() =>
      dashboard({ token: TOKEN } as unknown as Parameters<typeof dashboard>[0]),
    ).toThrow(/needs a UsageStore/);
  });
});

describe('token auth', () => {
  const app = mountDashboard({ token: TOKEN, allowUnauthenticated: false });

  it('should answer 401 to the API without a token', async () => {
    const res = await request(app).get('/llm-costs/api/summary');

    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="tokenledger"');
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('should accept the bearer token and refuse a wrong one', async () => {
    const right = await request(app)
      .get('/llm-costs/api/summary')
      .set('Authorization', `Bearer ${TOKEN}`);
    const wrong = await request(app)
      .get('/llm-costs/api/summary')
      .set('Authorization', `Bearer ${TOKEN}x`);

    expect(right.status).toBe(200);
    expect(wrong.status).toBe(401);
  });

  it('should show the login form instead of the page', async () => {
    const res = await request(app).get('/llm-costs/');

    expect(res.status).toBe(401);
    expect(res.text).toContain('<form method="post" action="login"');
    expect(res.text).not.toContain('assets/main.js');
  });

  it('should set an HttpOnly SameSite cookie on login that opens the page', async () => {
    const login = await request(app)
      .post('/llm-costs/login')
      .type('form')
      .send({ token: TOKEN });
    const cookie = String(login.headers['set-cookie']);

    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('./');
    expect(cookie).toMatch(
      /^tokenledger_session=\d+\.[\w-]+; Path=\/llm-costs; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    expect(cookie).not.toContain(TOKEN);

    const page = await request(app)
      .get('/llm-costs/')
      .set('Cookie', cookie.split(';')[0] as string);
    expect(page.status).toBe(200);
    expect(page.text).toContain('assets/main.js');
  });

  it('should refuse a wrong token at login and an expired or forged cookie', async () => {
    const login = await request(app)
      .post('/llm-costs/login')
      .type('form')
      .send({ token: 'guess' });
    const expired = createSession(TOKEN, Date.now() - 13 * 3_600_000);
    const forged = createSession('another-token-of-enough-length', Date.now());

    expect(login.status).toBe(401);
    expect(login.text).toContain('That token is not right.');
    for (const session of [expired, forged, 'x', '1.2.3']) {
      const res = await request(app)
        .get('/llm-costs/api/summary')
        .set('Cookie', `tokenledger_session=${session}`);
      expect(res.status).toBe(401);
    }
  });
});

describe('auth callback', () => {
  it('should let in exactly the requests it accepts', async () => {
    const app = mountDashboard({
      allowUnauthenticated: false,
      auth: async (req) => req.headers['x-role'] === 'admin',
    });

    const admin = await request(app)
      .get('/llm-costs/api/facets')
      .set('x-role', 'admin');
    const guest = await request(app).get('/llm-costs/');

    expect(admin.status).toBe(200);
    expect(guest.status).toBe(401);
    expect(guest.text).toBe('Not authorized to see this dashboard.');
  });
});

describe('responses', () => {
  const app = mountDashboard();

  it('should carry a strict Content-Security-Policy', async () => {
    const res = await request(app).get('/llm-costs/');

    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('should redirect the mount path to its trailing slash, keeping the query', async () => {
    const res = await request(app).get('/llm-costs?range=24h');

    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/llm-costs/?range=24h');
  });

  it('should serve uPlot and the page module from the package', async () => {
    const uplot = await request(app).get('/llm-costs/assets/uplot.js');
    const css = await request(app).get('/llm-costs/assets/uPlot.min.css');

    expect(uplot.status).toBe(200);
    expect(uplot.headers['content-type']).toBe(
      'text/javascript; charset=utf-8',
    );
    expect(uplot.text).toContain('export { uPlot as default }');
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it.each(['constructor', '..%2Fpackage.json', 'x.map', 'Main.js'])(
    'should not serve %s',
    async (name) => {
      const res = await request(app).get(`/llm-costs/assets/${name}`);

      expect(res.status).toBe(404);
    },
  );

  it('should report a failing store to onError and answer 500', async () => {
    const errors: TokenledgerError[] = [];
    const store = smallStore();
    store.query = async () => {
      throw new Error('database is locked');
    };
    const broken = mountDashboard({ store, onError: (e) => errors.push(e) });

    const res = await request(broken).get('/llm-costs/api/summary');

    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('STORAGE_FAILED');
    expect(res.text).not.toContain('database is locked');
    expect(errors.map((e) => e.message)).toEqual(['database is locked']);
  });
});
