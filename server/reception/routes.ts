// The reception console's routes, mounted at /reception by app.ts: sign-in with a reception
// account (identifier and code, as the kiosk's staff sign-in: same argon2 check, same limiter),
// today's submissions of the desk's site and its stuck deliveries, finding a request by
// reference and printing its receipt again, and opening an assisted session (a mandate, made by
// staff/mandates.ts as for the kiosk's mediators) for a walk-in. Every route but sign-in and the
// stylesheet checks, on the server, that the caller's session is a reception account's.
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Content } from '../../content/model/index.ts';
import { acknowledgmentOf, acknowledgmentKindOf } from '../acknowledgments.ts';
import { GuichetError } from '../errors.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { renderReceiptPdf } from '../receipts/index.ts';
import { REFERENCE, normalizeReference } from '../references.ts';
import { sameOrigin } from '../security.ts';
import { actorOf, closeStaffSession, openStaffSession, staffOf, type SessionCookie, type Staff } from '../staff/auth.ts';
import type { SignInLimiter } from '../staff/limiter.ts';
import { verifyCode } from '../staff/passwords.ts';
import { startOfTownDay } from '../staff/routes.ts';
import { endAtReception, findMandate } from '../staff/mandate-life.ts';
import { eraseForPerson, findForPerson, personCopy } from '../rights/person-data.ts';
import { newTerminalCredential, secretHashOf, setUpAddress } from '../terminals/enrolment.ts';
import QRCode from 'qrcode';
import { openMandate, ownMandate } from '../staff/mandates.ts';
import type { Store } from '../store/types.ts';
import { limitBody, query } from '../validators.ts';
import {
  findPage,
  forbiddenPage,
  mandateFindPage,
  mandateFormPage,
  mandatePage,
  rightsPage,
  signInPage,
  terminalEnrolPage,
  todayPage,
  type Desk,
  type FieldProblem,
  type FoundMandate,
  type FoundRequest,
} from './pages.ts';
import { RECEPTION_CSS } from './styles.ts';
import { addressBlock, letterPage, toContactPage, type LetterRow } from './to-contact.ts';
import { noticeEmail, readLifeTexts, type LifeTexts } from '../notices/email-notice.ts';
import { phoneOf } from '../notices/sms-sender.ts';
import { readSmsTexts, type NoticeStatus, type SmsTexts } from '../notices/sms-text.ts';

/** The console's own session cookie: the desk's kiosk ending a person's session leaves it be. */
export const RECEPTION_SESSION: SessionCookie = { name: 'guichet_reception', path: '/reception' };

export interface ReceptionDeps {
  store: Store;
  content: Content;
  now: () => Date;
  /** The staff sign-in's limiter: a wrong code here counts with the kiosk's. */
  limiter: SignInLimiter;
  /** For the receipts' QR code and links. */
  publicUrl: string;
  /** The words of the letters to residents (notices.sms and life of each ui.json); the repository's content by default. */
  noticeTexts?: { sms: SmsTexts; life: LifeTexts };
  /** Where attachment files are, for an erasure at the person's request. */
  attachmentsDir: string;
}

const REPOSITORY_CONTENT = new URL('../../content/', import.meta.url).pathname;

type ReceptionEnv = { Variables: { staff: Staff } };

