// The staff API, mounted at /api/staff by app.ts: sign-in and sign-out for every role, who is
// signed in, an agent's or a mediator's own requests, and a mediator's mandates (open, end,
// list today's with their requests, print the consent). Every route past sign-in checks the
// role on the server.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { FRAMED_BY_KIOSK } from '../security.ts';
import type { AttributedSubmission, Store } from '../store/types.ts';
import { isoInTownTime } from '../time.ts';
import { jsonBody, query } from '../validators.ts';
import { STAFF_ROLES, actorOf, closeStaffSession, openStaffSession, requireRole, staffOf, type Staff } from './auth.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { sameOrigin } from '../security.ts';
import type { SignInLimiter } from './limiter.ts';
import { verifyCode } from './passwords.ts';
import { channelOf } from './attribution.ts';
import { renderConsentPage } from './consent-page.ts';
import { renewalSchema, renewMandate } from './mandate-life.ts';
import { closeMandate, endSessionMandates, mandateRequestSchema, mandateView, openMandate, ownMandate } from './mandates.ts';

export interface StaffDeps {
  content: Content;
  store: Store;
  now: () => Date;
  limiter: SignInLimiter;
}

export const signInSchema = z.strictObject({
  role: z.enum(STAFF_ROLES),
  /** The mediator's identifier, the agent's number; spaces around are dropped. */
  login: z.string().trim().min(1).max(64),
  /** Pasted or typed: never trimmed, never transformed. */
  code: z.string().min(1).max(200),
});

/** Who is signed in, as the kiosk shows it: never the hash nor the token. */
export const staffView = (staff: Staff) => ({
  role: staff.account.role,
  login: staff.account.login,
  displayName: staff.account.displayName,
  expiresAt: staff.session.expiresAt,
});

const requestView = (s: AttributedSubmission) => ({
  reference: s.reference,
  procedureId: s.procedureId,
  status: s.status,
  receivedAt: s.receivedAt,
  channel: s.channel,
  ...(s.mandateId ? { mandateId: s.mandateId } : {}),
});

const noStore = { 'Cache-Control': 'no-store' } as const;

/** The terminal a kiosk names itself with (`Guichet-Terminal`), as submissions read it. */
const TERMINAL = /^[A-Za-z0-9._:-]{1,64}$/;
const terminalOf = (c: Context): string | null => {
  const value = c.req.header('guichet-terminal')?.trim();
  return value && TERMINAL.test(value) ? value : null;
};

const consentQuery = z.strictObject({ locale: z.string().max(20).optional() });

/** Midnight of today in the town, as an instant with the town's offset. */
export function startOfTownDay(now: Date): string {
  return `${isoInTownTime(now).slice(0, 10)}T00:00:00${isoInTownTime(now).slice(-6)}`;
}

/**
 * Signs in, out, says who is signed in, and lists an agent's or a mediator's requests.
 *
 * @example app.route('/api/staff', staffRoutes({ store, now, limiter: createSignInLimiter() }))
 */
