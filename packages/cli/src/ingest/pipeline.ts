import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { UsageSink } from '@tokenledger/core';
import { CliError } from '../cli-error.js';
import type { ParseJob, ParseMessage, Rejection } from './messages.js';
import { moduleDir } from './module-dir.js';

/**
 * What an ingest did, line by line.
 *
 * @example
 * ```ts
 * const counts: IngestCounts = { lines: 6, blank: 0, inserted: 5, duplicates: 0 };
 * ```
 */
export interface IngestCounts {
  lines: number;
  /** Empty or whitespace-only lines, skipped. */
  blank: number;
  inserted: number;
  duplicates: number;
}

/**
 * Called after each batch: rejected lines and progress in bytes.
 *
 * @example
 * ```ts
 * const hooks: IngestHooks = { onRejected: (r) => rejects.add(r.line, r.text, r.error), onProgress: () => {} };
 * ```
 */
export interface IngestHooks {
  onRejected(rejection: Rejection): void;
  onProgress(bytes: number, lines: number): void;
}

/**
 * Ingests a JSON lines file into `sink`: a worker thread reads, normalizes
 * and prices the lines while this thread inserts the previous batch, so
 * the two overlap on two cores (better-sqlite3 blocks the thread it runs
 * on). Batches arrive and are inserted in file order.
 *
 * @example
 * ```ts
 * const counts = await ingestFile({ file, defaults: {}, batchSize: 5000 }, store, hooks);
 * ```
 */
export async function ingestFile(
  job: ParseJob,
  sink: UsageSink,
  hooks: IngestHooks,
): Promise<IngestCounts> {
  const worker = new Worker(join(moduleDir(), 'parse-worker.js'), {
    workerData: job,
  });
  const counts: IngestCounts = {
    lines: 0,
    blank: 0,
    inserted: 0,
    duplicates: 0,
  };

  try {
    for await (const message of messagesOf(worker)) {
      if (message.type === 'failed') {
        throw new CliError('FAILED', message.message);
      }

      counts.lines = message.lines;
      if (message.type === 'done') counts.blank = message.blank;
      if (message.type === 'batch') {
        for (const rejection of message.rejections) hooks.onRejected(rejection);
        const result = await sink.insertEvents(message.events);
        counts.inserted += result.inserted;
        counts.duplicates += result.duplicates;
        worker.postMessage('ack');
      }
      hooks.onProgress(message.bytes, message.lines);
    }
  } finally {
    await worker.terminate();
  }

  return counts;
}

/** The worker's messages in order, until `done` or `failed`. */
async function* messagesOf(worker: Worker): AsyncGenerator<ParseMessage> {
  const queue: ParseMessage[] = [];
  let ended: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };

  worker.on('message', (message: ParseMessage) => {
    queue.push(message);
    notify();
  });
  worker.on('error', (error) => {
    ended ??= error;
    notify();
  });
  worker.on('exit', (code) => {
    ended ??= new Error(`The parse worker stopped early (exit code ${code}).`);
    notify();
  });

  for (;;) {
    const message = queue.shift();
    if (message) {
      yield message;
      if (message.type !== 'batch') return;
      continue;
    }
    if (ended) throw ended;

    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
}
