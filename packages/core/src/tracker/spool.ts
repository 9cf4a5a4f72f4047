import { TokenledgerError } from '../errors.js';
import type { UsageEvent } from '../schema.js';
import { removeFile, type SpoolBatch, SpoolReader } from './spool-reader.js';
import {
  hasContent,
  SideFile,
  SpoolWriter,
  type SpoolWriterHooks,
} from './spool-writer.js';

/** The files of one spool, all derived from its path. */
export interface SpoolPaths {
  /** New events are appended here. */
  spool: string;
  /** The spool, renamed while it is being replayed. */
  replaying: string;
  /** Inputs that could not become events, and damaged spool lines. */
  rejected: string;
}

/** Derives the replay and rejected file names from the spool path. */
export function spoolPaths(path: string): SpoolPaths {
  const stem = path.endsWith('.jsonl') ? path.slice(0, -6) : path;

  return {
    spool: path,
    replaying: `${stem}.replaying.jsonl`,
    rejected: `${stem}.rejected.jsonl`,
  };
}

/** What a {@link Spool} reports back. */
export interface SpoolHooks extends SpoolWriterHooks {
  onError(error: TokenledgerError): void;
}

/**
 * The durable side of the tracker: appends events the store could not take,
 * hands them back in order for replay, and keeps rejected inputs. Replay
 * renames the spool first, so new appends never race with the reader.
 */
export class Spool {
  readonly paths: SpoolPaths;
  readonly #writer: SpoolWriter;
  readonly #rejected: SideFile;
  #reader: SpoolReader | null = null;
  #backlog = false;

  constructor(
    path: string,
    private readonly hooks: SpoolHooks,
  ) {
    this.paths = spoolPaths(path);
    this.#writer = new SpoolWriter(path, hooks);
    this.#rejected = new SideFile(this.paths.rejected, (cause) =>
      hooks.onError(
        new TokenledgerError(
          'SPOOL_FAILED',
          `Could not append to ${this.paths.rejected}: check that the directory is writable.`,
          { cause },
        ),
      ),
    );
  }

  /** Events handed to the writer and not yet durable. */
  get pendingEvents(): number {
    return this.#writer.pendingEvents;
  }

  /** Whether events wait on disk (or on their way to it). */
  get hasBacklog(): boolean {
    return this.#backlog;
  }

  /** Looks for events left on disk by an earlier run. */
  async findBacklog(): Promise<boolean> {
    const found =
      (await hasContent(this.paths.replaying)) ||
      (await hasContent(this.paths.spool));
    if (found) this.#backlog = true;

    return found;
  }

  /** Queues events for a durable append. */
  append(events: readonly UsageEvent[]): void {
    if (events.length === 0) return;

    this.#backlog = true;
    this.#writer.append(events);
  }

  /** Keeps something that could not be recorded, as one JSON line. */
  keepRejected(entry: Record<string, unknown>): void {
    this.#rejected.append({ at: new Date().toISOString(), ...entry });
  }

  /**
   * The next batch to replay, oldest first, or null when the spool is
   * empty. Damaged lines are moved to the rejected file on the way.
   */
  async nextBatch(maxEvents: number): Promise<SpoolBatch | null> {
    while (this.#backlog) {
      const reader = await this.#currentReader();
      if (!reader) return null;

      const batch = await reader.next(maxEvents);
      if (!batch) {
        await removeFile(reader.path);
        this.#reader = null;
        continue;
      }

      this.#keepBadLines(batch.badLines);
      if (batch.events.length > 0) return batch;
      reader.commit(batch.endOffset);
    }

    return null;
  }

  /** Marks a replayed batch as stored. */
  commit(batch: SpoolBatch): void {
    this.#reader?.commit(batch.endOffset);
  }

  /** Resolves once every append queued so far is durable. */
  async whenIdle(): Promise<void> {
    await Promise.all([this.#writer.whenIdle(), this.#rejected.whenIdle()]);
  }

  /**
   * Writes pending events and `extra`, then pending rejected inputs,
   * synchronously (exit hook); returns the number of events written.
   */
  writeAllSync(extra: readonly UsageEvent[]): number {
    const written = this.#writer.writeAllSync(extra);
    this.#rejected.writeAllSync();

    return written;
  }

  async #currentReader(): Promise<SpoolReader | null> {
    if (this.#reader) return this.#reader;

    const hasEvents = await this.#writer.rotateTo(this.paths.replaying);
    if (!hasEvents) {
      this.#backlog = this.#writer.pendingEvents > 0;
      return null;
    }

    this.#reader = new SpoolReader(this.paths.replaying);
    return this.#reader;
  }

  #keepBadLines(lines: readonly string[]): void {
    if (lines.length === 0) return;

    for (const line of lines) {
      this.keepRejected({ reason: 'unreadable spool line', line });
    }

    this.hooks.onError(
      new TokenledgerError(
        'SPOOL_FAILED',
        `Skipped ${lines.length} unreadable line(s) of ${this.paths.replaying} (a line torn by a crash before its fsync, or a damaged file); they were copied to ${this.paths.rejected}.`,
      ),
    );
  }
}
