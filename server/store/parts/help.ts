// Help booking (issue 21): places in mediators' slots and workshops, the waiting list, and the
// outbox of reminders and offers. A place is taken by one conditional UPDATE of the slot's
// counter (`booked < capacity`): SQLite's write lock or PostgreSQL's row lock makes people
// booking the last place at once, from any instance, come one after the other, and the second
// finds none left. Cancelling locks the slot's row first, then the booking, in that order too.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { StoreContext, Tx } from '../context.ts';
import type { Database } from '../schema.ts';
import type { ClaimedHelpNotice, HelpBooking, HelpBookingOutcome, HelpChannel, HelpSlotRef, NewHelpBooking, Store } from '../types.ts';
import { iso, num, present } from '../values.ts';

type BookingRow = Selectable<Database['help_bookings']> & { kind: string; agenda: string; place: string; starts_at: string | Date; ends_at: string | Date; capacity: number };
type Notify = Array<{ channel: 'sms' | 'email'; at: Date }>;

/** How many times a booking is tried again when its drawn code was already taken. */
const CODE_ATTEMPTS = 5;

function toBooking(row: BookingRow): HelpBooking {
  return {
    id: row.id,
    code: row.code,
    slot: {
      id: row.slot_id,
      kind: row.kind as HelpSlotRef['kind'],
      agenda: row.agenda,
      place: row.place,
      start: new Date(iso(row.starts_at)).toISOString(),
      end: new Date(iso(row.ends_at)).toISOString(),
      capacity: num(row.capacity),
    },
    state: row.state as HelpBooking['state'],
    name: row.name,
    locale: row.locale,
    ...present('phone', row.phone),
    ...present('email', row.email),
    channel: row.channel as HelpChannel,
    createdAt: new Date(iso(row.created_at)).toISOString(),
    ...present('offerExpiresAt', row.offer_expires_at === null ? null : new Date(iso(row.offer_expires_at)).toISOString()),
    ...present('attendance', row.attendance as HelpBooking['attendance'] | null),
  };
}

/** The channels a person can be told on: the phone by SMS, the address by email. */
const channelsOf = (b: { phone: string | null; email: string | null }): Array<'sms' | 'email'> => [
  ...(b.phone ? (['sms'] as const) : []),
  ...(b.email ? (['email'] as const) : []),
];

export function helpPart(
  ctx: StoreContext,
): Pick<
  Store,
  | 'bookHelp'
  | 'helpBooking'
  | 'helpBookingById'
  | 'cancelHelpBooking'
  | 'confirmHelpOffer'
  | 'expireHelpOffers'
  | 'helpTaken'
  | 'helpDayList'
  | 'markHelpAttendance'
  | 'claimHelpNotices'
  | 'recordHelpNotice'
  | 'listHelpNotices'
  | 'purgeHelpContacts'
