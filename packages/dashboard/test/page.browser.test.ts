import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { UsageFilter, UsageStore } from '@tokenledger/core';
import express from 'express';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../../tools/testing/services.js';
import { dashboard } from '../src/index.js';
import {
  launch,
  listen,
  OUTPUT_DIR,
  type PageProblems,
  ready,
  watch,
} from './support/browser.js';
import { buildClient } from './support/build-client.js';
import {
  fortnight,
  hostileCalls,
  XSS_ENDPOINT,
  XSS_TAGS,
  XSS_USER,
} from './support/seed.js';
import { seededSqlite } from './support/sqlite-store.js';

const executablePath = chromiumPath();
const NOW = new Date('2026-12-03T12:00:00.000Z');
const DAY_MS = 86_400_000;

/** Where a day preset starts: the UTC midnight `days - 1` days before today's. */
function presetStart(days: number): Date {
  const today = Math.floor(NOW.getTime() / DAY_MS) * DAY_MS;

  return new Date(today - (days - 1) * DAY_MS);
}

describe.skipIf(!executablePath)('dashboard page in Chromium', () => {
  let store: UsageStore;
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let page: Page;
  let problems: PageProblems;

  beforeAll(async () => {
    buildClient();
    store = await seededSqlite([...fortnight(NOW), ...hostileCalls(NOW)]);
    const app = express();
    app.use(
      '/llm-costs',
      dashboard({ store, allowUnauthenticated: true, now: () => NOW }),
    );
    ({ origin, server } = await listen(app));
    context = await launch(executablePath as string);
    page = await context.newPage();
    problems = watch(page);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    server?.close();
    await store?.close();
  });

  /** The store's own totals for a `days` preset (today the last day) and a filter. */
  async function storeTotals(days: number, filter: UsageFilter = {}) {
    const from = presetStart(days);
    const [totals] = await store.query({
      filter: { ...filter, from, to: NOW },
    });

    return totals;
  }

  async function figure(name: string) {
    return page.getAttribute(`[data-figure="${name}"] .value`, 'data-value');
  }

  async function pick(dimension: string, value: string) {
    await page.click(`details[data-dimension="${dimension}"] summary`);
    await page
      .locator(`details[data-dimension="${dimension}"] label`, {
        hasText: value,
      })
      .first()
      .click();
    await ready(page);
  }

  it('should show the store figures for the default week', async () => {
    await page.goto(`${origin}/llm-costs/`);
    await ready(page);
    const totals = await storeTotals(7);

    expect(totals?.calls).toBeGreaterThan(100);
    expect(await figure('costUsd')).toBe(totals?.costUsd);
    expect(await figure('calls')).toBe(String(totals?.calls));
    expect(await figure('unpricedCalls')).toBe(String(totals?.unpricedCalls));
    expect(await page.textContent('[data-figure="calls"] .value')).toBe(
      totals?.calls.toLocaleString('en-US'),
    );
    expect(
      await page.locator('[data-figure="unpricedCalls"].warn').count(),
    ).toBe(1);
    expect(await page.locator('.chart canvas').count()).toBe(4);
    await page.screenshot({
      path: `${OUTPUT_DIR}dashboard-overview.png`,
      fullPage: true,
    });
    await page.screenshot({ path: `${OUTPUT_DIR}dashboard-top.png` });
  });

  it('should apply the range preset and keep it in the URL', async () => {
    await page.selectOption('select[name="range"]', '14d');
    await ready(page);

    expect(new URL(page.url()).searchParams.get('range')).toBe('14d');
    expect(await figure('costUsd')).toBe((await storeTotals(14))?.costUsd);
  });

  it.each([
    ['user', 'userId', 'user-3'],
    ['provider', 'provider', 'openai'],
    ['model', 'model', 'claude-sonnet-4-5'],
    ['endpoint', 'endpoint', 'GET /summaries'],
    ['release', 'release', '1.1.0'],
  ] as const)(
    'should filter by %s like the store does',
    async (dimension, field, value) => {
      await page.goto(`${origin}/llm-costs/?range=14d`);
      await ready(page);

      await pick(dimension, value);

      const totals = await storeTotals(14, { [field]: value });
      expect(new URL(page.url()).searchParams.getAll(dimension)).toEqual([
        value,
      ]);
      expect(await figure('costUsd')).toBe(totals?.costUsd);
      expect(await figure('calls')).toBe(String(totals?.calls));
    },
  );

  it('should combine two values of a filter and reproduce the view from its link', async () => {
    await page.goto(`${origin}/llm-costs/?range=14d`);
    await ready(page);
    await pick('user', 'user-1');
    await pick('user', 'user-2');
    const link = page.url();

    await page.goto(link);
    await ready(page);

    const totals = await storeTotals(14, { userId: ['user-1', 'user-2'] });
    expect(await figure('costUsd')).toBe(totals?.costUsd);
    expect(await page.locator('.chip').count()).toBe(2);
  });

  it('should apply a custom UTC range', async () => {
    await page.goto(`${origin}/llm-costs/`);
    await ready(page);

    await page.selectOption('select[name="range"]', 'custom');
    await page.fill('input[name="from"]', '2026-11-25T00:00');
    await page.fill('input[name="to"]', '2026-11-28T00:00');
    await page.click('button[name="apply-range"]');
    await ready(page);

    const [totals] = await store.query({
      filter: {
        from: new Date('2026-11-25T00:00Z'),
        to: new Date('2026-11-28T00:00Z'),
      },
    });
    expect(await figure('costUsd')).toBe(totals?.costUsd);
  });

  it('should filter by a table row click', async () => {
    await page.goto(`${origin}/llm-costs/?range=14d`);
    await ready(page);

    await page.click('[data-table="endpoint"] tbody tr.pick >> nth=0');
    await ready(page);

    const endpoint = new URL(page.url()).searchParams.get('endpoint');
    const totals = await storeTotals(14, { endpoint: endpoint as string });
    expect(await figure('costUsd')).toBe(totals?.costUsd);
    await page.screenshot({
      path: `${OUTPUT_DIR}dashboard-filtered.png`,
      fullPage: true,
    });
  });

  it('should sort a table by a column', async () => {
    await page.goto(`${origin}/llm-costs/?range=14d`);
    await ready(page);

    await page.click('[data-table="user"] th[data-sort="calls"]');
    const calls = await page
      .locator('[data-table="user"] tbody tr.pick td[data-column="calls"]')
      .allTextContents();

    const numbers = calls.map((text) => Number(text.replaceAll(',', '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });

  it('should drill down to the calls a page at a time', async () => {
    await page.goto(`${origin}/llm-costs/?range=14d&model=gpt-4o-mini`);
    await ready(page);
    const expected = await store.events({
      filter: {
        from: presetStart(14),
        to: NOW,
        model: 'gpt-4o-mini',
      },
      limit: 100,
    });

    expect(await page.locator('tr.call').count()).toBe(50);
    await page.click('button[name="more-calls"]');
    await page.locator('tr.call').nth(50).waitFor();

    const ids = await page
      .locator('tr.call')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
    expect(ids).toEqual(
      expected.events.map((event) => event.id).slice(0, ids.length),
    );

    await page.click('tr.call >> nth=0');
    const detail = await page.locator('tr.detail >> nth=0').textContent();
    expect(detail).toContain(`"id": "${expected.events[0]?.id}"`);
    expect(detail).toContain('"priceId"');
    await page.screenshot({
      path: `${OUTPUT_DIR}dashboard-calls.png`,
      fullPage: true,
    });
  });

  it('should export the calls as CSV', async () => {
    await page.goto(
      `${origin}/llm-costs/?range=14d&endpoint=GET%20%2Fsummaries`,
    );
    await ready(page);
    const totals = await storeTotals(14, { endpoint: 'GET /summaries' });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#calls-body a.csv'),
    ]);
    const csv = readFileSync((await download.path()) as string, 'utf8');

    expect(download.suggestedFilename()).toBe('llm-costs-calls-2026-11-20.csv');
    expect(csv.trim().split('\r\n')).toHaveLength((totals?.calls ?? 0) + 1);
  });

  it('should render a hostile user id as text and run no script', async () => {
    await page.goto(`${origin}/llm-costs/?range=14d`);
    await ready(page);
    await page.click('details[data-dimension="user"] summary');
    await page.fill('input[name="search-user"]', '<img');
    await page
      .locator('details[data-dimension="user"] label', { hasText: XSS_USER })
      .waitFor();
    await page
      .locator('details[data-dimension="user"] label', { hasText: XSS_USER })
      .click();
    await ready(page);

    expect(await page.locator('.chip b').textContent()).toBe(XSS_USER);
    expect(
      await page.locator('tr.call td', { hasText: XSS_USER }).count(),
    ).toBeGreaterThan(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(problems.dialogs).toEqual([]);
  });

  it('should render a hostile endpoint name and tags as text and run no script', async () => {
    await page.goto(`${origin}/llm-costs/?range=14d`);
    await ready(page);
    await page.selectOption('#split', 'endpoint');
    await ready(page);

    expect(
      await page
        .locator('#chart-split .u-legend th', { hasText: XSS_ENDPOINT })
        .count(),
    ).toBe(1);
    expect(
      await page
        .locator('[data-table="endpoint"] td.key', { hasText: XSS_ENDPOINT })
        .count(),
    ).toBe(1);

    await pick('endpoint', XSS_ENDPOINT);
    expect(await page.locator('.chip b').textContent()).toBe(XSS_ENDPOINT);
    expect(await page.locator('tr.call').count()).toBe(3);
    await page.click('tr.call >> nth=0');
    const detail = await page.locator('tr.detail >> nth=0').textContent();
    const [[key, value]] = Object.entries(XSS_TAGS) as [[string, string]];
    expect(detail).toContain(`"${key}": "${value}"`);
    expect(detail).toContain(`"endpoint": "${XSS_ENDPOINT}"`);

    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b[onmouseover]').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    expect(problems.dialogs).toEqual([]);
  });

  it('should log no console error on any view', () => {
    expect(problems.consoleErrors).toEqual([]);
  });
});
