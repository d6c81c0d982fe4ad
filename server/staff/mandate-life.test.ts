// A mandate's life through the app (issue 22, part 7; Aidants Connect #63, #64): a mediator
// renews a mandate with a new spoken consent, the reception desk ends another with the
// resident present (as the printed consent says), and the resident sees both, with what was
// sent under them, with the number and code of their consent; the audit chain verifies and
// never names the resident.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../store/audit-chain.ts';
import { hashCode } from './passwords.ts';
import { SAME_ORIGIN, TEST_HOST, signIn, type SignedIn } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

let t: TestApp;
let clock = new Date('2026-11-28T10:00:00.000Z');
afterEach(() => t.dispose());
const url = (path: string) => `http://${TEST_HOST}${path}`;
const json = (headers: Record<string, string>, body: unknown) => ({ method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

async function openMandate(mediator: SignedIn, residentName: string) {
  const res = await t.app.request(url('/api/staff/mandates'), json(mediator.headers, { residentName, procedureIds: ['write-to-town-hall'], until: { scope: 'duration', days: 30 }, consent: true }));
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  // The code is printed on the consent, beside the number.
  const consent = await (await t.app.request(url(`/api/staff/mandates/${id}/consent.html?locale=ar`), { headers: mediator.headers })).text();
  const code = /<dd><bdi dir="ltr" class="code">([A-Z0-9]{6})<\/bdi><\/dd>/.exec(consent)?.[1];
  expect(code).toBeDefined();
  expect(consent).toContain('Avec le numéro du mandat et ce code, vous pouvez voir vos mandats');
  expect(consent).toContain('برقم التفويض وهذا الرمز');
  return { id, code: code! };
}

const submitUnder = async (mediator: SignedIn, mandateId: string) => {
  const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
  const res = await t.app.request(url('/api/submissions'), {
    method: 'POST',
    headers: { ...mediator.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'Guichet-Mandate': mandateId, 'Guichet-Channel': 'epn' },
    body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
};

const form = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields) });

describe('a mandate’s life', () => {
  it('is renewed by its mediator, ended by the reception desk, and seen by the resident, all in the audit chain', async () => {
    clock = new Date('2026-11-28T10:00:00.000Z');
    t = await startTestApp({ now: () => clock });
    let marc = await signIn(t, 'mediator', 'm.durand', 'Marc Durand');
    const jeanne = await openMandate(marc, 'Jeanne Petit');
    const paul = await openMandate(marc, 'Paul Marchand');
    const sentForJeanne = await submitUnder(marc, jeanne.id);

    // Renewal: a new spoken consent; only the mandate's own mediator; the code stays.
    clock = new Date('2026-12-20T10:00:00.000Z');
    marc = await signIn(t, 'mediator', 'm.durand');
    const lea = await signIn(t, 'mediator', 'l.roux');
    expect(await (await t.app.request(url(`/api/staff/mandates/${jeanne.id}/renew`), json(lea.headers, { until: { scope: 'duration', days: 90 }, consent: true }))).json()).toMatchObject({ code: 'mandate-refused' });
    expect((await t.app.request(url(`/api/staff/mandates/${jeanne.id}/renew`), json(marc.headers, { until: { scope: 'duration', days: 90 } }))).status).toBe(400);
    const renewed = await t.app.request(url(`/api/staff/mandates/${jeanne.id}/renew`), json(marc.headers, { until: { scope: 'duration', days: 90 }, consent: true }));
    expect(renewed.status).toBe(201);
    const renewal = (await renewed.json()) as { id: string; renews: string; expiresAt: string; active: boolean };
    expect(renewal).toMatchObject({ renews: jeanne.id, expiresAt: '2027-03-20T10:00:00.000Z', active: true, residentName: 'Jeanne Petit' });
    expect((await t.store.getMandate(jeanne.id))?.expiresAt).toBe(clock.toISOString());
    const renewedConsent = await (await t.app.request(url(`/api/staff/mandates/${renewal.id}/consent.html`), { headers: marc.headers })).text();
    expect(renewedConsent).toContain(`<bdi dir="ltr" class="code">${jeanne.code}</bdi>`);
    const sentUnderRenewal = await submitUnder(marc, renewal.id);

    // The reception desk ends Paul's mandate, Paul present; another desk account would do too.
    const desk = await t.store.createStaffAccount({ role: 'reception', login: 'accueil', displayName: 'Accueil', passwordHash: await hashCode('code-accueil-Kq7m!'), createdAt: clock.toISOString() });
    if (desk === 'exists') throw new Error('exists');
    const signedIn = await form('/reception/sign-in', { login: 'accueil', code: 'code-accueil-Kq7m!', next: '/reception' }, SAME_ORIGIN);
    const deskHeaders = { Cookie: /guichet_reception=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')![0], ...SAME_ORIGIN };
    const wrong = await t.app.request(url('/reception/mandates/find?number=not-a-number'), { headers: deskHeaders });
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('<a href="#number">Aucun mandat en cours ou récent ne porte ce numéro.');
    const page = await (await t.app.request(url(`/reception/mandates/find?number=${paul.id.toUpperCase()}`), { headers: deskHeaders })).text();
    expect(page).toContain('<h2>Mandat donné par <bdi>Paul Marchand</bdi></h2>');
    expect(page).toContain(`<form method="post" action="/reception/mandates/${paul.id}/end" novalidate>`);
    const unchecked = await form(`/reception/mandates/${paul.id}/end`, {}, deskHeaders);
    expect(unchecked.status).toBe(422);
    expect(await unchecked.text()).toContain('<a href="#present">Cochez la case quand la personne est là');
    expect((await form(`/reception/mandates/${paul.id}/end`, { present: 'yes' }, { ...deskHeaders, Origin: 'https://evil.example' })).status).toBe(403);
    const ended = await form(`/reception/mandates/${paul.id}/end`, { present: 'yes' }, deskHeaders);
    expect(ended.headers.get('location')).toBe(`/reception/mandates/find?number=${paul.id}&ended=yes`);
    const after = await (await t.app.request(url(ended.headers.get('location')!), { headers: deskHeaders })).text();
    expect(after).toContain('Le mandat est arrêté.');
    expect(after).toContain('(arrêté à l’accueil)');
    expect(after).not.toContain('Arrêter le mandat</button>');
    // Paul's mediator can no longer send in his name.
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const refused = await t.app.request(url('/api/submissions'), {
      method: 'POST',
      headers: { ...marc.headers, 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'Guichet-Mandate': paul.id },
      body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-12-20' })),
    });
    expect(refused.status).toBe(403);

    // The resident's view: the number and code of either consent of the chain.
    const view = await t.app.request(url(`/api/mandates/${renewal.id}?code=${jeanne.code.toLowerCase()}`));
    expect(view.status).toBe(200);
    const { mandates } = (await view.json()) as { mandates: Array<Record<string, unknown>> };
    expect(mandates).toEqual([
      expect.objectContaining({ id: jeanne.id, residentName: 'Jeanne Petit', helper: 'Marc Durand', active: false, ended: 'renewed', requests: [expect.objectContaining({ reference: sentForJeanne })] }),
      expect.objectContaining({ id: renewal.id, renews: jeanne.id, active: true, requests: [expect.objectContaining({ reference: sentUnderRenewal, procedureId: 'write-to-town-hall' })] }),
    ]);
    const paulsView = (await (await t.app.request(url(`/api/mandates/${paul.id}?code=${paul.code}`))).json()) as { mandates: Array<Record<string, unknown>> };
    expect(paulsView.mandates).toEqual([expect.objectContaining({ id: paul.id, active: false, ended: 'reception', requests: [] })]);
    // Someone else's code, or none that exists: the same 404.
    const other = await t.app.request(url(`/api/mandates/${paul.id}?code=${jeanne.code}`));
    expect(await other.json()).toMatchObject({ status: 404, code: 'mandate-not-found' });

    const log = await t.store.auditLog({ limit: 500 });
    expect(verifyAuditChain(log).breaks).toEqual([]);
    expect(log.filter((e) => e.kind.startsWith('mandate.')).map((e) => [e.kind, e.actor, e.data.mandate])).toEqual([
      ['mandate.created', 'mediator:m.durand', jeanne.id],
      ['mandate.created', 'mediator:m.durand', paul.id],
      ['mandate.renewed', 'mediator:m.durand', renewal.id],
      ['mandate.ended', 'reception:accueil', paul.id],
      ['mandate.viewed', 'resident', renewal.id],
      ['mandate.viewed', 'resident', paul.id],
    ]);
    expect(JSON.stringify(log)).not.toMatch(/Jeanne|Paul|Petit|Marchand/);
    expect(JSON.stringify(log)).not.toContain(jeanne.code);
  });

  it('counts wrong resident codes per mandate: the 11th look-up gets a 429, even with the right code', async () => {
    t = await startTestApp({ now: () => clock });
    const marc = await signIn(t, 'mediator', 'm.durand');
    const jeanne = await openMandate(marc, 'Jeanne Petit');
    for (let i = 0; i < 10; i++) expect((await t.app.request(url(`/api/mandates/${jeanne.id}?code=AAAAA${i}`))).status).toBe(404);
    const limited = await t.app.request(url(`/api/mandates/${jeanne.id}?code=${jeanne.code}`));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
