import { timingSafeEqual } from 'node:crypto';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { ATTACHMENT_ID, completionProcedure, roundOf, todayIn, validateAnswers, type Content } from '../../content/model/index.ts';
import { acknowledgmentKindOf, acknowledgmentOf, procedureOf, purged } from '../acknowledgments.ts';
import { checkAttachments, storeAttachments } from '../attachments.ts';
import { hashOf } from '../canonical-json.ts';
import { errorMessage, type ErrorTexts } from '../error-messages.ts';
import { GuichetError } from '../errors.ts';
import { procedureFor } from '../procedures.ts';
import {
  buildRegistration,
  contactEmail,
  receiptContextOf,
  renderReceiptHtml,
  renderReceiptPdf,
  summarizeAnswers,
  type Acknowledgment,
  type Bilingual,
  type ReceiptMailer,
} from '../receipts/index.ts';
import { clientAddress, createSlidingWindow, logSecurityEvent, type SlidingWindow } from '../rate-limit.ts';
import { REFERENCE, normalizeReference } from '../references.ts';
import { sealedSchema, type Keyring } from '../sealing.ts';
import { FRAMED_BY_KIOSK } from '../security.ts';
import { attributionFor } from '../staff/attribution.ts';
import type { Acceptance, Store, StoredSubmission } from '../store/types.ts';
import { explainStatus, type GuessLimiter } from '../tracking.ts';
import { buildAttestation, implicitAcceptanceOf } from '../requests/attestation.ts';
import type { RequestLife } from '../requests/request-life.ts';
import { residentView } from '../requests/resident-view.ts';
import { termsOf } from '../requests/status.ts';
import { isoInTownTime } from '../time.ts';
import type { VirusScanner } from '../uploads/clamav.ts';
import { checkJsonText, frenchErrors, jsonBody, limitBody, query } from '../validators.ts';

/**
 * Largest envelope: the 10 MiB of files a submission may carry (LIMITS.maxSubmissionBytes)
 * once base64 adds its third, with the answers.
 */
export const SUBMISSION_BODY_LIMIT = 15 * 1024 * 1024;
/** Largest request: a sealed envelope is its ciphertext in base64, a third more than the envelope. */
export const SUBMISSION_WIRE_LIMIT = Math.ceil(SUBMISSION_BODY_LIMIT / 3) * 4 + 4096;
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
  /**
   * The missing pieces of an incomplete request (L114-5), given with its reference and
   * tracking code: the answers are those of the pieces only, checked against the procedure
   * `completionProcedure` builds from what the service asked.
   */
  completes: z.strictObject({ reference: z.string().min(1).max(20), code: z.string().min(1).max(64) }).optional(),
});

export type Envelope = z.infer<typeof envelopeSchema>;

const sealedBodySchema = z.strictObject({ sealed: sealedSchema });
type SubmissionBody = Envelope | z.infer<typeof sealedBodySchema>;

/**
 * What the route takes: the envelope in clear (as kiosks before sealing wrote it), or sealed
 * for this server's key (sealing.ts). Told apart by `sealed`, so that a broken body gets the
 * errors of its own kind rather than a union's "invalid input".
 */
const submissionBodySchema = z.unknown().transform((value, ctx) => {
  const sealed = typeof value === 'object' && value !== null && 'sealed' in value;
  const parsed = (sealed ? sealedBodySchema : envelopeSchema).safeParse(value, { error: frenchErrors });
  if (parsed.success) return parsed.data as SubmissionBody;
  ctx.issues.push(...(parsed.error.issues as typeof ctx.issues));
  return z.NEVER;
}) as unknown as z.ZodType<SubmissionBody, SubmissionBody>;

/** The envelope a body carries, opened when it is sealed and checked as a clear one is. */
async function envelopeOf(body: SubmissionBody, id: string, keyring: Keyring): Promise<Envelope> {
  if (!('sealed' in body)) return body;
  // AES-GCM adds 16 bytes: the envelope's size is known before anything is decrypted.
  if (Buffer.byteLength(body.sealed.ciphertext, 'base64') - 16 > SUBMISSION_BODY_LIMIT)
    throw new GuichetError('body-too-large', `L'enveloppe dépasse ${Math.floor(SUBMISSION_BODY_LIMIT / 1024)} Kio.`);
  return checkJsonText(envelopeSchema, await keyring.open(body.sealed, id));
}

/** Requires `Idempotency-Key: <uuid>`: the kiosk's envelope id, so a retry is recognised. */
export const idempotencyKey = (): MiddlewareHandler<
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

/** Compared with the code given for an unknown reference, so that both answers take as long. */
const NO_CODE = 'ZZZZZZ';

