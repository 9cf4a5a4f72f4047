import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KyselyUsageStore } from '@tokenledger/kysely';
import { ReleaseState } from './app/release.js';
import { type DemoArguments, parseDemoArguments } from './cli.js';
import { systemClock } from './clock.js';
import {
  checkSafeToReplace,
  clearStore,
  markerKey,
  openDemoDatabase,
  readMarker,
  writeMarker,
} from './database.js';
import { ErrorTally } from './error-tally.js';
import { type DemoStack, startDemoStack } from './stack.js';
import { generateTraffic } from './traffic/generate.js';
import { startProgressBar } from './traffic/progress.js';
import { twoWeekScenario } from './traffic/scenario.js';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const args = parseDemoArguments(process.argv.slice(2));
  const dataDir = args.dataDir ?? join(demoDir, '.data');
  const markerPath = join(dataDir, 'generated.json');
  const { store, url, own, sqliteUrl } = await openDemoDatabase(dataDir);
  const key = markerKey(url);

  let stack: DemoStack;
  try {
    await generateOrReuse(store, key, markerPath, {
      ...args,
      own,
      sqliteUrl,
    });
    if (!args.serve) {
      await store.close();
      return;
    }

    stack = await startDemoStack({
      store,
      clock: systemClock,
      release: new ReleaseState('2.4.0'),
      expressPort: args.port,
      nestPort: args.port + 1,
    });
  } catch (error) {
    // an open MySQL pool would keep the process alive after the message
    await store.close().catch(() => undefined);
    throw error;
  }
  say(`\nDemo app on ${stack.expressUrl} (NestJS search on ${stack.nestUrl})`);
  say(`Dashboard:  ${stack.expressUrl}/llm-costs/`);
  say(
    'Try: curl -X POST -H "x-user-id: u_001" ' +
      `${stack.expressUrl}/claims/12/validate`,
  );

  const stop = () => {
    void stack
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** Generates the two weeks into `store`, unless its marker says they are there. */
async function generateOrReuse(
  store: KyselyUsageStore,
  key: string,
  markerPath: string,
  args: DemoArguments & { own: boolean; sqliteUrl: string },
): Promise<void> {
  const marker = args.reset ? undefined : readMarker(markerPath, key);
  if (!marker) await checkSafeToReplace(store, args);
  if (marker) {
    say(
      `Reusing ${marker.events} events generated on ${marker.finishedAt} (npm run demo -- --reset to generate again).`,
    );
  } else {
    writeMarker(markerPath, key, undefined);
    await clearStore(store);

    const base = twoWeekScenario(Date.now());
    const scenario = {
      ...base,
      requestsPerWeekday: Math.round(base.requestsPerWeekday * args.scale),
      burst: {
        ...base.burst,
        calls: Math.round(base.burst.calls * args.scale),
      },
    };
    say(
      `Generating ${scenario.days} days of traffic from ${scenario.users} users…`,
    );

    const bar = startProgressBar();
    const errors = new ErrorTally();
    const result = await generateTraffic({
      store,
      scenario,
      onProgress: bar.update,
      onError: errors.add,
    }).finally(bar.stop);

    say(
      `${result.report.requests} requests, ${result.served.length} LLM calls served, ${result.tracker.written} events stored, ${result.report.failures} failures, in ${(result.elapsedMs / 1000).toFixed(1)} s.`,
    );
    for (const sample of result.report.failureSamples)
      say(`  failed: ${sample}`);

    writeMarker(markerPath, key, {
      startMs: scenario.startMs,
      days: scenario.days,
      events: result.tracker.written,
      finishedAt: new Date().toISOString(),
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
