// The instruction desk through the app, as an instructor's browser meets it: sign-in (and who
// may not), the inbox of their services only, a request's page, and each action — with the
// model's refusals (409) and bad input (422) shown as the page again, nothing written.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { hashCode } from '../staff/passwords.ts';
import { createSignInLimiter } from '../staff/limiter.ts';
import { deliverAll } from '../test-support/deliver.ts';
import { SAME_ORIGIN, TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let t: TestApp;
afterEach(async () => {
  await t?.dispose();
});

const start = async (overrides: Parameters<typeof startTestApp>[0] = {}) => (t = await startTestApp({ now: () => NOW, ...overrides }));
const url = (path: string) => `http://${TEST_HOST}${path}`;
const procedure = (id: string): Procedure => t.content.procedures.find((p) => p.id === id)!;
const codeOf = (login: string) => `code-${login}-Kq7m!`;

async function instructor(login = 'c.martin', services = ['mail'], role: 'instructor' | 'manager' | 'reception' = 'instructor') {
  const made = await t.store.createStaffAccount({
    role,
    login,
    displayName: `Agent ${login}`,
    passwordHash: await hashCode(codeOf(login)),
    createdAt: NOW.toISOString(),
    ...(role === 'reception' ? {} : { services }),
  });
  if (made === 'exists') throw new Error('exists');
  return made;
}

const postForm = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = SAME_ORIGIN) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
};

async function signInAtDesk(login = 'c.martin', code = codeOf(login)): Promise<Record<string, string>> {
  const response = await postForm('/desk/sign-in', { login, code, next: '/desk' });
  expect(response.status).toBe(303);
  const cookie = /guichet_desk=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no desk cookie');
  return { Cookie: cookie, ...SAME_ORIGIN };
}

