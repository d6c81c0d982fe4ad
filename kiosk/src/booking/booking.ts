// Owns a resident's help booking on this terminal: the answers given so far (what help, where,
// which slot, name, how to remind), the slots read from the server, and the calls that book
// and cancel. Forgotten when the session ends. A booking needs the server there and then (the
// last place may go to someone else), so it never waits in the outbox.
import { signal } from '@preact/signals';
import { hc } from 'hono/client';
import type { AppType } from '../../../server/app.ts';
import type { Content, HelpAgendas } from '../../../content/model/index.ts';
import { terminalId } from '../offline/terminal.ts';
import { onSessionEnd } from '../session/kiosk-session.ts';

function client() {
  const base = typeof location === 'undefined' ? 'http://localhost' : location.origin;
  return hc<AppType>(base, { fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, init) });
}

/** A slot as GET /api/help/slots answers it. */
export interface SlotView {
  id: string;
  kind: 'mediation' | 'workshop';
  title: string;
  place: string;
  placeName: string;
  topics: string[];
  start: string;
  end: string;
  capacity: number;
  remaining: number;
}

export type Remind = 'sms' | 'email' | 'none';

export interface BookingDraft {
  topic?: string;
  /** A place id, or `any`. */
  place?: string;
  slot?: SlotView;
  name?: string;
  remind?: Remind;
  phone?: string;
  email?: string;
}

export interface Booked {
  code: string;
  slot: SlotView;
}

export const bookingDraft = signal<BookingDraft>({});
export const booked = signal<Booked | undefined>(undefined);
/** The slot just lost to someone else: the "when" page says so once. */
export const slotTaken = signal(false);
/** The key of the booking being sent: a retry after a lost answer is the same booking. */
let idempotencyKey: string | undefined;

export function updateBookingDraft(change: BookingDraft): void {
  bookingDraft.value = { ...bookingDraft.value, ...change };
}

export function forgetBooking(): void {
  bookingDraft.value = {};
  booked.value = undefined;
  slotTaken.value = false;
  idempotencyKey = undefined;
}

onSessionEnd(forgetBooking);

/** The places that offer this help, in the order of site.yaml. */
export function placesFor(help: HelpAgendas, topic: string | undefined): HelpAgendas['places'] {
  const offering = new Set([
    ...help.permanences.filter((p) => !topic || p.topics.includes(topic)).map((p) => p.place),
    ...help.workshops.filter((w) => !topic || w.topic === topic).map((w) => w.place),
  ]);
  return help.places.filter((p) => offering.has(p.id));
}

export type SlotsAnswer = { kind: 'slots'; slots: SlotView[] } | { kind: 'failed' };

/** The next free slots of this help at this place (or anywhere), soonest first. */
export async function freeSlots(draft: BookingDraft, locale: string): Promise<SlotsAnswer> {
  try {
    const query: Record<string, string> = { locale, limit: '200' };
    if (draft.place && draft.place !== 'any') query.place = draft.place;
    const response = await client().api.help.slots.$get({ query });
    if (response.status !== 200) return { kind: 'failed' };
    const slots = (await response.json()) as SlotView[];
    return { kind: 'slots', slots: slots.filter((s) => s.remaining > 0 && (!draft.topic || s.topics.includes(draft.topic))) };
  } catch {
    return { kind: 'failed' };
  }
}

export type BookAnswer = { kind: 'booked'; booked: Booked } | { kind: 'full' } | { kind: 'failed' };

/** `POST /api/help/bookings` with the draft; the same key until it succeeds or the slot changes. */
export async function bookDraft(content: Content, locale: string): Promise<BookAnswer> {
  const draft = bookingDraft.value;
  if (!draft.slot || !draft.name) return { kind: 'failed' };
  idempotencyKey ??= crypto.randomUUID();
  try {
    const response = await client().api.help.bookings.$post({
        header: { 'idempotency-key': idempotencyKey },
        json: {
          slotId: draft.slot.id,
          name: draft.name,
          locale: content.site.locales.some((l) => l.code === locale) ? locale : content.site.defaultLocale,
          ...(draft.remind === 'sms' && draft.phone ? { phone: draft.phone } : {}),
          ...(draft.remind === 'email' && draft.email ? { email: draft.email } : {}),
        },
      },
      { headers: { 'Guichet-Terminal': terminalId() } },
    );
    if (response.status === 201) {
      const body = (await response.json()) as { code: string; slot: SlotView };
      idempotencyKey = undefined;
      booked.value = { code: body.code, slot: { ...draft.slot, ...body.slot } };
      return { kind: 'booked', booked: booked.value };
    }
    if (response.status === 409) {
      idempotencyKey = undefined;
      return { kind: 'full' };
    }
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}

export type CancelAnswer = { kind: 'cancelled' } | { kind: 'not-found' } | { kind: 'limited' } | { kind: 'failed' };

/** `DELETE /api/help/bookings/:code`. */
export async function cancelBooking(code: string): Promise<CancelAnswer> {
  try {
    const response = await client().api.help.bookings[':code'].$delete({ param: { code } });
    if (response.status === 204) return { kind: 'cancelled' };
    if (response.status === 404) return { kind: 'not-found' };
    if (response.status === 429) return { kind: 'limited' };
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}

export type ConfirmAnswer = { kind: 'confirmed' } | { kind: 'expired' } | { kind: 'not-found' } | { kind: 'limited' } | { kind: 'failed' };

/** `POST /api/help/bookings/:code/confirm`: takes an offered place for good. */
export async function confirmOffer(code: string): Promise<ConfirmAnswer> {
  try {
    const response = await client().api.help.bookings[':code'].confirm.$post({ param: { code } });
    if (response.status === 200) return { kind: 'confirmed' };
    if (response.status === 409) return { kind: 'expired' };
    if (response.status === 404) return { kind: 'not-found' };
    if (response.status === 429) return { kind: 'limited' };
    return { kind: 'failed' };
  } catch {
    return { kind: 'failed' };
  }
}

/** A phone number as typed, without the spaces and dots people put in (the server does the same). */
export const compactPhone = (typed: string) => typed.replace(/[\s.()-]/g, '');
