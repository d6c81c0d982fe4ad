// Hand-offs, mounted at /api/handoffs by app.ts (issue 7, part 6). A kiosk seals the unfinished
// procedure with a key derived from a short code (kiosk/src/handoff/) and sends the ciphertext
// with a lookup derived from the same code; the person takes the code to the reception desk,
// whose kiosk (signed in as reception) derives the same lookup and opens it, once. The server
// never sees the code, cannot read the draft, and never logs the lookup.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { clientAddress, createSlidingWindow, logSecurityEvent, type SlidingWindow } from '../rate-limit.ts';
import { sameOrigin } from '../security.ts';
import { actorOf, requireRole } from '../staff/auth.ts';
import { siteOf } from '../staff/attribution.ts';
import type { Store } from '../store/types.ts';
import { jsonBody } from '../validators.ts';

/** How long a hand-off waits for reception by default (GUICHET_HANDOFF_HOURS). */
export const DEFAULT_HANDOFF_HOURS = 4;

/** 32 bytes in base64url without padding: what the kiosk's derivation gives. */
const LOOKUP = /^[A-Za-z0-9_-]{43}$/;
const TERMINAL = /^[A-Za-z0-9._:-]{1,64}$/;
/** A draft holds answers, not files: 48 KiB of ciphertext is far more than any procedure's text. */
const MAX_SEALED = 48 * 1024;

export const handoffSchema = z.strictObject({
  lookup: z.string().regex(LOOKUP),
  sealed: z.strictObject({ iv: z.string().regex(/^[A-Za-z0-9_-]{16}$/), data: z.string().regex(/^[A-Za-z0-9_-]+$/).max(MAX_SEALED) }),
  procedureId: z.string().min(1).max(100),
  procedureVersion: z.int().positive(),
});

export const openSchema = z.strictObject({ lookup: z.string().regex(LOOKUP) });

export interface HandoffLimits {
  /** Hand-offs made per terminal and per address in the window. */
  created: SlidingWindow;
  /** Wrong codes per reception account and per address in the window. */
  wrong: SlidingWindow;
}

/** 30 hand-offs per terminal (120 per address), and 10 wrong codes per account (30 per address), in 15 minutes. */
export function createHandoffLimits(): HandoffLimits {
  const windowMs = 15 * 60_000;
  return {
    created: createSlidingWindow({ windowMs, limitOf: (key) => (key.startsWith('terminal:') ? 30 : 120) }),
    wrong: createSlidingWindow({ windowMs, limitOf: (key) => (key.startsWith('account:') ? 10 : 30) }),
  };
}

export interface HandoffDeps {
  store: Store;
  content: Content;
  now: () => Date;
  /** Hours a hand-off waits; DEFAULT_HANDOFF_HOURS. */
  hours?: number;
  limits?: HandoffLimits;
}

const noStore = { 'Cache-Control': 'no-store' } as const;

/**
 * `POST /api/handoffs` (a kiosk leaves a sealed draft) and `POST /api/handoffs/open` (reception
 * opens it with the lookup its code gives, once).
 */
export const handoffRoutes = (deps: HandoffDeps) => {
  const hours = deps.hours ?? DEFAULT_HANDOFF_HOURS;
  const limits = deps.limits ?? createHandoffLimits();
  const procedures = new Map(deps.content.procedures.map((p) => [p.id, p]));
  return new Hono()
    .post('/', jsonBody(handoffSchema), async (c) => {
      if (!sameOrigin(c)) throw new GuichetError('origin-refused', 'Cette demande ne vient pas d’une page de ce serveur.');
      const body = c.req.valid('json');
      const procedure = procedures.get(body.procedureId);
      if (!procedure || procedure.audience === 'agent')
        throw new GuichetError('unknown-procedure', `La démarche « ${body.procedureId} » ne peut pas être confiée à l’accueil.`);
      const terminal = c.req.header('guichet-terminal')?.trim();
      const now = deps.now();
      const keys = [...(terminal && TERMINAL.test(terminal) ? [`terminal:${terminal}`] : []), `address:${clientAddress(c)}`];
      const wait = limits.created.retryAfter(keys, now.getTime());
      if (wait > 0) {
        logSecurityEvent('rate-limited', { limit: 'handoffs', keys, retryAfter: wait });
        throw new GuichetError('too-many-handoffs', `Trop de démarches confiées depuis ce poste : réessayez dans ${Math.ceil(wait / 60)} minute(s).`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      limits.created.count(keys, now.getTime());
      const id = randomUUID();
      const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
      try {
        await deps.store.createHandoff({
          id,
          lookup: body.lookup,
          sealed: JSON.stringify(body.sealed),
          procedureId: procedure.id,
          procedureVersion: body.procedureVersion,
          terminal: terminal && TERMINAL.test(terminal) ? terminal : null,
          site: siteOf(c) ?? null,
          createdAt: now.toISOString(),
          expiresAt,
        });
      } catch (error) {
        // The same code twice (one chance in 650 billion): the kiosk draws another.
        if (/unique|duplicate/i.test(String((error as Error).message))) throw new GuichetError('handoff-conflict', 'Ce code est déjà pris : le kiosque en tire un autre.', { cause: error });
        throw error;
      }
      await deps.store.appendAudit({
        at: now.toISOString(),
        kind: 'handoff.created',
        actor: 'kiosk',
        terminal: terminal && TERMINAL.test(terminal) ? terminal : null,
        data: { handoff: id, procedureId: procedure.id, expiresAt },
      });
      return c.json({ expiresAt }, 201, noStore);
    })
    .post('/open', requireRole(deps, ['reception']), jsonBody(openSchema), async (c) => {
      const { account, session } = c.get('staff');
      const now = deps.now();
      const keys = [`account:${account.id}`, `address:${clientAddress(c)}`];
      // The guess's place is taken before the store is read, so a burst cannot outrun the count.
      const place = limits.wrong.reserve(keys, now.getTime());
      const wait = place.wait;
      if (wait > 0) {
        logSecurityEvent('rate-limited', { limit: 'handoff-codes', keys, retryAfter: wait });
        throw new GuichetError('too-many-guesses', `Trop de codes faux : réessayez dans ${Math.ceil(wait / 60)} minute(s).`, {
          headers: { 'Retry-After': String(wait), ...noStore },
        });
      }
      let opened: Awaited<ReturnType<Store['openHandoff']>>;
      try {
        opened = await deps.store.openHandoff(c.req.valid('json').lookup, {
          at: now,
          by: account.id,
          session: session.tokenHash,
          keepUntil: new Date(session.expiresAt),
        });
      } catch (error) {
        place.release();
        throw error;
      }
      if (!opened) {
        throw new GuichetError('handoff-not-found', 'Aucune démarche ne correspond à ce code : il est faux, déjà utilisé, ou plus vieux que quelques heures.', { headers: noStore });
      }
      place.release();
      await deps.store.appendAudit({
        at: now.toISOString(),
        kind: 'handoff.opened',
        actor: actorOf(account),
        terminal: opened.terminal,
        data: { handoff: opened.id, procedureId: opened.procedureId, fromTerminal: opened.terminal },
      });
      return c.json(
        {
          procedureId: opened.procedureId,
          procedureVersion: opened.procedureVersion,
          sealed: JSON.parse(opened.sealed) as z.infer<typeof handoffSchema>['sealed'],
          terminal: opened.terminal,
          createdAt: opened.createdAt,
        },
        200,
        noStore,
      );
    });
};
