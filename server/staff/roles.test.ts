// Role boundaries, through the app as a client sees it (issue 7): sign-in with argon2id codes,
// rate limits with Retry-After, HttpOnly SameSite=Strict sessions that end on the server; a
// resident cannot reach staff or console routes; an agent sees only their own requests; a
// mediator acts only inside a live mandate of their own.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Procedure } from '../../content/model/index.ts';
import { SAME_ORIGIN, TEST_HOST, signIn } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';
import type { Mandate } from '../store/types.ts';
import { createSignInLimiter } from './limiter.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let clock = NOW;
const now = () => clock;
let t: TestApp;
afterEach(async () => {
  clock = NOW;
  await t?.dispose();
});

const start = async (overrides: Parameters<typeof startTestApp>[0] = {}) =>
  (t = await startTestApp({ now, console: { adminToken: 'unit-console-token-0123456789abcdefghijkl' }, ...overrides }));
const url = (path: string) => `http://${TEST_HOST}${path}`;
const procedure = (id: string): Procedure => t.content.procedures.find((p) => p.id === id)!;

const signInRequest = (body: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  t.app.request(url('/api/staff/sign-in'), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

const submit = (id: string, headers: Record<string, string> = {}) =>
  t.app.request(url('/api/submissions'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
    body: JSON.stringify(validSubmission(procedure(id), { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
  });

describe('sign-in', () => {
  it('signs in with the right code only, answering a wrong code and an unknown identifier alike', async () => {
    await start();
    const agent = await signIn(t, 'agent', '4512', 'Nadia Benali');
    const wrong = await signInRequest({ role: 'agent', login: '4512', code: 'not-the-code' });
    const unknown = await signInRequest({ role: 'agent', login: '9999', code: 'not-the-code' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    // The same identifier in another role is another account.
    expect((await signInRequest({ role: 'mediator', login: '4512', code: agent.code })).status).toBe(401);

    const me = await t.app.request(url('/api/staff/me'), { headers: agent.headers });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ role: 'agent', login: '4512', displayName: 'Nadia Benali' });
  });

  it('keeps a pasted code exactly as pasted: spaces and symbols count', async () => {
    await start();
    const { account } = await signIn(t, 'mediator', 'm.durand');
    const { hashCode } = await import('./passwords.ts');
    await t.store.updateStaffAccount(account.id, { passwordHash: await hashCode('  «pâte» 7 ') });
    expect((await signInRequest({ role: 'mediator', login: ' m.durand ', code: '  «pâte» 7 ' })).status).toBe(200);
    expect((await signInRequest({ role: 'mediator', login: 'm.durand', code: '«pâte» 7' })).status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Strict cookie holding a random token, never the code nor its hash', async () => {
    await start();
    const agent = await signIn(t, 'agent', '4512');
    const response = await signInRequest({ role: 'agent', login: '4512', code: agent.code });
    const cookie = response.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^guichet_staff=[\w-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(agent.code);
    expect(cookie).not.toContain(agent.account.passwordHash);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a sign-in posted from another site', async () => {
    await start();
    const agent = await signIn(t, 'agent', '4512');
    const response = await signInRequest({ role: 'agent', login: '4512', code: agent.code }, { Host: TEST_HOST, Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('limits wrong codes per account (429 with Retry-After, even for the right code) and per address', async () => {
    await start({ signIns: createSignInLimiter({ perAccount: 5, perAddress: 8, windowMs: 15 * 60_000 }) });
    const agent = await signIn(t, 'agent', '4512');
    for (let i = 0; i < 5; i++) expect((await signInRequest({ role: 'agent', login: '4512', code: `wrong-${i}` })).status).toBe(401);
    const limited = await signInRequest({ role: 'agent', login: '4512', code: agent.code });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Other accounts from the same address: three more failures fill the address's eight.
    for (let i = 0; i < 3; i++) expect((await signInRequest({ role: 'agent', login: `77${i}`, code: 'wrong' })).status).toBe(401);
    const mediator = await signIn(t, 'mediator', 'm.durand').catch((error: Error) => error);
    expect(String(mediator)).toContain('429');
  });

  it('ends the session on the server at sign-out and after 8 hours, whatever the browser keeps', async () => {
    await start();
    const agent = await signIn(t, 'agent', '4512');
    clock = new Date(NOW.getTime() + 8 * 3_600_000 - 1000);
    expect((await t.app.request(url('/api/staff/me'), { headers: agent.headers })).status).toBe(200);
    clock = new Date(NOW.getTime() + 8 * 3_600_000);
    expect((await t.app.request(url('/api/staff/me'), { headers: agent.headers })).status).toBe(401);

    clock = NOW;
    const again = await signIn(t, 'agent', '4512');
    const out = await t.app.request(url('/api/staff/sign-out'), { method: 'POST', headers: again.headers });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/guichet_staff=;.*Max-Age=0/);
    expect((await t.app.request(url('/api/staff/me'), { headers: again.headers })).status).toBe(401);
  });
});

describe('a resident (no staff session)', () => {
  it('reaches neither staff routes nor the console', async () => {
    await start();
    expect((await t.app.request(url('/api/staff/me'))).status).toBe(401);
    expect((await t.app.request(url('/api/staff/requests'))).status).toBe(401);
    const forged = { Cookie: 'guichet_staff=forged-token', ...SAME_ORIGIN };
    expect((await t.app.request(url('/api/staff/requests'), { headers: forged })).status).toBe(401);
    for (const path of ['/console', '/console/deliveries?state=dead', '/console/terminals']) {
      const page = await t.app.request(url(path), { headers: forged });
      expect([303, 401], path).toContain(page.status);
      expect(page.headers.get('location') ?? '', path).toMatch(/^(\/console\/sign-in|)/);
    }
    expect((await t.app.request(url('/console/deliveries/1/retry'), { method: 'POST', headers: { ...forged, Accept: 'application/json' } })).status).not.toBe(200);
  });

  it('cannot send an agent procedure', async () => {
    await start();
    const response = await submit('agent-leave-request');
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ code: 'sign-in-required' });
    expect(await t.store.countSubmissions()).toBe(0);
  });
});

describe('agents', () => {
  it('see their own requests and nobody else’s', async () => {
    await start();
    const nadia = await signIn(t, 'agent', '4512');
    const paul = await signIn(t, 'agent', '7301');
    const first = await submit('agent-leave-request', nadia.headers);
    const second = await submit('agent-leave-request', paul.headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    const nadiaRef = ((await first.json()) as { reference: string }).reference;
    const paulRef = ((await second.json()) as { reference: string }).reference;

    const list = async (headers: Record<string, string>) =>
      ((await (await t.app.request(url('/api/staff/requests'), { headers })).json()) as { requests: Array<{ reference: string }> }).requests.map((r) => r.reference);
    expect(await list(nadia.headers)).toEqual([nadiaRef]);
    expect(await list(paul.headers)).toEqual([paulRef]);
    expect(await t.store.attributionOf((await t.store.findSubmission(nadiaRef))!.id)).toMatchObject({ agentId: nadia.account.id });
  });

  it('do only agent procedures while signed in, and a mediator cannot send one', async () => {
    await start();
    const nadia = await signIn(t, 'agent', '4512');
    expect((await submit('write-to-town-hall', nadia.headers)).status).toBe(403);
    const marc = await signIn(t, 'mediator', 'm.durand');
    expect((await submit('agent-leave-request', marc.headers)).status).toBe(403);
  });
});

describe('mediators', () => {
  const mandate = (mediatorId: number, overrides: Partial<Mandate> = {}): Mandate => ({
    id: randomUUID(),
    mediatorId,
    residentName: 'Jeanne Petit',
    procedureIds: ['write-to-town-hall'],
    scope: 'duration',
    createdAt: NOW.toISOString(),
    expiresAt: new Date(NOW.getTime() + 3_600_000).toISOString(),
    consentConfirmedAt: NOW.toISOString(),
    channel: 'epn',
    terminal: null,
    ...overrides,
  });

  it('act only under a live mandate of their own that names the procedure', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    const lea = await signIn(t, 'mediator', 'l.roux');
    const jeanne = mandate(marc.account.id);
    const leas = mandate(lea.account.id);
    await t.store.createMandate(jeanne);
    await t.store.createMandate(leas);
    const under = (m: Mandate) => ({ ...marc.headers, 'Guichet-Mandate': m.id, 'Guichet-Channel': 'epn' });

    const refused = async (response: Response) => {
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ code: 'mandate-refused' });
    };
    await refused(await submit('write-to-town-hall', marc.headers)); // no mandate
    await refused(await submit('write-to-town-hall', under(leas))); // another mediator's
    await refused(await submit('report-street-problem', under(jeanne))); // outside its procedures
    const inside = await submit('write-to-town-hall', under(jeanne));
    expect(inside.status).toBe(201);
    const reference = ((await inside.json()) as { reference: string }).reference;
    expect(await t.store.attributionOf((await t.store.findSubmission(reference))!.id)).toEqual({
      channel: 'epn',
      mediatorId: marc.account.id,
      mandateId: jeanne.id,
    });
    const trail = await t.store.auditTrail((await t.store.findSubmission(reference))!.id);
    expect(trail[0]?.actor).toBe('mediator:m.durand');

    clock = new Date(jeanne.expiresAt);
    await refused(await submit('write-to-town-hall', under(jeanne))); // expired
  });

  it('see today’s assisted requests, not another mediator’s', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    const lea = await signIn(t, 'mediator', 'l.roux');
    const jeanne = mandate(marc.account.id);
    await t.store.createMandate(jeanne);
    expect((await submit('write-to-town-hall', { ...marc.headers, 'Guichet-Mandate': jeanne.id })).status).toBe(201);
    const list = async (headers: Record<string, string>) =>
      ((await (await t.app.request(url('/api/staff/requests'), { headers })).json()) as { requests: Array<{ mandateId?: string }> }).requests;
    expect((await list(marc.headers)).map((r) => r.mandateId)).toEqual([jeanne.id]);
    expect(await list(lea.headers)).toEqual([]);
    clock = new Date(NOW.getTime() + 24 * 3_600_000);
    const tomorrow = await signIn(t, 'mediator', 'm.durand');
    expect(await list(tomorrow.headers)).toEqual([]);
  });
});

describe('mandates through the API', () => {
  const open = (headers: Record<string, string>, body: unknown = {}) =>
    t.app.request(url('/api/staff/mandates'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Guichet-Channel': 'epn', ...headers },
      body: JSON.stringify({ residentName: 'Jeanne Petit', procedureIds: ['write-to-town-hall'], until: { scope: 'session' }, consent: true, ...(body as object) }),
    });
  const end = (headers: Record<string, string>, id: string) => t.app.request(url(`/api/staff/mandates/${id}/end`), { method: 'POST', headers });
  const problem = async (response: Response, status: number, code: string) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({ code });
  };

  it('a mediator opens one with the resident’s consent, acts under it, sees it today and ends it', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand', 'Marc Durand');
    const created = await open(marc.headers);
    expect(created.status).toBe(201);
    const mandate = (await created.json()) as { id: string; scope: string; expiresAt: string; active: boolean };
    // A session mandate ends with the mediator's signed-in session at the latest.
    expect(mandate).toMatchObject({ scope: 'session', active: true, expiresAt: new Date(NOW.getTime() + 8 * 3_600_000).toISOString() });
    expect(await t.store.getMandate(mandate.id)).toMatchObject({ mediatorId: marc.account.id, residentName: 'Jeanne Petit', channel: 'epn' });

    const sent = await submit('write-to-town-hall', { ...marc.headers, 'Guichet-Mandate': mandate.id });
    expect(sent.status).toBe(201);
    const reference = ((await sent.json()) as { reference: string }).reference;
    const today = (await (await t.app.request(url('/api/staff/mandates'), { headers: marc.headers })).json()) as {
      mandates: Array<{ id: string; residentName: string; active: boolean; requests: Array<{ reference: string; status: string }> }>;
    };
    expect(today.mandates).toEqual([expect.objectContaining({ id: mandate.id, residentName: 'Jeanne Petit', active: true, requests: [expect.objectContaining({ reference, status: 'received' })] })]);

    const ended = await end(marc.headers, mandate.id);
    expect(ended.status).toBe(200);
    expect(await ended.json()).toMatchObject({ id: mandate.id, active: false });
    const refused = await submit('write-to-town-hall', { ...marc.headers, 'Guichet-Mandate': mandate.id });
    await problem(refused, 403, 'mandate-refused');
    const kinds = (await t.store.auditLog({ limit: 100 })).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['mandate.created', 'mandate.ended']));
    // The audit log outlives the purge: it never holds the resident's name.
    expect(JSON.stringify(await t.store.auditLog({ limit: 100 }))).not.toContain('Jeanne');
  });

  it('lasts the days asked, a year at most', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    const year = await open(marc.headers, { until: { scope: 'duration', days: 365 } });
    expect(year.status).toBe(201);
    expect(await year.json()).toMatchObject({ scope: 'duration', expiresAt: new Date(NOW.getTime() + 365 * 86_400_000).toISOString() });
    await problem(await open(marc.headers, { until: { scope: 'duration', days: 366 } }), 400, 'invalid-body');
  });

  it('refuses bad input with a 4xx problem', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    await problem(await open(marc.headers, { consent: false }), 400, 'invalid-body');
    await problem(await open(marc.headers, { residentName: '   ' }), 400, 'invalid-body');
    await problem(await open(marc.headers, { procedureIds: [] }), 400, 'invalid-body');
    await problem(await open(marc.headers, { procedureIds: ['write-to-town-hall', 'write-to-town-hall'] }), 400, 'invalid-body');
    await problem(await open(marc.headers, { until: { scope: 'forever' } }), 400, 'invalid-body');
    await problem(await open(marc.headers, { mediatorId: 99 }), 400, 'invalid-body');
    // An agent procedure is never delegated; an unknown one does not exist.
    await problem(await open(marc.headers, { procedureIds: ['agent-leave-request'] }), 422, 'unknown-procedure');
    await problem(await open(marc.headers, { procedureIds: ['no-such-procedure'] }), 422, 'unknown-procedure');
    const text = await t.app.request(url('/api/staff/mandates'), { method: 'POST', headers: { ...marc.headers, 'Content-Type': 'text/plain' }, body: 'x' });
    await problem(text, 415, 'unsupported-media-type');
    await problem(await end(marc.headers, randomUUID()), 404, 'mandate-not-found');
    await problem(await end(marc.headers, 'x'.repeat(65)), 404, 'mandate-not-found');
    expect(await t.store.listMandates({ mediatorId: marc.account.id, since: '2000-01-01T00:00:00Z' })).toEqual([]);
  });

  it('a mediator cannot end, list nor print another mediator’s mandate', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    const lea = await signIn(t, 'mediator', 'l.roux');
    const mandate = (await (await open(marc.headers)).json()) as { id: string };
    await problem(await end(lea.headers, mandate.id), 403, 'mandate-refused');
    await problem(await t.app.request(url(`/api/staff/mandates/${mandate.id}/consent.html`), { headers: lea.headers }), 403, 'mandate-refused');
    expect(await (await t.app.request(url('/api/staff/mandates'), { headers: lea.headers })).json()).toEqual({ mandates: [] });
    expect((await t.store.getMandate(mandate.id))!.expiresAt).toBe(new Date(NOW.getTime() + 8 * 3_600_000).toISOString());
  });

  it('ends a session mandate when the mediator signs out, and leaves a mandate for a duration running', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    const forSession = (await (await open(marc.headers)).json()) as { id: string };
    const forYear = (await (await open(marc.headers, { until: { scope: 'duration', days: 365 } })).json()) as { id: string; expiresAt: string };
    clock = new Date(NOW.getTime() + 60_000);
    expect((await t.app.request(url('/api/staff/sign-out'), { method: 'POST', headers: marc.headers })).status).toBe(200);
    expect((await t.store.getMandate(forSession.id))!.expiresAt).toBe(clock.toISOString());
    expect((await t.store.getMandate(forYear.id))!.expiresAt).toBe(forYear.expiresAt);
  });

  it('cannot be made for another mediator: the mandate is always the caller’s', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand');
    const lea = await signIn(t, 'mediator', 'l.roux');
    const mandate = (await (await open(lea.headers)).json()) as { id: string };
    expect((await t.store.getMandate(mandate.id))!.mediatorId).toBe(lea.account.id);
    await problem(await submit('write-to-town-hall', { ...marc.headers, 'Guichet-Mandate': mandate.id }), 403, 'mandate-refused');
  });

  it('a resident, an agent or reception cannot open one, and a page of another site cannot either', async () => {
    await start();
    await problem(await open(SAME_ORIGIN), 401, 'sign-in-required');
    await problem(await open((await signIn(t, 'agent', '4512')).headers), 403, 'role-forbidden');
    await problem(await open((await signIn(t, 'reception', 'accueil')).headers), 403, 'role-forbidden');
    const marc = await signIn(t, 'mediator', 'm.durand');
    await problem(await open({ ...marc.headers, Origin: 'https://evil.example' }), 403, 'origin-refused');
    await problem(await t.app.request(url('/api/staff/mandates')), 401, 'sign-in-required');
    expect(await t.store.listMandates({ mediatorId: marc.account.id, since: '2000-01-01T00:00:00Z' })).toEqual([]);
  });

  it('prints the consent: who helps whom, with what, until when, in French and the resident’s language', async () => {
    await start();
    const marc = await signIn(t, 'mediator', 'm.durand', 'Marc Durand');
    const mandate = (await (await open(marc.headers, { until: { scope: 'duration', days: 30 } })).json()) as { id: string };
    const page = await t.app.request(url(`/api/staff/mandates/${mandate.id}/consent.html?locale=ar`), { headers: marc.headers });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const html = await page.text();
    for (const expected of ['Jeanne Petit', 'Marc Durand', mandate.id, 'Écrire à la mairie', '28 décembre 2026', 'موافقة على المساعدة', 'dir="rtl"'])
      expect(html).toContain(expected);
    const escaped = await signIn(t, 'mediator', 'x.y', '<b>X</b>');
    const theirs = (await (await open(escaped.headers, { residentName: '<script>alert(1)</script>' })).json()) as { id: string };
    const unsafe = await (await t.app.request(url(`/api/staff/mandates/${theirs.id}/consent.html`), { headers: escaped.headers })).text();
    expect(unsafe).not.toContain('<script>alert');
    expect(unsafe).not.toContain('<b>X');
  });
});

