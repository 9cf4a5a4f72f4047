import { chromium } from 'playwright-core';
import { twoWeekScenario } from './traffic/scenario.js';

const DAY_MS = 86_400_000;

/**
 * The dashboard view the docs show: the 13 whole days generated before
 * today (midnight to midnight UTC, so no partial day), cost split by
 * endpoint, and the explanation of release 2.4.0.
 */
function storyQuery(nowMs: number): string {
  const { startMs, days } = twoWeekScenario(nowMs);
  const params = new URLSearchParams({
    from: new Date(startMs).toISOString(),
    to: new Date(startMs + (days - 1) * DAY_MS).toISOString(),
    split: 'endpoint',
    around: '2.4.0',
  });

  return params.toString();
}

/**
 * Saves a screenshot of the running demo's dashboard, from the top of the
 * page to the end of "Why did cost change?", for the docs:
 * `node dist/screenshot.js [dashboard url] [out.png]`. A URL without a
 * query string gets the story view ({@link storyQuery}). Uses Debian's
 * Chromium (`TOKENLEDGER_CHROMIUM_PATH` overrides it).
 */
async function screenshot(url: string, outPath: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath:
      process.env.TOKENLEDGER_CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });

  try {
    const page = await browser.newPage({
      viewport: { width: 1400, height: 1000 },
      deviceScaleFactor: 1,
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    // let uPlot finish sizing the charts to their boxes
    await page.waitForTimeout(500);

    const explain = await page.locator('#explain').boundingBox();
    if (!explain) {
      throw new Error(
        `No "Why did cost change?" section on ${url}: is it the tokenledger dashboard?`,
      );
    }
    await page.screenshot({
      path: outPath,
      fullPage: true,
      clip: {
        x: 0,
        y: 0,
        width: 1400,
        height: explain.y + explain.height + 16,
      },
    });
  } finally {
    await browser.close();
  }
}

const [
  given = 'http://127.0.0.1:3000/llm-costs/',
  outPath = 'demo-dashboard.png',
] = process.argv.slice(2);
const url = given.includes('?') ? given : `${given}?${storyQuery(Date.now())}`;

screenshot(url, outPath).then(
  () => process.stdout.write(`saved ${outPath} (${url})\n`),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
