// Who may use the console: an `admin` staff account signed in through the console's own form
// (argon2id code, a random session token whose sha256 alone is stored, with an end kept on the
// server, ended at sign-out and when the account is disabled), or a script holding
// GUICHET_ADMIN_TOKEN as a Bearer token (no cookie, no session: each request proves it). The
// token also creates the first admin account, once, while none is enabled.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { SessionCookie, Staff } from '../staff/auth.ts';

/** The console's session cookie: its own, on /console only, so a kiosk session never opens it. */
export const CONSOLE_SESSION: SessionCookie = { name: 'guichet_console', path: '/console' };

/** Who asked: a signed-in admin, or a script with the Bearer token. */
export type Caller = { kind: 'admin'; staff: Staff } | { kind: 'bearer' };

/** True when `a` and `b` are equal, in a time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHmac('sha256', 'guichet-compare').update(a).digest();
  const right = createHmac('sha256', 'guichet-compare').update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * What the `Authorization` header says: `bearer` for the right token, `wrong` for any other
 * value, undefined without the header.
 */
export function bearerOf(c: Context, token: string | undefined): 'bearer' | 'wrong' | undefined {
  const authorization = c.req.header('authorization');
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return token !== undefined && match && sameSecret(match[1]!, token) ? 'bearer' : 'wrong';
}
