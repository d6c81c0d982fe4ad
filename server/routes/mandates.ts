// GET /api/mandates/:id?code=: a resident's mandates, with the number and the code printed on
// their consent (staff/mandate-life.ts). Wrong codes count with the tracking codes' guesses,
// per address and per mandate: the same 404 for an unknown number and a wrong code.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { residentMandates } from '../staff/mandate-life.ts';
import type { Store } from '../store/types.ts';
import type { GuessLimiter } from '../tracking.ts';
import { query } from '../validators.ts';

const viewQuery = z.strictObject({ code: z.string().max(20) });

export const mandateRoutes = (deps: { store: Store; content: Content; now: () => Date; guesses: GuessLimiter }) =>
  new Hono().get('/:id', query(viewQuery), async (c) => {
    const id = c.req.param('id').slice(0, 64);
    const at = deps.now();
    // `reference:` keys get the per-reference limit (10 wrong codes a quarter of an hour).
    const keys = [`address:${clientAddress(c)}`, `reference:mandate:${id}`];
    const place = deps.guesses.reserve(keys, at.getTime());
    if (place.wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'mandates', keys: keys.filter((k) => k.startsWith('address:')), retryAfter: place.wait });
      throw new GuichetError('too-many-guesses', `Trop d'essais de numéro ou de code : réessayez dans ${Math.ceil(place.wait / 60)} minute(s).`, {
        headers: { 'Retry-After': String(place.wait) },
      });
    }
    let mandates;
    try {
      mandates = await residentMandates({ store: deps.store, content: deps.content, id, code: c.req.valid('query').code, now: at });
    } catch (error) {
      place.release();
      throw error;
    }
    if (!mandates) throw new GuichetError('mandate-not-found', 'Aucun mandat ne correspond à ce numéro et ce code. Ils sont sur le papier de l’accord.');
    place.release();
    return c.json({ mandates }, 200, { 'Cache-Control': 'no-store' });
  });
