import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { UsageEvent } from '../schema.js';

/** What a {@link SpoolWriter} reports back to the tracker. */
export interface SpoolWriterHooks {
  /** After an append reached the disk (fsync'd). */
  onDurable(events: readonly UsageEvent[]): void;
  /** When an append failed: these events could not be kept. */
  onFailed(events: readonly UsageEvent[], cause: unknown): void;
}

/**
 * Appends batches of events to a JSON-lines file, one write and one fsync
 * per batch, never two at once. Batches that arrive while a write is in
 * flight are coalesced into the next one, and a rotation (for replay) is
 * serialised with the writes. Each append starts with a newline
 * so that a line torn by a crash never swallows the next batch's first line.
 */
export class SpoolWriter {
  #pending: UsageEvent[] = [];
  #writing: UsageEvent[] = [];
  #writeScheduled = false;
  #chain: Promise<unknown> = Promise.resolve();
  #dirReady = false;

  constructor(
    readonly path: string,
    private readonly hooks: SpoolWriterHooks,
  ) {}

  /** Events accepted but not yet durable. */
  get pendingEvents(): number {
    return this.#pending.length + this.#writing.length;
  }

  /** Queues events for the next append; returns at once. */
  append(events: readonly UsageEvent[]): void {
    if (events.length === 0) return;

    for (const event of events) this.#pending.push(event);

    if (!this.#writeScheduled) {
      this.#writeScheduled = true;
      this.#enqueue(() => this.#writePending());
    }
  }

  /** Resolves once every append and rotation queued so far is done. */
  async whenIdle(): Promise<void> {
    await this.#chain;
  }

  /**
   * Renames the spool to `to` between two appends, so that no append lands
   * in the renamed file after it was read. Does nothing when `to` still has
   * content (an earlier replay is unfinished) or the spool is empty; resolves
   * to whether `to` holds events to replay.
   */
  rotateTo(to: string): Promise<boolean> {
    return this.#enqueue(() => this.#rotate(to));
  }

  /**
   * Writes everything not yet durable synchronously: for `process.on('exit')`,
   * where no promise will ever settle. The batch being written may end up
   * twice in the file; replay is idempotent by event id.
   */
  writeAllSync(extra: readonly UsageEvent[]): number {
    const events = [...this.#writing, ...this.#pending, ...extra];
    if (events.length === 0) return 0;

    mkdirSync(dirname(this.path), { recursive: true });
    appendDurablySync(this.path, toLines(events));

    this.#pending = [];
    return events.length;
  }

  #enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#chain.then(operation);
    this.#chain = result.catch(() => undefined);

    return result;
  }

  async #writePending(): Promise<void> {
    this.#writeScheduled = false;
    this.#writing = this.#pending;
    this.#pending = [];

    try {
      await this.#write(this.#writing);
      this.hooks.onDurable(this.#writing);
    } catch (error) {
      this.hooks.onFailed(this.#writing, error);
    } finally {
      this.#writing = [];
    }
  }

  async #rotate(to: string): Promise<boolean> {
    if (await hasContent(to)) return true;
    if (!(await hasContent(this.path))) return false;

    await rename(this.path, to);
    return true;
  }

  async #write(events: readonly UsageEvent[]): Promise<void> {
    if (!this.#dirReady) {
      await mkdir(dirname(this.path), { recursive: true });
      this.#dirReady = true;
    }

    await appendDurably(this.path, toLines(events));
  }
}

/**
 * Appends JSON lines to a side file (rejected inputs), each append written
 * and fsync'd like the spool's batches, never two at once: lines that arrive
 * during an append are coalesced into the next one. A failure goes to
 * `onFailed`.
 */
export class SideFile {
  #lines = '';
  #writing = '';
  #chain: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly onFailed: (cause: unknown) => void,
  ) {}

  /** Queues one entry as a JSON line; returns at once. */
  append(entry: Record<string, unknown>): void {
    const scheduled = this.#lines.length > 0;
    this.#lines += `${jsonLine(entry)}\n`;
    if (scheduled) return;

    this.#chain = this.#chain.then(() => this.#writeLines());
  }

  /** Resolves once every line queued so far is durable (or failed). */
  whenIdle(): Promise<void> {
    return this.#chain;
  }

  /**
   * Writes every line not yet durable synchronously, for
   * `process.on('exit')`; the append in flight may end up twice in the file.
   */
  writeAllSync(): void {
    const text = this.#writing + this.#lines;
    if (text.length === 0) return;

    this.#lines = '';
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      appendDurablySync(this.path, text);
    } catch (error) {
      this.onFailed(error);
    }
  }

  async #writeLines(): Promise<void> {
    this.#writing = this.#lines;
    this.#lines = '';
    if (this.#writing.length === 0) return;

    try {
      await mkdir(dirname(this.path), { recursive: true });
      await appendDurably(this.path, this.#writing);
    } catch (error) {
      this.onFailed(error);
    } finally {
      this.#writing = '';
    }
  }
}

/** {@link appendDurably}, synchronously. */
function appendDurablySync(path: string, text: string): void {
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Appends `text` to `path` with one write, then fsyncs it. */
async function appendDurably(path: string, text: string): Promise<void> {
  const file = await open(path, 'a');
  try {
    await file.write(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

function toLines(events: readonly UsageEvent[]): string {
  let text = '\n';
  for (const event of events) text += `${JSON.stringify(event)}\n`;

  return text;
}

/**
 * `entry` as JSON. When its `input` cannot be serialized (a `toJSON` or a
 * getter that throws), the input is replaced by the reason, the rest kept.
 */
function jsonLine(entry: Record<string, unknown>): string {
  try {
    return safeStringify(entry);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return safeStringify({ ...entry, input: { unserializable: reason } });
  }
}

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();

  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'bigint') return item.toString();
    if (typeof item === 'function') return `[function ${item.name}]`;
    if (typeof item === 'object' && item !== null) {
      if (seen.has(item)) return '[circular]';
      seen.add(item);
    }

    return item;
  });
}

/** Whether a file exists with at least one byte. */
export async function hasContent(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}
