// The public help booking API over the shipped agendas (content/site.yaml `help`): what a
// kiosk, a phone app or a town's website sees, errors included.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createGuessLimiter } from '../tracking.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

// Tuesday 8 December 2026, 11:00 in Belval: Samia's permanence is on until noon.
let clock = new Date('2026-12-08T10:00:00Z');
const now = () => clock;

interface SlotJson {
  id: string;
  kind: string;
  title: string;
  place: string;
  start: string;
  end: string;
  remaining: number;
}

describe('/api/help', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const start = async (limits = { perAddress: 5, perReference: 3, windowMs: 60_000 }) => {
    clock = new Date('2026-12-08T10:00:00Z');
    t = await startTestApp({ now, guesses: createGuessLimiter(limits) });
  };
  const from = (address: string) => ({ incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: 'IPv4' } } });
  const slots = async (search = '') => {
    const res = await t.app.request(`/api/help/slots${search}`);
    expect(res.status).toBe(200);
    return (await res.json()) as SlotJson[];
  };
  const book = (body: Record<string, unknown>, key: string = randomUUID(), address = '10.0.0.7') =>
    t.app.request('/api/help/bookings', { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) }, from(address));
  const withCode = (code: string, method = 'GET', address = '10.0.0.7', suffix = '') => t.app.request(`/api/help/bookings/${code}${suffix}`, { method }, from(address));

  it('lists the next slots first, with their title, place and places left, filtered by kind, place and day', async () => {
    await start();
    const all = await slots('?locale=ar');
    expect(all[0]).toMatchObject({ id: 'perm-samia@2026-12-08T11:30', kind: 'mediation', title: 'موعد مع Samia', place: 'epn-mediatheque', start: '2026-12-08T10:30:00.000Z', end: '2026-12-08T11:00:00.000Z', remaining: 1 });
    expect(all.map((s) => s.start)).toEqual([...all.map((s) => s.start)].sort());
    const workshops = await slots('?kind=workshop');
    expect(workshops[0]).toMatchObject({ id: 'atelier-demarches@2026-12-08T14:00', title: 'Faire ses démarches en ligne', remaining: 8 });
    expect(workshops.every((s) => s.kind === 'workshop')).toBe(true);
    expect((await slots('?place=accueil-mairie')).every((s) => s.place === 'accueil-mairie')).toBe(true);
    expect((await slots('?from=2026-12-10'))[0]!.start >= '2026-12-10').toBe(true);
    const bad = await t.app.request('/api/help/slots?kind=party');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await bad.json()).toMatchObject({ code: 'invalid-query' });
  });

  it('books a slot with a code and a reminder the day before; the same key replays it, another body under it is refused', async () => {
    await start();
    const key = randomUUID();
    const body = { slotId: 'perm-julien@2026-12-09T09:00', name: 'Fatima Benali', locale: 'ar', phone: '06 12 34 56 78' };
    const res = await book(body, key);
    expect(res.status).toBe(201);
    const booked = (await res.json()) as { code: string; state: string; slot: SlotJson };
    expect(booked).toMatchObject({ state: 'booked', slot: { id: body.slotId, kind: 'mediation', remaining: 0, start: '2026-12-09T08:00:00.000Z' } });
    expect(booked.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(JSON.stringify(booked)).not.toContain('06 12');

    const again = await book(body, key);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { code: string }).code).toBe(booked.code);
    const reused = await book({ ...body, name: 'Quelqu’un d’autre' }, key);
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ code: 'idempotency-key-reused' });

    const stored = await t.store.helpBooking(booked.code);
    expect(stored).toMatchObject({ phone: '0612345678', locale: 'ar', channel: 'web' });
    // The eve, 10:00 in Paris.
    const notices = await t.store.listHelpNotices(stored!.id);
    // Booked on the eve after 10:00: too late for a reminder.
    expect(notices).toEqual([]);
    const later = await book({ ...body, slotId: 'perm-julien@2026-12-11T09:00' });
    const laterCode = ((await later.json()) as { code: string }).code;
    expect(await t.store.listHelpNotices((await t.store.helpBooking(laterCode))!.id)).toMatchObject([{ kind: 'reminder', channel: 'sms', state: 'pending', nextAttemptAt: '2026-12-10T09:00:00.000Z' }]);
  });

  it('refuses what cannot be booked, each with its own problem', async () => {
    await start();
    const slotId = 'perm-julien@2026-12-09T09:00';
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ slotId, name: 'A', locale: 'fr', phone: '12' }, 400, 'invalid-body'],
      [{ slotId, name: 'A', locale: 'fr', email: 'nope' }, 400, 'invalid-body'],
      [{ slotId, name: ' ', locale: 'fr' }, 400, 'invalid-body'],
      [{ slotId, name: 'A', locale: 'fr', extra: 1 }, 400, 'invalid-body'],
      [{ slotId, name: 'A', locale: 'xx' }, 422, 'unknown-locale'],
      [{ slotId: 'perm-julien@2026-12-09T09:10', name: 'A', locale: 'fr' }, 422, 'slot-unknown'],
      [{ slotId: 'perm-samia@2026-12-08T09:00', name: 'A', locale: 'fr' }, 422, 'slot-unknown'],
    ];
    for (const [body, status, code] of cases) {
      const res = await book(body);
      expect([res.status, ((await res.json()) as { code: string }).code], JSON.stringify(body)).toEqual([status, code]);
    }
    const noKey = await t.app.request('/api/help/bookings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slotId, name: 'A', locale: 'fr' }) });
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toMatchObject({ code: 'idempotency-key-missing' });
  });

  it('says plainly when the last place is gone, keeps a waiting place, and offers it when the booking is cancelled with its code', async () => {
    await start();
    const slotId = 'perm-accueil@2026-12-12T09:00';
    const first = (await (await book({ slotId, name: 'Jean', locale: 'fr' })).json()) as { code: string };
    const full = await book({ slotId, name: 'Fatima', locale: 'ar', phone: '0612345678' });
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ code: 'slot-full', status: 409 });
    const waiting = await book({ slotId, name: 'Fatima', locale: 'ar', phone: '0612345678', waitingList: true });
    expect(waiting.status).toBe(201);
    const wait = (await waiting.json()) as { code: string; state: string };
    expect(wait.state).toBe('waiting');

    expect((await withCode(first.code.toLowerCase().replace('-', ' '), 'GET')).status).toBe(200);
    const cancelled = await withCode(first.code, 'DELETE');
    expect(cancelled.status).toBe(204);
    const offered = (await (await withCode(wait.code)).json()) as { state: string; offerExpiresAt: string; slot: SlotJson };
    expect(offered).toMatchObject({ state: 'offered', offerExpiresAt: '2026-12-09T10:00:00.000Z', slot: { remaining: 0 } });
    const stored = await t.store.helpBooking(wait.code);
    expect(await t.store.listHelpNotices(stored!.id)).toMatchObject([{ kind: 'offer', channel: 'sms', state: 'pending' }]);

    const confirmed = await withCode(wait.code, 'POST', '10.0.0.7', '/confirm');
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ state: 'booked' });
    // Cancelling twice is still done.
    expect((await withCode(first.code, 'DELETE')).status).toBe(204);
  });

  it('answers every wrong code alike and limits wrong guesses per address, with the tracking codes’ limiter', async () => {
    await start({ perAddress: 3, perReference: 10, windowMs: 60_000 });
    const { code } = (await (await book({ slotId: 'perm-julien@2026-12-09T09:00', name: 'Jean', locale: 'fr' })).json()) as { code: string };
    const wrong = await withCode('2222-2222', 'DELETE', '10.0.0.1');
    const malformed = await withCode('nope', 'DELETE', '10.0.0.1');
    expect(wrong.status).toBe(404);
    const body = await wrong.text();
    expect(JSON.parse(body)).toMatchObject({ code: 'booking-not-found' });
    expect(await malformed.text()).toBe(body);
    expect((await withCode(code, 'GET', '10.0.0.1')).status).toBe(200);
    expect((await withCode('3333-3333', 'GET', '10.0.0.1')).status).toBe(404);
    const limited = await withCode(code, 'DELETE', '10.0.0.1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
    // The booking is untouched, and another address still reaches it.
    expect(await t.store.helpBooking(code)).toMatchObject({ state: 'booked' });
    expect((await withCode(code, 'GET', '10.0.0.2')).status).toBe(200);
  });
});
