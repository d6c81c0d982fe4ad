// The console's locks, through the app as a client sees it: 503 without a token, the token
// required on every route, cookies HttpOnly and SameSite=Strict, form posts from this origin only.
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

describe('console access', () => {
  it('answers 503 on every console route while GUICHET_ADMIN_TOKEN is not set', async () => {
    t = await startTestApp();
    for (const path of ['/console', '/console/deliveries?state=dead', '/console/sign-in']) {
      const response = await t.app.request(path);
      expect(response.status, path).toBe(503);
      expect(await response.text()).toContain('Console non configurée');
    }
    expect((await t.app.request('/console/deliveries/1/retry', { method: 'POST', headers: bearer })).status).toBe(503);
  });

  it('sends a browser without the cookie to sign in, and refuses a wrong Bearer token', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const page = await t.app.request('/console/deliveries?state=dead');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/console/sign-in?next=%2Fconsole%2Fdeliveries%3Fstate%3Ddead');
    expect((await t.app.request('/console', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await t.app.request('/console', { headers: bearer })).status).toBe(200);
  });

  it('sets an HttpOnly SameSite=Strict cookie that is not the token, from a same-origin form only', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const form = (token: string, origin?: string) =>
      t!.app.request('http://guichet.test/console/sign-in', {
        method: 'POST',
        body: new URLSearchParams({ token, next: '/console' }),
        headers: { Host: 'guichet.test', ...(origin ? { Origin: origin } : {}) },
      });
    expect((await form(TOKEN)).status).toBe(403);
    expect((await form(TOKEN, 'https://evil.example')).status).toBe(403);
    expect((await form('wrong', 'http://guichet.test')).status).toBe(401);
    const signedIn = await form(TOKEN, 'http://guichet.test');
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toContain(TOKEN);
    const session = cookie.split(';')[0]!;
    const overview = await t.app.request('http://guichet.test/console', { headers: { Cookie: session } });
    expect(overview.status).toBe(200);
    expect(overview.headers.get('content-security-policy')).toContain("default-src 'none'");
    // A retry posted with the cookie but from another site is refused.
    const forged = await t.app.request('http://guichet.test/console/deliveries/1/retry', {
      method: 'POST',
      body: new URLSearchParams({ back: '/console' }),
      headers: { Cookie: session, Host: 'guichet.test', Origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
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
