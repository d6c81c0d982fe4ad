// Help booking as every Store implementation keeps it (migration 015, parts/help.ts). Each
// implementation's test file calls testHelpBooking with a factory for a fresh database that
// several stores can open at once (several server instances).
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { HelpSlotRef, NewHelpBooking, Store } from './types.ts';

const workshop: HelpSlotRef = {
  id: 'atelier-smartphone@2026-12-17T09:30',
  kind: 'workshop',
  agenda: 'atelier-smartphone',
  place: 'epn-mediatheque',
  start: '2026-12-17T08:30:00.000Z',
  end: '2026-12-17T10:30:00.000Z',
  capacity: 12,
};
const mediation: HelpSlotRef = {
  id: 'perm-samia@2026-12-15T09:30',
  kind: 'mediation',
  agenda: 'perm-samia',
  place: 'epn-mediatheque',
  start: '2026-12-15T08:30:00.000Z',
  end: '2026-12-15T09:00:00.000Z',
  capacity: 1,
};
const at = new Date('2026-12-08T10:00:00.000Z');
const offerUntil = () => new Date('2026-12-09T10:00:00.000Z');

let codes = 0;
const booking = (overrides: Partial<NewHelpBooking> = {}): NewHelpBooking => ({
  id: randomUUID(),
  newCode: () => `C${String(++codes).padStart(5, '0')}${randomUUID().slice(0, 4)}`,
  slot: mediation,
  name: 'Fatima Benali',
  locale: 'ar',
  phone: '06 12 34 56 78',
  channel: 'kiosk',
  at,
  ...overrides,
});

/**
 * @example testHelpBooking(async () => { const file = tempFile(); return () => createSqliteStore({ file }); })
 */
