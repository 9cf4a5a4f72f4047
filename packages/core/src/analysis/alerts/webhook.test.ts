import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenledgerError } from '../../errors.js';
import {
  createWebhookSender,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
} from './webhook.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server | undefined;

afterEach(
  () =>
    new Promise<void>((resolve) =>
      server ? server.close(() => resolve()) : resolve(),
    ),
);

/** A receiver answering `statuses` in turn (the last one from then on). */
async function receiver(
  statuses: number[],
  headers: Record<string, string> = {},
) {
  const received: Received[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res
        .writeHead(
          statuses[Math.min(received.length, statuses.length) - 1] ?? 200,
          headers,
        )
        .end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return { url: `http://127.0.0.1:${port}/hook`, received };
}

const SECRET = 'a-secret-of-32-characters-000000';
const CLOCK = () => Date.parse('2026-11-30T11:00:00Z');

describe('createWebhookSender', () => {
  it('should sign the body with HMAC-SHA256 over the timestamp and body', async () => {
    const { url, received } = await receiver([200]);
    const sender = createWebhookSender({ url, secret: SECRET, clock: CLOCK });

    expect(
      await sender.send({ type: 'anomaly', data: { endpoint: 'POST /chat' } }),
    ).toBe(true);
    const [request] = received;
    // 2026-11-30T11:00:00Z is Unix time 1,796,036,400
    expect(request?.headers[TIMESTAMP_HEADER]).toBe('1796036400');
    expect(request?.headers[SIGNATURE_HEADER]).toBe(
      signWebhook(SECRET, '1796036400', request?.body ?? ''),
    );
    expect(JSON.parse(request?.body ?? '')).toEqual({
      type: 'anomaly',
      data: { endpoint: 'POST /chat' },
      sentAt: '2026-11-30T11:00:00.000Z',
    });
  });

  it('should retry a 503 with doubling delays, then deliver', async () => {
    const { url, received } = await receiver([503, 503, 200]);
    const delays: number[] = [];
    const sender = createWebhookSender({
      url,
      secret: SECRET,
      retryBaseDelayMs: 100,
      sleep: async (ms) => {
        delays.push(ms);
      },
    });

    expect(await sender.send({ type: 'budget', data: {} })).toBe(true);
    expect(received).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
  });

  it("should wait for the receiver's Retry-After on a 429", async () => {
    const { url } = await receiver([429, 200], { 'retry-after': '3' });
    const delays: number[] = [];
    const sender = createWebhookSender({
      url,
      secret: SECRET,
      sleep: async (ms) => void delays.push(ms),
    });

    expect(await sender.send({ type: 'budget', data: {} })).toBe(true);
    expect(delays).toEqual([3000]);
  });

  it('should not retry a 400, and report it once', async () => {
    const { url, received } = await receiver([400]);
    const errors: TokenledgerError[] = [];
    const sender = createWebhookSender({
      url,
      secret: SECRET,
      onError: (e) => errors.push(e),
    });

    expect(await sender.send({ type: 'anomaly', data: {} })).toBe(false);
    expect(received).toHaveLength(1);
    expect(errors.map((e) => [e.code, e.message])).toEqual([
      [
        'ALERT_FAILED',
        `Webhook ${url} did not take the anomaly alert: HTTP 400. Check the URL and that the receiver answers 2xx.`,
      ],
    ]);
  });

  it('should give up after maxAttempts when nothing listens', async () => {
    const errors: TokenledgerError[] = [];
    const sender = createWebhookSender({
      url: 'http://127.0.0.1:9/hook',
      secret: SECRET,
      maxAttempts: 2,
      sleep: async () => {},
      onError: (e) => errors.push(e),
    });

    expect(await sender.send({ type: 'anomaly', data: {} })).toBe(false);
    expect(errors).toHaveLength(1);
  });

  it('should refuse a short secret, saying how to make one', () => {
    expect(() =>
      createWebhookSender({ url: 'https://example.com', secret: 'short' }),
    ).toThrow(
      'createWebhookSender needs a secret of at least 16 characters to sign alerts; generate one with: openssl rand -hex 24',
    );
  });
});