/** The terminal a kiosk names itself with, recorded in the audit log. */
const TERMINAL = /^[A-Za-z0-9._:-]{1,64}$/;

/** The acknowledgment as the API returns it: without the person's address nor builder warnings. */
function receiptView(ack: Acknowledgment, emailed: boolean) {
  const { warnings: _warnings, recipient: _recipient, ...shown } = ack;
  const base = `/api/submissions/${encodeURIComponent(ack.reference)}`;
  return { ...shown, emailed, documents: { html: `${base}/receipt.html`, pdf: `${base}/receipt.pdf` } };
}

export interface SubmissionDeps {
  content: Content;
  store: Store;
  attachmentsDir: string;
  /** Opens sealed envelopes (sealing.ts). */
  keyring: Keyring;
  errorTexts: ErrorTexts;
  now: () => Date;
  /** Public address of the server, for the QR code and links of receipts. */
  publicUrl: string;
  /** Wrong references and codes, counted per client address and per reference. */
  guesses: GuessLimiter;
  /** New submissions, counted per terminal and per client address. */
  submissionLimits: SlidingWindow;
  /** Called after a new submission is committed (wakes the receipt email sender). */
  onAccepted?: () => void;
  /** The antivirus every attachment goes through, where the site enables one. */
  scanner?: VirusScanner;
  /**
   * Where "send me a copy" goes out, by channel: email now (the receipts' mailer); SMS joins
   * with the request-life notices. A channel without a sender answers 503.
   */
  copySenders?: { email?: ReceiptMailer };
  /** Copies asked, per reference: 3 an hour by default. */
  copyLimits?: SlidingWindow;
  /** The requests' life: a completion is its `completed` event, applied with its pieces. */
  life?: RequestLife;
}

/** A person may ask for their copy again (a typo, a lost email), a few times, not in a loop. */
export const DEFAULT_COPY_LIMITS = { perReference: 3, windowMs: 60 * 60_000 };

