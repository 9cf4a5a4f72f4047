import type { UsageEvent } from '@tokenledger/core';
import type { CallDefaults } from '../raw-call.js';

/** What the parse worker is started with. */
export interface ParseJob {
  file: string;
  defaults: CallDefaults;
  catalog?: string;
  batchSize: number;
}

/** A line the worker could not turn into an event. */
export interface Rejection {
  line: number;
  text: string;
  error: string;
}

/**
 * What the parse worker posts: a batch of events with the lines rejected
 * since the last batch, the end of the file, or a failure.
 */
export type ParseMessage =
  | {
      type: 'batch';
      events: UsageEvent[];
      rejections: Rejection[];
      lines: number;
      bytes: number;
    }
  | { type: 'done'; lines: number; bytes: number }
  | { type: 'failed'; message: string };
