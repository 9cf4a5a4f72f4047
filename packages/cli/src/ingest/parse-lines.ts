import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PriceCatalog, UsageEvent } from '@tokenledger/core';
import type { CallDefaults } from '../raw-call.js';
import { eventFromLine } from './line.js';
import type { ParseMessage, Rejection } from './messages.js';

/**
 * Reads a JSON lines file and hands over its events in batches of
 * `batchSize`, each with the lines rejected since the previous batch.
 * `send` may return a promise to hold reading back until it settles.
 *
 * @example
 * ```ts
 * await parseLines('calls.jsonl', {}, defaultCatalog, 5000, (message) => post(message));
 * ```
 */
export async function parseLines(
  file: string,
  defaults: CallDefaults,
  catalog: PriceCatalog,
  batchSize: number,
  send: (message: ParseMessage) => unknown,
): Promise<void> {
  let events: UsageEvent[] = [];
  let rejections: Rejection[] = [];
  let lines = 0;
  let blank = 0;
  let bytes = 0;

  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    lines++;
    bytes += Buffer.byteLength(text) + 1;
    if (text.trim() === '') {
      blank++;
      continue;
    }

    try {
      events.push(eventFromLine(text, defaults, catalog));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      rejections.push({ line: lines, text, error: message });
    }

    if (events.length >= batchSize) {
      await send({ type: 'batch', events, rejections, lines, bytes });
      events = [];
      rejections = [];
    }
  }

  await send({ type: 'batch', events, rejections, lines, bytes });
  await send({ type: 'done', lines, blank, bytes });
}
