// The terminals' routes: heartbeats, authenticated with the terminal's own secret, and the
// enrolment that gives a terminal that secret (an admin or a reception agent, signed in).
import { Hono } from 'hono';
import { z } from 'zod';
import { GuichetError } from '../errors.ts';
import { actorOf, requireRole } from '../staff/auth.ts';
import type { Store } from '../store/types.ts';
import { authenticateTerminal, newTerminalCredential, secretHashOf, setUpAddress } from '../terminals/enrolment.ts';
import { jsonBody } from '../validators.ts';

/** A terminal id or site: letters, digits and `._:-`, as the submissions' `Guichet-Terminal` header. */
const NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const SITE = z.union([z.literal(''), z.string().regex(NAME)]);

/** What a kiosk sends every minute; no personal data. */
export const heartbeatSchema = z.strictObject({
  terminalId: z.string().regex(NAME),
  site: SITE,
  appVersion: z.string().min(1).max(64),
  contentVersion: z.string().max(64),
  outboxLength: z.int().min(0).max(1_000_000),
  oldestAgeSeconds: z.int().min(0).max(10 * 365 * 24 * 3600),
});

export type Heartbeat = z.infer<typeof heartbeatSchema>;

/** What a new terminal is enrolled for: the site it stands in (`''` when none is said). */
export const enrolmentSchema = z.strictObject({ site: SITE });

/**
 * POST /api/terminals/heartbeat: a kiosk's last news, listed in the console (/console/terminals),
 * with `Authorization: Bearer <its secret>` (401 problem+json otherwise, nothing recorded).
 * POST /api/terminals `{site}`: an admin or reception session enrols a new terminal → 201 its id,
 * secret (shown once) and set-up address. POST /api/terminals/:id/revoke ends one.
 */
export const terminalRoutes = (deps: { store: Store; now: () => Date }) =>
  new Hono()
    .post('/heartbeat', jsonBody(heartbeatSchema), async (c) => {
      const beat = c.req.valid('json');
      await authenticateTerminal(c, deps.store, beat.terminalId);
      await deps.store.recordHeartbeat({ ...beat, at: deps.now() });
      return c.json({ ok: true as const }, 200, { 'Cache-Control': 'no-store' });
    })
    .post('/', requireRole(deps, ['admin', 'reception']), jsonBody(enrolmentSchema), async (c) => {
      const { site } = c.req.valid('json');
      const credential = newTerminalCredential();
      await deps.store.enrolTerminal({ terminalId: credential.terminalId, secretHash: secretHashOf(credential.secret), site, by: actorOf(c.get('staff').account), at: deps.now() });
      const setUp = setUpAddress(new URL(c.req.url).origin, credential, site);
      return c.json({ ...credential, site, setUpAddress: setUp }, 201, { 'Cache-Control': 'no-store' });
    })
    .post('/:id/revoke', requireRole(deps, ['admin', 'reception']), async (c) => {
      const terminalId = c.req.param('id');
      const revoked = NAME.test(terminalId) && (await deps.store.revokeTerminal({ terminalId, by: actorOf(c.get('staff').account), at: deps.now() }));
      if (!revoked) throw new GuichetError('terminal-not-found', 'Aucune borne inscrite ne porte ce nom.');
      return c.json({ revoked: true as const }, 200, { 'Cache-Control': 'no-store' });
    });
