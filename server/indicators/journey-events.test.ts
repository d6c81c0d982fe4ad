import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { newTerminalCredential, secretHashOf } from '../terminals/enrolment.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { MAX_BATCH } from './journey-events.ts';

const NOW = new Date('2026-11-28T10:00:00.000Z');
const journey = {
  kind: 'journey' as const,
  day: '2026-11-28',
  procedureId: 'write-to-town-hall',
  locale: 'fr',
  assisted: false,
  outcome: 'finished' as const,
  step: 3,
  durationSeconds: 140,
  readAloud: false,
  textSize: 100 as const,
  theme: 'default' as const,
};
const batch = (events: unknown[], overrides: Record<string, unknown> = {}) => ({ batchId: randomUUID(), terminalId: 't-1', site: 'mediatheque', channel: 'epn', events, ...overrides });

describe('POST /api/indicators/events', () => {
  let t: TestApp;
  afterEach(() => t.dispose());
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    t.app.request('/api/indicators/events', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('adds a batch of journeys and answers to the day counts, under the terminal’s site and channel', async () => {
    t = await startTestApp({ now: () => NOW });
    const res = await post(
      batch([
        journey,
        { ...journey, outcome: 'abandoned', step: 2, locale: 'ar', readAloud: true },
        { kind: 'satisfaction', day: '2026-11-28', procedureId: 'write-to-town-hall', locale: 'fr', rating: 'good' },
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 3, again: false });
    const days = await t.store.journeyDays({ from: '2026-11-28', to: '2026-11-28' });
    expect(days.map((d) => [d.outcome, d.step, d.locale, d.site, d.channel, d.journeys])).toEqual([
      ['abandoned', 2, 'ar', 'mediatheque', 'epn', 1],
      ['finished', 3, 'fr', 'mediatheque', 'epn', 1],
    ]);
    expect(await t.store.satisfactionDays({ from: '2026-11-28', to: '2026-11-28' })).toMatchObject([{ rating: 'good', answers: 1 }]);
  });

  it('counts a batch sent again once: the kiosk resends when the answer was lost', async () => {
    t = await startTestApp({ now: () => NOW });
    const once = batch([journey, journey]);
    expect(await (await post(once)).json()).toEqual({ accepted: 2, again: false });
    expect(await (await post(once)).json()).toEqual({ accepted: 2, again: true });
    expect((await t.store.journeyDays({ from: '2026-11-28', to: '2026-11-28' }))[0]?.journeys).toBe(2);
  });

  it('takes only the documented shape: an answer, a name or free text is refused with 422 and nothing is counted', async () => {
    t = await startTestApp({ now: () => NOW });
    const refused = [
      batch([{ ...journey, answers: { message: 'CANARY' } }]),
      batch([{ ...journey, name: 'Marie Martin' }]),
      batch([journey], { phone: '0612345678' }),
      batch([{ ...journey, outcome: 'gave up because CANARY' }]),
      batch([{ ...journey, step: -1 }]),
      batch([{ ...journey, durationSeconds: 1.5 }]),
      batch([{ ...journey, procedureId: 'no-such-procedure' }]),
      batch([{ ...journey, locale: 'xx' }]),
      batch([{ ...journey, day: '2025-01-01' }]),
      batch([{ ...journey, day: '2026-12-25' }]),
      batch([{ kind: 'satisfaction', day: '2026-11-28', procedureId: 'write-to-town-hall', locale: 'fr', rating: 'great', comment: 'CANARY' }]),
      batch([]),
      batch(Array.from({ length: MAX_BATCH + 1 }, () => journey)),
      batch([journey], { site: 'a site with spaces' }),
      batch([journey], { batchId: 'not-a-uuid' }),
      [journey],
    ];
    for (const body of refused) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 120)).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'invalid-journey-events' });
    }
    expect(await t.store.journeyDays({ from: '2020-01-01', to: '2030-01-01' })).toEqual([]);
  });

  it('never lets a terminal add to another site’s counts than the one its heartbeat named', async () => {
    t = await startTestApp({ now: () => NOW });
    // An enrolled terminal's heartbeat names its site (server/terminals/enrolment.ts).
    const { secret } = newTerminalCredential();
    await t.store.enrolTerminal({ terminalId: 't-1', secretHash: secretHashOf(secret), site: 'mediatheque', by: 'admin:test', at: NOW });
    const beat = await t.client.api.terminals.heartbeat.$post(
      { json: { terminalId: 't-1', site: 'mediatheque', appVersion: '1', contentVersion: 'c', outboxLength: 0, oldestAgeSeconds: 0 } },
      { headers: { Authorization: `Bearer ${secret}` } },
    );
    expect(beat.status).toBeLessThan(300);
    const res = await post(batch([journey], { site: 'accueil-mairie' }));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'journey-site-mismatch' });
    expect(await t.store.journeyDays({ from: '2026-11-28', to: '2026-11-28' })).toEqual([]);
    expect((await post(batch([journey]))).status).toBe(200);
  });

  it('limits the batches per terminal, with a Retry-After', async () => {
    t = await startTestApp({ now: () => NOW });
    for (let i = 0; i < 30; i++) expect((await post(batch([journey]))).status).toBe(200);
    const res = await post(batch([journey]));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('600');
    expect(await res.json()).toMatchObject({ code: 'too-many-journey-events' });
    // Another terminal still gets through.
    expect((await post(batch([journey], { terminalId: 't-2' }))).status).toBe(200);
    const [row] = await t.store.journeyDays({ from: '2026-11-28', to: '2026-11-28' });
    expect(row?.journeys).toBe(31);
  });
});
