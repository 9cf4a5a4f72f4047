import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog } from '../catalog-file.js';
import type { ParseJob, ParseMessage } from './messages.js';
import { parseLines } from './parse-lines.js';

// Batches posted and not yet acknowledged: parsing runs at most this far
// ahead of the inserts, so memory stays bounded on any file size.
const MAX_AHEAD = 2;

const port = parentPort;
const job = workerData as ParseJob;
let ahead = 0;
let resume: (() => void) | undefined;

port?.on('message', () => {
  ahead--;
  resume?.();
  resume = undefined;
});

async function send(message: ParseMessage): Promise<void> {
  port?.postMessage(message);
  if (message.type !== 'batch') return;

  ahead++;
  while (ahead >= MAX_AHEAD) {
    await new Promise<void>((resolve) => {
      resume = resolve;
    });
  }
}

async function main(): Promise<void> {
  try {
    const catalog = await loadCatalog(job.catalog);
    await parseLines(job.file, job.defaults, catalog, job.batchSize, send);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    port?.postMessage({ type: 'failed', message } satisfies ParseMessage);
  }
}

void main();
