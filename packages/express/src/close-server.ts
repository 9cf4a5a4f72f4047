import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { TokenledgerError } from '@tokenledger/core';

/** Options of {@link closeServer}. */
export interface CloseServerOptions {
  /**
   * How long requests under way may take, once the server stopped
   * listening, before their connections are cut, in milliseconds: from 0
   * to 2,147,483,647 (Node's longest timer), or `Infinity` never to cut
   * them. Default 10,000.
   */
  drainMs?: number;
}

/** Node's longest timer; a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

/** How often connections left idle by a finished response are closed. */
const IDLE_SWEEP_MS = 250;

/** How long without a request before the server stops listening. */
const QUIET_MS = 100;

/** The longest the server goes on listening while requests keep coming. */
const ACCEPT_WHILE_BUSY_MS = 2_000;

/**
 * Stops an HTTP server without dropping a request that was already sent,
 * so the LLM calls those requests make are answered and recorded: it goes
 * on serving until no request has arrived for 100 ms (at most 2 s), stops
 * listening, answers every request under way, closes each keep-alive
 * connection once it falls idle, and cuts what is still open `drainMs`
 * after it stopped listening. Resolves when the server is closed; flush
 * the tracker after it.
 *
 * Node's own `server.close()` stops listening at once, and the kernel then
 * resets every connection it had queued for Node to accept: while handlers
 * keep the event loop busy, clients that have just connected see
 * ECONNRESET.
 *
 * @example
 * ```ts
 * process.once('SIGTERM', async () => {
 *   await closeServer(server);
 *   await tracker.shutdown();
 * });
 * ```
 */
export async function closeServer(
  server: Server,
  options: CloseServerOptions = {},
): Promise<void> {
  const drainMs = checkDrainMs(options.drainMs ?? 10_000);

  await serveUntilQuiet(server);
  const closed = new Promise<void>((resolve) =>
    NetServer.prototype.close.call(server, () => resolve()),
  );
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const cut =
    drainMs === Number.POSITIVE_INFINITY
      ? undefined
      : setTimeout(() => server.closeAllConnections(), drainMs);

  await closed;
  clearInterval(sweep);
  clearTimeout(cut);
}

/**
 * Goes on serving until the server has been quiet for {@link QUIET_MS}: no
 * connection or request arriving, and none of those still under way
 * (requests from before are left to the drain), checked after a
 * turn of the event loop has accepted whatever the kernel queued meanwhile
 * (at most {@link ACCEPT_WHILE_BUSY_MS}). Closing the listening socket
 * resets every connection queued but not yet accepted, which happens to
 * clients that connect while handlers keep the event loop busy.
 */
async function serveUntilQuiet(server: Server): Promise<void> {
  let inFlight = 0;
  let lastActivity = Date.now();
  const onConnection = () => {
    lastActivity = Date.now();
  };
  const onRequest = (_request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    lastActivity = Date.now();
    response.once('close', () => {
      inFlight -= 1;
      lastActivity = Date.now();
    });
  };
  server.on('connection', onConnection);
  server.on('request', onRequest);

  const deadline = Date.now() + ACCEPT_WHILE_BUSY_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    await new Promise((resolve) => setImmediate(resolve));
    if (inFlight === 0 && Date.now() - lastActivity >= QUIET_MS) break;
  }

  server.off('connection', onConnection);
  server.off('request', onRequest);
}

function checkDrainMs(drainMs: number): number {
  const valid =
    drainMs === Number.POSITIVE_INFINITY ||
    (typeof drainMs === 'number' && drainMs >= 0 && drainMs <= MAX_TIMER_MS);
  if (valid) return drainMs;

  throw new TokenledgerError(
    'INVALID_OPTIONS',
    `closeServer: drainMs must be from 0 to ${MAX_TIMER_MS} milliseconds, or Infinity never to cut requests under way, got ${String(drainMs)}.`,
  );
}
