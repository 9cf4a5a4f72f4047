// Child process of tracker-hooks.test.ts. Records three events into a
// tracker whose store appends their request ids to a file, with a flush
// interval of a minute, then either ends its script ("exit") or waits for a
// signal like a server would ("signal"). Only the shutdown hooks can get the
// events written.
import { appendFileSync } from 'node:fs';
import { createTracker, tokenUsage } from '../dist/esm/index.js';

const [mode, outputPath] = process.argv.slice(2);

const tracker = createTracker({
  store: {
    async insertEvents(events) {
      for (const event of events)
        appendFileSync(outputPath, `${event.requestId}\n`);
      return { inserted: events.length, duplicates: 0 };
    },
  },
  spoolPath: false,
  flushIntervalMs: 60_000,
});
tracker.installShutdownHooks();

for (const requestId of ['a', 'b', 'c']) {
  tracker.recordNormalized({
    provider: 'openai',
    model: 'gpt-4o-mini',
    requestId,
    usage: tokenUsage({ inputTokens: 10, outputTokens: 2 }),
  });
}

if (mode === 'signal') {
  setInterval(() => {}, 1_000);
  process.stdout.write('ready\n');
}
