// Terminals' heartbeats and enrolment. Issue 22 measured, before enrolment: 300 fake terminals
// accepted, and a real terminal's outbox count rewritten to 0 by anyone, hiding the console's
// warning. Now a heartbeat counts only with the secret an admin or a reception agent gave.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { terminalsPage } from '../console/pages.ts';
import { SAME_ORIGIN, signIn, type SignedIn } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const TOKEN = 'a-console-token-of-at-least-thirty-two-characters';

const heartbeat = {
  site: 'mediatheque',
  appVersion: '0.1.0',
  contentVersion: 'c-2026-11-28',
  outboxLength: 2,
  oldestAgeSeconds: 340,
};

describe('POST /api/terminals/heartbeat', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const enrol = async (staff: SignedIn, site = 'mediatheque') => {
    const res = await t.app.request('http://guichet.test/api/terminals', {
      method: 'POST',
      headers: { ...staff.headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ site }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { terminalId: string; secret: string; site: string; setUpAddress: string };
  };
  const beat = (body: object, secret?: string) =>
    t.app.request('/api/terminals/heartbeat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(secret === undefined ? {} : { Authorization: `Bearer ${secret}` }) },
      body: JSON.stringify(body),
    });
  const listed = async () =>
    ((await (await t.app.request('/console/terminals', { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { terminals: Array<{ terminalId: string; outboxLength: number }> })
      .terminals;

  it('keeps the last heartbeat of an enrolled terminal, which the console lists with its queue', async () => {
    t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00.000Z'), console: { adminToken: TOKEN } });
    const admin = await signIn(t, 'admin', 'ada');
    const terminal = await enrol(admin);
    expect(terminal.setUpAddress).toBe(`http://guichet.test/?site=mediatheque#enrol=${terminal.terminalId}.${terminal.secret}`);
    const res = await t.client.api.terminals.heartbeat.$post({ json: { ...heartbeat, terminalId: terminal.terminalId } }, { headers: { Authorization: `Bearer ${terminal.secret}` } });
    expect(res.status).toBe(200);
    expect(await listed()).toEqual([
      { ...heartbeat, terminalId: terminal.terminalId, firstSeenAt: '2026-11-28T10:00:00.000Z', lastSeenAt: '2026-11-28T10:00:00.000Z' },
    ]);
    // The enrolment is in the audit chain, with who gave it; never the secret.
    const log = await t.store.auditLog({ limit: 100 });
    expect(log.find((e) => e.kind === 'terminal.enrolled')).toMatchObject({ actor: 'admin:ada', terminal: terminal.terminalId, data: { site: 'mediatheque' } });
    expect(JSON.stringify(log)).not.toContain(terminal.secret);

    const text = String(
      await terminalsPage({
        terminals: [{ ...heartbeat, terminalId: terminal.terminalId, firstSeenAt: '2026-11-28T09:00:00.000Z', lastSeenAt: '2026-11-28T09:50:00.000Z' }],
        now: new Date('2026-11-28T10:00:00.000Z'),
        silentAfterMs: 3 * 60_000,
      }),
    );
    expect(text).toContain('<h1>Bornes</h1>');
    // What a terminal reports is isolated for bidi (server/bidi.ts).
    expect(text).toContain('<td><bdi>mediatheque</bdi></td>');
    expect(text).toContain('silencieuse depuis 10 min');
    expect(text).toContain('1 borne garde des demandes pas encore reçues.');
  });

  it('refuses 300 fake terminals and a rewrite of a real one, each with a 401 problem, and changes nothing', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const reception = await signIn(t, 'reception', 'rita');
    const real = await enrol(reception);
    expect((await beat({ ...heartbeat, terminalId: real.terminalId }, real.secret)).status).toBe(200);

    for (let i = 0; i < 300; i++) {
      const res = await beat({ ...heartbeat, terminalId: `fake-${i}`, outboxLength: 0 }, i % 2 ? randomBytes(32).toString('base64url') : undefined);
      expect(res.status).toBe(401);
    }
    const missing = await beat({ ...heartbeat, terminalId: 'fake-x' });
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="terminals"');
    expect(await missing.json()).toMatchObject({ status: 401, code: 'terminal-credential-missing' });
    expect(await (await beat({ ...heartbeat, terminalId: 'fake-y' }, real.secret)).json()).toMatchObject({ code: 'terminal-not-enrolled' });

    // The real terminal's id with another secret, or none: its count of 2 stays.
    const rewrite = await beat({ ...heartbeat, terminalId: real.terminalId, outboxLength: 0 }, randomBytes(32).toString('base64url'));
    expect(await rewrite.json()).toMatchObject({ status: 401, code: 'terminal-credential-refused' });
    expect((await beat({ ...heartbeat, terminalId: real.terminalId, outboxLength: 0 }, 'short')).status).toBe(401);
    expect((await beat({ ...heartbeat, terminalId: real.terminalId, outboxLength: 0 })).status).toBe(401);
    expect(await listed()).toEqual([expect.objectContaining({ terminalId: real.terminalId, outboxLength: 2 })]);
  });

  it('lets only an admin or a reception agent enrol or revoke, and refuses a revoked terminal', async () => {
    t = await startTestApp({ console: { adminToken: TOKEN } });
    const anonymous = await t.app.request('http://guichet.test/api/terminals', { method: 'POST', headers: { 'Content-Type': 'application/json', ...SAME_ORIGIN }, body: '{"site":""}' });
    expect(await anonymous.json()).toMatchObject({ status: 401, code: 'sign-in-required' });
    const mediator = await signIn(t, 'mediator', 'mo');
    const byMediator = await t.app.request('http://guichet.test/api/terminals', { method: 'POST', headers: { ...mediator.headers, 'Content-Type': 'application/json' }, body: '{"site":""}' });
    expect(await byMediator.json()).toMatchObject({ status: 403, code: 'role-forbidden' });

    const admin = await signIn(t, 'admin', 'ada');
    const terminal = await enrol(admin, '');
    expect(terminal.setUpAddress).toBe(`http://guichet.test/#enrol=${terminal.terminalId}.${terminal.secret}`);
    expect((await beat({ ...heartbeat, site: '', terminalId: terminal.terminalId }, terminal.secret)).status).toBe(200);
    const revoke = (id: string) => t.app.request(`http://guichet.test/api/terminals/${id}/revoke`, { method: 'POST', headers: admin.headers });
    expect((await revoke(terminal.terminalId)).status).toBe(200);
    expect(await (await revoke(terminal.terminalId)).json()).toMatchObject({ status: 404, code: 'terminal-not-found' });
    expect(await (await beat({ ...heartbeat, site: '', terminalId: terminal.terminalId }, terminal.secret)).json()).toMatchObject({ code: 'terminal-not-enrolled' });
  });

  it('refuses a body with unknown keys or a terminal id that is not a plain name', async () => {
    t = await startTestApp();
    const extra = await beat({ ...heartbeat, terminalId: 't-1', name: 'Marie' });
    expect(extra.status).toBe(400);
    const bad = await t.client.api.terminals.heartbeat.$post({ json: { ...heartbeat, terminalId: '<script>' } });
    expect(bad.status).toBe(400);
  });
});
