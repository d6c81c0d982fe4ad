// Owns who the caller is: the staff session cookie (HttpOnly, SameSite=Strict, a random token
// whose sha256 alone is stored, with an end kept on the server), and the role checks every
// staff, console and agent route runs. A caller without a staff session is a resident.
import { createHash, randomBytes } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { GuichetError } from '../errors.ts';
import { sameOrigin } from '../security.ts';
import type { StaffAccount, StaffRole, StaffSession, Store } from '../store/types.ts';

export const STAFF_COOKIE = 'guichet_staff';

/**
 * Which cookie holds a session. The kiosk's (`guichet_staff`, path `/`) ends with every kiosk
 * session; the reception console keeps its own (path `/reception`), so finishing a person's
 * session on the desk's kiosk does not sign the desk out of its console.
 */
export interface SessionCookie {
  name: string;
  path: string;
}

export const KIOSK_SESSION: SessionCookie = { name: STAFF_COOKIE, path: '/' };

/** Hours a staff session lasts on the server at most; the kiosk's inactivity ends it sooner. */
export const STAFF_SESSION_HOURS = 8;

export const STAFF_ROLES = ['mediator', 'agent', 'reception', 'admin'] as const satisfies readonly StaffRole[];

/** The signed-in caller, as routes read it. */
export interface Staff {
  account: StaffAccount;
  session: StaffSession;
}

/** Who a role-checked route was asked by: `c.get('staff')`. */
export type StaffEnv = { Variables: { staff: Staff } };

export const tokenHashOf = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Secure cookies where the browser reached us over HTTPS (directly or through a proxy). */
export function overHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

/** Opens a session for the account and sets its cookie. */
export async function openStaffSession(c: Context, store: Store, account: StaffAccount, now: Date, cookie = KIOSK_SESSION): Promise<StaffSession> {
  const token = randomBytes(32).toString('base64url');
  const session: StaffSession = {
    tokenHash: tokenHashOf(token),
    accountId: account.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + STAFF_SESSION_HOURS * 3_600_000).toISOString(),
  };
  await store.createStaffSession(session);
  setCookie(c, cookie.name, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: overHttps(c),
    path: cookie.path,
    maxAge: STAFF_SESSION_HOURS * 3600,
  });
  return session;
}

/** The caller's live staff session, or undefined (a resident, an expired or unknown cookie). */
export async function staffOf(c: Context, store: Store, now: Date, cookie = KIOSK_SESSION): Promise<Staff | undefined> {
  const token = getCookie(c, cookie.name);
  if (!token || token.length > 100) return undefined;
  return store.findStaffSession(tokenHashOf(token), now);
}

/** Ends the caller's session on the server and removes its cookie. */
export async function closeStaffSession(c: Context, store: Store, cookie = KIOSK_SESSION): Promise<void> {
  const token = getCookie(c, cookie.name);
  if (token && token.length <= 100) await store.deleteStaffSession(tokenHashOf(token));
  deleteCookie(c, cookie.name, { path: cookie.path, secure: overHttps(c) });
}

/** How the audit log names a staff member: `agent:4512`. */
export const actorOf = (account: StaffAccount): string => `${account.role}:${account.login}`;

/**
 * Lets through only a signed-in caller of one of `roles` (401 without a session, 403 with
 * another role); a request that changes something must also come from this server's pages.
 *
 * @example app.get('/requests', requireRole(deps, ['agent']), (c) => c.json(c.get('staff').account))
 */
export function requireRole(deps: { store: Store; now: () => Date }, roles: readonly StaffRole[]): MiddlewareHandler<StaffEnv> {
  return async (c, next) => {
    const staff = await staffOf(c, deps.store, deps.now());
    if (!staff) throw new GuichetError('sign-in-required', 'Connectez-vous pour continuer.', { headers: { 'Cache-Control': 'no-store' } });
    if (!roles.includes(staff.account.role))
      throw new GuichetError('role-forbidden', `Cette page est réservée : ${roles.join(', ')}.`, { headers: { 'Cache-Control': 'no-store' } });
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c))
      throw new GuichetError('origin-refused', 'Cette demande ne vient pas d’une page de ce serveur.');
    c.set('staff', staff);
    await next();
  };
}