/** POST /api/submissions (intake with its AEE), GET /api/submissions/:reference (tracking) and its receipts. */
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

  /**
   * The submission a reference and its code name, or the one 404 for an unknown reference and
   * a wrong code alike (same status, body and headers, a constant-time comparison either way);
   * 429 once the client address or the reference has had too many wrong guesses.
   */
  const tracked = async (c: Context, rawReference: string, rawCode: string): Promise<StoredSubmission> => {
    const reference = normalizeReference(rawReference);
    const code = rawCode.trim().toUpperCase();
    const at = deps.now().getTime();
    const keys = [`address:${clientAddress(c)}`, `reference:${reference}`];
    // The guess's place is taken before the store is read, so a burst cannot outrun the count.
    const place = deps.guesses.reserve(keys, at);
    const wait = place.wait;
    if (wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'tracking', keys: keys.filter((k) => k.startsWith('address:')), retryAfter: wait });
      throw new GuichetError('too-many-guesses', `Trop d'essais de référence ou de code : réessayez dans ${Math.ceil(wait / 60)} minute(s).`, {
        headers: { 'Retry-After': String(wait) },
      });
    }
    let found: StoredSubmission | undefined;
    try {
      found = REFERENCE.test(reference) ? await deps.store.findSubmission(reference) : undefined;
    } catch (error) {
      place.release();
      throw error;
    }
    const right = sameSecret(found?.trackingCode ?? NO_CODE, code);
    if (!found || !right) throw notFound();
    place.release();
    return found;
  };

  const registrationOf = async (found: StoredSubmission): Promise<Acknowledgment> => {
    const procedure = await procedureOf(deps.content, deps.store, found);
    return buildRegistration(
      { reference: found.reference, receivedAt: new Date(found.receivedAt), procedure, locale: found.locale, answers: found.answers ?? {} },
      receiptContextOf(site),
    );
  };

  /**
   * What the person who has reference and code gets beside the acknowledgment: the code itself,
   * what comes next in plain words, and the copy of their answers (none once purged).
   */
  const printedExtras = async (found: StoredSubmission) => {
    const fr = explainStatus(found.status, 'fr').next;
    const local = explainStatus(found.status, found.locale);
    const next: Bilingual = found.locale === 'fr' || local.locale === 'fr' ? { fr } : { fr, local: local.next };
    const procedure = await procedureOf(deps.content, deps.store, found);
    return {
      trackingCode: found.trackingCode,
      next,
      ...(found.answers ? { summary: summarizeAnswers(procedure, found.answers, found.locale) } : {}),
    };
  };

  const copies = deps.copyLimits ?? createSlidingWindow({ windowMs: DEFAULT_COPY_LIMITS.windowMs, limitOf: () => DEFAULT_COPY_LIMITS.perReference });
  /**
   * "Send me a copy": to the address the person gave in their answers, never to one typed now
   * (a copy of someone's answers cannot be sent anywhere else by whoever holds the code).
   * `channel` is `email`; `sms` joins with the request-life notices.
   */
  const copyBody = z.strictObject({ code: z.string().min(1).max(64), channel: z.enum(['email']) });

  /**
   * The resident gives the missing pieces of an incomplete request: found by reference and code
   * (the same guess limits as tracking), the pieces' answers checked by the model against the
   * procedure of the pieces asked, the files checked as a first sending's, then merged with the
   * `completed` event in one transaction, once per Idempotency-Key. The answer is the new ARE,
   * whose implicit decision date runs from today (L114-5).
   */
  const complete = async (c: Context, envelope: Envelope & { completes: NonNullable<Envelope['completes']> }, id: string, bodyHash: string) => {
    const found = await tracked(c, envelope.completes.reference, envelope.completes.code);
    if (found.answers === undefined) throw purged(found);
    if (!deps.life) throw new GuichetError('completion-unavailable', 'Ce serveur ne suit pas la vie des demandes : le dossier ne peut pas être complété ici.');
    if (envelope.procedureId !== found.procedureId)
      throw new GuichetError('completion-mismatch', `La demande ${found.reference} porte sur la démarche « ${found.procedureId} », pas « ${envelope.procedureId} ».`);
    const life = await deps.store.requestLife(found.reference);
    const history = life?.history ?? [];
    const at = history.findLastIndex((entry) => entry.status === 'incomplete');
    const asked = history[at];
    if (!asked?.missing)
      throw new GuichetError('invalid-transition', `La demande ${found.reference} n’attend aucune pièce : il n’y a rien à compléter.`);
    const original = await procedureOf(deps.content, deps.store, found);
    const procedure = completionProcedure(original, asked.missing, roundOf(history, at));
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
    const attachments = await checkAttachments(procedure, result.answers, envelope.attachments ?? [], {
      scanner: deps.scanner,
      locale: envelope.locale,
      errorTexts: deps.errorTexts,
    });
    const stored = await storeAttachments(deps.attachmentsDir, attachments);
    const outcome = await deps.life.applyEvent(
      found.reference,
      { type: 'completed', actor: { kind: 'resident' } },
      { kind: 'resident', key: id, fingerprint: bodyHash },
      now,
      { answers: result.answers, attachments: stored },
    );
    if (outcome.outcome === 'refused') throw new GuichetError(outcome.refusal.code, outcome.refusal.detail);
    if (outcome.outcome === 'id-reused')
      throw new GuichetError('idempotency-key-reused', 'Cette Idempotency-Key a déjà servi pour un autre envoi : chaque envoi a sa propre clé.');
    if (outcome.outcome === 'not-found') throw notFound();
    const after = await deps.store.findSubmission(found.reference);
    if (!after) throw new Error(`submission ${found.reference} vanished`);
    const are = await acknowledgmentOf(deps.content, deps.store, after, 'receipt');
    const answer = { reference: after.reference, trackingCode: envelope.completes.code.trim().toUpperCase(), receivedAt: after.receivedAt, receipt: receiptView(are, are.recipient !== undefined) };
    return c.json(answer, 201, { ...noStore, ...(outcome.outcome === 'replayed' ? { 'Idempotent-Replayed': 'true' } : {}) });
  };

  /**
   * The L232-3 attestation of a request silence accepted: 409 for any other request (nothing to
   * certify), and as for every acknowledgment, none once the answers are purged.
   */
  const attestationOf = async (found: StoredSubmission) => {
    if (found.answers === undefined) throw purged(found);
    const life = await deps.store.requestLife(found.reference);
    const decidedOn = life ? implicitAcceptanceOf(life.history) : undefined;
    if (!decidedOn)
      throw new GuichetError('no-implicit-acceptance', `La demande ${found.reference} n’a pas été acceptée implicitement : il n’y a pas d’attestation à délivrer (article L232-3).`);
    const are = await acknowledgmentOf(deps.content, deps.store, found, 'receipt');
    return { found, attestation: buildAttestation(are, { decidedOn, issuedOn: todayIn(deps.now()), town: site.town }) };
  };

  const trackingQuery = z.strictObject({ code: z.string().min(1).max(64), locale: z.string().min(1).max(35).optional() });
  const documentQuery = z.strictObject({ code: z.string().min(1).max(64), paper: z.enum(['a4', '80mm']).optional() });
  const noStore = { 'Cache-Control': 'no-store' } as const;

  return new Hono()
    .post('/', limitBody(SUBMISSION_WIRE_LIMIT), idempotencyKey(), jsonBody(submissionBodySchema), async (c) => {
      const id = c.req.valid('header')['idempotency-key'];
      const envelope = await envelopeOf(c.req.valid('json'), id, deps.keyring);
      // Over the opened envelope: the same envelope sent again, sealed or not, is the same submission.
      const bodyHash = hashOf(envelope);

      const terminal = c.req.header('guichet-terminal')?.trim();
      const replayed = async (acceptance: Acceptance) => {
        const { receipt } = receiptOrConflict(acceptance);
        const found = await deps.store.findSubmission(receipt.reference);
        if (!found) throw new Error(`submission ${receipt.reference} vanished`);
        const ack = await registrationOf(found);
        return c.json({ ...receipt, receipt: receiptView(ack, ack.recipient !== undefined) }, 201, { ...noStore, 'Idempotent-Replayed': 'true' });
      };

      if (envelope.completes) return complete(c, envelope as Envelope & { completes: NonNullable<Envelope['completes']> }, id, bodyHash);

      const earlier = await deps.store.replayOf(id, bodyHash);
      if (earlier) return replayed(earlier);

      // A replay is free: the outbox may send the same envelope again as often as it must.
      const at = deps.now().getTime();
      const limitKeys = [...(terminal && TERMINAL.test(terminal) ? [`terminal:${terminal}`] : []), `address:${clientAddress(c)}`];
      const wait = deps.submissionLimits.retryAfter(limitKeys, at);
      if (wait > 0) {
        logSecurityEvent('rate-limited', { limit: 'submissions', keys: limitKeys, retryAfter: wait });
        throw new GuichetError('too-many-submissions', `Trop d'envois depuis ce poste : réessayez dans ${Math.ceil(wait / 60)} minute(s).`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      deps.submissionLimits.count(limitKeys, at);

      if (!locales.includes(envelope.locale))
        throw new GuichetError(
          'unknown-locale',
          `La langue « ${envelope.locale} » n'est pas proposée ; langues proposées : ${locales.join(', ')}.`,
        );
      const procedure = await procedureFor(current, deps.store, envelope.procedureId, envelope.procedureVersion);
      const now = deps.now();
      // Agent procedures need a signed-in agent; a mediator acts under a live mandate only.
      const who = await attributionFor(c, deps.store, now, procedure);
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
      const attachments = await checkAttachments(procedure, result.answers, envelope.attachments ?? [], {
        scanner: deps.scanner,
        locale: envelope.locale,
        errorTexts: deps.errorTexts,
      });

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
          emailReceipts: contactEmail(procedure, result.answers) !== undefined,
          actor: who.actor,
          attribution: who.attribution,
          ...(who.receptionSession ? { continuingSession: who.receptionSession } : {}),
          terminal: terminal && TERMINAL.test(terminal) ? terminal : null,
        }),
      );
      if (acceptance.outcome === 'replay') return replayed(acceptance);
      deps.onAccepted?.();
      const { receipt } = acceptance;
      const aee = buildRegistration(
        { reference: receipt.reference, receivedAt: new Date(receipt.receivedAt), procedure, locale: envelope.locale, answers: result.answers },
        receiptContextOf(site),
      );
      // The answer holds the tracking code: no cache keeps it.
      return c.json({ ...receipt, receipt: receiptView(aee, aee.recipient !== undefined) }, 201, noStore);
    })
    .get('/:reference', query(trackingQuery), async (c) => {
      const { code, locale } = c.req.valid('query');
      const found = await tracked(c, c.req.param('reference'), code);
      const purgedNow = found.answers === undefined;
      const explained = explainStatus(purgedNow ? 'purged' : found.status, locale ?? found.locale);
      const base = `/api/submissions/${encodeURIComponent(found.reference)}`;
      const lifeRow = await deps.store.requestLife(found.reference);
      const life = lifeRow && lifeRow.history.length > 0 ? residentView({ terms: termsOf(await procedureOf(deps.content, deps.store, found)), history: lifeRow.history }) : null;
      return c.json(
        {
          reference: found.reference,
          procedureId: found.procedureId,
          status: found.status,
          receivedAt: found.receivedAt,
          history: found.history,
          /** Where it stands and what comes next, in plain words, in `locale` (the submission's by default). */
          explanation: explained,
          /** The acknowledgment available now; none once the answers are purged. */
          receipt: purgedNow
            ? null
            : { kind: acknowledgmentKindOf(found), html: `${base}/receipt.html`, pdf: `${base}/receipt.pdf` },
          purgedAt: found.purgedAt ?? null,
          /**
           * The copy of the answers (fields marked `copy: false` left out), in French and in
           * `locale`, for whoever has reference and code; null once the retention purge ran.
           */
          summary: found.answers === undefined ? null : summarizeAnswers(await procedureOf(deps.content, deps.store, found), found.answers, locale ?? found.locale),
          /** The request's life after sending: statuses, messages, missing pieces, legal dates. */
          life,
        },
        200,
        noStore,
      );
    })
    .post('/:reference/copies', jsonBody(copyBody), async (c) => {
      const { code, channel } = c.req.valid('json');
      const found = await tracked(c, c.req.param('reference'), code);
      if (found.answers === undefined) throw purged(found);
      const sender = deps.copySenders?.[channel];
      if (!sender) throw new GuichetError('copy-unavailable', "L'envoi de copies par e-mail n'est pas configuré sur ce serveur (GUICHET_SMTP_HOST).");
      const procedure = await procedureOf(deps.content, deps.store, found);
      const to = contactEmail(procedure, found.answers);
      if (!to) throw new GuichetError('copy-no-contact', "La demande ne donne pas d'adresse e-mail où envoyer la copie.");
      const at = deps.now().getTime();
      const keys = [`copy:${found.reference}`];
      const wait = copies.retryAfter(keys, at);
      if (wait > 0) {
        logSecurityEvent('rate-limited', { limit: 'copies', keys: [], retryAfter: wait });
        throw new GuichetError('too-many-copies', `Trop de copies demandées pour cette demande : réessayez dans ${Math.ceil(wait / 60)} minute(s).`, {
          headers: { 'Retry-After': String(wait) },
        });
      }
      copies.count(keys, at);
      const ack = await acknowledgmentOf(deps.content, deps.store, found);
      const { summary, next } = await printedExtras(found);
      await sender.send(ack, { to, next, ...(summary ? { summary } : {}) });
      // The address is not echoed: the screen says "the address you gave".
      return c.json({ sent: true as const, channel }, 202, noStore);
    })
    .get('/:reference/receipt.pdf', query(documentQuery), async (c) => {
      const { code, paper } = c.req.valid('query');
      const found = await tracked(c, c.req.param('reference'), code);
      if (found.answers === undefined) throw purged(found);
      const ack = await acknowledgmentOf(deps.content, deps.store, found);
      const pdf = await renderReceiptPdf(ack, { publicUrl: deps.publicUrl, paper: paper ?? 'a4', now: deps.now(), ...(await printedExtras(found)) });
      const name = ack.kind === 'receipt' ? 'accuse-de-reception' : 'accuse-d-enregistrement';
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        ...noStore,
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="${name}-${ack.reference}.pdf"`,
        'Guichet-Acknowledgment': ack.kind,
      });
    })
    .get('/:reference/attestation.pdf', query(documentQuery), async (c) => {
      const { code, paper } = c.req.valid('query');
      const { attestation, found } = await attestationOf(await tracked(c, c.req.param('reference'), code));
      const pdf = await renderReceiptPdf(attestation, { publicUrl: deps.publicUrl, paper: paper ?? 'a4', now: deps.now(), documentKind: 'L232-3' });
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        ...noStore,
        'Content-Type': 'application/pdf',
        'Content-Disposition': `inline; filename="attestation-acceptation-implicite-${found.reference}.pdf"`,
      });
    })
    .get('/:reference/attestation.html', query(documentQuery), async (c) => {
      const { code, paper } = c.req.valid('query');
      const { attestation } = await attestationOf(await tracked(c, c.req.param('reference'), code));
      const html = await renderReceiptHtml(attestation, { publicUrl: deps.publicUrl, paper: paper ?? 'a4' });
      // The kiosk prints it through a hidden frame of its own, as the receipt.
      return c.html(html, 200, { ...noStore, ...FRAMED_BY_KIOSK });
    })
    .get('/:reference/receipt.html', query(documentQuery), async (c) => {
      const { code, paper } = c.req.valid('query');
      const found = await tracked(c, c.req.param('reference'), code);
      if (found.answers === undefined) throw purged(found);
      const ack = await acknowledgmentOf(deps.content, deps.store, found);
      const html = await renderReceiptHtml(ack, { publicUrl: deps.publicUrl, paper: paper ?? 'a4', ...(await printedExtras(found)) });
      // The kiosk prints it through a hidden frame of its own.
      return c.html(html, 200, { ...noStore, ...FRAMED_BY_KIOSK, 'Guichet-Acknowledgment': ack.kind });
    });
};
