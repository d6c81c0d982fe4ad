// Reminders and offers of help bookings, from a real SQLite file to a real SMPP server on
// loopback (the `smpp` package's own), the clock moved by the test: the reminder goes on the
// eve and not before, once; a cancelled booking's reminder never goes; the person waiting is
// offered the freed place by SMS, and an offer nobody confirms lapses.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmppGateway, type SmppGateway } from '../notices/smpp-gateway.ts';
import { startSmppServer, type TestSmppServer } from '../test-support/smpp-server.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { createHelpNoticeSender } from './notices.ts';

const PUBLIC_URL = 'https://guichet.belval-sur-loire.fr';

describe('help reminders and offers by SMS', { timeout: 60_000 }, () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0).reverse()) await close();
  });

  async function setUp() {
    let clock = new Date('2026-12-08T10:00:00Z');
    const now = () => clock;
    const t: TestApp = await startTestApp({ now, publicUrl: PUBLIC_URL });
    cleanup.push(() => t.dispose());
    const smpp: TestSmppServer = await startSmppServer({ systemId: 'guichet', password: 'secret' });
    cleanup.push(() => smpp.close());
    const gateway: SmppGateway = createSmppGateway({ url: `smpp://guichet:secret@127.0.0.1:${smpp.port}`, sender: 'Belval', log: () => {} });
    gateway.start();
    cleanup.push(async () => gateway.dispose());
    const sender = createHelpNoticeSender({ store: t.store, content: t.content, gateway, publicUrl: PUBLIC_URL, now, log: { warn: () => {}, error: () => {} } });
    const book = async (body: Record<string, unknown>) => {
      const res = await t.app.request('/api/help/bookings', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify(body),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { code: string }).code;
    };
    return { t, smpp, sender, book, set: (iso: string) => (clock = new Date(iso)) };
  }

  it('reminds on the eve at 10:00 in Arabic, once, with no name, code or number; never for a cancelled booking', async () => {
    const { t, smpp, sender, book, set } = await setUp();
    const code = await book({ slotId: 'perm-samia@2026-12-15T09:30', name: 'فاطمة بن علي', locale: 'ar', phone: '06 12 34 56 78' });
    const other = await book({ slotId: 'perm-samia@2026-12-15T10:00', name: 'Jean Martin', locale: 'fr', phone: '0698765432' });
    expect((await t.app.request(`/api/help/bookings/${other}`, { method: 'DELETE' })).status).toBe(204);

    set('2026-12-14T08:59:59Z');
    expect(await sender.sendDue()).toMatchObject({ sent: 0 });
    set('2026-12-14T09:00:00Z');
    expect(await sender.sendDue()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
    expect(await sender.sendDue()).toMatchObject({ sent: 0 });
    const messages = smpp.messages();
    expect(messages).toHaveLength(1);
    const [sms] = messages;
    expect(sms!.destination).toContain('612345678');
    expect(sms!.dataCoding).toBe(8);
    expect(sms!.text).toContain('Belval-sur-Loire');
    expect(sms!.text).toContain('09:30');
    expect(sms!.text).toContain('الفضاء الرقمي في المكتبة');
    expect(sms!.text).toContain(`${PUBLIC_URL}/rendez-vous/cancel`);
    for (const secret of [code, 'فاطمة', '0612345678', '06 12']) expect(sms!.text).not.toContain(secret);
    const booking = await t.store.helpBooking(code);
    expect(await t.store.listHelpNotices(booking!.id)).toMatchObject([{ kind: 'reminder', state: 'sent', attempts: 1 }]);
  });

  it('offers a freed place to the first person waiting, by SMS with the deadline; unconfirmed, the offer lapses and the place is free', async () => {
    const { t, smpp, sender, book, set } = await setUp();
    const slotId = 'perm-accueil@2026-12-12T09:00';
    const first = await book({ slotId, name: 'Jean', locale: 'fr' });
    const waiting = await book({ slotId, name: 'Amina', locale: 'fr', phone: '0611111111', waitingList: true });
    expect((await t.app.request(`/api/help/bookings/${first}`, { method: 'DELETE' })).status).toBe(204);
    expect(await sender.sendDue()).toMatchObject({ sent: 1 });
    const [offer] = smpp.messages();
    expect(offer!.dataCoding).toBe(0);
    expect(offer!.text).toBe(
      'Belval-sur-Loire : une place s\'est libérée samedi 12 décembre 2026 à 09:00, Accueil de la mairie. Confirmez avec votre code avant mercredi 9 décembre 2026 à 11:00 sur https://guichet.belval-sur-loire.fr/rendez-vous/confirm',
    );
    expect(offer!.text).not.toContain(waiting);

    set('2026-12-09T10:00:00Z');
    expect(await sender.sendDue()).toMatchObject({ lapsed: 1, sent: 0 });
    expect(await t.store.helpBooking(waiting)).toMatchObject({ state: 'lapsed' });
    expect((await t.store.helpTaken([slotId])).get(slotId)).toBe(0);
  });
});
