import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../../../tools/testing/services.js';
import { removeProfile } from './support/browser.js';

const executablePath = chromiumPath();

describe.skipIf(!executablePath)('Chromium test service', () => {
  it('should render a page served on loopback', async () => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<title>tokenledger</title><p id="x">ok</p>');
    });
    await new Promise<void>((resolve) =>
      server.listen(0, '127.0.0.1', resolve),
    );
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;

    const profile = mkdtempSync(join(tmpdir(), 'tokenledger-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: executablePath as string,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
      ],
    });
    try {
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/`);
      expect(await page.textContent('#x')).toBe('ok');
    } finally {
      await context.close();
      removeProfile(profile);
      server.close();
    }
  });
});
