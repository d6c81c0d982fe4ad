// Limits that hold under concurrency (issue 22, part 1), over real HTTP on loopback as an
// attacker would send them. Regression guarded: 100 wrong staff codes sent at once were all
// checked by argon2 (the limit counted after `await verifyCode`), and the right code, sent
// among them, opened a session; behind the recommended reverse proxy every client had the
// proxy's address, so 20 wrong codes from anyone locked every reception desk out.
//
// argon2's `verify` is wrapped, not replaced: every check below is a real argon2id check, and
// the wrapper only counts them.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lookupOf } from '../../kiosk/src/handoff/handoff-crypto.ts';
import { parseTrustedProxies, type TrustedProxies } from '../client-address.ts';
import { signIn } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...actual,
    verify: (...args: Parameters<typeof actual.verify>) => {
      argon2.verifications += 1;
      return actual.verify(...args);
    },
  };
});

let t: TestApp;
let server: Server | undefined;
let base = '';
const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

afterEach(async () => {
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = undefined;
  await t?.dispose();
  warn.mockClear();
});

/** The app on a loopback port, as main.ts serves it. */
async function listen(trustedProxies?: TrustedProxies): Promise<void> {
  t = await startTestApp(trustedProxies ? { trustedProxies } : {});
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  await new Promise<void>((resolve) => server!.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The kiosk's pages are served from this host: the origin check wants the same one. */
const sameOrigin = () => ({ Origin: base });

const signInOverHttp = (body: { role: string; login: string; code: string }, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/staff/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...sameOrigin(), ...headers }, body: JSON.stringify(body) });

const statuses = (responses: Response[]) =>
  responses.reduce<Record<number, number>>((tally, r) => ({ ...tally, [r.status]: (tally[r.status] ?? 0) + 1 }), {});

describe('staff sign-in under a burst', () => {
  it('checks at most 5 codes of 100 sent at once to one account, and refuses the right code after them', async () => {
    await listen();
    const agent = await signIn(t, 'agent', '4512');
    argon2.verifications = 0;

    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => signInOverHttp({ role: 'agent', login: '4512', code: `wrong-${i}` })));
    expect(argon2.verifications).toBeLessThanOrEqual(5);
    expect(statuses(burst)).toEqual({ 401: 5, 429: 95 });

    const right = await signInOverHttp({ role: 'agent', login: '4512', code: agent.code });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(right.headers.get('set-cookie')).toBeNull();
    expect(argon2.verifications).toBeLessThanOrEqual(5);
  });

  it('opens no session for the right code sent 60th in a burst once five wrong ones took the places', async () => {
    await listen();
    const agent = await signIn(t, 'agent', '4512');
    argon2.verifications = 0;
    // Five wrong codes are on their way (their places taken) when the rest of the burst arrives.
    const first = Array.from({ length: 5 }, (_, i) => signInOverHttp({ role: 'agent', login: '4512', code: `wrong-${i}` }));
    await vi.waitFor(() => expect(argon2.verifications).toBe(5));
    const rest = Array.from({ length: 95 }, (_, i) => signInOverHttp({ role: 'agent', login: '4512', code: i === 54 ? agent.code : `wrong-x${i}` }));
    const burst = await Promise.all([...first, ...rest]);
    expect(burst[59]!.status).toBe(429);
    expect(burst.filter((r) => r.headers.get('set-cookie'))).toHaveLength(0);
    expect(argon2.verifications).toBe(5);
  });

  it('checks at most 20 codes of 100 sent at once from one address to as many accounts', async () => {
    await listen();
    argon2.verifications = 0;
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => signInOverHttp({ role: 'agent', login: `9${i}`, code: 'wrong-code' })));
    expect(argon2.verifications).toBeLessThanOrEqual(20);
    expect(statuses(burst)).toEqual({ 401: 20, 429: 80 });
  });

  it('gives a right code’s place back: 30 right sign-ins in a row from one address are all let in', async () => {
    await listen();
    const agent = await signIn(t, 'agent', '4512');
    const all: Response[] = [];
    for (let i = 0; i < 30; i++) all.push(await signInOverHttp({ role: 'agent', login: '4512', code: agent.code }));
    expect(statuses(all)).toEqual({ 200: 30 });
    expect((await signInOverHttp({ role: 'agent', login: '4512', code: 'wrong' })).status).toBe(401);
  });

  it('holds the same limit on the reception console’s sign-in form', async () => {
    await listen();
    await signIn(t, 'reception', 'accueil');
    argon2.verifications = 0;
    const burst = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        fetch(`${base}/reception/sign-in`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...sameOrigin() },
          body: new URLSearchParams({ login: 'accueil', code: `wrong-${i}` }),
        }),
      ),
    );
    expect(argon2.verifications).toBeLessThanOrEqual(5);
    expect(statuses(burst)).toEqual({ 401: 5, 429: 45 });
  });
});

