// The ticket and the .ics a person takes away: read back as a PDF reader and a calendar
// application read them.
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { hasWordsInOrder, readPdfText } from '../receipts/test-fixtures.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';

const clock = new Date('2026-12-08T10:00:00Z');

describe('the ticket and the calendar file of a booking', () => {
  let t: TestApp;
  afterEach(() => t.dispose());

  const book = async (body: Record<string, unknown>) => {
    const res = await t.app.request('/api/help/bookings', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { code: string }).code;
  };

  it('prints place, date and time in words and the code, in French', async () => {
    t = await startTestApp({ now: () => clock, publicUrl: 'https://guichet.belval-sur-loire.fr' });
    const code = await book({ slotId: 'perm-samia@2026-12-15T09:30', name: 'Jean Martin', locale: 'fr', phone: '0612345678' });
    for (const paper of ['a4', '80mm']) {
      const res = await t.app.request(`/api/help/bookings/${code}/ticket.pdf?paper=${paper}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const text = await readPdfText(new Uint8Array(await res.arrayBuffer()));
      expect(hasWordsInOrder(text, 'Votre rendez-vous d\'aide'), text).toBe(true);
      expect(hasWordsInOrder(text, 'Rendez-vous avec Samia'), text).toBe(true);
      expect(hasWordsInOrder(text, 'Espace numérique de la médiathèque'), text).toBe(true);
      expect(hasWordsInOrder(text, 'Médiathèque Jean-Moulin, 8 rue Nationale, 41200 Belval-sur-Loire'), text).toBe(true);
      expect(hasWordsInOrder(text, 'mardi 15 décembre 2026 à 09:30'), text).toBe(true);
      expect(text.split(/\s+/)).toContain(code);
      // Neither the name nor the phone number is on a paper that may be left behind.
      expect(text).not.toContain('Martin');
      expect(text).not.toContain('0612345678');
    }
  });

  it('prints an Arabic ticket in Arabic and in French, the code as one word', async () => {
    t = await startTestApp({ now: () => clock, publicUrl: 'https://guichet.belval-sur-loire.fr' });
    const code = await book({ slotId: 'atelier-smartphone@2026-12-10T09:30', name: 'فاطمة', locale: 'ar' });
    const res = await t.app.request(`/api/help/bookings/${code}/ticket.pdf?paper=80mm`);
    const text = (await readPdfText(new Uint8Array(await res.arrayBuffer()))).normalize('NFKC');
    expect(text.split(/\s+/).filter((w) => w === code)).toHaveLength(2);
    expect(hasWordsInOrder(text, 'jeudi 10 décembre 2026 à 09:30'), text).toBe(true);
    expect(hasWordsInOrder(text, 'Premiers pas avec un smartphone'), text).toBe(true);
    expect(text).toContain('ديسمبر');
    expect(text).toContain('2026');
  });

  it('gives an .ics a calendar application reads: one event, the slot’s times, title and place', async () => {
    t = await startTestApp({ now: () => clock, publicUrl: 'https://guichet.belval-sur-loire.fr' });
    const code = await book({ slotId: 'perm-samia@2026-12-15T09:30', name: 'Jean Martin', locale: 'en', phone: '0612345678' });
    const res = await t.app.request(`/api/help/bookings/${code}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const calendar = new ICAL.Component(ICAL.parse(await res.text()));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.summary).toBe('Appointment with Samia');
    expect(event!.location).toBe('Library digital space, Médiathèque Jean-Moulin, 8 rue Nationale, 41200 Belval-sur-Loire');
    expect(event!.startDate.toJSDate().toISOString()).toBe('2026-12-15T08:30:00.000Z');
    expect(event!.endDate.toJSDate().toISOString()).toBe('2026-12-15T09:00:00.000Z');
    expect((await t.app.request('/api/help/bookings/2222-2222/calendar.ics')).status).toBe(404);
  });
});
