import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer } from '../src/index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A server whose responses take `delayMs`, on a free port. */
async function slowServer(delayMs: number): Promise<Server> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.end('done'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return server;
}

function openSocket(server: Server): Promise<Socket> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection, or the error. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.once('error', (error) => resolve(`error: ${error.message}`));
    socket.once('close', () => resolve(text));
  });
}

const REQUEST = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';

/**
 * Sends a request and gives it 50 ms to reach the handler; its reply, in
 * an object so that awaiting the call does not await the reply too.
 */
async function requestUnderWay(
  server: Server,
): Promise<{ reply: Promise<string> }> {
  const socket = await openSocket(server);
  const reply = readAll(socket);
  socket.write(REQUEST);
  await sleep(50);

  return { reply };
}

describe('closeServer', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
  });

  // While a handler blocks the event loop, the kernel queues connections
  // Node has not accepted; closing the listening socket at once resets
  // them (Node's server.close(): 4 of these 6 got ECONNRESET).
  it('should answer every request sent before it began, even while busy', async () => {
    const busy = createServer((req, res) => {
      const until = Date.now() + 100;
      while (Date.now() < until);
      res.end(`done ${req.url}`);
    });
    server = busy;
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const { port } = busy.address() as AddressInfo;

    const replies = Array.from({ length: 6 }, (_, i) =>
      fetch(`http://127.0.0.1:${port}/${i}`).then(
        async (response) => `${response.status} ${await response.text()}`,
        (error: Error) => String(error.cause ?? error),
      ),
    );
    await sleep(20);
    await closeServer(busy);

    expect(await Promise.all(replies)).toEqual(
      Array.from({ length: 6 }, (_, i) => `200 done /${i}`),
    );
    expect(busy.listening).toBe(false);
  });

  it('should let a request under way finish, then close its idle connection', async () => {
    server = await slowServer(300);
    const { reply } = await requestUnderWay(server);

    await closeServer(server);

    expect(await reply).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*done$/);
  });

  it('should refuse new connections once closing', async () => {
    server = await slowServer(0);
    const { port } = server.address() as AddressInfo;

    await closeServer(server);

    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(
      'fetch failed',
    );
  });

  it('should refuse a drainMs no timer can hold, and take Infinity as never', async () => {
    server = await slowServer(300);

    for (const drainMs of [Number.NaN, -1, 2 ** 31]) {
      await expect(closeServer(server, { drainMs })).rejects.toThrow(
        `closeServer: drainMs must be from 0 to 2147483647 milliseconds, or Infinity never to cut requests under way, got ${drainMs}.`,
      );
    }
    expect(server.listening).toBe(true);

    const { reply } = await requestUnderWay(server);
    await closeServer(server, { drainMs: Number.POSITIVE_INFINITY });

    expect(await reply).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*done$/);
  });

  it('should cut a request still under way after drainMs', async () => {
    server = await slowServer(60_000);
    const { reply } = await requestUnderWay(server);

    await closeServer(server, { drainMs: 200 });

    expect(await reply).toBe('');
  });
});
