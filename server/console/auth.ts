// Who may use the console until sign-in exists: whoever holds GUICHET_ADMIN_TOKEN, either as a
// Bearer token (API use) or through a session cookie the sign-in form sets. Comparisons take
// the same time whatever the guess; a cookie never holds the token itself.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'guichet_console';

/** How the request proved it holds the token, for the audit trail. */
export type Caller = 'session' | 'bearer';

/** True when `a` and `b` are equal, in a time that does not depend on where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = createHmac('sha256', 'guichet-compare').update(a).digest();
  const right = createHmac('sha256', 'guichet-compare').update(b).digest();
  return timingSafeEqual(left, right);
}

/**
 * The session cookie's value: derived from the token, so changing the token ends every session,
 * and reading the cookie does not give the token away.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('guichet-console-session-v1').digest('base64url');
}

/** How the request holds the admin token, or undefined. */
export function callerOf(c: Context, token: string): Caller | undefined {
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match && sameSecret(match[1]!, token) ? 'bearer' : undefined;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie !== undefined && sameSecret(cookie, sessionValue(token)) ? 'session' : undefined;
}

/** Secure cookies where the browser reached us over HTTPS (directly or through a proxy). */
export function overHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}
