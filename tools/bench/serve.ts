import {
  IncomingMessage,
  type Server,
  ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { Duplex } from 'node:stream';

/** A socket that drops what is written to it. */
class NullSocket extends Duplex {
  override _read(): void {}
  override _write(_chunk: unknown, _encoding: string, done: () => void) {
    done();
  }
}

/**
 * The bench server's side of the protocol with http-overhead.ts: announces its URL,
 * measures its own CPU time between `start` and `stop` (while autocannon
 * loads it), and on `{ dispatch: n }` serves n requests in-process, one at a
 * time, through the server's own `request` listeners on real request and
 * response objects over a null socket: no network, no other process, so
 * the CPU time per request is the framework's and the adapter's alone.
 */
export function serveBench(url: string, server: Server): void {
  let since = process.cpuUsage();

  process.on('message', (message: unknown) => {
    if (message === 'start') since = process.cpuUsage();
    if (message === 'stop') process.send?.({ cpuUs: cpuSince(since) });
    if (typeof message === 'object' && message && 'dispatch' in message) {
      const count = Number(message.dispatch);
      const path = new URL(url).pathname;
      const before = process.cpuUsage();
      dispatch(server, path, count, () => {
        process.send?.({ cpuUs: cpuSince(before) / count });
      });
    }
  });
  process.send?.({ url });
}

function cpuSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);

  return user + system;
}

/**
 * Serves `count` requests one after the other, chained by callbacks rather
 * than promises, so that the loop adds no async resources of its own.
 */
function dispatch(
  server: Server,
  path: string,
  count: number,
  done: () => void,
): void {
  if (count === 0) {
    done();
    return;
  }

  const socket = new NullSocket();
  const req = new IncomingMessage(socket as never);
  req.method = 'GET';
  req.url = path;
  req.headers = { host: '127.0.0.1' };
  req.push(null);
  const res = new ServerResponse(req);
  res.assignSocket(socket as never);
  res.on('finish', () => {
    res.detachSocket(socket as never);
    if (res.statusCode !== 200) {
      throw new Error(
        `${path}: ${res.statusCode} ${STATUS_CODES[res.statusCode]}`,
      );
    }
    dispatch(server, path, count - 1, done);
  });
  server.emit('request', req, res);
}
