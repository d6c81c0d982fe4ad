// What a help booking means beyond the store: when reminders and offers go, how long a freed
// place waits for the person offered it, and how a slot reads for a person (its title, place,
// date and time in words, in their language).
import { townInstant, type HelpAgendas, type HelpSlot, type Site } from '../../content/model/index.ts';
import { isReceiptLocale, receiptText } from '../receipts/texts.ts';
import { newReference } from '../references.ts';
import type { HelpBooking, HelpSlotRef } from '../store/types.ts';
import { isoInTownTime } from '../time.ts';

/** The reminder goes the day before, at this town time (minutes after midnight): 10:00. */
export const REMINDER_MINUTES = 10 * 60;
/** A freed place waits this long for the person offered it, at most… */
export const OFFER_HOURS = 24;
/** …and never less than this before the slot begins. */
export const OFFER_CLOSES_BEFORE_MS = 2 * 3_600_000;

/**
 * A booking's short code: 30^8 values (about 6.6 × 10^11), the alphabet of references, read
 * and typed like one (`K7QD-4MZ9`). The store draws again when one is taken.
 */
export const newHelpCode = newReference;

/** `k7qd 4mz9` as the store keeps it: `K7QD-4MZ9`. */
export function normalizeHelpCode(typed: string): string {
  const compact = typed.trim().toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}

/** A phone number as typed (`06 12 34 56 78`, `+33 6…`) without its spaces, dots and dashes. */
export const compactPhone = (typed: string): string => typed.replace(/[\s.()-]/g, '');

/**
 * When the reminders of a booking go: the day before the slot at 10:00 in the town, by SMS
 * for a phone and by email for an address; none when that moment has passed already.
 *
 * @example remindersFor(slot, { phone: '0612345678' }, now) // [{ channel: 'sms', at: 2026-12-14T09:00Z }]
 */
export function remindersFor(slot: Pick<HelpSlotRef, 'id'>, contact: { phone?: string | undefined; email?: string | undefined }, now: Date): Array<{ channel: 'sms' | 'email'; at: Date }> {
  const day = /@(\d{4}-\d{2}-\d{2})T/.exec(slot.id)?.[1];
  if (!day) return [];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const eve = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  const at = townInstant(eve, REMINDER_MINUTES);
  if (at.getTime() <= now.getTime()) return [];
  return [...(contact.phone ? [{ channel: 'sms' as const, at }] : []), ...(contact.email ? [{ channel: 'email' as const, at }] : [])];
}

/** Until when a freed place waits for the person it is offered to. */
export function offerDeadline(slot: Pick<HelpSlotRef, 'start'>, now: Date): Date {
  const latest = Date.parse(slot.start) - OFFER_CLOSES_BEFORE_MS;
  return new Date(Math.max(now.getTime(), Math.min(now.getTime() + OFFER_HOURS * 3_600_000, latest)));
}

const textLocale = (locale: string) => (isReceiptLocale(locale) ? locale : 'fr');

/** The slot's title in a locale: the workshop's, or "Rendez-vous avec Samia". */
export function slotTitle(help: HelpAgendas, slot: Pick<HelpSlot, 'kind' | 'agenda'>, locale: string, defaultLocale: string): string {
  if (slot.kind === 'workshop') {
    const w = help.workshops.find((x) => x.id === slot.agenda);
    return w ? (w.title[locale] ?? w.title[defaultLocale] ?? w.id) : slot.agenda;
  }
  const p = help.permanences.find((x) => x.id === slot.agenda);
  return receiptText(textLocale(locale), 'booking.mediationTitle', { name: p?.name ?? slot.agenda });
}

/** The place's name in a locale, and its address. */
export function placeOf(help: HelpAgendas, placeId: string, locale: string, defaultLocale: string): { name: string; address: string } {
  const place = help.places.find((p) => p.id === placeId);
  return { name: place ? (place.name[locale] ?? place.name[defaultLocale] ?? place.id) : placeId, address: place?.address ?? '' };
}

/**
 * A start in words, in the town's time, as a ticket prints it and a reminder says it.
 *
 * @example whenInWords('2026-12-15T08:30:00.000Z', 'fr') // 'mardi 15 décembre 2026 à 09:30'
 */
export function whenInWords(start: string, locale: string): string {
  const chosen = textLocale(locale);
  const format = receiptText(chosen, 'format.locale');
  const instant = new Date(start);
  const date = new Intl.DateTimeFormat(format, { timeZone: 'Europe/Paris', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(instant);
  const time = new Intl.DateTimeFormat(format, { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
  return receiptText(chosen, 'booking.when', { date, time });
}

/** A slot as the API answers it. */
export interface SlotView {
  id: string;
  kind: 'mediation' | 'workshop';
  title: string;
  place: string;
  placeName: string;
  topics: string[];
  start: string;
  end: string;
  /** The start in the town's time, with its offset, for a person's screen. */
  localStart: string;
  capacity: number;
  remaining: number;
}

export function slotView(site: Site, slot: HelpSlot | HelpSlotRef, taken: number, locale: string): SlotView {
  const help = site.help as HelpAgendas;
  return {
    id: slot.id,
    kind: slot.kind,
    title: slotTitle(help, slot, locale, site.defaultLocale),
    place: slot.place,
    placeName: placeOf(help, slot.place, locale, site.defaultLocale).name,
    topics: 'topics' in slot ? slot.topics : [],
    start: slot.start,
    end: slot.end,
    localStart: isoInTownTime(new Date(slot.start)),
    capacity: slot.capacity,
    remaining: Math.max(0, slot.capacity - taken),
  };
}

/** A booking as its holder sees it: no phone number, no address. */
export function bookingView(site: Site, booking: HelpBooking, taken: number) {
  return {
    code: booking.code,
    state: booking.state,
    locale: booking.locale,
    slot: slotView(site, booking.slot, taken, booking.locale),
    ...(booking.offerExpiresAt ? { offerExpiresAt: booking.offerExpiresAt } : {}),
  };
}
