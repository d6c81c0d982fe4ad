// Hand-offs through the app, with the kiosk's own sealing (kiosk/src/handoff/handoff-crypto.ts,
// WebCrypto in Node): a round trip, the server unable to read what it keeps, single use, expiry
// and the purge, a wrong code answered 404 then limited, nothing of the code or the lookup in
// the logs, role boundaries, and the continued submission recording the channel change.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lookupOf, newHandoffCode, normalizeHandoffCode, sealDraft } from '../../kiosk/src/handoff/handoff-crypto.ts';
import { purgeExpired } from '../retention.ts';
import { SAME_ORIGIN, TEST_HOST, signIn } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { validSubmission } from '../test-support/valid-answers.ts';

const NOW = new Date('2026-11-28T10:00:00Z');
let clock = NOW;
let t: TestApp;
afterEach(async () => {
  clock = NOW;
  vi.restoreAllMocks();
  await t?.dispose();
});
const start = async () => (t = await startTestApp({ now: () => clock }));
const url = (path: string) => `http://${TEST_HOST}${path}`;
const DRAFT = { stepId: 'message', answers: { topic: 'question', message: 'Ma voisine Mme Lefèvre 06 12 34 56 78' } };
const post = (path: string, body: unknown, headers: Record<string, string> = SAME_ORIGIN) =>
  t.app.request(url(path), { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function handOff(code = newHandoffCode()) {
  const sealed = await sealDraft(code, 'write-to-town-hall', DRAFT);
  const response = await post('/api/handoffs', { ...sealed, procedureId: 'write-to-town-hall', procedureVersion: 2 }, { ...SAME_ORIGIN, 'Guichet-Terminal': 't-mediatheque-2', 'Guichet-Site': 'mediatheque' });
  expect(response.status).toBe(201);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return { code, sealed, expiresAt: ((await response.json()) as { expiresAt: string }).expiresAt };
}

const openAs = async (headers: Record<string, string>, code: string) => post('/api/handoffs/open', { lookup: (await lookupOf(code)).lookup }, headers);

describe('the code', () => {
  it('is 8 characters of the look-alike-free alphabet, grouped, and read back however it is typed', () => {
    const code = newHandoffCode();
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(normalizeHandoffCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(code);
    expect(normalizeHandoffCode('K7QD-4MZO')).toBeUndefined();
    expect(normalizeHandoffCode('K7QD')).toBeUndefined();
  });
});

describe('a hand-off', () => {
  it('goes there and back: the server keeps ciphertext only, reception opens it once with the code', async () => {
    await start();
    const { code, expiresAt } = await handOff();
    expect(expiresAt).toBe('2026-11-28T14:00:00.000Z');
    // What the database holds says nothing of the draft.
    const db = new (await import('better-sqlite3')).default(`${t.dataDir}/guichet.sqlite`, { readonly: true });
    const raw = JSON.stringify(db.prepare('SELECT * FROM handoffs').all());
    db.close();
    expect(raw).not.toContain('Lefèvre');
    expect(raw).not.toContain(code);

    const desk = await signIn(t, 'reception', 'accueil');
    const opened = await openAs(desk.headers, code);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('cache-control')).toBe('no-store');
    const body = (await opened.json()) as { procedureId: string; sealed: { iv: string; data: string }; terminal: string };
    expect(body).toMatchObject({ procedureId: 'write-to-town-hall', procedureVersion: 2, terminal: 't-mediatheque-2' });
    expect(await (await lookupOf(code)).open(body.procedureId, body.sealed)).toEqual(DRAFT);
    // Another code's key cannot open it, nor can the same ciphertext under another procedure.
    await expect((await lookupOf(newHandoffCode())).open(body.procedureId, body.sealed)).rejects.toThrow();
    await expect((await lookupOf(code)).open('report-street-problem', body.sealed)).rejects.toThrow();

    // Single use.
    const again = await openAs(desk.headers, code);
    expect(again.status).toBe(404);
    expect(((await again.json()) as { code: string }).code).toBe('handoff-not-found');
    const stored = await t.store.auditLog({ limit: 100 });
    expect(stored.map((e) => e.kind)).toEqual(expect.arrayContaining(['handoff.created', 'handoff.opened']));
  });

  it('expires after the set hours, and the purge deletes it', async () => {
    await start();
    const { code } = await handOff();
    const desk = await signIn(t, 'reception', 'accueil');
    clock = new Date(NOW.getTime() + 4 * 3_600_000);
    expect((await openAs(desk.headers, code)).status).toBe(404);
    const report = await purgeExpired({ store: t.store, content: t.content, attachmentsDir: `${t.dataDir}/attachments`, now: () => clock });
    expect(report.handoffs).toBe(1);
  });

  it('answers a wrong code 404, then 429 with Retry-After even for the right code, and logs neither code nor lookup', async () => {
    await start();
    const logged: string[] = [];
    for (const method of ['log', 'warn', 'error', 'info'] as const)
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    const write = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write);
    const { code } = await handOff();
    const desk = await signIn(t, 'reception', 'accueil');
    const guesses = Array.from({ length: 10 }, () => newHandoffCode());
    for (const guess of guesses) expect((await openAs(desk.headers, guess)).status).toBe(404);
    const limited = await openAs(desk.headers, code);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const everything = logged.join('\n');
    expect(everything).toContain('rate-limited');
    for (const secret of [code, (await lookupOf(code)).lookup, ...guesses]) expect(everything).not.toContain(secret);
  });

  it('opens for reception only: not a resident, an agent, nor a mediator', async () => {
    await start();
    const { code } = await handOff();
    expect((await openAs(SAME_ORIGIN, code)).status).toBe(401);
    for (const [role, login] of [['agent', '4512'], ['mediator', 'm.durand']] as const) {
      const member = await signIn(t, role, login);
      const refused = await openAs(member.headers, code);
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
    // Still there for reception after all that.
    expect((await openAs((await signIn(t, 'reception', 'accueil')).headers, code)).status).toBe(200);
  });

  it('refuses bad input with problem+json, and a hand-off posted from another site', async () => {
    await start();
    const sealed = await sealDraft(newHandoffCode(), 'write-to-town-hall', DRAFT);
    const good = { ...sealed, procedureId: 'write-to-town-hall', procedureVersion: 2 };
    for (const body of [{}, { ...good, lookup: 'short' }, { ...good, extra: 1 }, { ...good, procedureVersion: 0 }, { ...good, sealed: { iv: '!', data: 'x' } }]) {
      const response = await post('/api/handoffs', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await post('/api/handoffs', { ...good, procedureId: 'agent-leave-request' })).status).toBe(422);
    expect((await post('/api/handoffs', good, { Host: TEST_HOST, Origin: 'https://evil.example' })).status).toBe(403);
    const desk = await signIn(t, 'reception', 'accueil');
    expect((await post('/api/handoffs/open', { lookup: 'x' }, desk.headers)).status).toBe(400);
  });

  it('the submission that continues it is reception’s, and the audit says which terminal it began on', async () => {
    await start();
    const { code } = await handOff();
    const desk = await signIn(t, 'reception', 'accueil');
    expect((await openAs(desk.headers, code)).status).toBe(200);
    const procedure = t.content.procedures.find((p) => p.id === 'write-to-town-hall')!;
    const sent = await t.app.request(url('/api/submissions'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), 'Guichet-Terminal': 't-accueil-1', 'Guichet-Site': 'accueil-mairie', ...desk.headers },
      body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
    });
    expect(sent.status).toBe(201);
    const { reference } = (await sent.json()) as { reference: string };
    const stored = (await t.store.findSubmission(reference))!;
    expect(await t.store.attributionOf(stored.id)).toMatchObject({ channel: 'reception', receptionId: desk.account.id, site: 'accueil-mairie' });
    const trail = await t.store.auditTrail(stored.id);
    expect(trail.find((e) => e.kind === 'submission.handed-off')).toMatchObject({ actor: 'reception:accueil', terminal: 't-accueil-1', data: { fromTerminal: 't-mediatheque-2', channel: 'reception' } });
    // The reception console says so too.
    const cookie = /guichet_staff=([^;]+)/.exec(desk.headers.Cookie!)![1];
    const page = await t.app.request(url(`/reception/requests?reference=${reference}`), { headers: { Cookie: `guichet_reception=${cookie}` } });
    expect(await page.text()).toContain('commencée sur la borne t-mediatheque-2, terminée à l’accueil');
    // A second request of the same procedure by the desk is its own, not a continuation.
    const second = await t.app.request(url('/api/submissions'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...desk.headers },
      body: JSON.stringify(validSubmission(procedure, { postcodes: t.content.site.postcodes, today: '2026-11-28' })),
    });
    const secondStored = (await t.store.findSubmission(((await second.json()) as { reference: string }).reference))!;
    expect((await t.store.auditTrail(secondStored.id)).map((e) => e.kind)).not.toContain('submission.handed-off');
  });
});