export function testHelpBooking(makeDatabase: () => Promise<() => Store>): void {
  describe('Store contract: help booking', () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.dispose()));
    });
    async function instances(count: number): Promise<Store[]> {
      const open = await makeDatabase();
      const stores: Store[] = [];
      for (let i = 0; i < count; i++) {
        const store = open();
        opened.push(store);
        await store.migrate();
        stores.push(store);
      }
      return stores;
    }

    it('gives the 12 places of a workshop to exactly 12 of 50 people booking at once on two instances, and tells the 38 others it is full', async () => {
      const [a, b] = await instances(2);
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? a! : b!).bookHelp(booking({ slot: workshop, idempotencyKey: randomUUID(), name: `Personne ${i}` }))),
      );
      const counts = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o.outcome]: (acc[o.outcome] ?? 0) + 1 }), {});
      expect(counts).toEqual({ booked: 12, full: 38 });
      expect((await a!.helpTaken([workshop.id])).get(workshop.id)).toBe(12);
      const list = await b!.helpDayList({ from: new Date('2026-12-17T00:00:00Z'), to: new Date('2026-12-18T00:00:00Z') });
      expect(list).toHaveLength(12);
      expect(new Set(list.map((l) => l.code)).size).toBe(12);
    });

    it('gives the last mediation slot to one of two people at once', async () => {
      const [a, b] = await instances(2);
      const outcomes = await Promise.all([a!.bookHelp(booking()), b!.bookHelp(booking({ name: 'Jean Martin' }))]);
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['booked', 'full']);
      expect((await a!.helpTaken([mediation.id, 'nobody@2026-12-15T09:00'])).get(mediation.id)).toBe(1);
    });

    it('answers a repeated idempotency key with the same booking, and refuses it with another body', async () => {
      const [store] = await instances(1);
      const key = randomUUID();
      const first = await store!.bookHelp(booking({ idempotencyKey: key, bodyHash: 'h1' }));
      expect(first.outcome).toBe('booked');
      const again = await store!.bookHelp(booking({ idempotencyKey: key, bodyHash: 'h1' }));
      expect(again.outcome).toBe('replayed');
      if (first.outcome !== 'booked' || again.outcome !== 'replayed') return;
      expect(again.booking.code).toBe(first.booking.code);
      expect(await store!.bookHelp(booking({ idempotencyKey: key, bodyHash: 'h2' }))).toEqual({ outcome: 'key-reused' });
      expect((await store!.helpTaken([mediation.id])).get(mediation.id)).toBe(1);
    });

    it('draws another code when the drawn one is taken', async () => {
      const [store] = await instances(1);
      const first = await store!.bookHelp(booking({ slot: workshop, newCode: () => 'SAMECODE' }));
      let draws = 0;
      const second = await store!.bookHelp(booking({ slot: workshop, newCode: () => (draws++ === 0 ? 'SAMECODE' : 'OTHERCODE') }));
      expect(first.outcome).toBe('booked');
      expect(second).toMatchObject({ outcome: 'booked', booking: { code: 'OTHERCODE' } });
    });

    it('queues the reminders of a booking, voids them when cancelled, and frees the place', async () => {
      const [store] = await instances(1);
      const eve = new Date('2026-12-14T08:30:00.000Z');
      const booked = await store!.bookHelp(booking({ reminders: [{ channel: 'sms', at: eve }] }));
      if (booked.outcome !== 'booked') throw new Error(booked.outcome);
      expect(booked.booking).toMatchObject({ state: 'booked', slot: mediation, name: 'Fatima Benali', phone: '06 12 34 56 78', locale: 'ar' });
      expect(await store!.listHelpNotices(booked.booking.id)).toMatchObject([{ kind: 'reminder', channel: 'sms', state: 'pending', nextAttemptAt: eve.toISOString() }]);
      expect(await store!.claimHelpNotices({ now: at, limit: 10, leaseMs: 60_000 })).toEqual([]);

      const cancelled = await store!.cancelHelpBooking(booked.booking.code, { at, offerUntil });
      expect(cancelled).toMatchObject({ outcome: 'cancelled', booking: { state: 'cancelled' } });
      expect(cancelled).not.toHaveProperty('offered');
      expect(await store!.listHelpNotices(booked.booking.id)).toMatchObject([{ state: 'void' }]);
      expect((await store!.helpTaken([mediation.id])).get(mediation.id)).toBe(0);
      expect(await store!.cancelHelpBooking(booked.booking.code, { at, offerUntil })).toEqual({ outcome: 'already-cancelled' });
      expect(await store!.cancelHelpBooking('NOSUCHCODE', { at, offerUntil })).toEqual({ outcome: 'not-found' });
      expect((await store!.bookHelp(booking())).outcome).toBe('booked');
    });

    it('offers a freed place to the first person waiting, who confirms it; a lapsed offer goes to the next', async () => {
      const [store] = await instances(1);
      const holder = await store!.bookHelp(booking());
      const first = await store!.bookHelp(booking({ name: 'Premier', waitingList: true, at: new Date(at.getTime() + 1000) }));
      const second = await store!.bookHelp(booking({ name: 'Second', phone: undefined, email: 'second@example.org', waitingList: true, at: new Date(at.getTime() + 2000) }));
      expect(first.outcome).toBe('waiting');
      expect(second.outcome).toBe('waiting');
      if (holder.outcome !== 'booked' || first.outcome !== 'waiting' || second.outcome !== 'waiting') return;

      const cancelled = await store!.cancelHelpBooking(holder.booking.code, { at, offerUntil });
      expect(cancelled).toMatchObject({ outcome: 'cancelled', offered: { code: first.booking.code, state: 'offered', offerExpiresAt: offerUntil().toISOString() } });
      expect((await store!.helpTaken([mediation.id])).get(mediation.id)).toBe(1);
      const [offer] = await store!.claimHelpNotices({ now: at, limit: 10, leaseMs: 60_000 });
      expect(offer).toMatchObject({ bookingId: first.booking.id, kind: 'offer', channel: 'sms', attempt: 1 });
      expect(await store!.recordHelpNotice({ id: offer!.id, claimToken: offer!.claimToken, at, outcome: 'sent', messageIds: ['m1'] })).toBe(true);
      expect(await store!.recordHelpNotice({ id: offer!.id, claimToken: offer!.claimToken, at, outcome: 'sent' })).toBe(false);

      // Nobody answers before the deadline: the place goes to the next person.
      expect(await store!.expireHelpOffers(new Date('2026-12-09T09:59:59.000Z'), offerUntil)).toBe(0);
      expect(await store!.expireHelpOffers(new Date('2026-12-09T10:00:00.000Z'), () => new Date('2026-12-10T10:00:00.000Z'))).toBe(1);
      expect(await store!.confirmHelpOffer(first.booking.code, { at: new Date('2026-12-09T10:00:01.000Z') })).toBe('expired');
      expect(await store!.helpBooking(second.booking.code)).toMatchObject({ state: 'offered' });
      expect(await store!.listHelpNotices(second.booking.id)).toMatchObject([{ kind: 'offer', channel: 'email', state: 'pending' }]);
      const reminder = new Date('2026-12-14T08:30:00.000Z');
      expect(await store!.confirmHelpOffer(second.booking.code, { at: new Date('2026-12-09T11:00:00.000Z'), reminders: [{ channel: 'email', at: reminder }] })).toBe('booked');
      expect(await store!.confirmHelpOffer(second.booking.code, { at: new Date('2026-12-09T11:00:00.000Z') })).toBe('booked');
      expect(await store!.confirmHelpOffer('NOSUCHCODE', { at })).toBe('not-found');
      expect(await store!.helpBooking(second.booking.code)).toMatchObject({ state: 'booked', email: 'second@example.org' });
      expect((await store!.helpTaken([mediation.id])).get(mediation.id)).toBe(1);

      // The last one leaves: nobody waits, the slot is free.
      await store!.cancelHelpBooking(second.booking.code, { at, offerUntil });
      expect((await store!.helpTaken([mediation.id])).get(mediation.id)).toBe(0);
    });

    it('lists the day per place or per agenda, and records who came', async () => {
      const [store] = await instances(1);
      const mediator = await store!.createStaffAccount({ role: 'mediator', login: 'samia', displayName: 'Samia', passwordHash: 'x', createdAt: at.toISOString() });
      if (mediator === 'exists') throw new Error('exists');
      const one = await store!.bookHelp(booking({ name: 'Zoé' }));
      await store!.bookHelp(booking({ slot: workshop, name: 'Alain' }));
      await store!.bookHelp(booking({ slot: { ...mediation, id: 'perm-julien@2026-12-15T09:30', agenda: 'perm-julien', place: 'epn-rives' }, name: 'Bruno' }));
      const day = { from: new Date('2026-12-14T23:00:00Z'), to: new Date('2026-12-15T23:00:00Z') };
      expect((await store!.helpDayList(day)).map((b) => b.name)).toEqual(['Bruno', 'Zoé']);
      expect((await store!.helpDayList({ ...day, place: 'epn-rives' })).map((b) => b.name)).toEqual(['Bruno']);
      expect((await store!.helpDayList({ ...day, agendas: ['perm-samia'] })).map((b) => b.name)).toEqual(['Zoé']);
      expect(await store!.helpDayList({ ...day, agendas: [] })).toEqual([]);
      if (one.outcome !== 'booked') throw new Error(one.outcome);
      expect(await store!.markHelpAttendance({ bookingId: one.booking.id, attendance: 'no-show', by: mediator.id, at })).toBe(true);
      expect(await store!.markHelpAttendance({ bookingId: 'nobody', attendance: 'attended', by: mediator.id, at })).toBe(false);
      expect(await store!.helpBooking(one.booking.code)).toMatchObject({ attendance: 'no-show' });

      // Once the slot is over, the number served its purpose: it goes, the name stays for the counts.
      expect(await store!.purgeHelpContacts(new Date('2026-12-15T08:59:59Z'))).toBe(0);
      expect(await store!.purgeHelpContacts(new Date('2026-12-15T09:00:01Z'))).toBe(2);
      const purged = await store!.helpBooking(one.booking.code);
      expect(purged).toMatchObject({ name: 'Zoé' });
      expect(purged).not.toHaveProperty('phone');
      expect(await store!.purgeHelpContacts(new Date('2026-12-15T09:00:01Z'))).toBe(0);
    });
  });
}
