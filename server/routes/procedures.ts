import { Hono } from 'hono';
import { z } from 'zod';
import { answersSchema, type Content } from '../../content/model/index.ts';
import { GuichetError } from '../errors.ts';
import { query } from '../validators.ts';

/** GET /api/procedures/:id/schema: the JSON Schema (2020-12) of a procedure's answers. */
export const procedureRoutes = (deps: { content: Content }) => {
  const { site } = deps.content;
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
    const schema = answersSchema(procedure, {
      locale: c.req.valid('query').locale ?? site.defaultLocale,
      postcodes: site.postcodes,
      id: c.req.url,
    });
    return c.json(schema, 200, { 'Content-Type': 'application/schema+json', 'Cache-Control': 'no-cache' });
  });
};
