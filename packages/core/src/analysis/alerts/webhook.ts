import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenledgerError } from '../../errors.js';

/** The header carrying `sha256=<hex HMAC of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = 'x-tokenledger-signature';
/** The header carrying the Unix time (seconds) the signature covers. */
export const TIMESTAMP_HEADER = 'x-tokenledger-timestamp';

/** Options of {@link createWebhookSender}. */
export interface WebhookOptions {
  url: string;
  /** Shared secret of the HMAC-SHA256 signature, at least 16 characters. */
  secret: string;
  /** Tries per alert, the first included. Default 4. */
  maxAttempts?: number;
  /** First retry delay, doubled each time (or the `Retry-After`). Default 500. */
  retryBaseDelayMs?: number;
  /** Per attempt. Default 5,000. */
  timeoutMs?: number;
  /** Receives the failure once all attempts are spent. */
  onError?: (error: TokenledgerError) => void;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Default: a `setTimeout` promise. */
  sleep?: (ms: number) => Promise<void>;
  /** Default `Date.now`. */
  clock?: () => number;
}

/** Posts alerts to a webhook. */
export interface WebhookSender {
  /** Resolves true once delivered, false when every attempt failed. Never throws. */
  send(payload: { type: string; data: unknown }): Promise<boolean>;
}

/**
 * A webhook sender for alerts: POSTs JSON signed with HMAC-SHA256 over
 * `"<timestamp>.<body>"` (`x-tokenledger-signature: sha256=<hex>`, with
 * `x-tokenledger-timestamp`), retrying network errors, 408, 429 and 5xx
 * with doubling delays or the server's `Retry-After`.
 *
 * @example
 * ```ts
 * const webhook = createWebhookSender({ url: process.env.ALERT_URL!, secret: process.env.ALERT_SECRET! });
 * monitor.onAnomaly((anomaly) => webhook.send({ type: 'anomaly', data: anomaly }));
 * ```
 * @see docs/analysis.md
 */
export function createWebhookSender(options: WebhookOptions): WebhookSender {
  checkOptions(options);
  const post = options.fetch ?? fetch;
  const sleep =
    options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  const clock = options.clock ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 4;

  return {
    async send(payload) {
      const body = JSON.stringify({
        ...payload,
        sentAt: new Date(clock()).toISOString(),
      });
      let failure = '';

      for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
        const outcome = await attemptOnce(post, options, body, clock());
        if (outcome.ok) return true;

        failure = outcome.reason;
        if (!outcome.retry || attempt === maxAttempts) break;
        await sleep(
          outcome.retryAfterMs ??
            (options.retryBaseDelayMs ?? 500) * 2 ** (attempt - 1),
        );
      }

      options.onError?.(
        new TokenledgerError(
          'ALERT_FAILED',
          `Webhook ${options.url} did not take the ${payload.type} alert: ${failure}. Check the URL and that the receiver answers 2xx.`,
        ),
      );
      return false;
    },
  };
}

/**
 * The signature of a body sent at `timestampSeconds`. Receivers should
 * call {@link verifyWebhook}, which also checks the timestamp and compares
 * in constant time.
 *
 * @example
 * ```ts
 * const expected = signWebhook(secret, req.headers['x-tokenledger-timestamp'], rawBody);
 * ```
 */
export function signWebhook(
  secret: string,
  timestampSeconds: string,
  body: string,
): string {
  const digest = createHmac('sha256', secret)
    .update(`${timestampSeconds}.${body}`)
    .digest('hex');

  return `sha256=${digest}`;
}

/** Options of {@link verifyWebhook}. */
export interface VerifyWebhookOptions {
  /** Largest gap between the signed timestamp and now, either way. Default 300. */
  toleranceSeconds?: number;
  /** Default `Date.now()`, in milliseconds. */
  nowMs?: number;
}

/**
 * Checks a received alert: both headers present, the signed timestamp
 * within `toleranceSeconds` of now (so a captured request cannot be
 * replayed later), and the signature equal to the body's, compared in
 * constant time after a length check (`timingSafeEqual` throws on
 * different lengths). `body` must be the raw bytes as received, not
 * re-serialized JSON. False on any failure; never throws.
 *
 * @example
 * ```ts
 * const ok = verifyWebhook(secret, {
 *   timestamp: req.headers[TIMESTAMP_HEADER],
 *   signature: req.headers[SIGNATURE_HEADER],
 * }, rawBody);
 * if (!ok) return res.status(401).end();
 * ```
 * @see docs/analysis.md
 */
export function verifyWebhook(
  secret: string,
  signed: { timestamp: unknown; signature: unknown },
  body: string,
  options: VerifyWebhookOptions = {},
): boolean {
  const { timestamp, signature } = signed;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
    return false;
  if (typeof signature !== 'string') return false;

  const nowSeconds = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;

  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

type Outcome =
  | { ok: true }
  | { ok: false; retry: boolean; reason: string; retryAfterMs?: number };

async function attemptOnce(
  post: typeof fetch,
  options: WebhookOptions,
  body: string,
  nowMs: number,
): Promise<Outcome> {
  const timestamp = String(Math.floor(nowMs / 1000));

  try {
    const response = await post(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (response.ok) return { ok: true };

    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      ok: false,
      retry:
        response.status === 408 ||
        response.status === 429 ||
        response.status >= 500,
      reason: `HTTP ${response.status}`,
      ...(Number.isFinite(retryAfter) && retryAfter > 0
        ? { retryAfterMs: Math.min(retryAfter * 1000, 60_000) }
        : {}),
    };
  } catch (error) {
    return {
      ok: false,
      retry: true,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

function checkOptions(options: WebhookOptions): void {
  if (typeof options?.url !== 'string' || !/^https?:\/\//.test(options.url)) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      `createWebhookSender needs an http(s) url, got ${JSON.stringify(options?.url)}.`,
    );
  }
  if (typeof options.secret !== 'string' || options.secret.length < 16) {
    throw new TokenledgerError(
      'INVALID_OPTIONS',
      'createWebhookSender needs a secret of at least 16 characters to sign alerts; generate one with: openssl rand -hex 24',
    );
  }
}
