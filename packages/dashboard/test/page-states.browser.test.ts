import type { Server } from 'node:http';
import type { UsageStore } from '@tokenledger/core';
import express from 'express';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../../tools/testing/services.js';
import { type DashboardOptions, dashboard } from '../src/index.js';
import {
  launch,
  listen,
  OUTPUT_DIR,
  type PageProblems,
  ready,
  watch,
} from './support/browser.js';
import { buildClient } from './support/build-client.js';
import { fortnight, makeEvent } from './support/seed.js';
import { seededSqlite } from './support/sqlite-store.js';

const executablePath = chromiumPath();
const NOW = new Date('2026-12-03T12:00:00.000Z');
const TOKEN = 'browser-test-token-0123456789';

/**
 * POST /reports at 10:00 UTC on three Thursdays (6,000,000 nano each), then
 * on 2026-12-03 one call of 100,000 in x 3000 + 2000 out x 15000 =
 * 330,000,000 nano.
 */
function spike() {
  return [
    ...['11-12', '11-19', '11-26'].map((day) =>
      makeEvent({
        id: `reports-${day}`,
        at: `2026-${day}T10:00:00Z`,
        endpoint: 'POST /reports',
      }),
    ),
    makeEvent({
      id: 'reports-spike',
      at: '2026-12-03T10:00:00Z',
      endpoint: 'POST /reports',
      input: 100_000,
      output: 2000,
    }),
  ];
}

/** 10,000 users with one call each; user-N spends N x 1000 output tokens. */
function tenThousandUsers() {
  return Array.from({ length: 10_000 }, (_, i) =>
    makeEvent({
      id: `u${String(i).padStart(5, '0')}`,
      at: new Date(NOW.getTime() - 3_600_000 - i * 1000),
      userId: `user-${String(i).padStart(5, '0')}`,
      model: 'gpt-4o-mini',
      input: 100,
      output: 10 + i,
    }),
  );
}

