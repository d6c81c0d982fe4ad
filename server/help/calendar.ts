// iCalendar files of help bookings: one booking for the person who holds its code (the QR of
// the ticket), and a mediator's feed of their agendas' bookings behind a secret address. The
// feed names who comes, never how to reach them: no phone number, no address, no code.
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Site } from '../../content/model/index.ts';
import type { HelpBooking } from '../store/types.ts';
import { placeOf, slotTitle } from './booking.ts';

const PRODUCT = { company: 'Guichet', product: 'Guichet', language: 'FR' };

/**
 * The person's booking as an .ics with one event, in their language.
 *
 * @example bookingCalendar(site, booking, 'guichet.belval-sur-loire.fr')
 */
export function bookingCalendar(site: Site, booking: HelpBooking, host: string): string {
  const help = site.help;
  if (!help) throw new Error('No help agendas in site.yaml.');
  const place = placeOf(help, booking.slot.place, booking.locale, site.defaultLocale);
  const calendar = ical({ name: site.town, prodId: PRODUCT, method: ICalCalendarMethod.PUBLISH });
  calendar.createEvent({
    id: `${booking.id}@${host}`,
    start: new Date(booking.slot.start),
    end: new Date(booking.slot.end),
    summary: slotTitle(help, booking.slot, booking.locale, site.defaultLocale),
    location: `${place.name}, ${place.address}`,
    stamp: new Date(booking.createdAt),
  });
  return calendar.toString();
}

/**
 * A mediator's bookings as a feed their calendar application subscribes to: each booking's
 * slot, the person's name only, and who came once marked.
 *
 * @example mediatorFeed(site, 'Samia', bookings, 'guichet.belval-sur-loire.fr')
 */
export function mediatorFeed(site: Site, name: string, bookings: readonly HelpBooking[], host: string, now: Date): string {
  const help = site.help;
  if (!help) throw new Error('No help agendas in site.yaml.');
  const calendar = ical({ name: `${site.town} — ${name}`, prodId: PRODUCT, method: ICalCalendarMethod.PUBLISH, ttl: 15 * 60 });
  for (const booking of bookings) {
    const place = placeOf(help, booking.slot.place, site.defaultLocale, site.defaultLocale);
    const title = slotTitle(help, booking.slot, site.defaultLocale, site.defaultLocale);
    calendar.createEvent({
      id: `${booking.id}@${host}`,
      start: new Date(booking.slot.start),
      end: new Date(booking.slot.end),
      summary: booking.slot.kind === 'workshop' ? `${title} — ${booking.name}` : booking.name,
      description: [title, booking.state === 'offered' ? 'Place proposée, en attente de confirmation' : '', booking.attendance === 'attended' ? 'Venu(e)' : booking.attendance === 'no-show' ? 'Absent(e)' : '']
        .filter(Boolean)
        .join('\n'),
      location: `${place.name}, ${place.address}`,
      stamp: now,
    });
  }
  return calendar.toString();
}