describe('an assisted submission', () => {
  it('shows the mediator and the mandate on its receipt (HTML and PDF) and in the console', async () => {
    await start();
    const { readPdfText, hasWordsInOrder } = await import('../receipts/test-fixtures.ts');
    const marc = await signIn(t, 'mediator', 'm.durand', 'Marc Durand');
    const opened = await t.app.request(url('/api/staff/mandates'), {
      method: 'POST',
      headers: { ...marc.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ residentName: 'Jeanne Petit', procedureIds: ['write-to-town-hall'], until: { scope: 'duration', days: 30 }, consent: true }),
    });
    const mandate = (await opened.json()) as { id: string };
    const sent = (await (await submit('write-to-town-hall', { ...marc.headers, 'Guichet-Mandate': mandate.id, 'Guichet-Channel': 'epn' })).json()) as {
      reference: string;
      trackingCode: string;
    };
    const documents = `/api/submissions/${sent.reference}/receipt`;
    const html = await (await t.app.request(url(`${documents}.html?code=${sent.trackingCode}`))).text();
    for (const expected of ['Accompagnement', 'Personne qui vous a aidé', 'Marc Durand', mandate.id, 'Jeanne Petit', 'Écrire à la mairie', '28 décembre 2026'])
      expect(html).toContain(expected);
    const pdf = await readPdfText(new Uint8Array(await (await t.app.request(url(`${documents}.pdf?code=${sent.trackingCode}`))).arrayBuffer()));
    for (const expected of ['Personne qui vous a aidé Marc Durand', 'Mandat donné par Jeanne Petit', mandate.id]) expect(hasWordsInOrder(pdf, expected), expected).toBe(true);

    const console = await t.app.request(url('/console/deliveries?state=all'), { headers: { Authorization: 'Bearer unit-console-token-0123456789abcdefghijkl' } });
    const rows = ((await console.json()) as { deliveries: Array<{ reference: string; assistance?: unknown }> }).deliveries.filter((d) => d.reference === sent.reference);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.assistance).toEqual({ helperName: 'Marc Durand', mandateId: mandate.id, residentName: 'Jeanne Petit' });

    // A resident's own submission names no helper.
    const alone = (await (await submit('write-to-town-hall')).json()) as { reference: string; trackingCode: string };
    expect(await (await t.app.request(url(`/api/submissions/${alone.reference}/receipt.html?code=${alone.trackingCode}`))).text()).not.toContain('Accompagnement');
  });
});