export const staffRoutes = (deps: StaffDeps) =>
  new Hono()
    .post('/sign-in', jsonBody(signInSchema), async (c) => {
      if (!sameOrigin(c)) throw new GuichetError('origin-refused', 'Cette demande ne vient pas d’une page de ce serveur.');
      const { role, login, code } = c.req.valid('json');
      const now = deps.now();
      const accountKey = `account:${role}:${login.toLowerCase()}`;
      const keys = [accountKey, `address:${clientAddress(c)}`];
      // The try's place is taken before the first await, so a burst cannot outrun the count.
      const place = deps.limiter.reserve(keys, now.getTime());
      const wait = place.wait;
      if (wait > 0) {
        logSecurityEvent('rate-limited', { limit: 'sign-in', keys, retryAfter: wait });
        throw new GuichetError('too-many-sign-ins', `Trop d'essais : réessayez dans ${Math.ceil(wait / 60)} minute(s).`, {
          headers: { 'Retry-After': String(wait), ...noStore },
        });
      }
      let account: Awaited<ReturnType<Store['findStaffAccount']>>;
      let right: boolean;
      try {
        account = await deps.store.findStaffAccount(role, login);
        right = await verifyCode(account && !account.disabled ? account.passwordHash : undefined, code);
      } catch (error) {
        // A store that failed said nothing about the code: the try does not count.
        place.release();
        throw error;
      }
      if (!account || account.disabled || !right) {
        throw new GuichetError('sign-in-failed', 'Identifiant ou code incorrect. Vérifiez-les, ou demandez un nouveau code à la mairie.', {
          headers: noStore,
        });
      }
      place.release();
      deps.limiter.succeed(accountKey);
      const session = await openStaffSession(c, deps.store, account, now);
      await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.signed-in', actor: actorOf(account), data: { role } });
      return c.json(staffView({ account, session }), 200, noStore);
    })
    .post('/sign-out', async (c) => {
      const staff = await staffOf(c, deps.store, deps.now());
      // A session mandate ends with the assisted session, even when the kiosk could not end it
      // itself (a reload): those of this signed-in session end with it.
      if (staff?.account.role === 'mediator') await endSessionMandates(deps.store, staff, deps.now());
      await closeStaffSession(c, deps.store);
      if (staff)
        await deps.store.appendAudit({ at: deps.now().toISOString(), kind: 'staff.signed-out', actor: actorOf(staff.account), data: {} });
      return c.json({ signedIn: false as const }, 200, noStore);
    })
    .get('/me', async (c) => {
      const staff = await staffOf(c, deps.store, deps.now());
      if (!staff) throw new GuichetError('sign-in-required', 'Personne n’est connecté sur ce poste.', { headers: noStore });
      return c.json(staffView(staff), 200, noStore);
    })
    .get('/requests', requireRole(deps, ['agent', 'mediator']), async (c) => {
      const { account } = c.get('staff');
      // An agent sees their own requests, whenever made; a mediator today's assisted ones.
      const rows =
        account.role === 'agent'
          ? await deps.store.listAttributed({ agentId: account.id, limit: 100 })
          : await deps.store.listAttributed({ mediatorId: account.id, since: startOfTownDay(deps.now()), limit: 200 });
      return c.json({ requests: rows.map(requestView) }, 200, noStore);
    })
    .post('/mandates', requireRole(deps, ['mediator']), jsonBody(mandateRequestSchema), async (c) => {
      const { account, session } = c.get('staff');
      const mandate = await openMandate({
        store: deps.store,
        content: deps.content,
        helper: account,
        request: c.req.valid('json'),
        now: deps.now(),
        sessionEndsAt: session.expiresAt,
        channel: channelOf(c),
        terminal: terminalOf(c),
      });
      return c.json(mandateView(mandate, deps.now()), 201, noStore);
    })
    .post('/mandates/:id/end', requireRole(deps, ['mediator']), async (c) => {
      const mandate = await closeMandate({ store: deps.store, helper: c.get('staff').account, id: c.req.param('id'), now: deps.now() });
      return c.json(mandateView(mandate, deps.now()), 200, noStore);
    })
    .post('/mandates/:id/renew', requireRole(deps, ['mediator']), jsonBody(renewalSchema), async (c) => {
      // A new spoken consent (`consent: true`, ticked on screen) for a new duration; the
      // previous mandate ends now and the resident keeps the code of their first consent.
      const mandate = await renewMandate({
        store: deps.store,
        content: deps.content,
        helper: c.get('staff').account,
        id: c.req.param('id'),
        renewal: c.req.valid('json'),
        now: deps.now(),
        channel: channelOf(c),
        terminal: terminalOf(c),
      });
      return c.json({ ...mandateView(mandate, deps.now()), renews: mandate.renews }, 201, noStore);
    })
    .get('/mandates', requireRole(deps, ['mediator']), async (c) => {
      // Today's assisted sessions, each with the requests made under it and their statuses.
      const { account } = c.get('staff');
      const since = startOfTownDay(deps.now());
      const [mandates, requests] = await Promise.all([
        deps.store.listMandates({ mediatorId: account.id, since }),
        deps.store.listAttributed({ mediatorId: account.id, since, limit: 200 }),
      ]);
      const now = deps.now();
      return c.json(
        {
          mandates: mandates.map((m) => ({
            ...mandateView(m, now),
            requests: requests.filter((r) => r.mandateId === m.id).map(requestView),
          })),
        },
        200,
        noStore,
      );
    })
    .get('/mandates/:id/consent.html', requireRole(deps, ['mediator']), query(consentQuery), async (c) => {
      const { account } = c.get('staff');
      const mandate = await ownMandate(deps.store, account, c.req.param('id'));
      const page = renderConsentPage({ mandate, helper: account, content: deps.content, locale: c.req.valid('query').locale ?? 'fr' });
      return c.html(page, 200, { ...noStore, ...FRAMED_BY_KIOSK });
    });
