/**
 * Options of `tracker.installShutdownHooks()`.
 *
 * @example
 * ```ts
 * const remove = tracker.installShutdownHooks({ signals: ['SIGTERM'] });
 * ```
 */
export interface ShutdownHooksOptions {
  /** Signals that shut the tracker down. Default `['SIGTERM', 'SIGINT']`. */
  signals?: readonly NodeJS.Signals[];
}

/** What the hooks drive: the tracker's own methods. */
export interface HookTarget {
  shutdown(): Promise<unknown>;
  flush(): Promise<unknown>;
  hasPendingWork(): boolean;
  spoolSync(): void;
}

/**
 * Registers the process hooks and returns their removal:
 *
 * - a signal shuts the tracker down, then, when no other listener of that
 *   signal is left, raises it again so the process ends as it would have;
 * - `beforeExit` flushes when events are waiting (the loop empties again
 *   afterwards, so it runs once per batch, not forever);
 * - `exit` writes memory to the spool synchronously, the only kind of work
 *   that can still happen there.
 */
export function installHooks(
  target: HookTarget,
  options: ShutdownHooksOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const onSignal = (signal: NodeJS.Signals) => {
    void target.shutdown().finally(() => reraise(signal));
  };
  const onBeforeExit = () => {
    if (target.hasPendingWork()) void target.flush();
  };
  const onExit = () => target.spoolSync();

  const remove = () => {
    for (const signal of signals) process.off(signal, onSignal);
    process.off('beforeExit', onBeforeExit);
    process.off('exit', onExit);
  };
  const reraise = (signal: NodeJS.Signals) => {
    remove();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };

  for (const signal of signals) process.on(signal, onSignal);
  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);

  return remove;
}
