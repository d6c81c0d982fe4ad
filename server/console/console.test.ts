// The console's locks, through the app as a client sees it: 503 without a token or an admin
// account, admin accounts signing in to random server-side sessions that end at sign-out and
// when the account is disabled, the token only creating the first admin account (and opening
// the JSON API to scripts as a Bearer), cookies HttpOnly and SameSite=Strict, form posts from
// this origin only.
import { afterEach, describe, expect, it } from 'vitest';
import { deliveriesPage } from './pages.ts';
import { startRelayFixture, until, type RelayFixture } from '../relay/relay-fixture.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const TOKEN = 'unit-console-token-0123456789abcdefghijkl';
let t: TestApp | undefined;
let fixture: RelayFixture | undefined;
afterEach(async () => {
  await t?.dispose();
  await fixture?.dispose();
  t = fixture = undefined;
});

const bearer = { Authorization: `Bearer ${TOKEN}` };

const HOST = 'http://guichet.test';
const ORIGIN = { Host: 'guichet.test', Origin: HOST };
const form = (path: string, fields: Record<string, string>, headers: Record<string, string> = ORIGIN) =>
  t!.app.request(`${HOST}${path}`, { method: 'POST', body: new URLSearchParams(fields), headers });
const cookieOf = (response: Response) => /guichet_console=[^;]+/.exec(response.headers.get('set-cookie') ?? '')?.[0];

/** An admin account made with the CLI's store call, as `npm run accounts add admin` does. */
async function adminAccount(login = 'm.durand', code = 'Kq7mPz3xR2tw') {
  const { hashCode } = await import('../staff/passwords.ts');
  const made = await t!.store.createStaffAccount({ role: 'admin', login, displayName: 'Marie Durand', passwordHash: await hashCode(code), createdAt: new Date().toISOString() });
  if (made === 'exists') throw new Error('exists');
  return { account: made, code };
}

