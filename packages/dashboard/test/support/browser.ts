import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Where browser tests save screenshots (gitignored). */
export const OUTPUT_DIR = fileURLToPath(
  new URL('../../test-output/', import.meta.url),
);

/** Starts an app on a free loopback port; returns its origin. */
export async function listen(
  app: Express,
): Promise<{ origin: string; server: Server }> {
  const server = await new Promise<Server>((resolve) => {
    const started = app.listen(0, '127.0.0.1', () => resolve(started));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return { origin: `http://127.0.0.1:${port}`, server };
}

/** Launches Debian's Chromium headless, as the CI does. */
export async function launch(executablePath: string): Promise<BrowserContext> {
  mkdirSync(OUTPUT_DIR, { recursive: true });

  const profile = mkdtempSync(join(tmpdir(), 'tokenledger-dashboard-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  // the profile goes once the browser has closed (on its 'close' event it
  // still writes there)
  const close = context.close.bind(context);
  context.close = async (options) => {
    await close(options);
    removeProfile(profile);
  };

  return context;
}

/** Removes a browser profile; one left behind in the temp dir is harmless. */
export function removeProfile(profile: string): void {
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  } catch {
    // Chromium's helpers may still be writing there; the OS cleans up
  }
}

/** What a page said that a test must see empty: errors and dialogs. */
export interface PageProblems {
  consoleErrors: string[];
  dialogs: string[];
}

/** Records console errors, uncaught errors and dialogs (alert) of a page. */
export function watch(page: Page): PageProblems {
  const problems: PageProblems = { consoleErrors: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.consoleErrors.push(error.message));
  page.on('dialog', (dialog) => {
    problems.dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  return problems;
}

/** Waits until the page has loaded every section of the current view. */
export async function ready(page: Page): Promise<void> {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 15_000 });
}
