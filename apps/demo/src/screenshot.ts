import { chromium } from 'playwright-core';

/**
 * Saves a screenshot of the running demo's dashboard, for the docs:
 * `node dist/screenshot.js [url] [out.png]`. Uses Debian's Chromium
 * (`TOKENLEDGER_CHROMIUM_PATH` overrides it).
 */
async function screenshot(url: string, outPath: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath:
      process.env.TOKENLEDGER_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1100 },
      deviceScaleFactor: 1,
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: outPath });
  } finally {
    await browser.close();
  }
}

const [
  url = 'http://127.0.0.1:3000/llm-costs/',
  outPath = 'demo-dashboard.png',
] = process.argv.slice(2);

screenshot(url, outPath).then(
  () => process.stdout.write(`saved ${outPath}\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