describe('tracking and hand-off codes under a burst', () => {
  it('lets 10 wrong tracking codes of 100 sent at once reach the store for one reference, then refuses the right one', async () => {
    await listen();
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const created = await t.app.request('/api/submissions', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID() },
      body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes })),
    });
    const { reference, trackingCode } = (await created.json()) as { reference: string; trackingCode: string };
    const lookups = vi.spyOn(t.store, 'findSubmission');
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => fetch(`${base}/api/submissions/${reference}?code=ZZZZ${String(i).padStart(2, '0')}`)));
    expect(statuses(burst)).toEqual({ 404: 10, 429: 90 });
    expect(lookups.mock.calls.length).toBeLessThanOrEqual(10);
    expect((await fetch(`${base}/api/submissions/${reference}?code=${trackingCode}`)).status).toBe(429);
  });

  it('lets 10 wrong hand-off codes of 100 sent at once reach the store for one reception account', async () => {
    await listen();
    const desk = await signIn(t, 'reception', 'accueil');
    const opens = vi.spyOn(t.store, 'openHandoff');
    const { lookup } = await lookupOf('K7QD-4MZ9');
    const burst = await Promise.all(
      Array.from({ length: 100 }, () =>
        fetch(`${base}/api/handoffs/open`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Cookie: desk.headers.Cookie!, ...sameOrigin() },
          body: JSON.stringify({ lookup }),
        }),
      ),
    );
    expect(statuses(burst)).toEqual({ 404: 10, 429: 90 });
    expect(opens.mock.calls.length).toBeLessThanOrEqual(10);
  });
});

describe('the client behind a named proxy', () => {
  const fromClient = (client: string, body: { role: string; login: string; code: string }) => signInOverHttp(body, { 'X-Forwarded-For': client });

  it('counts 25 wrong codes against the client that sent them, not against another client of the same proxy', async () => {
    await listen(parseTrustedProxies('127.0.0.1'));
    const desk = await signIn(t, 'agent', '4512');
    for (let i = 0; i < 25; i++) {
      const response = await fromClient('203.0.113.7', { role: 'agent', login: `77${i}`, code: 'wrong-code' });
      expect(response.status, `try ${i + 1}`).toBe(i < 20 ? 401 : 429);
    }
    const other = await fromClient('198.51.100.9', { role: 'agent', login: '4512', code: desk.code });
    expect(other.status).toBe(200);
    // The same through the standard header, the proxy's hop after the client's.
    const forwarded = await signInOverHttp({ role: 'agent', login: '4512', code: desk.code }, { Forwarded: 'for=198.51.100.10;proto=https, for=127.0.0.1' });
    expect(forwarded.status).toBe(200);
    expect((await signInOverHttp({ role: 'agent', login: '4512', code: desk.code }, { Forwarded: 'for="203.0.113.7:4711"' })).status).toBe(429);
  });

  it('believes no forwarding header from a peer that is not a named proxy', async () => {
    await listen(parseTrustedProxies('10.0.0.0/8'));
    const desk = await signIn(t, 'agent', '4512');
    // An attacker naming a new "client" in each request is still the loopback peer it is.
    for (let i = 0; i < 20; i++) expect((await fromClient(`203.0.113.${i}`, { role: 'agent', login: `77${i}`, code: 'wrong-code' })).status).toBe(401);
    expect((await fromClient('198.51.100.9', { role: 'agent', login: '4512', code: desk.code })).status).toBe(429);
  });
});

describe('parseTrustedProxies', () => {
  it('reads addresses and CIDR blocks, IPv4 and IPv6, and refuses anything else by name', () => {
    const trusted = parseTrustedProxies('127.0.0.1, 10.0.0.0/8 ::1 fd00::/8');
    expect(['127.0.0.1', '::ffff:127.0.0.1', '10.200.3.4', '::1', 'fd12::7'].map((a) => trusted.has(a))).toEqual([true, true, true, true, true]);
    expect(['127.0.0.2', '11.0.0.1', 'fe80::1', 'unknown'].map((a) => trusted.has(a))).toEqual([false, false, false, false]);
    expect(parseTrustedProxies('').entries).toEqual([]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.0/', '1.2.3.4/8/8']) expect(() => parseTrustedProxies(bad)).toThrow(bad);
  });
});