const FORM_LIMIT = 16 * 1024;
const noStore = { 'Cache-Control': 'no-store' } as const;
/** Console pages run no script at all and load only their stylesheet. */
const PAGE_POLICY = "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Only a path inside the reception console may be a target after sign-in. */
const safeNext = (value: unknown): string =>
  typeof value === 'string' && /^\/reception(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : '/reception';

const wantsJson = (c: Context) => /application\/json/.test(c.req.header('accept') ?? '');

const deskOf = (staff: Staff): Desk => ({ displayName: staff.account.displayName, ...(staff.account.site ? { site: staff.account.site } : {}) });

const signInForm = z.object({ login: z.string().trim().min(1).max(64), code: z.string().min(1).max(200), next: z.string().max(300).optional() });

const mandateForm = z.object({
  residentName: z.string().trim().min(1, 'Écrivez le nom de la personne.').max(120, 'Le nom a 120 caractères au plus.'),
  procedureIds: z.array(z.string().max(64)).min(1, 'Cochez au moins une démarche.').max(50),
  consent: z.literal('yes', { error: 'Cochez la case quand la personne a dit oui à voix haute.' }),
});

const findQuery = z.strictObject({ reference: z.string().max(40).optional() });
const receiptQuery = z.strictObject({ paper: z.enum(['a4', '80mm']).optional() });

/**
 * `/reception`: the reception desk's console.
 *
 * @example app.route('/reception', receptionRoutes({ store, content, now, limiter, publicUrl }))
 */
export const receptionRoutes = (deps: ReceptionDeps) => {
  const titles = new Map(deps.content.procedures.map((p) => [p.id, p.title.fr ?? p.id]));
  const residentProcedures = deps.content.procedures.filter((p) => p.audience !== 'agent').map((p) => ({ id: p.id, title: p.title.fr ?? p.id }));

  const app = new Hono<ReceptionEnv>();
  app.get('/reception.css', (c) => c.body(RECEPTION_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', PAGE_POLICY);
    // Every change comes from a page of this server: sign-in included.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c))
      throw new GuichetError('origin-refused', 'Cette demande ne vient pas d’une page de ce serveur.');
    await next();
  });
  app.use('*', limitBody(FORM_LIMIT));

  app.get('/sign-in', query(z.strictObject({ next: z.string().max(300).optional() })), (c) =>
    c.html(signInPage({ next: safeNext(c.req.valid('query').next), problems: [] })),
  );

  app.post('/sign-in', async (c) => {
    const parsed = signInForm.safeParse(await c.req.parseBody());
    const next = safeNext(parsed.data?.next);
    if (!parsed.success) {
      const problems: FieldProblem[] = [];
      if (parsed.error.issues.some((i) => i.path[0] === 'login')) problems.push({ field: 'login', message: 'Écrivez votre identifiant d’accueil.' });
      if (parsed.error.issues.some((i) => i.path[0] === 'code')) problems.push({ field: 'code', message: 'Écrivez votre code.' });
      if (wantsJson(c)) throw new GuichetError('invalid-body', 'Identifiant et code sont demandés.');
      return c.html(signInPage({ next, problems }), 400);
    }
    const { login, code } = parsed.data;
    const now = deps.now();
    const accountKey = `account:reception:${login.toLowerCase()}`;
    const keys = [accountKey, `address:${clientAddress(c)}`];
    // The try's place is taken before the first await, so a burst cannot outrun the count.
    const place = deps.limiter.reserve(keys, now.getTime());
    const wait = place.wait;
    if (wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'sign-in', keys, retryAfter: wait });
      const message = `Trop d’essais : réessayez dans ${Math.ceil(wait / 60)} minute(s), ou demandez un nouveau code.`;
      if (wantsJson(c)) throw new GuichetError('too-many-sign-ins', message, { headers: { 'Retry-After': String(wait) } });
      return c.html(signInPage({ next, login, problems: [{ field: 'code', message }] }), 429, { 'Retry-After': String(wait) });
    }
    let account: Awaited<ReturnType<Store['findStaffAccount']>>;
    let right: boolean;
    try {
      account = await deps.store.findStaffAccount('reception', login);
      right = await verifyCode(account && !account.disabled ? account.passwordHash : undefined, code);
    } catch (error) {
      // A store that failed said nothing about the code: the try does not count.
      place.release();
      throw error;
    }
    if (!account || account.disabled || !right) {
      const message = 'Identifiant ou code incorrect. Vérifiez-les, ou demandez un nouveau code à l’administrateur.';
      if (wantsJson(c)) throw new GuichetError('sign-in-failed', message);
      return c.html(signInPage({ next, login, problems: [{ field: 'code', message }] }), 401);
    }
    place.release();
    deps.limiter.succeed(accountKey);
    await openStaffSession(c, deps.store, account, now, RECEPTION_SESSION);
    await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.signed-in', actor: actorOf(account), data: { role: 'reception', via: 'reception-console' } });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const staff = await staffOf(c, deps.store, deps.now(), RECEPTION_SESSION);
    await closeStaffSession(c, deps.store, RECEPTION_SESSION);
    if (staff) await deps.store.appendAudit({ at: deps.now().toISOString(), kind: 'staff.signed-out', actor: actorOf(staff.account), data: { via: 'reception-console' } });
    return c.html(signInPage({ next: '/reception', problems: [], notice: 'Vous êtes déconnecté.' }));
  });

  // Everything below: a reception account's session, checked on every request.
  app.use('*', async (c, next) => {
    const staff = await staffOf(c, deps.store, deps.now(), RECEPTION_SESSION);
    if (!staff) {
      if (wantsJson(c)) throw new GuichetError('sign-in-required', 'Connectez-vous à l’accueil pour continuer.', { headers: noStore });
      return c.redirect(`/reception/sign-in?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    }
    if (staff.account.role !== 'reception') {
      if (wantsJson(c)) throw new GuichetError('role-forbidden', 'Cette page est réservée à l’accueil.', { headers: noStore });
      return c.html(forbiddenPage(), 403);
    }
    c.set('staff', staff);
    await next();
  });

  app.get('/', async (c) => {
    const staff = c.get('staff');
    const site = staff.account.site;
    const [submissions, dead, waiting] = await Promise.all([
      deps.store.listAttributed({ ...(site ? { site } : {}), since: startOfTownDay(deps.now()), limit: 500 }),
      deps.store.listDeliveries({ state: 'dead', ...(site ? { site } : {}), limit: 100 }),
      deps.store.listDeliveries({ state: 'waiting', ...(site ? { site } : {}), limit: 100 }),
    ]);
    const stuck = [...dead, ...waiting];
    if (wantsJson(c)) return c.json({ site: site ?? null, submissions, stuck }, 200);
    return c.html(todayPage({ desk: deskOf(staff), submissions, stuck, titles }));
  });

  app.get('/requests', query(findQuery), async (c) => {
    const desk = deskOf(c.get('staff'));
    const typed = c.req.valid('query').reference?.trim();
    if (!typed) return c.html(findPage({ desk, problems: [] }));
    const reference = normalizeReference(typed);
    if (!REFERENCE.test(reference)) {
      const message = 'Une référence a 8 caractères, par exemple K7QD-4MZ9. Vérifiez-la sur le reçu.';
      if (wantsJson(c)) throw new GuichetError('invalid-query', message);
      return c.html(findPage({ desk, reference: typed, problems: [{ field: 'reference', message }] }), 400);
    }
    const found = await deps.store.findSubmission(reference);
    if (!found) {
      const message = `Aucune demande ne porte la référence ${reference}. Vérifiez-la : les lettres O et I n’y sont jamais.`;
      if (wantsJson(c)) throw new GuichetError('submission-not-found', message);
      return c.html(findPage({ desk, reference: typed, problems: [{ field: 'reference', message }] }), 404);
    }
    const attribution = await deps.store.attributionOf(found.id);
    const handedOff = (await deps.store.auditTrail(found.id)).find((e) => e.kind === 'submission.handed-off');
    const view: FoundRequest = {
      reference: found.reference,
      procedureTitle: titles.get(found.procedureId) ?? found.procedureId,
      status: found.answers === undefined ? 'purged' : found.status,
      receivedAt: found.receivedAt,
      channel: attribution?.channel ?? null,
      ...(attribution?.site ? { site: attribution.site } : {}),
      deliveries: found.deliveries.map((d) => ({ route: d.route, state: d.state })),
      ...(found.answers === undefined ? {} : { receipt: { kind: acknowledgmentKindOf(found) } }),
      ...(typeof handedOff?.data.fromTerminal === 'string' ? { handedOffFrom: handedOff.data.fromTerminal } : {}),
    };
    if (wantsJson(c)) return c.json(view, 200);
    return c.html(findPage({ desk, reference: found.reference, found: view, problems: [] }));
  });

  app.get('/requests/:reference/receipt.pdf', query(receiptQuery), async (c) => {
    const staff = c.get('staff');
    const reference = normalizeReference(c.req.param('reference'));
    const found = REFERENCE.test(reference) ? await deps.store.findSubmission(reference) : undefined;
    if (!found) throw new GuichetError('submission-not-found', `Aucune demande ne porte la référence ${reference}.`);
    const ack = await acknowledgmentOf(deps.content, deps.store, found);
    const now = deps.now();
    const pdf = await renderReceiptPdf(ack, { publicUrl: deps.publicUrl, paper: c.req.valid('query').paper ?? 'a4', now });
    await deps.store.appendAudit({
      at: now.toISOString(),
      kind: 'receipt.reprinted',
      actor: actorOf(staff.account),
      submissionId: found.id,
      data: { kind: ack.kind, via: 'reception-console' },
    });
    const name = ack.kind === 'receipt' ? 'accuse-de-reception' : 'accuse-d-enregistrement';
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${name}-${ack.reference}.pdf"`,
      'Guichet-Acknowledgment': ack.kind,
    });
  });

  app.get('/mandates/new', (c) => c.html(mandateFormPage({ desk: deskOf(c.get('staff')), procedures: residentProcedures, values: {}, problems: [] })));

  app.post('/mandates', async (c) => {
    const staff = c.get('staff');
    const form = await c.req.parseBody({ all: true });
    const ids = form.procedureIds === undefined ? [] : Array.isArray(form.procedureIds) ? form.procedureIds : [form.procedureIds];
    const values = {
      residentName: typeof form.residentName === 'string' ? form.residentName : '',
      procedureIds: ids.filter((v): v is string => typeof v === 'string'),
      consent: form.consent === 'yes',
    };
    const parsed = mandateForm.safeParse({ ...form, procedureIds: values.procedureIds });
    const offered = new Set(residentProcedures.map((p) => p.id));
    const unknown = values.procedureIds.filter((id) => !offered.has(id));
    if (!parsed.success || unknown.length > 0) {
      const problems: FieldProblem[] = [];
      for (const field of ['residentName', 'procedureIds', 'consent'] as const) {
        const issue = parsed.error?.issues.find((i) => i.path[0] === field);
        if (issue) problems.push({ field: field === 'procedureIds' ? 'procedures' : field, message: issue.message });
      }
      if (unknown.length > 0) problems.push({ field: 'procedures', message: `Ces démarches ne peuvent pas être confiées : ${unknown.join(', ')}.` });
      if (wantsJson(c)) throw new GuichetError('invalid-body', problems.map((p) => p.message).join(' '));
      return c.html(mandateFormPage({ desk: deskOf(staff), procedures: residentProcedures, values, problems }), 422);
    }
    // A walk-in's mandate lasts the reception session at most: the desk helps today, in person.
    const mandate = await openMandate({
      store: deps.store,
      content: deps.content,
      helper: staff.account,
      request: { residentName: parsed.data.residentName, procedureIds: [...new Set(parsed.data.procedureIds)], until: { scope: 'session' }, consent: true },
      now: deps.now(),
      sessionEndsAt: staff.session.expiresAt,
      channel: 'reception',
      terminal: null,
    });
    return c.redirect(`/reception/mandates/${mandate.id}`, 303);
  });

  const noticeTexts = deps.noticeTexts ?? {
    sms: readSmsTexts(REPOSITORY_CONTENT, deps.content.site.locales.map((l) => l.code)),
    life: readLifeTexts(REPOSITORY_CONTENT, deps.content.site.locales.map((l) => l.code)),
  };
  const currentProcedure = (id: string) => deps.content.procedures.find((p) => p.id === id);
  const publicBase = deps.publicUrl.replace(/\/+$/, '');

  app.get('/to-contact', query(z.strictObject({ done: z.enum(['letter', 'call']).optional() })), async (c) => {
    const letters = await deps.store.lettersToSend({ limit: 200 });
    const rows: LetterRow[] = [];
    for (const letter of letters) {
      const found = await deps.store.findSubmission(letter.reference);
      const procedure = currentProcedure(letter.procedureId);
      const answers = found?.answers ?? {};
      const phone = procedure ? phoneOf(procedure, answers) : undefined;
      rows.push({
        id: letter.id,
        reference: letter.reference,
        procedureTitle: titles.get(letter.procedureId) ?? letter.procedureId,
        status: letter.status,
        at: letter.at,
        reachable: { address: procedure ? addressBlock(procedure, answers).length > 1 : false, ...(phone ? { phone } : {}) },
      });
    }
    const done = c.req.valid('query').done;
    return c.html(toContactPage({ desk: deskOf(c.get('staff')), rows, ...(done ? { done } : {}) }));
  });

  app.get('/to-contact/:id/letter', async (c) => {
    const letter = (await deps.store.lettersToSend({ limit: 1000 })).find((row) => row.id === c.req.param('id'));
    if (!letter) throw new GuichetError('not-found', 'Cette personne n’est plus à prévenir (déjà fait, ou notice inconnue).');
    const found = await deps.store.findSubmission(letter.reference);
    const procedure = currentProcedure(letter.procedureId);
    if (!found?.answers || !procedure) throw new GuichetError('submission-purged', `Les réponses de la demande ${letter.reference} sont effacées : la lettre ne peut plus être adressée.`);
    const life = await deps.store.requestLife(letter.reference);
    const notice = noticeEmail(
      {
        status: letter.status as NoticeStatus,
        entry: life?.history.findLast((entry) => entry.status === letter.status),
        locale: letter.locale,
        town: deps.content.site.town,
        reference: letter.reference,
        trackingUrl: `${publicBase}/suivi/${letter.reference}`,
      },
      noticeTexts,
    );
    const info = deps.content.site.locales.find((l) => l.code === letter.locale);
    return c.html(
      letterPage({
        town: deps.content.site.town,
        reference: letter.reference,
        recipient: addressBlock(procedure, found.answers),
        notice,
        ...(info && letter.locale !== 'fr' ? { local: { lang: info.speech ?? info.code, dir: info.dir } } : {}),
        today: deps.now(),
      }),
    );
  });

  app.post('/to-contact/:id', async (c) => {
    const form = await c.req.parseBody();
    const how = form.how === 'call' ? 'call' : form.how === 'letter' ? 'letter' : undefined;
    if (!how) throw new GuichetError('invalid-query', 'Dites comment la personne a été prévenue : lettre ou appel.');
    const account = c.get('staff').account;
    await deps.store.settleLetter({ id: c.req.param('id'), at: deps.now(), actor: actorOf(account), how });
    return c.redirect(`/reception/to-contact?done=${how}`, 303);
  });

  // Any mandate, by the number printed on the consent: the desk ends one with the resident
  // present, whoever holds it, as the consent promises.
  const foundMandate = async (id: string): Promise<FoundMandate> => {
    const mandate = await findMandate(deps.store, id);
    const [helper, requests] = await Promise.all([deps.store.getStaffAccount(mandate.mediatorId), deps.store.listAttributed({ mandateId: mandate.id, limit: 200 })]);
    return { mandate, helper: helper?.displayName ?? '', active: new Date(mandate.expiresAt).getTime() > deps.now().getTime(), requests };
  };

  app.get('/mandates/find', query(z.strictObject({ number: z.string().max(80).optional(), ended: z.literal('yes').optional() })), async (c) => {
    const desk = deskOf(c.get('staff'));
    const { number: typed, ended } = c.req.valid('query');
    const number = typed?.trim().toLowerCase();
    if (!number) return c.html(mandateFindPage({ desk, titles, problems: [] }));
    try {
      const found = await foundMandate(number);
      return c.html(mandateFindPage({ desk, number, found, titles, problems: [], ended: ended === 'yes' }));
    } catch (error) {
      if (!(error instanceof GuichetError) || error.code !== 'mandate-not-found') throw error;
      const message = 'Aucun mandat en cours ou récent ne porte ce numéro. Recopiez-le depuis le papier de l’accord : 36 caractères, chiffres, lettres de a à f et tirets.';
      return c.html(mandateFindPage({ desk, number: typed, titles, problems: [{ field: 'number', message }] }), 404);
    }
  });

  app.post('/mandates/:id/end', async (c) => {
    const staff = c.get('staff');
    const id = c.req.param('id');
    const form = await c.req.parseBody();
    if (form.present !== 'yes') {
      const found = await foundMandate(id);
      const problems = [{ field: 'present', message: 'Cochez la case quand la personne est là, identifiée, et demande l’arrêt.' }];
      return c.html(mandateFindPage({ desk: deskOf(staff), number: id, found, titles, problems }), 422);
    }
    await endAtReception({ store: deps.store, reception: staff.account, id, now: deps.now() });
    return c.redirect(`/reception/mandates/find?number=${encodeURIComponent(id)}&ended=yes`, 303);
  });

  // The rights of the person (RGPD art. 15, 17): reference and code in a form body, never in
  // an address; the person present and identified.
  const labelsOf = (procedureId: string) =>
    new Map((deps.content.procedures.find((p) => p.id === procedureId)?.steps ?? []).flatMap((step) => step.fields.map((f) => [f.id, f.label.fr ?? f.id] as [string, string])));
  const rightsForm = async (c: Context<ReceptionEnv>) => {
    const form = await c.req.parseBody();
    const reference = typeof form.reference === 'string' ? form.reference.slice(0, 40) : '';
    const code = typeof form.code === 'string' ? form.code.slice(0, 20) : '';
    return { form, reference, code, found: reference && code ? await findForPerson(deps.store, reference, code) : undefined };
  };

  app.get('/rights', (c) => c.html(rightsPage({ desk: deskOf(c.get('staff')), values: {}, problems: [] })));

  app.post('/rights', async (c) => {
    const staff = c.get('staff');
    const { form, reference, code, found } = await rightsForm(c);
    const problems: FieldProblem[] = [];
    if (!reference) problems.push({ field: 'reference', message: 'Écrivez la référence de la demande, sur le reçu.' });
    if (!code) problems.push({ field: 'code', message: 'Écrivez le code de suivi, sous la référence sur le reçu.' });
    if (reference && code && !found) problems.push({ field: 'reference', message: 'Aucune demande ne correspond à cette référence et ce code. Vérifiez-les sur le reçu.' });
    if (form.identified !== 'yes') problems.push({ field: 'identified', message: 'Cochez la case quand la personne est là et que vous avez vérifié son identité.' });
    if (problems.length > 0 || !found) return c.html(rightsPage({ desk: deskOf(staff), values: { reference }, problems }), 422);
    const copy = await personCopy({ store: deps.store, content: deps.content, found, actor: actorOf(staff.account), at: deps.now() });
    return c.html(rightsPage({ desk: deskOf(staff), values: { reference }, problems: [], copy, code, labels: labelsOf(found.procedureId) }));
  });

  app.post('/rights/copy.json', async (c) => {
    const staff = c.get('staff');
    const { found } = await rightsForm(c);
    if (!found) throw new GuichetError('submission-not-found', 'Aucune demande ne correspond à cette référence et ce code.');
    const copy = await personCopy({ store: deps.store, content: deps.content, found, actor: actorOf(staff.account), at: deps.now() });
    return c.body(`${JSON.stringify(copy, null, 2)}\n`, 200, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="donnees-${found.reference}.json"`,
    });
  });

  app.post('/rights/erase', async (c) => {
    const staff = c.get('staff');
    const { form, reference, code, found } = await rightsForm(c);
    if (!found) throw new GuichetError('submission-not-found', 'Aucune demande ne correspond à cette référence et ce code.');
    const show = async (more: Partial<Parameters<typeof rightsPage>[0]>, status: 200 | 409 | 422 = 200) => {
      const fresh = (await deps.store.findSubmission(found.reference)) ?? found;
      const copy = await personCopy({ store: deps.store, content: deps.content, found: fresh, actor: actorOf(staff.account), at: deps.now() });
      return c.html(rightsPage({ desk: deskOf(staff), values: { reference }, problems: [], copy, code, labels: labelsOf(found.procedureId), ...more }), status);
    };
    if (form.confirm !== 'yes') return show({ problems: [{ field: 'confirm', message: 'Cochez la case quand la personne demande l’effacement.' }] }, 422);
    const erased = await eraseForPerson({ store: deps.store, attachmentsDir: deps.attachmentsDir, reference: found.reference, actor: actorOf(staff.account), at: deps.now() });
    if (erased.outcome === 'not-delivered')
      return show({ problems: [{ field: 'confirm', message: 'Le service n’a pas encore reçu la demande : elle ne peut pas être effacée avant. Réessayez quand elle est arrivée, ou aidez la personne à la retirer.' }] }, 409);
    return show({ erased: { files: erased.files } });
  });

  // Enrolment of a terminal by the desk (issue 22, part 5), as the console's admin does it.
  app.get('/terminals', (c) => {
    const staff = c.get('staff');
    return c.html(terminalEnrolPage({ desk: deskOf(staff), problems: [], ...(staff.account.site ? { site: staff.account.site } : {}) }));
  });

  app.post('/terminals', async (c) => {
    const staff = c.get('staff');
    const form = await c.req.parseBody();
    const site = typeof form.site === 'string' ? form.site.trim().slice(0, 200) : '';
    if (site && !/^[A-Za-z0-9._:-]{1,64}$/.test(site))
      return c.html(
        terminalEnrolPage({ desk: deskOf(staff), site, problems: [{ field: 'site', message: 'Le lieu s’écrit en lettres sans accent, chiffres, points ou tirets, 64 au plus.' }] }),
        400,
      );
    const credential = newTerminalCredential();
    await deps.store.enrolTerminal({ terminalId: credential.terminalId, secretHash: secretHashOf(credential.secret), site, by: actorOf(staff.account), at: deps.now() });
    const address = setUpAddress(new URL(c.req.url).origin, credential, site);
    const qrSvg = (await QRCode.toString(address, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })).replace(
      '<svg ',
      '<svg role="img" aria-label="Code QR de l’adresse d’installation de la borne" focusable="false" ',
    );
    return c.html(terminalEnrolPage({ desk: deskOf(staff), problems: [], enrolled: { terminalId: credential.terminalId, site, address, qrSvg } }), 201);
  });

  app.get('/mandates/:id', async (c) => {
    const staff = c.get('staff');
    // Only the desk's own: another's names a person (404 unknown, 403 another's).
    const mandate = await ownMandate(deps.store, staff.account, c.req.param('id'));
    return c.html(mandatePage({ desk: deskOf(staff), mandate, titles }));
  });

  return app;
};