/** A submission, delivered: received by the service (the ARE), in the desk's inbox. */
async function received(id = 'write-to-town-hall'): Promise<string> {
  const response = await t.app.request(url('/api/submissions'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
    body: JSON.stringify(validSubmission(procedure(id), { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
  });
  expect(response.status).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  await deliverAll(t.store, reference, NOW);
  return reference;
}

const get = (path: string, headers: Record<string, string>) => t.app.request(url(path), { headers });
const statuses = async (reference: string) => (await t.store.requestLife(reference))!.history.map((h) => h.status);

describe('/desk sign-in', () => {
  it('signs an instructor in with the argon2 code, and sends anyone else back with a plain message', async () => {
    await start();
    await instructor();
    await instructor('accueil', [], 'reception');
    const anonymous = await get('/desk', {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/desk/sign-in?next=%2Fdesk');

    const wrong = await postForm('/desk/sign-in', { login: 'c.martin', code: 'nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Identifiant ou code incorrect');
    // A reception account is not an instructor: its code does not open the desk.
    expect((await postForm('/desk/sign-in', { login: 'accueil', code: codeOf('accueil') })).status).toBe(401);
    const empty = await postForm('/desk/sign-in', { login: '', code: '' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('Écrivez votre identifiant');

    const headers = await signInAtDesk();
    const inbox = await get('/desk', headers);
    expect(inbox.status).toBe(200);
    expect(inbox.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(await inbox.text()).toContain('Boîte de réception');
  });

  it('signs a manager in too, and signs out: the session ends on the server', async () => {
    await start();
    await instructor('chef', ['mail'], 'manager');
    const headers = await signInAtDesk('chef');
    expect((await get('/desk', headers)).status).toBe(200);
    const out = await postForm('/desk/sign-out', {}, headers);
    expect(out.status).toBe(303);
    expect((await get('/desk', headers)).status).toBe(303);
  });

  it('counts wrong codes with the other staff sign-ins: the limit holds, 429 with Retry-After', async () => {
    await start({ signIns: createSignInLimiter({ perAccount: 2, perAddress: 100, windowMs: 60_000 }) });
    await instructor();
    for (let i = 0; i < 2; i++) expect((await postForm('/desk/sign-in', { login: 'c.martin', code: 'wrong-code-xx' })).status).toBe(401);
    const limited = await postForm('/desk/sign-in', { login: 'c.martin', code: codeOf('c.martin') });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses a form from another site, writing nothing', async () => {
    await start();
    await instructor();
    const headers = await signInAtDesk();
    const reference = await received();
    const response = await postForm(`/desk/requests/${reference}/notes`, { text: 'Hop' }, { Cookie: headers.Cookie!, Host: TEST_HOST, Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    const found = (await t.store.findSubmission(reference))!;
    expect(await t.store.deskNotes(found.id)).toEqual([]);
  });
});

describe('/desk inbox and request', () => {
  it('lists the open requests of the instructor’s services only, and shows one with its answers and history', async () => {
    await start();
    await instructor();
    const headers = await signInAtDesk();
    const mine = await received('write-to-town-hall');
    const theirs = await received('report-street-problem');
    const inbox = await (await get('/desk', headers)).text();
    expect(inbox).toContain(mine);
    expect(inbox).not.toContain(theirs);
    expect(inbox).toContain('Nouvelles demandes, sans agent (1)');

    const page = await get(`/desk/requests/${mine}`, headers);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Reçue, à instruire');
    expect(html).toContain('Refus implicite le');
    expect(html).toContain('Demander des pièces manquantes');
    // Another service's request is not found, as if it did not exist.
    expect((await get(`/desk/requests/${theirs}`, headers)).status).toBe(404);
    expect((await get(`/desk/requests?reference=${mine}`, headers)).headers.get('location')).toBe(`/desk/requests/${mine}`);
    expect((await get(`/desk/requests?reference=${theirs}`, headers)).status).toBe(404);
    expect((await get('/desk/requests?reference=nope', headers)).status).toBe(400);
  });

  it('opens an attachment sandboxed, of a request in scope only', async () => {
    await start();
    await instructor('voirie', ['technical']);
    const headers = await signInAtDesk('voirie');
    const reference = await received('report-street-problem');
    const found = (await t.store.findSubmission(reference))!;
    const files = await t.store.submissionAttachments(found.id);
    expect(files.length).toBeGreaterThan(0);
    const response = await get(`/desk/requests/${reference}/attachments/${files[0]!.id}`, headers);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await get(`/desk/requests/${reference}/attachments/nope`, headers)).status).toBe(404);
  });
});

describe('/desk actions', () => {
  it('asks for missing pieces; once accepted, refuses to ask again (409, the page names the problem), nothing written', async () => {
    await start();
    await instructor();
    const headers = await signInAtDesk();
    const reference = await received();
    const asked = await postForm(`/desk/requests/${reference}/missing`, { other: 'Photo du compteur\nJustificatif de domicile', respondBy: '2026-12-20', message: 'Merci.' }, headers);
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe(`/desk/requests/${reference}?done=missing`);
    const life = (await t.store.requestLife(reference))!;
    expect(life.history.at(-1)).toMatchObject({ status: 'incomplete', respondBy: '2026-12-20', missing: [{ label: { fr: 'Photo du compteur' } }, { label: { fr: 'Justificatif de domicile' } }] });
    const shown = await (await get(asked.headers.get('location')!, headers)).text();
    expect(shown).toContain('Pièces demandées : la personne est prévenue.');
    expect(shown).toContain('Incomplète, en attente de la personne');

    expect((await postForm(`/desk/requests/${reference}/decision`, { decision: 'accepted', message: 'Accordé.' }, headers)).status).toBe(303);
    const before = await statuses(reference);
    expect(before.at(-1)).toBe('accepted');
    const again = await postForm(`/desk/requests/${reference}/missing`, { other: 'Encore une pièce', respondBy: '2026-12-20' }, headers);
    expect(again.status).toBe(409);
    const html = await again.text();
    expect(html).toContain('<title>Erreur : ');
    expect(html).toContain('Action impossible, rien n’a été enregistré');
    expect(await statuses(reference)).toEqual(before);
  });

  it('refuses a missing-pieces request with no piece or a date in the past (422), nothing written', async () => {
    await start();
    await instructor();
    const headers = await signInAtDesk();
    const reference = await received();
    const before = await statuses(reference);
    const none = await postForm(`/desk/requests/${reference}/missing`, { other: '  ', respondBy: '2026-12-20' }, headers);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain('Écrivez au moins une pièce');
    const past = await postForm(`/desk/requests/${reference}/missing`, { other: 'Photo', respondBy: '2026-11-01' }, headers);
    expect(past.status).toBe(422);
    expect(await past.text()).toContain('La date limite doit venir après aujourd’hui.');
    expect(await statuses(reference)).toEqual(before);
  });

  it('rejects with a message, closes, and refuses a second decision on the closed request', async () => {
    await start();
    await instructor();
    const headers = await signInAtDesk();
    const reference = await received();
    const noMessage = await postForm(`/desk/requests/${reference}/decision`, { decision: 'rejected', message: ' ' }, headers);
    expect(noMessage.status).toBe(422);
    expect(await noMessage.text()).toContain('Écrivez le message de la décision');
    expect((await postForm(`/desk/requests/${reference}/decision`, { message: 'Non.' }, headers)).status).toBe(422);
    expect(await statuses(reference)).toEqual(['registered', 'received']);

    const rejected = await postForm(`/desk/requests/${reference}/decision`, { decision: 'rejected', message: 'Votre demande ne relève pas de la mairie.' }, headers);
    expect(rejected.status).toBe(303);
    const life = (await t.store.requestLife(reference))!;
    expect(life.history.at(-1)).toMatchObject({ status: 'rejected', message: { fr: 'Votre demande ne relève pas de la mairie.' } });
    const found = (await t.store.findSubmission(reference))!;
    expect((await t.store.listNotices(found.id)).length).toBeGreaterThan(0);

    expect((await postForm(`/desk/requests/${reference}/close`, { message: '' }, headers)).status).toBe(303);
    expect(await statuses(reference)).toEqual(['registered', 'received', 'rejected', 'closed']);
    const again = await postForm(`/desk/requests/${reference}/decision`, { decision: 'accepted', message: 'Finalement oui.' }, headers);
    expect(again.status).toBe(409);
    expect(await statuses(reference)).toEqual(['registered', 'received', 'rejected', 'closed']);
  });

  it('refuses to close a request that silence decides before any decision (409)', async () => {
    await start();
    await instructor();
    const headers = await signInAtDesk();
    const reference = await received();
    const closed = await postForm(`/desk/requests/${reference}/close`, {}, headers);
    expect(closed.status).toBe(409);
    expect(await statuses(reference)).toEqual(['registered', 'received']);
  });

  it('adds internal notes and assigns to a colleague of the service, never to someone else', async () => {
    await start();
    const me = await instructor();
    const colleague = await instructor('j.petit', ['mail', 'civil-status']);
    const outsider = await instructor('voirie', ['technical']);
    const headers = await signInAtDesk();
    const reference = await received();
    const found = (await t.store.findSubmission(reference))!;

    expect((await postForm(`/desk/requests/${reference}/notes`, { text: '' }, headers)).status).toBe(422);
    expect((await postForm(`/desk/requests/${reference}/notes`, { text: 'Rappeler la personne lundi' }, headers)).status).toBe(303);
    expect(await t.store.deskNotes(found.id)).toMatchObject([{ text: 'Rappeler la personne lundi', authorId: me.id }]);
    expect(await (await get(`/desk/requests/${reference}`, headers)).text()).toContain('Rappeler la personne lundi');

    const refused = await postForm(`/desk/requests/${reference}/assign`, { assignee: String(outsider.id) }, headers);
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('Choisissez un agent du service');
    expect((await postForm(`/desk/requests/${reference}/assign`, { assignee: String(colleague.id) }, headers)).status).toBe(303);
    const inbox = await (await get('/desk', headers)).text();
    expect(inbox).toContain('En cours d’instruction (1)');
    expect(inbox).toContain('Agent j.petit');
    expect((await postForm(`/desk/requests/${reference}/assign`, { assignee: '' }, headers)).status).toBe(303);
    expect(await (await get('/desk', headers)).text()).toContain('Nouvelles demandes, sans agent (1)');
  });

  it('asks for pieces of the procedure’s list named in every locale, and keeps a decision model in every locale unless it was rewritten', async () => {
    await start();
    await instructor('etat-civil', ['civil-status']);
    const headers = await signInAtDesk('etat-civil');
    const reference = await received('civil-status-certificate');
    const page = await get(`/desk/requests/${reference}`, headers);
    const html = await page.text();
    expect(html).toContain('Copie d&#39;une pièce d&#39;identité');
    expect(html).toContain('Acceptation : Acte envoyé par courrier');

    const unknown = await postForm(`/desk/requests/${reference}/missing`, { pieces: 'passport-photo', respondBy: '2026-12-20' }, headers);
    expect(unknown.status).toBe(422);
    expect(await statuses(reference)).toEqual(['registered', 'received']);

    const asked = await postForm(`/desk/requests/${reference}/missing`, { pieces: ['id-document', 'parents'], other: 'Photo du document', respondBy: '2026-12-20' }, headers);
    expect(asked.status).toBe(303);
    const incomplete = (await t.store.requestLife(reference))!.history.at(-1)!;
    expect(incomplete.missing).toEqual([
      { label: expect.objectContaining({ fr: "Copie d'une pièce d'identité", ar: 'نسخة من وثيقة هوية' }) },
      { label: expect.objectContaining({ fr: "Le nom complet du premier parent, tel qu'il figure sur l'acte" }), field: 'firstParentName' },
      { label: { fr: 'Photo du document' } },
    ]);

    const model = procedure('civil-status-certificate').desk!.decisions!.find((d) => d.id === 'sent-by-post')!;
    const decided = await postForm(`/desk/requests/${reference}/decision`, { template: 'sent-by-post', decision: 'accepted', message: model.message.fr!.replace(/\n/g, '\r\n') }, headers);
    expect(decided.status).toBe(303);
    expect((await t.store.requestLife(reference))!.history.at(-1)!.message).toEqual(model.message);

    const other = await received('civil-status-certificate');
    const rewritten = await postForm(`/desk/requests/${other}/decision`, { template: 'sent-by-post', decision: 'accepted', message: `${model.message.fr} Merci.` }, headers);
    expect(rewritten.status).toBe(303);
    expect((await t.store.requestLife(other))!.history.at(-1)!.message).toEqual({ fr: `${model.message.fr} Merci.` });
  });
});
