import type { UsageEvent } from '@tokenledger/core';
import type { CallDefaults } from '../raw-call.js';

/**
 * What the parse worker is started with.
 *
 * @example
 * ```ts
 * const job: ParseJob = { file: 'calls.jsonl', defaults: { endpoint: 'import' }, batchSize: 5000 };
 * ```
 */
export interface ParseJob {
  file: string;
  defaults: CallDefaults;
  catalog?: string;
  batchSize: number;
}

/**
 * A line the worker could not turn into an event.
 *
 * @example
 * ```ts
 * const rejection: Rejection = { line: 6, text: '{', error: 'Not JSON (...).' };
 * ```
 */
export interface Rejection {
  line: number;
  text: string;
  error: string;
}

/**
 * What the parse worker posts: a batch of events with the lines rejected
 * since the last batch, the end of the file, or a failure.
 *
 * @example
 * ```ts
 * const done: ParseMessage = { type: 'done', lines: 1000, blank: 0, bytes: 280_000 };
 * ```
 */
export type ParseMessage =
  | {
      type: 'batch';
      events: UsageEvent[];
      rejections: Rejection[];
      lines: number;
      bytes: number;
    }
  | { type: 'done'; lines: number; blank: number; bytes: number }
  | { type: 'failed'; message: string };
