/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The instruction desk's routes, mounted at /desk by app.ts: sign-in for instructors (identifier
// and code, the same argon2 check and limiter as every staff sign-in, its own cookie), the inbox
// of their services, one request with its answers, files, history and forms, and the actions.
// Every status change goes through the request's life (`applyRequestEvent`: one transaction, the
// status model judges it), so the desk cannot do what the model refuses; a refusal is the page
// again with the problem named, and nothing written. Notes and assignments are the desk's own.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { completionProcedure, roundOf, type Content, type Procedure } from '../../content/model/index.ts';
import { procedureOf } from '../acknowledgments.ts';
import { GuichetError } from '../errors.ts';
import { documentOf, type FieldProblem } from '../pages/index.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { answerRows } from '../relay/answer-rows.ts';
import { REFERENCE, normalizeReference } from '../references.ts';
import type { RequestLife } from '../requests/request-life.ts';
import { legalDates, termsOf, townDay, type Actor, type LocalizedText, type MissingPiece, type StatusEvent, type StatusRefusal } from '../requests/status.ts';
import { channelsFromAnswers } from '../requests/store-life.ts';
import { sameOrigin } from '../security.ts';
import { actorOf, closeStaffSession, openStaffSession, staffOf, type SessionCookie, type Staff } from '../staff/auth.ts';
import type { SignInLimiter } from '../staff/limiter.ts';
import { verifyCode } from '../staff/passwords.ts';
import type { StaffAccount, StaffRole, Store, StoredSubmission } from '../store/types.ts';
import { limitBody, query } from '../validators.ts';
import { InboxPage } from './inbox-page.tsx';
import type { InboxRow } from './inbox.ts';
import type { Instructor } from './layout.tsx';
import { DeskProblemPage } from './problem-page.tsx';
import { RequestPage, type DeskFormName, type DeskRequest, type RequestPageData } from './request-page.tsx';
import { DeskSignInPage, FindRequestPage } from './sign-in-page.tsx';
import { DESK_CSS } from './styles.ts';

/** The desk's own session cookie, apart from the kiosk's and reception's. */
export const DESK_SESSION: SessionCookie = { name: 'guichet_desk', path: '/desk' };

/** Who may sign in to the desk. */
export const DESK_ROLES: readonly StaffRole[] = ['instructor', 'manager'];

export interface DeskDeps {
  store: Store;
  content: Content;
  now: () => Date;
  /** The staff sign-in's limiter: a wrong code here counts with the kiosk's and reception's. */
  limiter: SignInLimiter;
  /** The requests' life: each status change in one transaction, its notices queued and woken. */
  life: RequestLife;
  attachmentsDir: string;
}

type DeskEnv = { Variables: { staff: Staff; instructor: Instructor } };

const FORM_LIMIT = 32 * 1024;
const MESSAGE_MAX = 4000;
/** Desk pages run no script and load only their stylesheet. */
const PAGE_POLICY = "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Only a path inside the desk may be a target after sign-in. */
const safeNext = (value: unknown): string => (typeof value === 'string' && /^\/desk(\/[\w/-]*)?(\?[\w=&%.-]*)?$/.test(value) ? value : '/desk');

/** What each action says once done, on the request's page (PRG: `?done=`). */
const DONE: Record<DeskFormName, string> = {
  missing: 'Pièces demandées : la personne est prévenue.',
  decision: 'Décision enregistrée : la personne est prévenue.',
  close: 'Demande close.',
  note: 'Note ajoutée.',
  assign: 'Demande confiée.',
};

const requestQuery = z.strictObject({
  template: z.string().max(64).optional(),
  done: z.enum(['missing', 'decision', 'close', 'note', 'assign']).optional(),
});

type Form = Record<string, string | File | (string | File)[]>;
const textOf = (form: Form, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};
const listOf = (form: Form, name: string): string[] => [form[name] ?? []].flat().filter((v): v is string => typeof v === 'string');

const localeOf = (content: Content, code: string): DeskRequest['locale'] => {
  const locale = content.site.locales.find((l) => l.code === code);
  return { code, name: locale?.name ?? code, dir: locale?.dir === 'rtl' ? 'rtl' : 'ltr' };
};

