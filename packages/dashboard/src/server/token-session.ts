import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Name of the cookie the login form sets. */
export const SESSION_COOKIE = 'tokenledger_session';

/**
 * Compares two secrets in constant time. Both sides are hashed first, so
 * neither the content nor the length of the expected token leaks through
 * timing.
 */
export function safeEqual(provided: string, expected: string): boolean {
  const a = createHash('sha256').update(provided).digest();
  const b = createHash('sha256').update(expected).digest();

  return timingSafeEqual(a, b);
}

/**
 * Creates the value of a session cookie: the issue time and an HMAC of it
 * keyed by the token, so the cookie never holds the token itself and stops
 * working when the token changes.
 */
export function createSession(token: string, issuedAtMs: number): string {
  return `${issuedAtMs}.${sign(token, issuedAtMs)}`;
}

/** Whether a session cookie value is authentic and younger than `maxAgeMs`. */
export function verifySession(
  value: string,
  token: string,
  nowMs: number,
  maxAgeMs: number,
): boolean {
  const [issued, signature, ...rest] = value.split('.');
  if (!issued || !signature || rest.length > 0) return false;

  const issuedAtMs = Number(issued);
  if (!Number.isSafeInteger(issuedAtMs)) return false;
  if (issuedAtMs > nowMs || nowMs - issuedAtMs > maxAgeMs) return false;

  return safeEqual(signature, sign(token, issuedAtMs));
}

/** Reads one cookie from a `Cookie` header. */
export function readCookie(
  header: string | undefined,
  name: string,
): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;

    return part.slice(separator + 1).trim();
  }

  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function readBearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');

  return match?.[1];
}

function sign(token: string, issuedAtMs: number): string {
  return createHmac('sha256', token)
    .update(`tokenledger-dashboard-session:${issuedAtMs}`)
    .digest('base64url');
}
