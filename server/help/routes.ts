// The public API of help booking, without an account: the free slots, booking one (or a place
// on its waiting list), seeing, cancelling, confirming an offered place with the code. A wrong
// code counts against the same guessing limits as tracking codes.
import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { EMAIL, PHONE, helpSlot, helpSlots, type Content, type HelpAgendas } from '../../content/model/index.ts';
import { hashOf } from '../canonical-json.ts';
import { GuichetError } from '../errors.ts';
import { clientAddress, logSecurityEvent } from '../rate-limit.ts';
import { idempotencyKey } from '../routes/submissions.ts';
import type { HelpBooking, HelpChannel, Store } from '../store/types.ts';
import type { GuessLimiter } from '../tracking.ts';
import { jsonBody, query } from '../validators.ts';
import { bookingCalendar } from './calendar.ts';
import { renderTicketPdf } from './ticket.ts';
import { bookingView, compactPhone, newHelpCode, normalizeHelpCode, offerDeadline, remindersFor, slotView } from './booking.ts';

export interface HelpDeps {
  content: Content;
  store: Store;
  now: () => Date;
  guesses: GuessLimiter;
  /** GUICHET_PUBLIC_URL: printed on tickets, named in the calendar files. */
  publicUrl: string;
  /** Called after a booking or a cancellation queued notices (wakes their sender). */
  onNotices?: () => void;
}

const noStore = { 'Cache-Control': 'no-store' } as const;

