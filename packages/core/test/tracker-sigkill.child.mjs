// Child process of tracker-sigkill.test.ts: records 10 events per
// millisecond into a tracker whose store is down, so that everything goes to
// the spool, and prints "durable <n>" after each fsync, <n> being the index
// of the last event that fsync covered ("dropped" if the disk could not keep
// up). The parent kills it with SIGKILL mid-stream.
import {
  createTracker,
  tokenUsage,
  withUsageContext,
} from '../dist/esm/index.js';

const spoolPath = process.argv[2];
const indexOfId = new Map();

const tracker = createTracker({
  store: {
    insertEvents: async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:3306');
    },
  },
  spoolPath,
  maxBatchSize: 50,
  maxBufferedEvents: 1000,
  maxRetries: 0,
  retryBaseDelayMs: 1,
  retryMaxDelayMs: 20,
  onError(error) {
    if (error.code === 'BUFFER_FULL') process.stdout.write('dropped\n');
  },
  logger: {
    log(event) {
      if (event.type !== 'spooled') return;
      process.stdout.write(`durable ${indexOfId.get(event.lastEventId)}\n`);
    },
  },
});

let next = 0;

function recordOne(index) {
  withUsageContext(
    {
      userId: `u_${index % 7}`,
      onRecorded: (event) => indexOfId.set(event.id, index),
    },
    () =>
      tracker.recordNormalized({
        provider: 'openai',
        model: 'gpt-4o-mini',
        requestId: `req-${index}`,
        usage: tokenUsage({
          inputTokens: 100 + (index % 50),
          outputTokens: 20,
        }),
      }),
  );
}

function burst() {
  for (let k = 0; k < 10; k += 1) recordOne(next++);
  setTimeout(burst, 1);
}

burst();
