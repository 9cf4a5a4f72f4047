/**
 * The simulated provider-side cache: prefix keys with an expiry on the
 * virtual clock. A hit refreshes the entry's lifetime, as both Anthropic
 * ("refreshed for no additional cost each time the cached content is used")
 * and OpenAI (eviction after a period of inactivity) do.
 */
export class PromptCache {
  readonly #entries = new Map<string, { ttlMs: number; expiresAtMs: number }>();
  #writesSincePrune = 0;

  /** True if `key` is cached and alive at `nowMs`; a hit refreshes it. */
  hit(key: string, nowMs: number): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;

    if (entry.expiresAtMs <= nowMs) {
      this.#entries.delete(key);
      return false;
    }

    entry.expiresAtMs = nowMs + entry.ttlMs;
    return true;
  }

  /** Stores `key` for `ttlMs`, keeping a longer lifetime already granted. */
  write(key: string, ttlMs: number, nowMs: number): void {
    const existing = this.#entries.get(key);
    const expiresAtMs = nowMs + ttlMs;

    if (!existing || existing.expiresAtMs < expiresAtMs) {
      this.#entries.set(key, { ttlMs, expiresAtMs });
    }

    this.#pruneNow(nowMs);
  }

  /** Number of entries held, expired ones included until the next prune. */
  get size(): number {
    return this.#entries.size;
  }

  #pruneNow(nowMs: number): void {
    this.#writesSincePrune += 1;
    if (this.#writesSincePrune < 1_000) return;

    this.#writesSincePrune = 0;
    for (const [key, entry] of this.#entries) {
      if (entry.expiresAtMs <= nowMs) this.#entries.delete(key);
    }
  }
}

/** Five minutes: Anthropic's default cache TTL. */
export const FIVE_MINUTES_MS = 5 * 60_000;

/** One hour: Anthropic's extended cache TTL (`ttl: '1h'`). */
export const ONE_HOUR_MS = 60 * 60_000;
