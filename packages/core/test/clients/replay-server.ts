import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';

const FIXTURES = join(__dirname, 'fixtures');

/** A fixture file's text, e.g. `fixture('anthropic/stream.sse')`. */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** A JSON fixture, parsed. */
export function jsonFixture(path: string): Record<string, unknown> {
  return JSON.parse(fixture(path)) as Record<string, unknown>;
}

/** The events of an SSE transcript, each with its trailing blank line. */
export function sseEvents(transcript: string): string[] {
  return transcript
    .split(/\n\n+/)
    .filter((event) => event.trim() !== '')
    .map((event) => `${event}\n\n`);
}

/** One canned answer of the replay server. */
export type Reply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { headers?: Record<string, string>; text: string; contentType: string }
  | { hangMs: number }
  | {
      headers?: Record<string, string>;
      sse: string[];
      /** Pause before each event after the first, in ms. */
      delayMs?: number;
      /** Stop (and keep the socket open) after this many events. */
      stopAfter?: number;
      /** Destroy the socket after this many events, as a network cut. */
      cutAfter?: number;
    };

/** A request the server received. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
}

/** A local HTTP server answering each request with the next reply. */
export interface ReplayServer {
  url: string;
  requests: ReceivedRequest[];
  /**
   * When each SSE event was written, by `performance.now()` in this
   * process: the same clock as the test's, so send and receive times
   * compare directly.
   */
  writes: number[];
  close(): Promise<void>;
}

/**
 * Starts a server on a free loopback port that answers requests, in order,
 * with `replies` (the last one repeats).
 */
export async function startReplayServer(
  replies: readonly Reply[] | ((request: ReceivedRequest) => Reply),
): Promise<ReplayServer> {
  const requests: ReceivedRequest[] = [];
  const writes: number[] = [];
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const received = {
      method: request.method ?? '',
      url: request.url ?? '',
      headers: request.headers,
      body,
    };
    requests.push(received);
    const reply =
      typeof replies === 'function'
        ? replies(received)
        : replies[Math.min(requests.length, replies.length) - 1];
    const onWrite = () => writes.push(performance.now());
    if (reply) await answer(response, reply, onWrite);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    writes,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function readBody(
  request: IncomingMessage,
): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.startsWith('{')) return undefined;

  return JSON.parse(text) as Record<string, unknown>;
}

async function answer(
  response: ServerResponse,
  reply: Reply,
  onWrite: () => void,
): Promise<void> {
  if ('hangMs' in reply) {
    await sleep(reply.hangMs);
    response.destroy();
    return;
  }

  if ('text' in reply) {
    response.writeHead(200, {
      'content-type': reply.contentType,
      ...reply.headers,
    });
    response.end(reply.text);
    return;
  }

  if ('json' in reply) {
    response.writeHead(reply.status ?? 200, {
      'content-type': 'application/json',
      ...reply.headers,
    });
    response.end(JSON.stringify(reply.json));
    return;
  }

  response.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    ...reply.headers,
  });
  const sent = reply.stopAfter ?? reply.cutAfter ?? reply.sse.length;
  for (const [index, event] of reply.sse.slice(0, sent).entries()) {
    if (index > 0 && reply.delayMs) await sleep(reply.delayMs);
    if (response.destroyed) return;
    response.write(event);
    onWrite();
  }
  if (reply.cutAfter !== undefined) {
    // Let the last event reach the client before the connection drops.
    await sleep(reply.delayMs ?? 20);
    response.destroy();
  } else if (reply.stopAfter === undefined) {
    response.end();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A test file's replay server: started by a test, closed after it. */
export interface ReplayServerPerTest {
  /** Starts the server for the running test (see `startReplayServer`). */
  start(
    replies: Parameters<typeof startReplayServer>[0],
  ): Promise<ReplayServer>;
  /** The running test's server; throws when the test started none. */
  readonly server: ReplayServer;
}

/**
 * Registers an `afterEach` that closes the server a test started. Call it
 * once, at the top of a test file.
 *
 * @example
 * const replay = replayServerPerTest();
 * it('answers', async () => {
 *   const server = await replay.start([{ json: { ok: true } }]);
 *   await fetch(server.url);
 *   expect(replay.server.requests).toHaveLength(1);
 * });
 */
export function replayServerPerTest(): ReplayServerPerTest {
  let current: ReplayServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  return {
    async start(replies) {
      current = await startReplayServer(replies);
      return current;
    },
    get server() {
      if (!current) {
        throw new Error('No replay server: call replay.start() in the test.');
      }
      return current;
    },
  };
}

/** The pause a `twoEventsApart` reply makes between its two events. */
const SECOND_EVENT_DELAY_MS = 300;

/**
 * A reply that sends the first two of `sse`, `SECOND_EVENT_DELAY_MS`
 * apart, and then keeps the socket open: for
 * `expectFirstChunkBeforeSecond`.
 *
 * @example
 * await replay.start([{ ...twoEventsApart(sseEvents(transcript)), headers }]);
 */
export function twoEventsApart(sse: string[]) {
  return { sse, delayMs: SECOND_EVENT_DELAY_MS, stopAfter: 2 };
}

/**
 * Reads the first two items of `stream` and checks that the first reached
 * the caller before `server` wrote the second: the instrumentation passes
 * each event on as it comes instead of buffering. The server must answer
 * with a `twoEventsApart` reply. Both clocks are this process's
 * `performance.now()`.
 *
 * @example
 * const server = await replay.start([twoEventsApart(sse)]);
 * await expectFirstChunkBeforeSecond(server, await client.stream(request));
 */
export async function expectFirstChunkBeforeSecond(
  server: ReplayServer,
  stream: AsyncIterable<unknown>,
): Promise<void> {
  const received: number[] = [];
  for await (const _chunk of stream) {
    received.push(performance.now());
    if (received.length === 2) break;
  }

  const [firstSentAt = 0, secondSentAt = 0] = server.writes;
  // 10 ms of slack for the timer firing early.
  expect(secondSentAt - firstSentAt).toBeGreaterThanOrEqual(
    SECOND_EVENT_DELAY_MS - 10,
  );
  expect(received[0]).toBeGreaterThanOrEqual(firstSentAt);
  expect(received[0]).toBeLessThan(secondSentAt);
}