/** The page of a refusal the status model made: the problem on the form that sent it. */
const FIELD_OF: Record<DeskFormName, Record<string, string>> = {
  missing: { missing: 'missing-other', respondBy: 'missing-respond-by', 'message.fr': 'missing-message' },
  decision: { 'message.fr': 'decision-message' },
  close: { 'message.fr': 'close-message' },
  note: {},
  assign: {},
};
const FIRST_FIELD: Record<DeskFormName, string> = {
  missing: 'missing-other',
  decision: 'decision-choice',
  close: 'close-message',
  note: 'note-text',
  assign: 'assign-to',
};

/**
 * `/desk`: the instruction desk.
 *
 * @example app.route('/desk', deskRoutes({ store, content, now, limiter, life, attachmentsDir }))
 */
export const deskRoutes = (deps: DeskDeps) => {
  const serviceName = (id: string | undefined) => deps.content.site.services.find((s) => s.id === id)?.name.fr ?? id ?? '';
  const currentProcedure = (id: string) => deps.content.procedures.find((p) => p.id === id);
  const instructorOf = (account: StaffAccount): Instructor => ({ id: String(account.id), name: account.displayName, services: (account.services ?? []).map(serviceName) });
  /** The procedures an account handles: those of its services (site.yaml ids). */
  const proceduresOf = (account: StaffAccount) => deps.content.procedures.filter((p) => p.legal?.service !== undefined && (account.services ?? []).includes(p.legal.service));

  const page = (c: Context, body: unknown, status: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429 = 200, headers: Record<string, string> = {}) =>
    c.html(documentOf(body as never), status, headers);

  const app = new Hono<DeskEnv>();
  app.get('/desk.css', (c) => c.body(DESK_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.use('*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    c.header('Content-Security-Policy', PAGE_POLICY);
    // Every change comes from a page of this server: sign-in included.
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD' && !sameOrigin(c)) throw new GuichetError('origin-refused', 'Cette demande ne vient pas d’une page de ce serveur.');
    await next();
  });
  app.use('*', limitBody(FORM_LIMIT));

  app.get('/sign-in', query(z.strictObject({ next: z.string().max(300).optional() })), (c) =>
    page(c, <DeskSignInPage next={safeNext(c.req.valid('query').next)} problems={[]} />),
  );

  app.post('/sign-in', async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const login = textOf(form, 'login').trim();
    const code = textOf(form, 'code');
    const next = safeNext(form.next);
    const problems: FieldProblem[] = [];
    if (login === '' || login.length > 64) problems.push({ field: 'login', message: 'Écrivez votre identifiant d’agent instructeur.' });
    if (code === '' || code.length > 200) problems.push({ field: 'code', message: 'Écrivez votre code.' });
    if (problems.length > 0) return page(c, <DeskSignInPage next={next} login={login} problems={problems} />, 400);
    const now = deps.now();
    const accountKey = `account:desk:${login.toLowerCase()}`;
    const keys = [accountKey, `address:${clientAddress(c)}`];
    // The try's place is taken before the first await, so a burst cannot outrun the count.
    const place = deps.limiter.reserve(keys, now.getTime());
    if (place.wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'sign-in', keys, retryAfter: place.wait });
      const message = `Trop d’essais : réessayez dans ${Math.ceil(place.wait / 60)} minute(s), ou demandez un nouveau code.`;
      return page(c, <DeskSignInPage next={next} login={login} problems={[{ field: 'code', message }]} />, 429, { 'Retry-After': String(place.wait) });
    }
    let account: StaffAccount | undefined;
    let right: boolean;
    try {
      account = (await deps.store.findStaffAccount('instructor', login)) ?? (await deps.store.findStaffAccount('manager', login));
      right = await verifyCode(account && !account.disabled ? account.passwordHash : undefined, code);
    } catch (error) {
      // A store that failed said nothing about the code: the try does not count.
      place.release();
      throw error;
    }
    if (!account || account.disabled || !right) {
      const message = 'Identifiant ou code incorrect. Vérifiez-les, ou demandez un nouveau code à l’administrateur.';
      return page(c, <DeskSignInPage next={next} login={login} problems={[{ field: 'code', message }]} />, 401);
    }
    place.release();
    deps.limiter.succeed(accountKey);
    await openStaffSession(c, deps.store, account, now, DESK_SESSION);
    await deps.store.appendAudit({ at: now.toISOString(), kind: 'staff.signed-in', actor: actorOf(account), data: { role: account.role, via: 'desk' } });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const staff = await staffOf(c, deps.store, deps.now(), DESK_SESSION);
    await closeStaffSession(c, deps.store, DESK_SESSION);
    if (staff) await deps.store.appendAudit({ at: deps.now().toISOString(), kind: 'staff.signed-out', actor: actorOf(staff.account), data: { via: 'desk' } });
    return c.redirect('/desk/sign-in', 303);
  });

  // Everything below: an instructor's session, checked on every request.
  app.use('*', async (c, next) => {
    const staff = await staffOf(c, deps.store, deps.now(), DESK_SESSION);
    if (!staff) return c.redirect(`/desk/sign-in?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
    if (!DESK_ROLES.includes(staff.account.role))
      return page(c, <DeskProblemPage title="Réservé aux agents instructeurs" message="Ce compte ne donne pas accès à l’instruction. Demandez un compte d’agent instructeur à l’administrateur." />, 403);
    c.set('staff', staff);
    c.set('instructor', instructorOf(staff.account));
    await next();
  });

  app.get('/', async (c) => {
    const account = c.get('staff').account;
    const procedures = proceduresOf(account);
    const now = deps.now();
    const open = await deps.store.deskOpenRequests({ procedureIds: procedures.map((p) => p.id), limit: 1000 });
    const rows = open.map((request): InboxRow => {
      const procedure = currentProcedure(request.procedureId)!;
      const dates = legalDates({ terms: termsOf(procedure), history: request.history });
      const status = request.history.at(-1)?.status ?? 'registered';
      return {
        reference: request.reference,
        procedureTitle: procedure.title.fr ?? procedure.id,
        service: serviceName(procedure.legal?.service),
        status,
        receivedAt: request.receivedAt,
        ...(dates.implicitDecisionDate ? { implicitDecisionDate: dates.implicitDecisionDate } : {}),
        ...(dates.implicitDecision ? { implicitDecision: dates.implicitDecision } : {}),
        ...(dates.respondBy ? { respondBy: dates.respondBy } : {}),
        ...(request.assignee ? { assignee: request.assignee.name } : {}),
        ...(request.channel ? { channel: request.channel } : {}),
      };
    });
    return page(c, <InboxPage instructor={c.get('instructor')} today={townDay(now)} rows={rows} />);
  });

  app.get('/requests', query(z.strictObject({ reference: z.string().max(40).optional() })), async (c) => {
    const instructor = c.get('instructor');
    const typed = c.req.valid('query').reference?.trim();
    if (!typed) return page(c, <FindRequestPage instructor={instructor} problems={[]} />);
    const reference = normalizeReference(typed);
    if (!REFERENCE.test(reference))
      return page(c, <FindRequestPage instructor={instructor} reference={typed} problems={[{ field: 'reference', message: 'Une référence a 8 caractères, par exemple K7QD-4MZ9. Vérifiez-la sur le reçu.' }]} />, 400);
    const found = await inScope(c.get('staff').account, reference);
    if (!found)
      return page(c, <FindRequestPage instructor={instructor} reference={typed} problems={[{ field: 'reference', message: `Aucune demande de vos services ne porte la référence ${reference}. Vérifiez-la : les lettres O et I n’y sont jamais.` }]} />, 404);
    return c.redirect(`/desk/requests/${encodeURIComponent(found.reference)}`, 303);
  });

  /** A request of the account's services; another's is not found, so the desk tells nothing of it. */
  async function inScope(account: StaffAccount, reference: string): Promise<StoredSubmission | undefined> {
    const found = REFERENCE.test(reference) ? await deps.store.findSubmission(reference) : undefined;
    if (!found) return undefined;
    const service = currentProcedure(found.procedureId)?.legal?.service;
    return service !== undefined && (account.services ?? []).includes(service) ? found : undefined;
  }

  const notFound = (c: Context<DeskEnv>, reference: string) =>
    page(c, <DeskProblemPage instructor={c.get('instructor')} title="Demande introuvable" message={`Aucune demande de vos services ne porte la référence ${reference}.`} />, 404);

  /** Everything the request's page shows. */
  async function pageData(c: Context<DeskEnv>, found: StoredSubmission, extra: Partial<RequestPageData> = {}): Promise<RequestPageData> {
    const account = c.get('staff').account;
    const procedure: Procedure = await procedureOf(deps.content, deps.store, found);
    const terms = termsOf(procedure);
    const [life, attachments, notes, attribution, accounts, assignee] = await Promise.all([
      deps.store.requestLife(found.reference),
      deps.store.submissionAttachments(found.id),
      deps.store.deskNotes(found.id),
      deps.store.attributionOf(found.id),
      deps.store.listStaffAccounts(),
      deps.store.deskAssignee(found.id),
    ]);
    const history = life?.history ?? [];
    const record = { terms, history };
    const mandate = attribution?.mandateId ? await deps.store.getMandate(attribution.mandateId) : undefined;
    const mediator = attribution?.mediatorId ? accounts.find((a) => a.id === attribution.mediatorId) : undefined;
    const types = new Map(attachments.map((a) => [a.id, a.type]));
    // The pieces the resident gave after each request for them (L114-5), as questions of their own.
    const pieces: Procedure[] = history.flatMap((entry, index) => {
      if (entry.status !== 'incomplete' || !entry.missing) return [];
      const asked = completionProcedure(procedure, entry.missing, roundOf(history, index));
      return [{ ...asked, steps: asked.steps.filter((step) => step.fields.every((field) => field.id === step.id)) }];
    });
    const fieldLabel = (fieldId: string) => [procedure, ...pieces].flatMap((p) => p.steps.flatMap((s) => s.fields)).find((f) => f.id === fieldId)?.label.fr ?? fieldId;
    const service = procedure.legal?.service;
    const colleagues = accounts
      .filter((a) => DESK_ROLES.includes(a.role) && !a.disabled && service !== undefined && (a.services ?? []).includes(service))
      .map((a) => ({ id: String(a.id), name: a.displayName }));
    const request: DeskRequest = {
      reference: found.reference,
      procedureTitle: procedure.title.fr ?? procedure.id,
      service: serviceName(service),
      status: history.at(-1)?.status ?? 'registered',
      decides: terms.kind === 'request' && (terms.silence === 'acceptance' || terms.silence === 'rejection'),
      locale: localeOf(deps.content, found.locale),
      receivedAt: found.receivedAt,
      dates: legalDates(record),
      ...(attribution?.channel ? { channel: attribution.channel } : {}),
      ...(attribution?.site ? { site: attribution.site } : {}),
      ...(mandate && mediator ? { assistance: { mediatorName: mediator.displayName, mandateId: mandate.id, until: mandate.expiresAt } } : {}),
      notices: found.answers === undefined ? [] : channelsFromAnswers(procedure, found.answers),
      answers:
        found.answers === undefined
          ? []
          : [procedure, ...pieces].flatMap((asked) => answerRows(asked, found.answers!, types)).map((row, index) => ({ id: String(index), label: row.label, value: row.value })),
      attachments: attachments.map((a) => ({
        id: a.id,
        label: fieldLabel(a.field),
        type: a.type,
        bytes: a.bytes,
        href: `/desk/requests/${encodeURIComponent(found.reference)}/attachments/${encodeURIComponent(a.id)}`,
      })),
      history,
      notes: notes.map((n) => ({ at: n.at, author: n.authorName, text: n.text })),
      ...(assignee ? { assignee: { id: String(assignee.id), name: assignee.name } } : {}),
    };
    return {
      instructor: instructorOf(account),
      today: townDay(deps.now(), terms),
      request,
      names: new Map(accounts.map((a) => [String(a.id), a.displayName])),
      // Today's lists of the procedure (content `desk:`), whatever version the request was made with.
      proposedPieces: (currentProcedure(found.procedureId)?.desk?.pieces ?? []).map((piece) => ({ id: piece.id, label: piece.label.fr ?? piece.id })),
      templates: (currentProcedure(found.procedureId)?.desk?.decisions ?? []).map((model) => ({
        id: model.id,
        decision: model.decision,
        title: model.title.fr ?? model.id,
        text: model.message as LocalizedText,
      })),
      colleagues,
      ...extra,
    };
  }

  app.get('/requests/:reference', query(requestQuery), async (c) => {
    const reference = normalizeReference(c.req.param('reference'));
    const found = await inScope(c.get('staff').account, reference);
    if (!found) return notFound(c, reference);
    const { done, template } = c.req.valid('query');
    return page(c, <RequestPage {...await pageData(c, found, { ...(done ? { notice: DONE[done] } : {}), ...(template ? { templateId: template } : {}) })} />);
  });

  // A file opened from the desk: served as a download-less inline view, sandboxed, never sniffed.
  app.get('/requests/:reference/attachments/:id', async (c) => {
    const reference = normalizeReference(c.req.param('reference'));
    const found = await inScope(c.get('staff').account, reference);
    if (!found) return notFound(c, reference);
    const file = (await deps.store.submissionAttachments(found.id)).find((a) => a.id === c.req.param('id'));
    if (!file)
      return page(c, <DeskProblemPage instructor={c.get('instructor')} title="Pièce introuvable" message="Cette pièce jointe n’existe pas ou a été effacée (durée de conservation passée)." />, 404);
    const bytes = await readFile(join(deps.attachmentsDir, file.sha256));
    await deps.store.appendAudit({ at: deps.now().toISOString(), kind: 'desk.attachment-viewed', actor: actorOf(c.get('staff').account), submissionId: found.id, data: { attachment: file.id } });
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': file.type,
      'Content-Disposition': 'inline',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    });
  });

  /** Runs one form: its problems are the page again (422), the model's refusal too (409), else back to the page. */
  function action(name: DeskFormName, run: (input: { c: Context<DeskEnv>; form: Form; found: StoredSubmission; actor: Actor; today: string }) => Promise<FieldProblem[] | StatusRefusal | undefined>) {
    app.post(`/requests/:reference/${name === 'note' ? 'notes' : name}`, async (c) => {
      const reference = normalizeReference(c.req.param('reference'));
      const found = await inScope(c.get('staff').account, reference);
      if (!found) return notFound(c, reference);
      const form = (await c.req.parseBody({ all: true })) as Form;
      const account = c.get('staff').account;
      const procedure = await procedureOf(deps.content, deps.store, found);
      const outcome = await run({ c, form, found, actor: { kind: 'instructor', id: String(account.id) }, today: townDay(deps.now(), termsOf(procedure)) });
      if (outcome === undefined) return c.redirect(`/desk/requests/${encodeURIComponent(found.reference)}?done=${name}`, 303);
      const values: Record<string, string | string[]> = {};
      for (const [key, value] of Object.entries(form)) values[key] = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? value : '';
      if (!Array.isArray(outcome) && outcome.status === 409)
        // The status no longer allows it: said at the top of the page, the form as it was typed.
        return page(c, <RequestPage {...await pageData(c, found, { refusal: outcome.detail, form: { name, problems: [], values } })} />, 409);
      const problems = Array.isArray(outcome) ? outcome : [{ field: (outcome.field && FIELD_OF[name][outcome.field]) || FIRST_FIELD[name], message: outcome.detail }];
      return page(c, <RequestPage {...await pageData(c, found, { form: { name, problems, values } })} />, 422);
    });
  }

  /** Applies a status event; a refusal comes back for the page, nothing written. */
  const apply = async (found: StoredSubmission, event: StatusEvent): Promise<StatusRefusal | undefined> => {
    const result = await deps.life.applyEvent(found.reference, event, { kind: 'desk', instructorId: event.actor.kind === 'instructor' ? event.actor.id : '' }, deps.now());
    if (result.outcome === 'refused') return result.refusal;
    if (result.outcome !== 'applied') throw new GuichetError('submission-not-found', `Aucune demande ne porte la référence ${found.reference}.`);
    return undefined;
  };

  const tooLong = (text: string) => text.length > MESSAGE_MAX;

  action('missing', async ({ form, found, actor, today }) => {
    const other = textOf(form, 'other')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    const respondBy = textOf(form, 'respondBy').trim();
    const message = textOf(form, 'message').trim();
    const problems: FieldProblem[] = [];
    const listed = currentProcedure(found.procedureId)?.desk?.pieces ?? [];
    const chosen = listOf(form, 'pieces').map((id) => listed.find((piece) => piece.id === id));
    if (chosen.some((piece) => piece === undefined)) problems.push({ field: 'missing-pieces', message: 'Choisissez les pièces dans la liste de la démarche.' });
    if (other.length === 0 && chosen.length === 0) problems.push({ field: 'missing-other', message: 'Écrivez au moins une pièce ou information à demander, une par ligne.' });
    else if (other.length > 20 || other.some((line) => line.length > 300)) problems.push({ field: 'missing-other', message: 'Vingt pièces au plus, de 300 caractères chacune au plus.' });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(respondBy) || Number.isNaN(Date.parse(`${respondBy}T00:00:00Z`)))
      problems.push({ field: 'missing-respond-by', message: 'Donnez la date limite, par exemple 15/04/2026.' });
    else if (respondBy <= today) problems.push({ field: 'missing-respond-by', message: 'La date limite doit venir après aujourd’hui.' });
    if (tooLong(message)) problems.push({ field: 'missing-message', message: `Le message a ${MESSAGE_MAX} caractères au plus.` });
    if (problems.length > 0) return problems;
    // A piece of the procedure's list is named in every locale, and may ask a question again.
    const missing: MissingPiece[] = [
      ...chosen.flatMap((piece) => (piece ? [{ label: piece.label as LocalizedText, ...(piece.field ? { field: piece.field } : {}) }] : [])),
      ...other.map((fr) => ({ label: { fr } })),
    ];
    return apply(found, { type: 'incomplete', actor, missing, respondBy, ...(message ? { message: { fr: message } } : {}) });
  });

  action('decision', async ({ form, found, actor }) => {
    const decision = textOf(form, 'decision');
    const message = textOf(form, 'message').trim();
    const problems: FieldProblem[] = [];
    if (decision !== 'accepted' && decision !== 'rejected') problems.push({ field: 'decision-choice', message: 'Choisissez d’accepter ou de refuser la demande.' });
    if (message === '') problems.push({ field: 'decision-message', message: 'Écrivez le message de la décision : la personne le lira.' });
    else if (tooLong(message)) problems.push({ field: 'decision-message', message: `Le message a ${MESSAGE_MAX} caractères au plus.` });
    if (problems.length > 0) return problems;
    // The procedure's model kept as it is: the resident reads it in their language beside the French.
    const model = currentProcedure(found.procedureId)?.desk?.decisions?.find((candidate) => candidate.id === textOf(form, 'template'));
    const kept = model && model.message.fr?.trim() === message.replace(/\r\n/g, '\n') ? (model.message as LocalizedText) : { fr: message };
    return apply(found, { type: decision as 'accepted' | 'rejected', actor, message: kept });
  });

  action('close', async ({ form, found, actor }) => {
    const message = textOf(form, 'message').trim();
    if (tooLong(message)) return [{ field: 'close-message', message: `Le message a ${MESSAGE_MAX} caractères au plus.` }];
    return apply(found, { type: 'closed', actor, ...(message ? { message: { fr: message } } : {}) });
  });

  action('note', async ({ c, form, found }) => {
    const text = textOf(form, 'text').trim();
    if (text === '') return [{ field: 'note-text', message: 'Écrivez la note.' }];
    if (tooLong(text)) return [{ field: 'note-text', message: `La note a ${MESSAGE_MAX} caractères au plus.` }];
    const account = c.get('staff').account;
    await deps.store.addDeskNote({ submissionId: found.id, authorId: account.id, actor: actorOf(account), at: deps.now().toISOString(), text });
    return undefined;
  });

  action('assign', async ({ c, form, found }) => {
    const chosen = textOf(form, 'assignee');
    const account = c.get('staff').account;
    let accountId: number | null = null;
    if (chosen !== '') {
      const service = currentProcedure(found.procedureId)?.legal?.service;
      const colleague = /^\d{1,15}$/.test(chosen) ? await deps.store.getStaffAccount(Number(chosen)) : undefined;
      if (!colleague || colleague.disabled || !DESK_ROLES.includes(colleague.role) || service === undefined || !(colleague.services ?? []).includes(service))
        return [{ field: 'assign-to', message: 'Choisissez un agent du service dans la liste.' }];
      accountId = colleague.id;
    }
    await deps.store.assignRequest({ submissionId: found.id, accountId, at: deps.now().toISOString(), actor: actorOf(account) });
    return undefined;
  });

  return app;
};
