// The reception console through the app, as a browser and a screen reader meet it (issue 7,
// part 5): who may reach it (a resident, an agent, a mediator may not), what a reception agent
// sees (its own site's submissions and stuck deliveries), finding a request and printing its
// receipt again, and opening an assisted session for a walk-in.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { hashCode } from '../staff/passwords.ts';
import { SAME_ORIGIN, TEST_HOST, signIn } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import { createSignInLimiter } from '../staff/limiter.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let t: TestApp;
afterEach(async () => {
  await t?.dispose();
});

const start = async (overrides: Parameters<typeof startTestApp>[0] = {}) => (t = await startTestApp({ now: () => NOW, ...overrides }));
const url = (path: string) => `http://${TEST_HOST}${path}`;
const procedure = (id: string): Procedure => t.content.procedures.find((p) => p.id === id)!;
/** The code test-support's signIn gives an account, so the kiosk's sign-in works for these too. */
const codeOf = (login: string) => `code-${login}-Kq7m!`;
const CODE = codeOf('accueil');

async function receptionAccount(login = 'accueil', site: string | null = 'accueil-mairie') {
  const made = await t.store.createStaffAccount({
    role: 'reception',
    login,
    displayName: `Accueil ${login}`,
    passwordHash: await hashCode(codeOf(login)),
    createdAt: NOW.toISOString(),
    ...(site ? { site } : {}),
  });
  if (made === 'exists') throw new Error('exists');
  return made;
}

const postForm = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = SAME_ORIGIN) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v);
  return t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
};

/** Signs in through the console's form, as the desk does; returns the headers of its session. */
async function signInAtDesk(login = 'accueil', code = codeOf(login)): Promise<Record<string, string>> {
  const response = await postForm('/reception/sign-in', { login, code, next: '/reception' });
  expect(response.status).toBe(303);
  const cookie = /guichet_reception=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error('no reception cookie');
  return { Cookie: cookie, ...SAME_ORIGIN };
}

