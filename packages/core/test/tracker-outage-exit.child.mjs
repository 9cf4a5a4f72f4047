// Child process of tracker-outage-exit.test.ts. A script's last lines with
// a store that is down: record one event, then await flush() or shutdown()
// with nothing else keeping the event loop alive. The tracker's timers are
// unref'd; the awaited call must still finish, with the event spooled.
import { createTracker, tokenUsage } from '../dist/esm/index.js';

const [mode, spoolPath] = process.argv.slice(2);

const tracker = createTracker({
  store: {
    async insertEvents() {
      throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
    },
  },
  spoolPath,
});

tracker.recordNormalized({
  provider: 'openai',
  model: 'gpt-4o-mini',
  requestId: 'req-1',
  usage: tokenUsage({ inputTokens: 10, outputTokens: 2 }),
});

const written = await (mode === 'flush' ? tracker.flush() : tracker.shutdown());
process.stdout.write(
  `${JSON.stringify({ written, stats: tracker.stats() })}\n`,
);
