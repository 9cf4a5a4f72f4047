import type { UsageEvent } from '../schema.js';

/**
 * The events in memory: a FIFO queue and the batch taken from it for the
 * write in flight ("held" until the store confirms it). Events "due" must be
 * written even if they do not fill a batch (interval elapsed, or a flush).
 */
export class MemoryBuffer {
  #queue: UsageEvent[] = [];
  #held: UsageEvent[] | null = null;
  #due = 0;

  constructor(private readonly maxBatchSize: number) {}

  /** Every event in memory, the held batch included. */
  get size(): number {
    return this.#queue.length + (this.#held?.length ?? 0);
  }

  /** Events waiting behind the held batch. */
  get waiting(): number {
    return this.#queue.length;
  }

  get hasFullBatch(): boolean {
    return this.#queue.length >= this.maxBatchSize;
  }

  /** Whether nothing taken for writing is still unconfirmed. */
  get settled(): boolean {
    return this.#held === null && this.#due === 0;
  }

  push(event: UsageEvent): void {
    this.#queue.push(event);
  }

  /** Marks everything queued now as due. */
  markAllDue(): void {
    this.#due = this.#queue.length;
  }

  /**
   * The batch to write next: the held one again after a failure, else a
   * full batch, else the due events; null when nothing is to be written.
   */
  nextBatch(): UsageEvent[] | null {
    if (this.#held) return this.#held;
    if (!this.hasFullBatch && this.#due === 0) return null;
    if (this.#queue.length === 0) return null;

    this.#held = this.#queue.splice(0, this.maxBatchSize);
    this.#due = Math.max(0, this.#due - this.#held.length);

    return this.#held;
  }

  /**
   * Releases a batch the store confirmed; false when it was taken away
   * meanwhile (spilled to the spool, which will replay it).
   */
  confirm(batch: readonly UsageEvent[]): boolean {
    if (this.#held !== batch) return false;

    this.#held = null;
    return true;
  }

  /** Empties memory, the held batch first, in record order. */
  takeAll(): UsageEvent[] {
    const events = this.#held ? this.#held.concat(this.#queue) : this.#queue;
    this.#held = null;
    this.#queue = [];
    this.#due = 0;

    return events;
  }
}