const submit = async (id: string, headers: Record<string, string> = {}) => {
  const response = await t.app.request(url('/api/submissions'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
    body: JSON.stringify(validSubmission(procedure(id), { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { reference: string; trackingCode: string };
};

const page = async (path: string, headers: Record<string, string>) => {
  const response = await t.app.request(url(path), { headers });
  return { response, text: await response.text() };
};

describe('who may reach the reception console', () => {
  it('sends a resident to its sign-in, and answers JSON callers 401', async () => {
    await start();
    for (const path of ['/reception', '/reception/requests?reference=K7QD-4MZ9', '/reception/mandates/new', '/reception/requests/K7QD-4MZ9/receipt.pdf']) {
      const response = await t.app.request(url(path));
      expect(response.status, path).toBe(303);
      expect(response.headers.get('location')).toBe(`/reception/sign-in?next=${encodeURIComponent(path)}`);
    }
    const json = await t.app.request(url('/reception'), { headers: { Accept: 'application/json' } });
    expect(json.status).toBe(401);
    expect(json.headers.get('content-type')).toContain('application/problem+json');
    const forged = await postForm('/reception/mandates', { residentName: 'X', procedureIds: 'write-to-town-hall', consent: 'yes' }, { Cookie: 'guichet_reception=forged', ...SAME_ORIGIN });
    expect(forged.status).toBe(303);
  });

  it('lets neither an agent nor a mediator in: their codes do not open it, and their sessions are refused', async () => {
    await start();
    await receptionAccount();
    for (const role of ['agent', 'mediator'] as const) {
      const member = await signIn(t, role, role === 'agent' ? '4512' : 'm.durand');
      // Their own code, typed in the reception form: no reception account has it.
      const typed = await postForm('/reception/sign-in', { login: member.account.login, code: member.code });
      expect(typed.status).toBe(401);
      expect(typed.headers.get('set-cookie')).toBeNull();
      // Their kiosk session does not count here…
      expect((await page('/reception', member.headers)).response.status).toBe(303);
      // …and the same session token carried in the console's cookie meets the role check.
      const token = /guichet_staff=([^;]+)/.exec(member.headers.Cookie!)![1];
      const smuggled = { Cookie: `guichet_reception=${token}`, ...SAME_ORIGIN };
      const refused = await page('/reception', smuggled);
      expect(refused.response.status).toBe(403);
      expect(refused.text).toContain('réservée à l’accueil');
      const json = await t.app.request(url('/reception/requests?reference=K7QD-4MZ9'), { headers: { ...smuggled, Accept: 'application/json' } });
      expect(json.status).toBe(403);
      expect(((await json.json()) as { code: string }).code).toBe('role-forbidden');
    }
  });

  it('signs a reception agent in with identifier and pasted code, in its own HttpOnly cookie, and out', async () => {
    await start();
    const account = await receptionAccount();
    await t.store.updateStaffAccount(account.id, { passwordHash: await hashCode('  collé «7» ') });
    expect((await postForm('/reception/sign-in', { login: 'accueil', code: 'collé «7»' })).status).toBe(401);
    const response = await postForm('/reception/sign-in', { login: ' accueil ', code: '  collé «7» ', next: '/reception/mandates/new' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/reception/mandates/new');
    expect(response.headers.get('set-cookie')).toMatch(/^guichet_reception=[\w-]{43}; Max-Age=28800; Path=\/reception; HttpOnly; SameSite=Strict$/);
    const headers = { Cookie: /guichet_reception=[^;]+/.exec(response.headers.get('set-cookie')!)![0], ...SAME_ORIGIN };
    expect((await page('/reception', headers)).response.status).toBe(200);
    const out = await postForm('/reception/sign-out', {}, headers);
    expect(out.status).toBe(200);
    expect((await page('/reception', headers)).response.status).toBe(303);
  });

  it('names the field in a wrong sign-in, limits wrong codes, and refuses a form posted from another site', async () => {
    await start({ signIns: createSignInLimiter({ perAccount: 3, perAddress: 20, windowMs: 15 * 60_000 }) });
    await receptionAccount();
    const empty = await postForm('/reception/sign-in', { login: '', code: '' });
    expect(empty.status).toBe(400);
    const emptyText = await empty.text();
    expect(emptyText).toContain('<title>Erreur : Connexion');
    expect(emptyText).toContain('href="#login">Écrivez votre identifiant');
    for (let i = 0; i < 3; i++) expect((await postForm('/reception/sign-in', { login: 'accueil', code: `faux-${i}` })).status).toBe(401);
    const limited = await postForm('/reception/sign-in', { login: 'accueil', code: CODE });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const crossSite = await postForm('/reception/sign-in', { login: 'accueil', code: CODE }, { Host: TEST_HOST, Origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('what a reception agent sees', () => {
  it('lists today’s submissions of its own site only, and the stuck deliveries of its site', async () => {
    await start();
    await receptionAccount('accueil', 'accueil-mairie');
    await receptionAccount('mediatheque', 'mediatheque');
    const here = await submit('write-to-town-hall', { 'Guichet-Site': 'accueil-mairie', 'Guichet-Terminal': 't-1' });
    const there = await submit('report-street-problem', { 'Guichet-Site': 'mediatheque' });
    const nowhere = await submit('write-to-town-hall');
    expect(await t.store.listAttributed({ site: 'accueil-mairie', limit: 10 })).toMatchObject([{ reference: here.reference, site: 'accueil-mairie' }]);
    // Every route waits for a back-office that is not configured: the console says why.
    for (const route of procedure('report-street-problem').routes ?? []) await t.store.noteUndeliverableRoute(route, 'Service non configuré.');

    const desk = await signInAtDesk('accueil');
    const today = await page('/reception', desk);
    expect(today.response.headers.get('cache-control')).toBe('no-store');
    expect(today.response.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(today.text).toContain(here.reference);
    expect(today.text).not.toContain(there.reference);
    expect(today.text).not.toContain(nowhere.reference);

    const other = await page('/reception', await signInAtDesk('mediatheque'));
    expect(other.text).toContain(there.reference);
    expect(other.text).not.toContain(here.reference);
    // The street report waits for its back-office: stuck, and listed at its own desk.
    expect(other.text).toMatch(/Livraisons abandonnées ou en échec de mediatheque/);
    expect(other.text).toContain('Service non configuré.');
    expect(today.text).toContain('Aucune livraison bloquée');

    const json = await t.app.request(url('/reception'), { headers: { ...desk, Accept: 'application/json' } });
    expect(((await json.json()) as { submissions: Array<{ reference: string }> }).submissions.map((s) => s.reference)).toEqual([here.reference]);
  });

  it('a reception account without a site sees every site', async () => {
    await start();
    await receptionAccount('mairie', null);
    const a = await submit('write-to-town-hall', { 'Guichet-Site': 'accueil-mairie' });
    const b = await submit('write-to-town-hall', { 'Guichet-Site': 'mediatheque' });
    const today = await page('/reception', await signInAtDesk('mairie'));
    expect(today.text).toContain(a.reference);
    expect(today.text).toContain(b.reference);
  });

  it('finds a request by its reference, typed loosely, and prints its receipt again, audited', async () => {
    await start();
    await receptionAccount();
    const sent = await submit('write-to-town-hall', { 'Guichet-Site': 'mediatheque' });
    const desk = await signInAtDesk();
    const found = await page(`/reception/requests?reference=${encodeURIComponent(` ${sent.reference.toLowerCase().replace('-', '')} `)}`, desk);
    expect(found.response.status).toBe(200);
    expect(found.text).toContain(`<h1>Demande ${sent.reference}</h1>`);
    expect(found.text).toContain('Reçu sur papier A4');
    // The tracking code is the person's: the desk does not need it, and the page does not show it.
    expect(found.text).not.toContain(sent.trackingCode);

    const pdf = await t.app.request(url(`/reception/requests/${sent.reference}/receipt.pdf?paper=80mm`), { headers: desk });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(pdf.headers.get('guichet-acknowledgment')).toBe('registration');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    const submission = await t.store.findSubmission(sent.reference);
    expect((await t.store.auditTrail(submission!.id)).map((e) => [e.kind, e.actor])).toContainEqual(['receipt.reprinted', 'reception:accueil']);
  });

  it('says plainly when a reference is malformed or unknown, and refuses malformed requests with problem+json', async () => {
    await start();
    await receptionAccount();
    const desk = await signInAtDesk();
    const malformed = await page('/reception/requests?reference=K7QD', desk);
    expect(malformed.response.status).toBe(400);
    expect(malformed.text).toContain('aria-invalid="true"');
    expect(malformed.text).toContain('8 caractères');
    const unknown = await page('/reception/requests?reference=ZZZZ-ZZZZ', desk);
    expect(unknown.response.status).toBe(404);
    expect(unknown.text).toContain('Aucune demande ne porte la référence ZZZZ-ZZZZ');
    for (const path of ['/reception/requests?reference=K7QD-4MZ9&extra=1', '/reception/requests/ZZZZ-ZZZZ/receipt.pdf', '/reception/requests/ZZZZ-ZZZZ/receipt.pdf?paper=a3', `/reception/mandates/${randomUUID()}`]) {
      const response = await t.app.request(url(path), { headers: desk });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get('content-type'), path).toContain('application/problem+json');
    }
  });
});

describe('an assisted session for a walk-in', () => {
  it('names each missing answer, then records the mandate for the desk, which then submits under it', async () => {
    await start();
    const account = await receptionAccount();
    const desk = await signInAtDesk();
    const form = await page('/reception/mandates/new', desk);
    expect(form.text).toContain('<legend>Démarches que la personne vous confie</legend>');
    expect(form.text).not.toContain('agent-leave-request');

    const empty = await postForm('/reception/mandates', { residentName: ' ' }, desk);
    expect(empty.status).toBe(422);
    const emptyText = await empty.text();
    expect(emptyText).toContain('3 choses à corriger');
    expect(emptyText).toContain('Écrivez le nom de la personne.');
    expect(emptyText).toContain('Cochez au moins une démarche.');
    expect(emptyText).toContain('Cochez la case quand la personne a dit oui');
    const agentOnly = await postForm('/reception/mandates', { residentName: 'Jeanne Martin', procedureIds: 'agent-leave-request', consent: 'yes' }, desk);
    expect(agentOnly.status).toBe(422);
    expect(await agentOnly.text()).toContain('ne peuvent pas être confiées : agent-leave-request');

    const made = await postForm('/reception/mandates', { residentName: 'Jeanne Martin', procedureIds: ['write-to-town-hall', 'report-street-problem'], consent: 'yes' }, desk);
    expect(made.status).toBe(303);
    const location = made.headers.get('location')!;
    const id = location.split('/').pop()!;
    const mandate = await t.store.getMandate(id);
    expect(mandate).toMatchObject({ mediatorId: account.id, residentName: 'Jeanne Martin', scope: 'session', channel: 'reception' });
    const shown = await page(location, desk);
    expect(shown.text).toContain('Session accompagnée pour <bdi>Jeanne Martin</bdi>');

    // The desk's kiosk, signed in with the same reception account, submits under the mandate.
    const kiosk = await signIn(t, 'reception', 'accueil');
    const sent = await submit('write-to-town-hall', { ...kiosk.headers, 'Guichet-Mandate': id, 'Guichet-Site': 'accueil-mairie' });
    const stored = await t.store.findSubmission(sent.reference);
    expect(await t.store.attributionOf(stored!.id)).toMatchObject({ channel: 'reception', receptionId: account.id, mandateId: id, site: 'accueil-mairie' });
    // Outside the procedures the person named, refused.
    const outside = await t.app.request(url('/api/submissions'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...kiosk.headers, 'Guichet-Mandate': id },
      body: JSON.stringify(validSubmission(procedure('school-registration'), { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
    });
    expect(outside.status).toBe(403);
  });
});
