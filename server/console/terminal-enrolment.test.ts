// Enrolling and revoking a terminal from the console's pages, as an admin signed in does it:
// the set-up address shown once (text and QR code) carries the secret the terminal's heartbeats
// then need; a revoked terminal is refused again.
import { afterEach, describe, expect, it } from 'vitest';
import { hashCode } from '../staff/passwords.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const HOST = 'http://guichet.test';
const ORIGIN = { Host: 'guichet.test', Origin: HOST };
let t: TestApp;
afterEach(() => t.dispose());

const heartbeat = (terminalId: string, secret: string) =>
  t.app.request('/api/terminals/heartbeat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` },
    body: JSON.stringify({ terminalId, site: 'accueil-mairie', appVersion: '0.1.0', contentVersion: 'c-1', outboxLength: 0, oldestAgeSeconds: 0 }),
  });

describe('console: terminals', () => {
  it('enrols a terminal with a set-up address shown once, and revokes it', async () => {
    t = await startTestApp();
    await t.store.createStaffAccount({ role: 'admin', login: 'ada', displayName: 'Ada', passwordHash: await hashCode('Kq7mPz3xR2tw'), createdAt: new Date().toISOString() });
    const signedIn = await t.app.request(`${HOST}/console/sign-in`, { method: 'POST', body: new URLSearchParams({ login: 'ada', code: 'Kq7mPz3xR2tw', next: '/console' }), headers: ORIGIN });
    const cookie = /guichet_console=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')![0];
    const headers = { ...ORIGIN, Cookie: cookie };
    const post = (path: string, fields: Record<string, string> = {}) => t.app.request(`${HOST}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers });

    const page = await (await t.app.request(`${HOST}/console/terminals`, { headers })).text();
    expect(page).toContain('<h2 id="enrol-title">Inscrire une borne</h2>');
    expect(page).toContain('<label for="site">Lieu de la borne (facultatif)</label>');

    const wrong = await post('/console/terminals/enrol', { site: 'la mairie !' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain('<a href="#site">Le lieu s’écrit en lettres sans accent');

    const enrolled = await post('/console/terminals/enrol', { site: 'accueil-mairie' });
    expect(enrolled.status).toBe(201);
    const html = await enrolled.text();
    const address = /<code>(http:\/\/guichet\.test\/\?site=accueil-mairie#enrol=([^<.]+)\.([A-Za-z0-9_-]{43}))<\/code>/.exec(html);
    expect(address).not.toBeNull();
    const [, , terminalId, secret] = address!;
    expect(html).toContain('<svg role="img" aria-label="Code QR de l’adresse d’installation de la borne"');
    // Shown once: the page that lists terminals does not hold it.
    expect(await (await t.app.request(`${HOST}/console/terminals`, { headers })).text()).not.toContain(secret!);

    expect((await heartbeat(terminalId!, secret!)).status).toBe(200);
    const listed = await (await t.app.request(`${HOST}/console/terminals`, { headers })).text();
    expect(listed).toContain(`<form method="post" action="/console/terminals/${terminalId}/revoke">`);
    expect((await t.store.auditLog({ limit: 50 })).find((e) => e.kind === 'terminal.enrolled')).toMatchObject({ actor: 'admin:ada', terminal: terminalId });

    const revoked = await post(`/console/terminals/${terminalId}/revoke`);
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/console/terminals?revoked=${terminalId}&done=yes`);
    expect(await (await t.app.request(`${HOST}${revoked.headers.get('location')}`, { headers })).text()).toContain('est retirée : ses nouvelles sont refusées.');
    expect((await heartbeat(terminalId!, secret!)).status).toBe(401);
    // From another site's page: refused, as every console form.
    expect((await t.app.request(`${HOST}/console/terminals/enrol`, { method: 'POST', body: new URLSearchParams({ site: '' }), headers: { ...headers, Origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('reception: terminals', () => {
  it('enrols a terminal of its site from the desk, shown once with its QR code', async () => {
    t = await startTestApp();
    await t.store.createStaffAccount({ role: 'reception', login: 'accueil', displayName: 'Accueil', passwordHash: await hashCode('code-accueil-Kq7m!'), createdAt: new Date().toISOString(), site: 'accueil-mairie' });
    const signedIn = await t.app.request(`${HOST}/reception/sign-in`, { method: 'POST', body: new URLSearchParams({ login: 'accueil', code: 'code-accueil-Kq7m!', next: '/reception' }), headers: ORIGIN });
    const headers = { ...ORIGIN, Cookie: /guichet_reception=[^;]+/.exec(signedIn.headers.get('set-cookie') ?? '')![0] };
    const form = await (await t.app.request(`${HOST}/reception/terminals`, { headers })).text();
    expect(form).toContain('value="accueil-mairie"');
    const wrong = await t.app.request(`${HOST}/reception/terminals`, { method: 'POST', body: new URLSearchParams({ site: 'é' }), headers });
    expect(wrong.status).toBe(400);
    const enrolled = await t.app.request(`${HOST}/reception/terminals`, { method: 'POST', body: new URLSearchParams({ site: 'accueil-mairie' }), headers });
    expect(enrolled.status).toBe(201);
    const html = await enrolled.text();
    const [, terminalId, secret] = /#enrol=([^<.]+)\.([A-Za-z0-9_-]{43})<\/code>/.exec(html)!;
    expect(html).toContain('<svg role="img" aria-label="Code QR de l’adresse d’installation de la borne"');
    expect((await heartbeat(terminalId!, secret!)).status).toBe(200);
    expect((await t.store.auditLog({ limit: 50 })).find((e) => e.kind === 'terminal.enrolled')).toMatchObject({ actor: 'reception:accueil', terminal: terminalId });
  });
});
