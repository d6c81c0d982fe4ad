import { Hono } from 'hono';
import { z } from 'zod';
import { answersSchema, todayIn, type Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { isoInTownTime } from '../time.ts';
import { query } from '../validators.ts';

/** How long a client may keep a schema: short, and never past the town's midnight, when relative date bounds move. */
const SCHEMA_MAX_AGE_SECONDS = 300;

/** Seconds from `now` to the next midnight in the town (a DST day is off by an hour at most, hours away from midnight). */
function secondsToTownMidnight(now: Date): number {
  const [hours = 0, minutes = 0, seconds = 0] = isoInTownTime(now).slice(11, 19).split(':').map(Number);
  return 86_400 - (hours * 3600 + minutes * 60 + seconds);
}

/**
 * GET /api/procedures/:id/schema: the JSON Schema (2020-12) of a procedure's answers, as the
 * server checks them today: relative date bounds are resolved for today in the town, so the
 * schema is cached for five minutes at most and never past midnight.
 */
export const procedureRoutes = (deps: { content: Content; now?: () => Date }) => {
  const { site } = deps.content;
  const now = deps.now ?? (() => new Date());
  const byId = new Map(deps.content.procedures.map((p) => [p.id, p]));
  const locales = site.locales.map((l) => l.code);
  const schemaQuery = z.strictObject({
    locale: z
      .string()
      .refine((l) => locales.includes(l), { message: `Langue inconnue ; langues proposées : ${locales.join(', ')}.` })
      .optional(),
  });
  return new Hono().get('/:id/schema', query(schemaQuery), (c) => {
    const id = c.req.param('id');
    const procedure = byId.get(id);
    if (!procedure) throw new GuichetError('procedure-not-found', `La démarche « ${id} » n'existe pas.`);
    const at = now();
    const schema = answersSchema(procedure, {
      locale: c.req.valid('query').locale ?? site.defaultLocale,
      postcodes: site.postcodes,
      id: c.req.url,
      today: todayIn(at),
    });
    const maxAge = Math.max(0, Math.min(SCHEMA_MAX_AGE_SECONDS, secondsToTownMidnight(at) - 1));
    return c.json(schema, 200, { 'Content-Type': 'application/schema+json', 'Cache-Control': `public, max-age=${maxAge}` });
  });
};
