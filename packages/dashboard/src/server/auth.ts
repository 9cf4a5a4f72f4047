import type { Request, RequestHandler, Response } from 'express';
import type { DashboardOptions } from '../options.js';
import { loginPage } from './pages.js';
import {
  createSession,
  readBearer,
  readCookie,
  SESSION_COOKIE,
  safeEqual,
  verifySession,
} from './token-session.js';

const DEFAULT_SESSION_MAX_AGE_MS = 12 * 3_600_000;

type AuthOptions = Pick<
  DashboardOptions,
  'auth' | 'token' | 'allowUnauthenticated' | 'sessionMaxAgeMs' | 'onError'
>;

/**
 * Lets a request through when the token (bearer header or login cookie) or
 * the `auth` callback accepts it; otherwise answers 401: JSON for the API,
 * the login form (or a plain refusal) for the page.
 */
export function authGate(options: AuthOptions): RequestHandler {
  return (req, res, next) => {
    isAllowed(req, options).then(
      (allowed) => (allowed ? next() : refuse(req, res, options)),
      next,
    );
  };
}

/** Handles `POST /login`: checks the token and sets the session cookie. */
export function loginHandler(
  token: string,
  options: AuthOptions,
): RequestHandler {
  return (req: Request, res: Response) => {
    const body: unknown = req.body;
    const provided =
      typeof body === 'object' && body !== null && 'token' in body
        ? String(body.token)
        : '';

    if (!safeEqual(provided, token)) {
      res.status(401).type('html').send(loginPage('That token is not right.'));
      return;
    }

    const maxAgeMs = options.sessionMaxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS;
    res.setHeader(
      'Set-Cookie',
      sessionCookie(req, createSession(token, Date.now()), maxAgeMs),
    );
    res.redirect(303, './');
  };
}

/** Handles `POST /logout`: clears the session cookie. */
export function logoutHandler(req: Request, res: Response): void {
  res.setHeader('Set-Cookie', sessionCookie(req, '', 0));
  res.redirect(303, './');
}

async function isAllowed(req: Request, options: AuthOptions) {
  const { auth, token } = options;
  if (auth === undefined && token === undefined) {
    return options.allowUnauthenticated === true;
  }

  if (token !== undefined && hasToken(req, token, options)) return true;
  if (auth === undefined) return false;

  return (await auth(req)) === true;
}

function hasToken(req: Request, token: string, options: AuthOptions) {
  const bearer = readBearer(req.headers.authorization);
  if (bearer !== undefined) return safeEqual(bearer, token);

  const session = readCookie(req.headers.cookie, SESSION_COOKIE);
  const maxAgeMs = options.sessionMaxAgeMs ?? DEFAULT_SESSION_MAX_AGE_MS;

  return (
    session !== undefined && verifySession(session, token, Date.now(), maxAgeMs)
  );
}

function refuse(req: Request, res: Response, options: AuthOptions) {
  if (req.path.startsWith('/api/')) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="tokenledger"');
    res.status(401).json({
      error: {
        code: 'UNAUTHORIZED',
        message:
          'Send Authorization: Bearer <token>, or sign in on the dashboard page.',
      },
    });
    return;
  }

  if (options.token === undefined) {
    res.status(401).type('text').send('Not authorized to see this dashboard.');
    return;
  }

  res.status(401).type('html').send(loginPage());
}

function sessionCookie(req: Request, value: string, maxAgeMs: number) {
  const path = req.baseUrl || '/';
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
    `Path=${path}`,
    `Max-Age=${Math.floor(maxAgeMs / 1000)}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (req.secure) attributes.push('Secure');

  return attributes.join('; ');
}
