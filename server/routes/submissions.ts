import { timingSafeEqual } from 'node:crypto';
import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ATTACHMENT_ID, todayIn, validateAnswers, type Content } from '../../content/model/index.ts';
import { checkAttachments, storeAttachments } from '../attachments.ts';
import { hashOf } from '../canonical-json.ts';
import { errorMessage, type ErrorTexts } from '../error-messages.ts';
import { GuichetError } from '../errors.ts';
import { procedureFor } from '../procedures.ts';
import { REFERENCE, normalizeReference } from '../references.ts';
import type { Acceptance, Store } from '../store/types.ts';
import { isoInTownTime } from '../time.ts';
import { jsonBody, limitBody, query } from '../validators.ts';

/**
 * Largest submission body: about 11 MB of files once base64 adds its third, which covers two
 * 5 MB photos (the model's default per file) with the answers.
 */
export const SUBMISSION_BODY_LIMIT = 15 * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The envelope a kiosk sends; unknown keys are refused, answers are checked by the model. */
export const envelopeSchema = z.strictObject({
  procedureId: z.string().min(1).max(100),
  procedureVersion: z.int().positive().optional(),
  locale: z.string().min(1).max(35),
  answers: z.record(z.string(), z.unknown()),
  attachments: z
    .array(z.strictObject({ id: z.string().regex(ATTACHMENT_ID), type: z.string().max(100), data: z.base64() }))
    .max(MAX_ATTACHMENTS)
    .optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

/** Requires `Idempotency-Key: <uuid>`: the kiosk's envelope id, so a retry is recognised. */
const idempotencyKey = (): MiddlewareHandler<
  any,
  string,
  { in: { header: { 'idempotency-key': string } }; out: { header: { 'idempotency-key': string } } }
> =>
  async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (key === undefined)
      throw new GuichetError('idempotency-key-missing', "L'en-tête Idempotency-Key est obligatoire : un UUID propre à chaque envoi.");
    if (!UUID.test(key.trim()))
      throw new GuichetError('idempotency-key-invalid', "L'en-tête Idempotency-Key doit être un UUID, par exemple 3f2b8c1e-5d4a-4e6b-9c7d-2a1b0c9d8e7f.");
    c.req.addValidatedData('header', { 'idempotency-key': key.trim().toLowerCase() });
    await next();
  };

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length ? timingSafeEqual(left, right) : !timingSafeEqual(left, left);
}

export interface SubmissionDeps {
  content: Content;
  store: Store;
  attachmentsDir: string;
  errorTexts: ErrorTexts;
  now: () => Date;
}

/** POST /api/submissions (intake) and GET /api/submissions/:reference (tracking). */
export const submissionRoutes = (deps: SubmissionDeps) => {
  const { site } = deps.content;
  const current = new Map(deps.content.procedures.map((p) => [p.id, p]));
  const locales = site.locales.map((l) => l.code);

  const receiptOrConflict = (acceptance: Acceptance) => {
    if (acceptance.outcome === 'conflict')
      throw new GuichetError(
        'idempotency-key-reused',
        'Cette Idempotency-Key a déjà servi pour un autre envoi : chaque envoi a sa propre clé.',
      );
    return acceptance;
  };

  const notFound = () =>
    new GuichetError('submission-not-found', 'Aucune demande ne correspond à cette référence et ce code de suivi.');

  return new Hono()
    .post('/', limitBody(SUBMISSION_BODY_LIMIT), idempotencyKey(), jsonBody(envelopeSchema), async (c) => {
      const id = c.req.valid('header')['idempotency-key'];
      const envelope = c.req.valid('json');
      const bodyHash = hashOf(envelope);

      const earlier = await deps.store.replayOf(id, bodyHash);
      if (earlier) return c.json(receiptOrConflict(earlier).receipt, 201, { 'Idempotent-Replayed': 'true' });

      if (!locales.includes(envelope.locale))
        throw new GuichetError(
          'unknown-locale',
          `La langue « ${envelope.locale} » n'est pas proposée ; langues proposées : ${locales.join(', ')}.`,
        );
      const procedure = await procedureFor(current, deps.store, envelope.procedureId, envelope.procedureVersion);
      const now = deps.now();
      const result = validateAnswers(procedure, envelope.answers, { today: todayIn(now), postcodes: site.postcodes });
      if (!result.ok)
        throw new GuichetError('invalid-answers', `${result.errors.length} réponse(s) à corriger.`, {
          errors: result.errors.map((error) => ({
            field: error.field,
            code: error.code,
            message: errorMessage(deps.errorTexts, envelope.locale, error),
            ...(error.params ? { params: error.params } : {}),
          })),
        });
      const attachments = checkAttachments(procedure, result.answers, envelope.attachments ?? []);

      // Files first: a crash between the two leaves an unreferenced file, never a row without its file.
      const stored = await storeAttachments(deps.attachmentsDir, attachments);
      const acceptance = receiptOrConflict(
        await deps.store.acceptSubmission({
          id,
          procedureId: procedure.id,
          procedureVersion: procedure.version,
          locale: envelope.locale,
          answers: result.answers,
          attachments: stored,
          bodyHash,
          receivedAt: isoInTownTime(now),
          // Deliveries follow today's routing, whatever version the kiosk showed.
          routes: [...new Set(current.get(procedure.id)?.routes ?? [])],
        }),
      );
      const replayed = acceptance.outcome === 'replay' ? { 'Idempotent-Replayed': 'true' } : undefined;
      return c.json(acceptance.receipt, 201, replayed);
    })
    .get('/:reference', query(z.strictObject({ code: z.string().min(1).max(64) })), async (c) => {
      const reference = normalizeReference(c.req.param('reference'));
      const code = c.req.valid('query').code.trim().toUpperCase();
      const found = REFERENCE.test(reference) ? await deps.store.findSubmission(reference) : undefined;
      if (!found || !sameSecret(found.trackingCode, code)) throw notFound();
      return c.json(
        {
          reference: found.reference,
          procedureId: found.procedureId,
          status: found.status,
          receivedAt: found.receivedAt,
          history: found.history,
        },
        200,
        { 'Cache-Control': 'no-store' },
      );
    });
};
