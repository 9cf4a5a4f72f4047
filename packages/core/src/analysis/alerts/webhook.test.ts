import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenledgerError } from '../../errors.js';
import {
  createWebhookSender,
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhook,
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
/** What the sender posts for `{ type: 'anomaly', data: { endpoint: 'POST /chat' } }` at CLOCK. */
const BODY =
  '{"type":"anomaly","data":{"endpoint":"POST /chat"},"sentAt":"2026-11-30T11:00:00.000Z"}';
/**
 * HMAC-SHA256 of `1796036400.${BODY}` keyed with SECRET, computed apart
 * from the code under test, twice with the same result (SECRET and BODY
 * written out in full):
 *   node -e "console.log(require('crypto').createHmac('sha256', SECRET).update('1796036400.' + BODY).digest('hex'))"
 *   echo -n "1796036400.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
 */
const BODY_HMAC =
  '261d1bb42e9871a6eca4a8f52f7c883732eb38d77b036be47beea8b64e1f0d3b';

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
    expect(request?.body).toBe(BODY);
    expect(request?.headers[SIGNATURE_HEADER]).toBe(`sha256=${BODY_HMAC}`);
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

describe('signWebhook', () => {
  it('should give the independently computed HMAC', () => {
    expect(signWebhook(SECRET, '1796036400', BODY)).toBe(`sha256=${BODY_HMAC}`);
  });
});

describe('verifyWebhook', () => {
  const signed = { timestamp: '1796036400', signature: `sha256=${BODY_HMAC}` };
  // the timestamp is 11:00:00 on 30 Nov 2026
  const nowMs = Date.parse('2026-11-30T11:04:59Z');

  it('should accept the signed body within the tolerance', () => {
    expect(verifyWebhook(SECRET, signed, BODY, { nowMs })).toBe(true);
  });

  it('should accept what the sender posts, as received', async () => {
    const { url, received } = await receiver([200]);
    const sender = createWebhookSender({ url, secret: SECRET });
    await sender.send({ type: 'budget', data: { userId: 'u_1' } });
    const [request] = received;

    expect(
      verifyWebhook(
        SECRET,
        {
          timestamp: request?.headers[TIMESTAMP_HEADER],
          signature: request?.headers[SIGNATURE_HEADER],
        },
        request?.body ?? '',
      ),
    ).toBe(true);
  });

  it('should refuse a timestamp more than 300 seconds away, either way', () => {
    const late = Date.parse('2026-11-30T11:05:01Z');
    const early = Date.parse('2026-11-30T10:54:59Z');

    expect(verifyWebhook(SECRET, signed, BODY, { nowMs: late })).toBe(false);
    expect(verifyWebhook(SECRET, signed, BODY, { nowMs: early })).toBe(false);
    expect(
      verifyWebhook(SECRET, signed, BODY, {
        nowMs: late,
        toleranceSeconds: 600,
      }),
    ).toBe(true);
  });

  it('should refuse a changed body, timestamp or secret', () => {
    const changed = BODY.replace('POST /chat', 'POST /chat2');

    expect(verifyWebhook(SECRET, signed, changed, { nowMs })).toBe(false);
    expect(
      verifyWebhook(SECRET, { ...signed, timestamp: '1796036401' }, BODY, {
        nowMs,
      }),
    ).toBe(false);
    expect(verifyWebhook(`${SECRET}x`, signed, BODY, { nowMs })).toBe(false);
  });

  it('should refuse a signature of another length or a missing header without throwing', () => {
    const cases = [
      { ...signed, signature: 'sha256=abc' },
      { ...signed, signature: BODY_HMAC },
      { ...signed, signature: undefined },
      { ...signed, timestamp: undefined },
      { ...signed, timestamp: ['1796036400', '1796036400'] },
      { ...signed, timestamp: '1796036400.5' },
    ];

    expect(cases.map((c) => verifyWebhook(SECRET, c, BODY, { nowMs }))).toEqual(
      [false, false, false, false, false, false],
    );
  });
});
