// The staff side of help booking: reception books for a walk-in, the day's list per place and
// per mediator (a printable page, and JSON without phone numbers), who came, and a mediator's
// calendar feed behind its secret address, read by a calendar library.
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { signIn, SAME_ORIGIN, TEST_HOST } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const clock = new Date('2026-12-08T10:00:00Z');
const SECRET = 'a-calendar-secret-of-at-least-32-characters';
const url = (path: string) => `http://${TEST_HOST}${path}`;

describe('/agenda', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const bookPublic = async (body: Record<string, unknown>) => {
    const res = await t.app.request('/api/help/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { code: string }).code;
  };

  it('lets reception book for a walk-in or a phone call, and refuses anyone not signed in', async () => {
    t = await startTestApp({ now: () => clock, calendarSecret: SECRET });
    const reception = await signIn(t, 'reception', 'accueil', 'Accueil mairie');
    const body = JSON.stringify({ slotId: 'perm-julien@2026-12-09T09:00', name: 'Marcel Dupont', locale: 'fr', phone: '0612345678' });
    const anonymous = await t.app.request(url('/agenda/bookings'), { method: 'POST', headers: { 'content-type': 'application/json', ...SAME_ORIGIN }, body });
    expect(anonymous.status).toBe(401);
    const res = await t.app.request(url('/agenda/bookings'), { method: 'POST', headers: { 'content-type': 'application/json', ...reception.headers }, body });
    expect(res.status).toBe(201);
    const { code } = (await res.json()) as { code: string };
    expect(await t.store.helpBooking(code)).toMatchObject({ channel: 'reception', state: 'booked' });
    const again = await t.app.request(url('/agenda/bookings'), { method: 'POST', headers: { 'content-type': 'application/json', ...reception.headers }, body });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'slot-full' });
  });

  it('gives reception a form to book for someone: the next free slots, the name, a phone; a wrong number said on its field', async () => {
    t = await startTestApp({ now: () => clock, calendarSecret: SECRET });
    const reception = await signIn(t, 'reception', 'accueil', 'Accueil mairie');
    const form = await (await t.app.request(url('/agenda/book'), { headers: reception.headers })).text();
    expect(form).toContain('<h1>Réserver pour quelqu’un</h1>');
    expect(form).toContain('value="perm-samia@2026-12-08T11:30"');
    const post = (body: string) =>
      t.app.request(url('/agenda/book'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...reception.headers }, body });
    const wrong = await post('slotId=perm-samia%402026-12-08T11%3A30&name=Marcel+Dupont&phone=12&locale=fr');
    expect(wrong.status).toBe(400);
    const wrongPage = await wrong.text();
    expect(wrongPage).toContain('<title>Erreur : ');
    expect(wrongPage).toContain('Ce numéro ne marche pas');
    expect(wrongPage).toContain('value="Marcel Dupont"');
    const done = await post('slotId=perm-samia%402026-12-08T11%3A30&name=Marcel+Dupont&phone=06+12+34+56+78&locale=fr');
    expect(done.status).toBe(201);
    const page = await done.text();
    const code = /<strong dir="ltr">([2-9A-Z]{4}-[2-9A-Z]{4})<\/strong>/.exec(page)?.[1];
    expect(code).toBeDefined();
    expect(page).toContain('mardi 8 décembre 2026 à 11:30');
    expect(await t.store.helpBooking(code!)).toMatchObject({ channel: 'reception', phone: '0612345678', name: 'Marcel Dupont' });
    const taken = await post('slotId=perm-samia%402026-12-08T11%3A30&name=Autre&locale=fr');
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain('Ce créneau vient d’être pris');
  });

  it('lists the day per place for reception and per mediator for a mediator, and records who came', async () => {
    t = await startTestApp({ now: () => clock, calendarSecret: SECRET });
    await bookPublic({ slotId: 'perm-samia@2026-12-15T09:30', name: 'Zoé Leroy', locale: 'fr', phone: '0611111111' });
    await bookPublic({ slotId: 'atelier-demarches@2026-12-15T14:00', name: 'Paul Girard', locale: 'fr' });
    const reception = await signIn(t, 'reception', 'accueil', 'Accueil mairie');
    const samia = await signIn(t, 'mediator', 'samia', 'Samia');

    const page = await t.app.request(url('/agenda?day=2026-12-15'), { headers: reception.headers });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Rendez-vous d’aide du mardi 15 décembre 2026</h1>');
    for (const text of ['Zoé Leroy', 'Paul Girard', '0611111111', 'Espace numérique de la médiathèque', '09:30', 'Rendez-vous avec Samia']) expect(html).toContain(text);

    const mine = await t.app.request(url('/agenda?day=2026-12-15'), { headers: { ...samia.headers, accept: 'application/json' } });
    const list = (await mine.json()) as Array<{ id: string; name: string; phone?: string }>;
    expect(list.map((b) => b.name)).toEqual(['Zoé Leroy']);
    expect(JSON.stringify(list)).not.toContain('0611111111');
    const mediatorPage = await (await t.app.request(url('/agenda?day=2026-12-15'), { headers: samia.headers })).text();
    expect(mediatorPage).not.toContain('Paul Girard');
    expect(mediatorPage).not.toContain('0611111111');

    const mark = await t.app.request(url(`/agenda/bookings/${list[0]!.id}/attendance?day=2026-12-15`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...samia.headers },
      body: 'attendance=attended',
    });
    expect(mark.status).toBe(303);
    expect(mark.headers.get('location')).toBe('/agenda?day=2026-12-15');
    expect(await t.store.helpBookingById(list[0]!.id)).toMatchObject({ attendance: 'attended' });
    // Another mediator's booking is not hers to mark.
    const other = await t.store.helpDayList({ from: new Date('2026-12-15T00:00:00Z'), to: new Date('2026-12-16T00:00:00Z'), agendas: ['atelier-demarches'] });
    const refused = await t.app.request(url(`/agenda/bookings/${other[0]!.id}/attendance`), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...samia.headers },
      body: 'attendance=no-show',
    });
    expect(refused.status).toBe(404);
  });

  it('publishes a mediator’s bookings as an iCalendar feed at a secret address, with names and no phone numbers', async () => {
    t = await startTestApp({ now: () => clock, calendarSecret: SECRET, publicUrl: 'https://guichet.belval-sur-loire.fr' });
    await bookPublic({ slotId: 'perm-samia@2026-12-15T09:30', name: 'Zoé Leroy', locale: 'fr', phone: '0611111111' });
    await bookPublic({ slotId: 'perm-samia@2026-12-10T14:00', name: 'Ali Haddad', locale: 'ar', phone: '0622222222', email: 'ali@example.org' });
    await bookPublic({ slotId: 'perm-julien@2026-12-09T09:00', name: 'Jean Martin', locale: 'fr', phone: '0633333333' });
    const samia = await signIn(t, 'mediator', 'samia', 'Samia');
    const { url: feed } = (await (await t.app.request(url('/agenda/feed-url'), { headers: samia.headers })).json()) as { url: string };
    expect(feed).toMatch(/^https:\/\/guichet\.belval-sur-loire\.fr\/agenda\/feed\/samia\/[\w-]{32}\.ics$/);
    const res = await t.app.request(new URL(feed).pathname);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    for (const secret of ['0611111111', '0622222222', 'ali@example.org', 'Jean Martin']) expect(text).not.toContain(secret);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => [e.summary, e.startDate.toJSDate().toISOString()])).toEqual([
      ['Ali Haddad', '2026-12-10T13:00:00.000Z'],
      ['Zoé Leroy', '2026-12-15T08:30:00.000Z'],
    ]);
    expect(events[0]!.location).toBe('Espace numérique de la médiathèque, Médiathèque Jean-Moulin, 8 rue Nationale, 41200 Belval-sur-Loire');
    const wrong = new URL(feed).pathname.replace(/\/[\w-]{32}\.ics$/, `/${'x'.repeat(32)}.ics`);
    expect((await t.app.request(wrong)).status).toBe(404);
    expect((await t.app.request('/agenda/feed/julien/whatever.ics')).status).toBe(404);
  });
});