> {
  const { dialect } = ctx;
  const release = { lease_until: null, claim_token: null } as const;

  const bookings = (db: Kysely<Database>) =>
    db
      .selectFrom('help_bookings as b')
      .innerJoin('help_slots as s', 's.id', 'b.slot_id')
      .selectAll('b')
      .select(['s.kind', 's.agenda', 's.place', 's.starts_at', 's.ends_at', 's.capacity']);

  async function queueNotices(tx: Tx, bookingId: string, kind: 'reminder' | 'offer', notify: Notify): Promise<void> {
    if (notify.length === 0) return;
    await tx.db
      .insertInto('help_notices')
      .values(notify.map((n) => ({ id: randomUUID(), booking_id: bookingId, kind, channel: n.channel, next_attempt_at: n.at.toISOString() })))
      .onConflict((oc) => oc.columns(['booking_id', 'kind', 'channel']).doNothing())
      .execute();
  }

  /**
   * A place of `slotId` is free again (the slot's row locked by the caller): the first person
   * waiting is offered it, or the counter goes down. Returns the offer.
   */
  async function passPlace(tx: Tx, slot: HelpSlotRef, at: Date, offerUntil: (slot: HelpSlotRef) => Date): Promise<HelpBooking | undefined> {
    const next = await dialect
      .lockRows(
        bookings(tx.db)
          .where('b.slot_id', '=', slot.id)
          .where('b.state', '=', 'waiting')
          .orderBy('b.created_at')
          .orderBy('b.id')
          .limit(1),
      )
      .executeTakeFirst();
    if (!next) {
      await tx.db.updateTable('help_slots').set((eb) => ({ booked: eb('booked', '-', 1) })).where('id', '=', slot.id).execute();
      return undefined;
    }
    const until = offerUntil(slot);
    await tx.db
      .updateTable('help_bookings')
      .set({ state: 'offered', offered_at: at.toISOString(), offer_expires_at: until.toISOString() })
      .where('id', '=', next.id)
      .execute();
    await queueNotices(tx, next.id, 'offer', channelsOf(next).map((channel) => ({ channel, at })));
    tx.audit({ at: at.toISOString(), kind: 'help.offered', actor: 'help', data: { slot: slot.id, booking: next.id } });
    return toBooking({ ...next, state: 'offered', offered_at: at.toISOString(), offer_expires_at: until.toISOString() });
  }

  async function lockSlot(tx: Tx, slotId: string) {
    return dialect.lockRows(tx.db.selectFrom('help_slots').selectAll().where('id', '=', slotId)).executeTakeFirst();
  }

  async function bookOnce(b: NewHelpBooking, code: string): Promise<HelpBookingOutcome> {
    const at = b.at.toISOString();
    return ctx.transaction(async (tx): Promise<HelpBookingOutcome> => {
      if (b.idempotencyKey) {
        const earlier = await bookings(tx.db).where('b.idempotency_key', '=', b.idempotencyKey).executeTakeFirst();
        if (earlier)
          return earlier.body_hash === (b.bodyHash ?? null) ? { outcome: 'replayed', booking: toBooking(earlier) } : { outcome: 'key-reused' };
      }
      await tx.db
        .insertInto('help_slots')
        .values({
          id: b.slot.id,
          kind: b.slot.kind,
          agenda: b.slot.agenda,
          place: b.slot.place,
          starts_at: b.slot.start,
          ends_at: b.slot.end,
          capacity: b.slot.capacity,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      // The one statement that decides: it waits for any other booker's lock on the row, then
      // sees their count.
      const taken = await tx.db
        .updateTable('help_slots')
        .set((eb) => ({ booked: eb('booked', '+', 1) }))
        .where('id', '=', b.slot.id)
        .whereRef('booked', '<', 'capacity')
        .executeTakeFirst();
      const won = Number(taken.numUpdatedRows) === 1;
      if (!won && !b.waitingList) return { outcome: 'full' };
      const state = won ? 'booked' : 'waiting';
      await tx.db
        .insertInto('help_bookings')
        .values({
          id: b.id,
          code,
          idempotency_key: b.idempotencyKey ?? null,
          body_hash: b.bodyHash ?? null,
          slot_id: b.slot.id,
          state,
          name: b.name,
          locale: b.locale,
          phone: b.phone ?? null,
          email: b.email ?? null,
          channel: b.channel,
          booked_by: b.bookedBy ?? null,
          created_at: at,
        })
        .execute();
      if (won) await queueNotices(tx, b.id, 'reminder', b.reminders ?? []);
      tx.audit({ at, kind: won ? 'help.booked' : 'help.waiting', actor: b.bookedBy ? `staff:${b.bookedBy}` : b.channel, data: { slot: b.slot.id, booking: b.id, channel: b.channel } });
      const row = await bookings(tx.db).where('b.id', '=', b.id).executeTakeFirstOrThrow();
      return { outcome: won ? 'booked' : 'waiting', booking: toBooking(row) };
    });
  }

  return {
    async bookHelp(b) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await bookOnce(b, b.newCode());
        } catch (error) {
          // Two requests with one key at once: the second meets the first's row, and replays it.
          if (b.idempotencyKey && dialect.isUniqueViolation(error, 'help_bookings', 'idempotency_key') && attempt < CODE_ATTEMPTS) continue;
          if (dialect.isUniqueViolation(error, 'help_bookings', 'code') && attempt < CODE_ATTEMPTS) continue;
          throw error;
        }
      }
    },

    async helpBooking(code) {
      const row = await bookings(ctx.db()).where('b.code', '=', code).executeTakeFirst();
      return row ? toBooking(row) : undefined;
    },

    async helpBookingById(id) {
      const row = await bookings(ctx.db()).where('b.id', '=', id).executeTakeFirst();
      return row ? toBooking(row) : undefined;
    },

    async cancelHelpBooking(code, { at, offerUntil, by }) {
      const found = await ctx.db().selectFrom('help_bookings').select(['slot_id']).where('code', '=', code).executeTakeFirst();
      if (!found) return { outcome: 'not-found' };
      return ctx.transaction(async (tx) => {
        await lockSlot(tx, found.slot_id);
        const row = await dialect.lockRows(bookings(tx.db).where('b.code', '=', code)).executeTakeFirst();
        if (!row) return { outcome: 'not-found' as const };
        if (row.state === 'cancelled' || row.state === 'lapsed') return { outcome: 'already-cancelled' as const };
        const when = at.toISOString();
        await tx.db.updateTable('help_bookings').set({ state: 'cancelled', cancelled_at: when }).where('id', '=', row.id).execute();
        await tx.db.updateTable('help_notices').set({ state: 'void', ...release }).where('booking_id', '=', row.id).where('state', '=', 'pending').execute();
        const booking = toBooking({ ...row, state: 'cancelled' });
        const offered = row.state === 'waiting' ? undefined : await passPlace(tx, booking.slot, at, offerUntil);
        tx.audit({ at: when, kind: 'help.cancelled', actor: by ? `staff:${by}` : 'resident', data: { slot: row.slot_id, booking: row.id, was: row.state } });
        return { outcome: 'cancelled' as const, booking, ...(offered ? { offered } : {}) };
      });
    },

    async confirmHelpOffer(code, { at, reminders }) {
      return ctx.transaction(async (tx) => {
        const row = await dialect.lockRows(tx.db.selectFrom('help_bookings').selectAll().where('code', '=', code)).executeTakeFirst();
        if (!row) return 'not-found' as const;
        if (row.state === 'booked') return 'booked' as const;
        if (row.state !== 'offered' || row.offer_expires_at === null || Date.parse(iso(row.offer_expires_at)) <= at.getTime()) return 'expired' as const;
        await tx.db.updateTable('help_bookings').set({ state: 'booked' }).where('id', '=', row.id).execute();
        await queueNotices(tx, row.id, 'reminder', reminders ?? []);
        tx.audit({ at: at.toISOString(), kind: 'help.booked', actor: 'resident', data: { slot: row.slot_id, booking: row.id, channel: 'offer' } });
        return 'booked' as const;
      });
    },

    async expireHelpOffers(now, offerUntil) {
      const at = now.toISOString();
      const due = await ctx
        .db()
        .selectFrom('help_bookings')
        .select(['id', 'slot_id'])
        .where('state', '=', 'offered')
        .where(dialect.instant(sql.ref('offer_expires_at')), '<=', dialect.instant(sql.val(at)))
        .orderBy('offer_expires_at')
        .limit(100)
        .execute();
      let lapsed = 0;
      for (const offer of due)
        lapsed += await ctx.transaction(async (tx) => {
          await lockSlot(tx, offer.slot_id);
          const row = await dialect.lockRows(bookings(tx.db).where('b.id', '=', offer.id).where('b.state', '=', 'offered')).executeTakeFirst();
          if (!row) return 0;
          await tx.db.updateTable('help_bookings').set({ state: 'lapsed', cancelled_at: at }).where('id', '=', row.id).execute();
          await tx.db.updateTable('help_notices').set({ state: 'void', ...release }).where('booking_id', '=', row.id).where('state', '=', 'pending').execute();
          tx.audit({ at, kind: 'help.offer-lapsed', actor: 'help', data: { slot: row.slot_id, booking: row.id } });
          await passPlace(tx, toBooking(row).slot, now, offerUntil);
          return 1;
        });
      return lapsed;
    },

    async helpTaken(slotIds) {
      if (slotIds.length === 0) return new Map();
      const rows = await ctx.db().selectFrom('help_slots').select(['id', 'booked']).where('id', 'in', [...slotIds]).execute();
      return new Map(rows.map((r) => [r.id, num(r.booked)]));
    },

    async helpDayList({ from, to, place, agendas }) {
      let q = bookings(ctx.db())
        .where('b.state', 'in', ['booked', 'offered'])
        .where(dialect.instant(sql.ref('s.starts_at')), '>=', dialect.instant(sql.val(from.toISOString())))
        .where(dialect.instant(sql.ref('s.starts_at')), '<', dialect.instant(sql.val(to.toISOString())));
      if (place) q = q.where('s.place', '=', place);
      if (agendas) {
        if (agendas.length === 0) return [];
        q = q.where('s.agenda', 'in', [...agendas]);
      }
      const rows = await q.orderBy('s.starts_at').orderBy('b.name').orderBy('b.id').execute();
      return rows.map(toBooking);
    },

    async markHelpAttendance({ bookingId, attendance, by, at }) {
      return ctx.transaction(async (tx) => {
        const updated = await tx.db
          .updateTable('help_bookings')
          .set({ attendance, attendance_by: by })
          .where('id', '=', bookingId)
          .where('state', 'in', ['booked', 'offered'])
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0) return false;
        tx.audit({ at: at.toISOString(), kind: 'help.attendance', actor: `staff:${by}`, data: { booking: bookingId, attendance } });
        return true;
      });
    },

    async claimHelpNotices({ now, limit, leaseMs, channel }) {
      if (limit <= 0) return [];
      const at = now.toISOString();
      const token = randomUUID();
      return ctx.transaction(async (tx) => {
        const leased = await tx.db
          .updateTable('help_notices')
          .set((eb) => ({ attempts: eb('attempts', '+', 1), lease_until: new Date(now.getTime() + leaseMs).toISOString(), claim_token: token }))
          .where('id', 'in', (eb) => {
            let due = eb
              .selectFrom('help_notices')
              .select('id')
              .where('state', '=', 'pending')
              .where('next_attempt_at', '<=', at)
              .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<=', at)]));
            if (channel) due = due.where('channel', '=', channel);
            return dialect.lockRows(due.orderBy('next_attempt_at').orderBy('id').limit(limit), { skipLocked: true });
          })
          .returning(['id', 'booking_id', 'kind', 'channel', 'attempts'])
          .execute();
        return leased.map(
          (row): ClaimedHelpNotice => ({
            id: row.id,
            bookingId: row.booking_id,
            kind: row.kind as ClaimedHelpNotice['kind'],
            channel: row.channel as ClaimedHelpNotice['channel'],
            attempt: num(row.attempts),
            claimToken: token,
          }),
        );
      });
    },

    async recordHelpNotice(r) {
      const at = r.at.toISOString();
      return ctx.transaction(async (tx) => {
        const held = await dialect
          .lockRows(
            tx.db
              .selectFrom('help_notices')
              .select(['booking_id', 'kind', 'channel', 'attempts'])
              .where('id', '=', r.id)
              .where('claim_token', '=', r.claimToken)
              .where('state', '=', 'pending'),
          )
          .executeTakeFirst();
        if (!held) return false;
        const row = tx.db.updateTable('help_notices').where('id', '=', r.id);
        const data = { notice: r.id, booking: held.booking_id, kind: held.kind, channel: held.channel, attempts: num(held.attempts) };
        switch (r.outcome) {
          case 'sent':
            await row.set({ ...release, state: 'sent', sent_at: at, last_error: null, message_ids_json: r.messageIds ? JSON.stringify(r.messageIds) : null }).execute();
            tx.audit({ at, kind: 'help.notice-sent', actor: 'notices', data });
            break;
          case 'retry':
            await row.set({ ...release, next_attempt_at: r.nextAttemptAt.toISOString(), last_error: r.error }).execute();
            break;
          case 'dead':
            await row.set({ ...release, state: 'dead', last_error: r.error }).execute();
            tx.audit({ at, kind: 'help.notice-failed', actor: 'notices', data: { ...data, error: r.error } });
            break;
        }
        return true;
      });
    },

    async purgeHelpContacts(before) {
      const result = await ctx
        .db()
        .updateTable('help_bookings')
        .set({ phone: null, email: null })
        .where((w) => w.or([w('phone', 'is not', null), w('email', 'is not', null)]))
        .where('slot_id', 'in', (eb) =>
          eb.selectFrom('help_slots').select('id').where(dialect.instant(sql.ref('ends_at')), '<', dialect.instant(sql.val(before.toISOString()))),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async listHelpNotices(bookingId) {
      const rows = await ctx.db().selectFrom('help_notices').selectAll().where('booking_id', '=', bookingId).orderBy('next_attempt_at').orderBy('kind').execute();
      return rows.map((row) => ({
        id: row.id,
        kind: row.kind as 'reminder' | 'offer',
        channel: row.channel as 'sms' | 'email',
        state: row.state,
        nextAttemptAt: new Date(iso(row.next_attempt_at)).toISOString(),
        attempts: num(row.attempts),
      }));
    },
  };
}
