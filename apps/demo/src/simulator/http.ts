import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A request the simulator refuses, with the status the provider would use. */
export class SimulatorRequestError extends Error {
  readonly code = 'SIMULATOR_BAD_REQUEST';

  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorRequestError';
  }
}

/** Reads and parses a JSON request body; a bad body is a 400. */
export async function readJson(
  request: IncomingMessage,
): Promise<{ raw: string; body: Record<string, unknown> }> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');

  try {
    const body: unknown = JSON.parse(raw);
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      return { raw, body: body as Record<string, unknown> };
    }
  } catch {
    // falls through to the error below
  }

  throw invalid('The request body must be a JSON object.');
}

/** Shorthand for a 400 `invalid_request_error`. */
export function invalid(message: string): SimulatorRequestError {
  return new SimulatorRequestError(400, 'invalid_request_error', message);
}

/** Writes a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);

  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

/** Opens a `text/event-stream` response and returns a writer for it. */
export function openEventStream(
  response: ServerResponse,
  headers: Record<string, string> = {},
): {
  send(data: unknown, event?: string): void;
  sendRaw(data: string): void;
  end(): void;
} {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });

  return {
    send(data, event) {
      const prefix = event ? `event: ${event}\n` : '';
      response.write(`${prefix}data: ${JSON.stringify(data)}\n\n`);
    },
    sendRaw(data) {
      response.write(`data: ${data}\n\n`);
    },
    end() {
      response.end();
    },
  };
}

/** A random id with a provider-like prefix, e.g. `msg_01Ab…`. */
export function randomId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('base64url')}`;
}

/** Splits text into chunks of `size` words, the unit of streamed deltas. */
export function wordChunks(text: string, size = 6): string[] {
  const words = text.split(' ');
  const chunks: string[] = [];

  for (let at = 0; at < words.length; at += size) {
    const prefix = at === 0 ? '' : ' ';
    chunks.push(prefix + words.slice(at, at + size).join(' '));
  }

  return chunks;
}
