import { open, unlink } from 'node:fs/promises';
import { type UsageEvent, UsageEventSchema } from '../schema.js';

const CHUNK_BYTES = 1 << 20;
const NEWLINE = 0x0a;

/** A batch read back from the spool, and where the next one starts. */
export interface SpoolBatch {
  events: UsageEvent[];
  /** Lines that did not parse (a line torn by a crash, or a damaged file). */
  badLines: string[];
  endOffset: number;
}

/**
 * Reads a spool file back in order, batch by batch, from a byte offset kept
 * in memory: a replay interrupted by a store failure resumes where it
 * stopped, and one interrupted by a crash starts over (inserts are
 * idempotent by id, so that only costs time).
 */
export class SpoolReader {
  #offset = 0;

  constructor(readonly path: string) {}

  /** Reads up to `maxEvents` events; null at the end of the file. */
  async next(maxEvents: number): Promise<SpoolBatch | null> {
    const file = await open(this.path, 'r');
    try {
      return await this.#read(file, maxEvents);
    } finally {
      await file.close();
    }
  }

  /** Marks everything up to `endOffset` as stored. */
  commit(endOffset: number): void {
    this.#offset = endOffset;
  }

  async #read(
    file: Awaited<ReturnType<typeof open>>,
    maxEvents: number,
  ): Promise<SpoolBatch | null> {
    const batch: SpoolBatch = { events: [], badLines: [], endOffset: 0 };
    let position = this.#offset;
    let carry = Buffer.alloc(0);

    while (batch.events.length < maxEvents) {
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await file.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;

      const data = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
      const consumed = takeLines(data, batch, maxEvents);
      carry = data.subarray(consumed);
      position += bytesRead;
      batch.endOffset = position - carry.length;
    }

    if (batch.events.length === 0 && batch.badLines.length === 0) {
      return carry.length > 0 ? withTornTail(batch, carry, position) : null;
    }

    return batch;
  }
}

function takeLines(data: Buffer, batch: SpoolBatch, maxEvents: number) {
  let start = 0;

  while (batch.events.length < maxEvents) {
    const end = data.indexOf(NEWLINE, start);
    if (end === -1) break;

    const line = data.toString('utf8', start, end);
    start = end + 1;
    if (line.length > 0) parseLine(line, batch);
  }

  return start;
}

function parseLine(line: string, batch: SpoolBatch): void {
  try {
    batch.events.push(UsageEventSchema.parse(JSON.parse(line)));
  } catch {
    batch.badLines.push(line);
  }
}

function withTornTail(
  batch: SpoolBatch,
  tail: Buffer,
  fileEnd: number,
): SpoolBatch {
  batch.badLines.push(tail.toString('utf8'));
  batch.endOffset = fileEnd;

  return batch;
}

/** Deletes a replayed file; a file already gone is fine. */
export async function removeFile(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}