describe.skipIf(!executablePath)('dashboard page states in Chromium', () => {
  const stores: UsageStore[] = [];
  const servers: Server[] = [];
  let context: BrowserContext;
  const problems: PageProblems[] = [];

  beforeAll(async () => {
    buildClient();
    context = await launch(executablePath as string);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    for (const server of servers) server.close();
    for (const store of stores) await store.close();
  });

  async function open(
    events: Parameters<typeof seededSqlite>[0],
    options: Partial<DashboardOptions> = { allowUnauthenticated: true },
  ) {
    const store = await seededSqlite(events);
    stores.push(store);
    const app = express();
    app.use('/costs', dashboard({ store, now: () => NOW, ...options }));
    const { origin, server } = await listen(app);
    servers.push(server);
    const page = await context.newPage();
    problems.push(watch(page));

    return { page, origin, store };
  }

  it('should show how to send the first event when the store is empty', async () => {
    const { page, origin } = await open([]);

    await page.goto(`${origin}/costs/`);
    await ready(page);

    expect(await page.isVisible('#empty')).toBe(true);
    expect(await page.textContent('#empty h2')).toBe(
      'No LLM calls recorded yet',
    );
    expect(await page.isVisible('#headline')).toBe(false);
    await page.screenshot({ path: `${OUTPUT_DIR}dashboard-empty.png` });
  });

  it('should show the top ten of 10,000 users, an other row and a searchable picker', async () => {
    const { page, origin, store } = await open(tenThousandUsers());

    await page.goto(`${origin}/costs/?range=24h`);
    await ready(page);

    const names = await page
      .locator('[data-table="user"] tbody td.key')
      .allTextContents();
    expect(names).toEqual([
      ...Array.from(
        { length: 10 },
        (_, i) => `user-${String(9999 - i).padStart(5, '0')}`,
      ),
      'Other',
    ]);
    const [total] = await store.query({
      filter: { from: new Date(NOW.getTime() - 86_400_000), to: NOW },
    });
    expect(
      await page.getAttribute('[data-figure="costUsd"] .value', 'data-value'),
    ).toBe(total?.costUsd);
    expect(await page.textContent('[data-figure="costUsd"] .change')).toBe(
      'no calls in the previous period',
    );

    await page.click('details[data-dimension="user"] summary');
    expect(await page.textContent('details[data-dimension="user"] .more')).toBe(
      '9950 more: refine the search',
    );
    await page.fill('input[name="search-user"]', 'user-0424');
    await page
      .locator('details[data-dimension="user"] label', {
        hasText: 'user-04249',
      })
      .waitFor();
    expect(
      await page.locator('details[data-dimension="user"] label').count(),
    ).toBe(10);
  });

  it('should explain the change in words and driver bars, and list the anomaly', async () => {
    const { page, origin } = await open([...fortnight(NOW), ...spike()]);

    await page.goto(`${origin}/costs/?range=7d`);
    await ready(page);

    // Only POST /reports has two earlier weeks of its hours (the fortnight
    // has one): 330,000,000 nano against a median of 6,000,000, spread
    // minUsd (10,000,000), score 32.4.
    const anomalies = page.locator('#anomalies-body li.anomaly');
    expect(await anomalies.count()).toBe(1);
    expect(await anomalies.getAttribute('data-hour')).toBe(
      '2026-12-03T10:00:00.000Z',
    );
    expect(await anomalies.locator('.endpoint').textContent()).toBe(
      'POST /reports',
    );
    expect(await anomalies.textContent()).toContain(
      'at 2026-12-03 10:00 UTC: $0.33 in the hour against a usual $0.006 (score 32.4).',
    );
    expect(await page.getAttribute('#chart-components', 'data-anomalies')).toBe(
      '1',
    );
    // Core's cache diagnostics by default: one per endpoint and priced
    // model of the week, 3 x 2 of the fortnight and POST /reports on Sonnet.
    expect(await page.locator('#cache-body .diagnostic').count()).toBe(7);
    expect(await page.textContent('#cache-body')).not.toContain(
      'Not available',
    );

    expect(
      await page.locator('#explain-body .sentences li').count(),
    ).toBeGreaterThan(0);
    // one bar per driver, pages per call among them (0 here: no OCR)
    expect(await page.locator('#explain-body .driver').count()).toBe(6);
    expect(
      await page.locator('#explain-body .driver .name').allTextContents(),
    ).toContain('Pages per call');

    await page.selectOption('select[name="around"]', '1.1.0');
    await ready(page);
    expect(new URL(page.url()).searchParams.get('around')).toBe('1.1.0');
    expect(
      await page.locator('#explain-body .sentences li').count(),
    ).toBeGreaterThan(0);
    await page
      .locator('#explain')
      .screenshot({ path: `${OUTPUT_DIR}dashboard-explain.png` });
  });

  it('should sign in with the token through the login form', async () => {
    const { page, origin } = await open(fortnight(NOW), { token: TOKEN });

    await page.goto(`${origin}/costs/`);
    expect(await page.textContent('h1')).toBe('LLM costs');
    await page.fill('input[name="token"]', 'wrong');
    await page.click('button[type="submit"]');
    expect(await page.textContent('.error')).toBe('That token is not right.');

    await page.fill('input[name="token"]', TOKEN);
    await page.click('button[type="submit"]');
    await ready(page);

    expect(await page.evaluate('document.cookie')).toBe('');
    expect(
      Number(
        await page.getAttribute('[data-figure="calls"] .value', 'data-value'),
      ),
    ).toBeGreaterThan(0);
  });

  it('should log no console error on any page', () => {
    // Before sign-in the page and the wrong token answer 401, which
    // Chromium logs as failed loads; nothing else may appear.
    const errors = problems.flatMap((p) => p.consoleErrors);

    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
      'Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    ]);
  });
});
