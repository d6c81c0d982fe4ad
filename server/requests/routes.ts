// `POST /api/submissions/:reference/events`: a back-office reports a status, signed with the
// Standard Webhooks headers and its route's webhook secret. Checked in this order, so a caller
// without the secret learns nothing of the body rules or of which references exist:
// signature (401) → body (415, 400 JSON, 422 per field) → the request's life (404, 409, 422).
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import type { Locale } from '../../content/model/index.ts';
import { GuichetError, PROBLEMS, type ProblemCode, type ProblemError } from '../errors.ts';
import { REFERENCE } from '../references.ts';
import { parseSafeJson } from '../safe-json.ts';
import { frenchErrors } from '../validators.ts';
import { statusEventBody, statusEventJsonSchema, toStatusEvent } from './event-body.ts';
import type { RequestLife } from './request-life.ts';
import type { StatusRefusal } from './status.ts';
import { verifyWebhook, type SigningRoute } from './webhook-signature.ts';

export interface StatusEventRouteDeps {
  /** Storage of the requests' life; without it every signed event meets a 404. */
  life?: RequestLife;
  /** The webhook routes of site.yaml with their secrets (`GUICHET_*_WEBHOOK_SECRET`). */
  signingRoutes?: readonly SigningRoute[];
  /** The site's locale codes: the keys a message or a piece label may have. */
  locales: readonly Locale[];
  now: () => Date;
}

const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

const nobody: RequestLife = { applyEvent: async () => ({ outcome: 'not-found' }) };

/** A refusal of the status model as the server's error, its field named for a 422. */
export function refusalError(refusal: StatusRefusal): GuichetError {
  const code: ProblemCode = refusal.code in PROBLEMS ? refusal.code : 'invalid-transition';
  const errors: ProblemError[] | undefined = refusal.field ? [{ field: refusal.field, code: refusal.code, message: refusal.detail }] : undefined;
  return new GuichetError(code, refusal.detail, errors ? { errors } : {});
}

/**
 * `GET /status-event.json`, to mount under `/api/schemas`: the JSON Schema (2020-12) of the
 * events' body for this site's locales.
 *
 * @example app.route('/api/schemas', statusEventSchemaRoutes(['fr', 'ar']))
 */
export function statusEventSchemaRoutes(locales: readonly Locale[]) {
  const schema = statusEventJsonSchema(locales);
  return new Hono().get('/status-event.json', (c) => c.json(schema, 200, { 'Content-Type': 'application/schema+json; charset=utf-8' }));
}

/**
 * The status events route, to mount under `/api/submissions`.
 *
 * @example
 * app.route('/api/submissions', statusEventRoutes({ life, signingRoutes: [{ route: 'street-app', secret }], locales: ['fr', 'ar'], now }))
 */
export function statusEventRoutes(deps: StatusEventRouteDeps) {
  const life = deps.life ?? nobody;
  const routes = deps.signingRoutes ?? [];
  const schema = statusEventBody(deps.locales);
  return new Hono().post('/:reference/events', async (c) => {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer());
    } catch (error) {
      if (error instanceof GuichetError) throw error;
      throw new GuichetError('malformed-json', "Le corps de la requête n'est pas de l'UTF-8 valide.");
    }
    const at = deps.now();
    const check = verifyWebhook(
      { 'webhook-id': c.req.header('webhook-id'), 'webhook-timestamp': c.req.header('webhook-timestamp'), 'webhook-signature': c.req.header('webhook-signature') },
      text,
      routes,
      at,
    );
    if (!check.ok) throw new GuichetError(check.reason === 'expired' ? 'webhook-signature-expired' : 'webhook-signature-invalid', check.detail);

    const type = c.req.header('content-type') ?? '';
    if (!JSON_MEDIA_TYPE.test(type.trim()))
      throw new GuichetError('unsupported-media-type', `Cette adresse n'accepte que du JSON (Content-Type: application/json), pas « ${type || 'rien'} ».`);
    const parsed = schema.safeParse(parseSafeJson(text), { error: frenchErrors });
    if (!parsed.success)
      throw new GuichetError('invalid-status-event', "L'événement ne respecte pas le format attendu.", {
        errors: parsed.error.issues.flatMap((issue) => {
          const path = issue.path.map(String);
          // An unknown key is that key's error, so the integrator sees which one.
          const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...path, key].join('.')) : [path.join('.')];
          return fields.map((field) => ({ field, code: issue.code, message: issue.message }));
        }),
      });

    const reference = c.req.param('reference');
    const notFound = new GuichetError('submission-not-found', `L'application « ${check.route} » n'a reçu aucune demande ${reference}.`);
    if (!REFERENCE.test(reference)) throw notFound;
    const fingerprint = createHash('sha256').update(text).digest('hex');
    const result = await life.applyEvent(
      reference,
      toStatusEvent(parsed.data, check.route),
      { kind: 'back-office', route: check.route, webhookId: check.webhookId, fingerprint },
      at,
    );
    switch (result.outcome) {
      case 'not-found':
        throw notFound;
      case 'refused':
        throw refusalError(result.refusal);
      case 'id-reused':
        throw new GuichetError('idempotency-key-reused', `Ce webhook-id (${check.webhookId}) a déjà servi pour un autre événement : donnez-en un nouveau à chaque événement.`);
      case 'replayed':
        return c.json(result.request, 200, { 'Idempotent-Replayed': 'true', 'Cache-Control': 'no-store' });
      case 'applied':
        return c.json(result.request, 200, { 'Cache-Control': 'no-store' });
    }
  });
}