describe('console access', () => {
  it('answers 503 on every console route while there is neither GUICHET_ADMIN_TOKEN nor an admin account', async () => {
    t = await startTestApp();
    for (const path of ['/console', '/console/deliveries?state=dead', '/console/sign-in']) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(503);
      expect(await response.text()).toContain('Console non configurée');
    }
    expect((await t.app.request('/console/deliveries/1/retry', { method: 'POST', headers: bearer })).status).toBe(503);
    // An admin account made with the CLI is enough, without a token.
    const admin = await adminAccount();
    const signedIn = await form('/console/sign-in', { login: 'm.durand', code: admin.code, next: '/console' });
    expect(signedIn.status).toBe(303);
    expect((await t.app.request(`${HOST}/console`, { headers: { Cookie: cookieOf(signedIn)! } })).status).toBe(200);
  });

  it('sends a browser without a session to sign in, and refuses a wrong Bearer token', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const page = await t.app.request('/console/deliveries?state=dead');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Fdeliveries%3Fstate%3Ddead');
    expect((await t.app.request('/console', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await t.app.request('/console', { headers: bearer })).status).toBe(200);
  });

  it('creates the first admin account with the token, once, and no longer takes the token to sign in', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    expect(await (await t.app.request('/console/sign-in')).text()).toContain('Créer le premier compte d’administration');
    const first = { token: TOKEN, login: 'm.durand', displayName: 'Marie Durand', code: 'Kq7mPz3xR2tw' };
    expect((await form('/console/first-admin', first, { Host: 'guichet.test', Origin: 'https://evil.example' })).status).toBe(403);
    const wrong = await form('/console/first-admin', { ...first, token: 'not-the-token' });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Ce jeton n’est pas celui du serveur.');
    expect((await form('/console/first-admin', { ...first, code: 'short' })).status).toBe(400);
    expect(await t.store.findStaffAccount('admin', 'm.durand')).toBeUndefined();

    const made = await form('/console/first-admin', first);
    expect(made.status).toBe(303);
    expect(cookieOf(made)).toBeDefined();
    expect(await t.store.findStaffAccount('admin', 'm.durand')).toMatchObject({ role: 'admin', displayName: 'Marie Durand' });
    // Once an admin account exists, the token creates no other and opens no browser session.
    const again = await form('/console/first-admin', { ...first, login: 'intrus' });
    expect(again.headers.get('location')).toBe('/console/sign-in');
    expect(await t.store.findStaffAccount('admin', 'intrus')).toBeUndefined();
    expect((await form('/console/sign-in', { login: 'm.durand', code: TOKEN })).status).toBe(401);
    expect(await (await t.app.request('/console/sign-in')).text()).toContain('Connexion à la console');
  });

  it('sets a random HttpOnly SameSite=Strict session cookie from a same-origin form only', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const admin = await adminAccount();
    const signIn = (headers: Record<string, string> = ORIGIN, code = admin.code) => form('/console/sign-in', { login: 'm.durand', code, next: '/console' }, headers);
    expect((await signIn({ Host: 'guichet.test' })).status).toBe(403);
    expect((await signIn({ Host: 'guichet.test', Origin: 'https://evil.example' })).status).toBe(403);
    expect((await signIn(ORIGIN, 'wrong-code')).status).toBe(401);
    const signedIn = await signIn();
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^guichet_console=[\w-]{43}; Max-Age=28800; Path=\/console; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(TOKEN);
    // Each sign-in is a new session: the cookie is not derived from anything fixed.
    expect(cookieOf(await signIn())).not.toBe(cookieOf(signedIn));
    const session = cookieOf(signedIn)!;
    const overview = await t.app.request(`${HOST}/console`, { headers: { Cookie: session } });
    expect(overview.status).toBe(200);
    expect(overview.headers.get('content-security-policy')).toContain("default-src 'none'");
    // A retry posted with the cookie but from another site is refused.
    const forged = await form('/console/deliveries/1/retry', { back: '/console' }, { Cookie: session, Host: 'guichet.test', Origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    // A kiosk's staff cookie, even an admin's, does not open the console.
    expect((await t.app.request(`${HOST}/console`, { headers: { Cookie: session.replace('guichet_console', 'guichet_staff'), Accept: 'application/json' } })).status).toBe(401);
  });

  it('refuses the console cookie after sign-out (401), and every session of a disabled account', async () => {
    // Regression (issue 22): the cookie was an HMAC of the token, the same at every sign-in, and
    // still opened the console after sign-out.
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const admin = await adminAccount();
    const open = async () => cookieOf(await form('/console/sign-in', { login: 'm.durand', code: admin.code, next: '/console' }))!;
    const asJson = (cookie: string) => t!.app.request(`${HOST}/console`, { headers: { Cookie: cookie, Accept: 'application/json' } });
    const first = await open();
    expect((await asJson(first)).status).toBe(200);
    const out = await form('/console/sign-out', {}, { ...ORIGIN, Cookie: first });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/guichet_console=;.*Max-Age=0/);
    expect((await asJson(first)).status).toBe(401);

    const second = await open();
    const third = await open();
    expect((await asJson(second)).status).toBe(200);
    await t.store.updateStaffAccount(admin.account.id, { disabled: true });
    expect((await asJson(second)).status).toBe(401);
    expect((await asJson(third)).status).toBe(401);
    expect((await form('/console/sign-in', { login: 'm.durand', code: admin.code })).status).toBe(401);
  });
});

