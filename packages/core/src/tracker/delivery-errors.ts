import { TokenledgerError } from '../errors.js';

/** Memory is full and there is no spool (`spoolPath: false`). */
export function bufferFullError(maxBufferedEvents: number): TokenledgerError {
  return new TokenledgerError(
    'BUFFER_FULL',
    `The tracker holds ${maxBufferedEvents} events, the store is not taking them and spoolPath is false: new events are dropped and counted in stats().dropped until it recovers (reported once per episode). Enable the spool or raise maxBufferedEvents.`,
    { details: { maxBufferedEvents } },
  );
}

/** Shutdown with the store down and no spool: the rest is lost. */
export function droppedAtShutdownError(count: number): TokenledgerError {
  return new TokenledgerError(
    'STORAGE_FAILED',
    `Shut down with the store still failing and spoolPath: false: ${count} events were dropped. Enable the spool to keep them across restarts.`,
    { details: { dropped: count } },
  );
}

/** The first failure of an outage (later ones are not reported again). */
export function storeFailedError(
  batchSize: number,
  cause: unknown,
  hasSpool: boolean,
): TokenledgerError {
  if (cause instanceof TokenledgerError) return cause;

  const message = cause instanceof Error ? cause.message : String(cause);
  const meanwhile = hasSpool ? ', and kept in the spool meanwhile' : '';

  return new TokenledgerError(
    'STORAGE_FAILED',
    `The store failed to insert a batch of ${batchSize} events (${message}). It will be retried with backoff${meanwhile}; this is reported once per outage.`,
    { cause },
  );
}

/** The spool could not be read back: replay stops until a restart. */
export function spoolUnreadableError(cause: unknown): TokenledgerError {
  const message = cause instanceof Error ? cause.message : String(cause);

  return new TokenledgerError(
    'SPOOL_FAILED',
    `Could not read the spool back (${message}); replay is suspended until the next start, new events still go to the store. Check the spool file's permissions.`,
    { cause },
  );
}