const slotsQuery = z.strictObject({
  kind: z.enum(['mediation', 'workshop']).optional(),
  place: z.string().min(1).max(64).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  locale: z.string().min(1).max(35).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

/** The body of a booking: the person's name, and a way to remind them, or none (a printed ticket only). */
export const bookingBody = z.strictObject({
  slotId: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  locale: z.string().min(1).max(35),
  phone: z
    .string()
    .max(30)
    .transform(compactPhone)
    .refine((p) => PHONE.test(p), { message: 'phone' })
    .optional(),
  email: z.string().trim().max(254).refine((e) => EMAIL.test(e), { message: 'email' }).optional(),
  /** When the slot is full: a place on its waiting list instead of a 409. */
  waitingList: z.boolean().optional(),
});

export type BookingBody = z.infer<typeof bookingBody>;

export interface BookingRequest extends BookingBody {
  channel: HelpChannel;
  idempotencyKey?: string;
  bookedBy?: number;
}

/**
 * Books a slot for a person, whoever asks (the public API, reception, a mediator): the slot
 * must be one the agendas hold, still ahead; 409 `slot-full` when no place is left.
 */
export async function bookHelpSlot(deps: HelpDeps, request: BookingRequest): Promise<{ booking: HelpBooking; outcome: 'booked' | 'waiting' | 'replayed' }> {
  const { site } = deps.content;
  const help = agendasOf(deps.content);
  const now = deps.now();
  if (!site.locales.some((l) => l.code === request.locale))
    throw new GuichetError('unknown-locale', `La langue « ${request.locale} » n’est pas proposée.`);
  const slot = helpSlot(help, request.slotId);
  if (!slot || Date.parse(slot.start) <= now.getTime())
    throw new GuichetError('slot-unknown', 'Ce créneau n’existe pas ou il est passé : choisissez-en un autre.');
  const { channel, idempotencyKey: key, bookedBy, ...body } = request;
  const result = await deps.store.bookHelp({
    id: randomUUID(),
    newCode: newHelpCode,
    ...(key ? { idempotencyKey: key, bodyHash: hashOf(body) } : {}),
    slot: { id: slot.id, kind: slot.kind, agenda: slot.agenda, place: slot.place, start: slot.start, end: slot.end, capacity: slot.capacity },
    name: body.name,
    locale: body.locale,
    ...(body.phone ? { phone: body.phone } : {}),
    ...(body.email ? { email: body.email } : {}),
    channel,
    ...(bookedBy ? { bookedBy } : {}),
    at: now,
    ...(body.waitingList ? { waitingList: true } : {}),
    reminders: remindersFor(slot, body, now),
  });
  if (result.outcome === 'full') throw new GuichetError('slot-full', 'Il n’y a plus de place à ce créneau : choisissez-en un autre, ou la liste d’attente.');
  if (result.outcome === 'key-reused')
    throw new GuichetError('idempotency-key-reused', 'Cette Idempotency-Key a déjà servi pour une autre réservation : chaque réservation a sa propre clé.');
  if (result.outcome === 'booked') deps.onNotices?.();
  return result;
}

/** The agendas, or 404 for a town that offers none. */
export function agendasOf(content: Content): HelpAgendas {
  const help = content.site.help;
  if (!help) throw new GuichetError('help-closed', 'Cette commune ne propose pas de rendez-vous d’aide.');
  return help;
}

/** GET /api/help/slots, POST /api/help/bookings, GET|DELETE /api/help/bookings/:code, POST …/:code/confirm. */
export const helpRoutes = (deps: HelpDeps) => {
  const { site } = deps.content;

  /**
   * The booking a code names, or the one 404 for any wrong code; 429 once the client address
   * has had too many wrong guesses (tracking codes' limiter and counts).
   */
  const byCode = async (c: Context, typed: string): Promise<HelpBooking> => {
    const keys = [`address:${clientAddress(c)}`];
    const place = deps.guesses.reserve(keys, deps.now().getTime());
    if (place.wait > 0) {
      logSecurityEvent('rate-limited', { limit: 'help-code', keys, retryAfter: place.wait });
      throw new GuichetError('too-many-guesses', `Trop d'essais de code : réessayez dans ${Math.ceil(place.wait / 60)} minute(s).`, {
        headers: { 'Retry-After': String(place.wait) },
      });
    }
    let found: HelpBooking | undefined;
    try {
      const code = normalizeHelpCode(typed);
      found = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code) ? await deps.store.helpBooking(code) : undefined;
    } catch (error) {
      place.release();
      throw error;
    }
    if (!found) throw new GuichetError('booking-not-found', 'Aucun rendez-vous ne correspond à ce code.');
    place.release();
    return found;
  };

  const takenOf = async (slotId: string) => (await deps.store.helpTaken([slotId])).get(slotId) ?? 0;

  return new Hono()
    .get('/slots', query(slotsQuery), async (c) => {
      const help = agendasOf(deps.content);
      const q = c.req.valid('query');
      const locale = q.locale && site.locales.some((l) => l.code === q.locale) ? q.locale : site.defaultLocale;
      const from = q.from ? new Date(q.from.length === 10 ? `${q.from}T00:00:00Z` : q.from) : undefined;
      const slots = helpSlots(help, deps.now(), { ...(q.kind ? { kind: q.kind } : {}), ...(q.place ? { place: q.place } : {}), ...(from ? { from } : {}) }).slice(0, q.limit ?? 100);
      const taken = await deps.store.helpTaken(slots.map((s) => s.id));
      return c.json(
        slots.map((slot) => slotView(site, slot, taken.get(slot.id) ?? 0, locale)),
        200,
        noStore,
      );
    })
    .post('/bookings', idempotencyKey(), jsonBody(bookingBody), async (c) => {
      const body = c.req.valid('json');
      // A kiosk names itself (as for hand-offs): the booking counts as made at a terminal.
      const channel = c.req.header('guichet-terminal') ? 'kiosk' : 'web';
      const { booking, outcome } = await bookHelpSlot(deps, { ...body, channel, idempotencyKey: c.req.valid('header')['idempotency-key'] });
      const view = bookingView(site, booking, await takenOf(booking.slot.id));
      return c.json({ code: view.code, state: outcome === 'replayed' ? booking.state : outcome, slot: view.slot }, 201, noStore);
    })
    .get('/bookings/:code', async (c) => {
      const booking = await byCode(c, c.req.param('code'));
      return c.json(bookingView(site, booking, await takenOf(booking.slot.id)), 200, noStore);
    })
    .delete('/bookings/:code', async (c) => {
      const booking = await byCode(c, c.req.param('code'));
      const result = await deps.store.cancelHelpBooking(booking.code, { at: deps.now(), offerUntil: (slot) => offerDeadline(slot, deps.now()) });
      if (result.outcome === 'cancelled' && result.offered) deps.onNotices?.();
      return c.body(null, 204, noStore);
    })
    .get('/bookings/:code/ticket.pdf', query(z.strictObject({ paper: z.enum(['a4', '80mm']).optional() })), async (c) => {
      const booking = await byCode(c, c.req.param('code'));
      const paper = c.req.valid('query').paper ?? 'a4';
      const pdf = await renderTicketPdf(site, booking, { publicUrl: deps.publicUrl, paper, now: deps.now() });
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, { ...noStore, 'Content-Type': 'application/pdf', 'Content-Disposition': 'inline; filename="rendez-vous.pdf"' });
    })
    .get('/bookings/:code/calendar.ics', async (c) => {
      const booking = await byCode(c, c.req.param('code'));
      return c.body(bookingCalendar(site, booking, new URL(deps.publicUrl).host), 200, {
        ...noStore,
        'Content-Type': 'text/calendar; charset=utf-8',
        'Content-Disposition': 'attachment; filename="rendez-vous.ics"',
      });
    })
    .post('/bookings/:code/confirm', async (c) => {
      const booking = await byCode(c, c.req.param('code'));
      const now = deps.now();
      const outcome = await deps.store.confirmHelpOffer(booking.code, { at: now, reminders: remindersFor(booking.slot, booking, now) });
      if (outcome !== 'booked') throw new GuichetError('offer-expired', 'Le délai pour confirmer cette place est passé : elle a été proposée à la personne suivante.');
      deps.onNotices?.();
      const confirmed = (await deps.store.helpBooking(booking.code)) ?? booking;
      return c.json(bookingView(site, confirmed, await takenOf(booking.slot.id)), 200, noStore);
    });
};