describe('console retry and banner', () => {
  const failing = (outcome: 'rejected' | 'retry') => ({
    name: 'webhook',
    timeoutMs: 1_000,
    deliver: async () => (outcome === 'rejected' ? { outcome, reason: 'Refusé par le service.' } : { outcome, reason: 'Le service ne répond pas.' }),
    dispose: async () => {},
  });

  it('puts a dead delivery back, due now, with an audit event naming who asked', async () => {
    let woken = 0;
    fixture = await startRelayFixture({ console: { adminToken: TOKEN, onRetry: () => woken++ } });
    const [submissionId] = await fixture.submit('report-street-problem');
    const worker = fixture.worker({ 'street-app': failing('rejected') });
    worker.start();
    await until(async () => (await fixture!.t.store.listDeliveries({ state: 'dead', limit: 5 })).length === 1, 'dead');
    await worker.stop();
    const [dead] = await fixture.t.store.listDeliveries({ state: 'dead', limit: 5 });
    const listed = await (await fixture.t.app.request('/console/deliveries?state=dead', { headers: bearer })).json();
    expect(JSON.stringify(listed)).toContain('Refusé par le service.');
    const response = await fixture.t.app.request(`/console/deliveries/${dead!.id}/retry`, { method: 'POST', headers: bearer });
    expect(await response.json()).toMatchObject({ outcome: 'retried', delivery: { state: 'pending', attempts: 0 } });
    expect(woken).toBe(1);
    const audit = await fixture.t.store.auditTrail(submissionId!);
    expect(audit.at(-1)).toMatchObject({ kind: 'delivery.retry-requested', data: { by: 'administrateur (API, jeton GUICHET_ADMIN_TOKEN)', previousState: 'dead' } });
    expect((await fixture.t.app.request('/console/deliveries/999999/retry', { method: 'POST', headers: bearer })).status).toBe(404);
  });

  it('shows a banner once a route has been failing longer than the set time', async () => {
    fixture = await startRelayFixture({ console: { adminToken: TOKEN, alertAfterMs: 1, routes: new Map([['street-app', { connector: 'webhook' }]]) } });
    await fixture.submit('report-street-problem');
    const worker = fixture.worker({ 'street-app': failing('retry') }, { policy: { baseMs: 60_000, capMs: 60_000, maxAttempts: 5 } });
    worker.start();
    await until(async () => (await fixture!.t.store.listDeliveries({ state: 'waiting', limit: 5 })).length === 1, 'waiting');
    await new Promise((r) => setTimeout(r, 5));
    const { failing: banner } = (await (await fixture.t.app.request('/console', { headers: bearer })).json()) as { failing: Array<{ route: string; lastError: string }> };
    expect(banner).toMatchObject([{ route: 'street-app', waiting: 1, lastError: 'Le service ne répond pas.' }]);
  });

  it('pages deliveries next to a known one, forwards and back, in HTML links and JSON', async () => {
    fixture = await startRelayFixture({ console: { adminToken: TOKEN } });
    await fixture.submit('report-street-problem', 120);
    const all = await fixture.t.store.listDeliveries({ limit: 1000 });
    const get = async (query: string) =>
      (await (await fixture!.t.app.request(`/console/deliveries?${query}`, { headers: bearer })).json()) as { deliveries: Array<{ id: number }>; more: boolean };
    const first = await get('state=all');
    expect(first.deliveries.map((d) => d.id)).toEqual(all.slice(0, 100).map((d) => d.id));
    const second = await get(`state=all&page=2&before=${first.deliveries.at(-1)!.id}`);
    expect(second.deliveries.map((d) => d.id)).toEqual(all.slice(100, 200).map((d) => d.id));
    expect(second.more).toBe(all.length > 200);
    const back = await get(`state=all&page=1&after=${second.deliveries[0]!.id}`);
    expect(back.deliveries.map((d) => d.id)).toEqual(first.deliveries.map((d) => d.id));
    // The page's links carry the keys of its first and last rows.
    const views = all.slice(100, 200);
    const html = String(deliveriesPage({ filter: 'all', deliveries: views, titles: new Map(), page: 2, more: true, back: '/console/deliveries' }));
    expect(html).toContain(`page=1&amp;after=${views[0]!.id}`);
    expect(html).toContain(`page=3&amp;before=${views.at(-1)!.id}`);
  });
});
