// Every response carries the security headers and says its charset: pages, files, API answers
// and errors alike, since an error page is as much a target as any other. A state change sent
// by another site's page is refused, whatever its content type.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeKiosk } from './test-support/fake-kiosk.ts';
import { postSubmission } from './test-support/fixtures.ts';
import { content, startTestApp, type TestApp } from './test-support/test-app.ts';
import { validSubmission } from './test-support/valid-answers.ts';

let t: TestApp;
let kioskDir: string;
beforeAll(async () => {
  kioskDir = writeFakeKiosk();
  t = await startTestApp({ kioskDir });
});
afterAll(async () => {
  await t.dispose();
  rmSync(kioskDir, { recursive: true, force: true });
});

const directives = (csp: string) =>
  new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

const requests: [string, () => Response | Promise<Response>][] = [
  ['the kiosk page', () => t.app.request('/p/write-to-town-hall')],
  ['a kiosk script', () => t.app.request('/assets/index-abc123.js')],
  ['the web manifest', () => t.app.request('/manifest.webmanifest')],
  ['the content', () => t.app.request('/api/content')],
  ['a JSON Schema', () => t.app.request('/api/procedures/write-to-town-hall/schema')],
  ['an unknown API route (404)', () => t.app.request('/api/nothing-here')],
  ['a missing asset (404)', () => t.app.request('/assets/gone-000000.js')],
  ['a wrong method (405)', () => t.app.request('/api/content', { method: 'DELETE' })],
  [
    'a body that is not JSON (415)',
    () => t.app.request('/api/submissions', { method: 'POST', body: 'a=b', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Idempotency-Key': randomUUID() } }),
  ],
  ['a tracking look-up that finds nothing (404)', () => t.app.request('/api/submissions/ABCD-EFGH?code=ZZZZZZ')],
  ['the console without its key (401 or 503)', () => t.app.request('/console')],
];

describe('every response', () => {
  it.each(requests)('%s carries HSTS, a strict CSP, nosniff, no referrer to other sites and no framing', async (_, send) => {
    const res = await send();
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=(\d+); includeSubDomains$/);
    expect(Number(/max-age=(\d+)/.exec(res.headers.get('strict-transport-security')!)![1])).toBeGreaterThanOrEqual(365 * 24 * 3600);
    const csp = directives(res.headers.get('content-security-policy') ?? '');
    // The server's own scripts, or none at all (the console's pages).
    expect([["'self'"], ["'none'"]]).toContainEqual(csp.get('script-src'));
    expect([["'self'"], ["'none'"]]).toContainEqual(csp.get('default-src'));
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it.each(requests)('%s says the charset of its text', async (_, send) => {
    const res = await send();
    const type = res.headers.get('content-type') ?? '';
    if (/^(text\/|application\/.*(json|javascript))/.test(type)) expect(type).toMatch(/;\s*charset=utf-8$/i);
    else expect(type).toBe('');
  });
});

describe('personal responses', () => {
  it('are never kept in a cache: the submission answer, the tracking page and the receipts', async () => {
    const procedure = content().procedures.find((p) => p.id === 'write-to-town-hall')!;
    const sent = await postSubmission(t, validSubmission(procedure, { postcodes: content().site.postcodes }));
    expect(sent.status).toBe(201);
    expect(sent.headers.get('cache-control')).toBe('no-store');
    const { reference, trackingCode } = (await sent.json()) as { reference: string; trackingCode: string };
    for (const path of ['', '/receipt.html', '/receipt.pdf']) {
      const res = await t.app.request(`/api/submissions/${reference}${path}?code=${trackingCode}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    // The kiosk prints the receipt through a hidden frame of its own, and nobody else can frame it.
    const page = await t.app.request(`/api/submissions/${reference}/receipt.html?code=${trackingCode}`);
    expect(directives(page.headers.get('content-security-policy')!).get('frame-ancestors')).toEqual(["'self'"]);
    expect(directives(page.headers.get('content-security-policy')!).get('script-src')).toEqual(["'self'"]);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('a state change sent by another site', () => {
  const procedure = () => content().procedures.find((p) => p.id === 'write-to-town-hall')!;
  const body = () => JSON.stringify(validSubmission(procedure(), { postcodes: content().site.postcodes }));
  const post = (headers: Record<string, string>) =>
    t.app.request('http://guichet.test/api/submissions', {
      method: 'POST',
      body: body(),
      headers: { Host: 'guichet.test', 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...headers },
    });

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'Sec-Fetch-Site': 'same-site' }],
    ['an Origin of another host', { Origin: 'https://evil.example' }],
    ['Origin: null (a sandboxed page)', { Origin: 'null' }],
  ])('is refused with 403 when the browser says %s, and nothing is stored', async (_, headers) => {
    const before = await t.store.countSubmissions();
    const res = await post(headers);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await res.json()).toMatchObject({ code: 'origin-refused' });
    expect(await t.store.countSubmissions()).toBe(before);
  });

  it('is refused for a body-less sign-out too', async () => {
    const res = await t.app.request('http://guichet.test/api/staff/sign-out', {
      method: 'POST',
      headers: { Host: 'guichet.test', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'text/plain' },
    });
    expect(res.status).toBe(403);
  });

  it('is taken from the kiosk page itself, and from a client that is not a browser', async () => {
    expect((await post({ 'Sec-Fetch-Site': 'same-origin', Origin: 'http://guichet.test' })).status).toBe(201);
    expect((await post({})).status).toBe(201);
  });

  it('reads with GET from anywhere: nothing changes on a GET', async () => {
    const res = await t.app.request('http://guichet.test/api/content', { headers: { Host: 'guichet.test', 'Sec-Fetch-Site': 'cross-site' } });
    expect(res.status).toBe(200);
  });
});
