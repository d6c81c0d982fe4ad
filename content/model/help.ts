// The help agendas' slots, computed from site.yaml: pure, so the kiosk shows and the server
// checks the very same slots. A slot's id names its agenda and its local start
// (`perm-lea@2026-12-15T09:30`), so a booking needs no slot row made in advance.
import { TOWN_TIME_ZONE, todayIn } from './calendar.ts';
import type { HelpAgendas, Permanence, Weekday, WeeklyHours, Workshop } from './types.ts';

export type HelpKind = 'mediation' | 'workshop';

/** A bookable slot, its times as UTC ISO 8601. */
export interface HelpSlot {
  id: string;
  kind: HelpKind;
  /** The permanence's or the workshop's id. */
  agenda: string;
  place: string;
  topics: string[];
  start: string;
  end: string;
  capacity: number;
}

const WEEKDAYS: readonly Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
export const HELP_WEEKDAYS: readonly Weekday[] = [...WEEKDAYS.slice(1), 'sunday'];
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const SLOT_ID = /^([a-z0-9-]{1,64})@(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** Minutes since midnight of `HH:MM`, or undefined. */
export function minutesOf(time: string): number | undefined {
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

const OFFSETS = new Map<string, Intl.DateTimeFormat>();
function offsetMinutes(instant: number, timeZone: string): number {
  let format = OFFSETS.get(timeZone);
  if (!format) OFFSETS.set(timeZone, (format = new Intl.DateTimeFormat('en-GB', { timeZone, timeZoneName: 'longOffset' })));
  const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/**
 * The instant of a wall-clock time in the town (the offset of that very day, summer or winter).
 *
 * @example townInstant('2026-12-15', 570) // 2026-12-15T08:30:00.000Z (09:30 in Paris)
 */
export function townInstant(day: string, minutes: number, timeZone: string = TOWN_TIME_ZONE): Date {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  const naive = Date.UTC(y, mo - 1, d, 0, minutes);
  let instant = naive - offsetMinutes(naive, timeZone) * 60_000;
  instant = naive - offsetMinutes(instant, timeZone) * 60_000;
  return new Date(instant);
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekdayOf(day: string): Weekday {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as Weekday;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

function permanenceSlots(p: Permanence, day: string, hours: WeeklyHours): HelpSlot[] {
  const from = minutesOf(hours.from);
  const to = minutesOf(hours.to);
  if (from === undefined || to === undefined || p.slotMinutes <= 0) return [];
  const slots: HelpSlot[] = [];
  for (let at = from; at + p.slotMinutes <= to; at += p.slotMinutes)
    slots.push({
      id: `${p.id}@${day}T${hhmm(at)}`,
      kind: 'mediation',
      agenda: p.id,
      place: p.place,
      topics: p.topics,
      start: townInstant(day, at).toISOString(),
      end: townInstant(day, at + p.slotMinutes).toISOString(),
      capacity: 1,
    });
  return slots;
}

function workshopSlot(w: Workshop, day: string): HelpSlot | undefined {
  const from = minutesOf(w.weekly.from);
  const to = minutesOf(w.weekly.to);
  if (from === undefined || to === undefined || to <= from) return undefined;
  return {
    id: `${w.id}@${day}T${hhmm(from)}`,
    kind: 'workshop',
    agenda: w.id,
    place: w.place,
    topics: [w.topic],
    start: townInstant(day, from).toISOString(),
    end: townInstant(day, to).toISOString(),
    capacity: w.capacity,
  };
}

/** Every slot of one town day, permanences then workshops, by start. */
function slotsOfDay(help: HelpAgendas, day: string): HelpSlot[] {
  if (help.closed?.includes(day)) return [];
  const weekday = weekdayOf(day);
  const slots: HelpSlot[] = [];
  for (const p of help.permanences) for (const hours of p.weekly) if (hours.day === weekday) slots.push(...permanenceSlots(p, day, hours));
  for (const w of help.workshops) if (w.weekly.day === weekday) {
    const slot = workshopSlot(w, day);
    if (slot) slots.push(slot);
  }
  return slots.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
}

/**
 * The slots that start after `now` and within the agendas' horizon, soonest first.
 *
 * @example helpSlots(site.help, new Date(), { kind: 'workshop' })
 */
export function helpSlots(help: HelpAgendas, now: Date, filter: { kind?: HelpKind; place?: string; from?: Date } = {}): HelpSlot[] {
  const after = Math.max(now.getTime(), filter.from?.getTime() ?? 0);
  const today = todayIn(now);
  const slots: HelpSlot[] = [];
  for (let i = 0; i <= help.horizonDays; i++)
    for (const slot of slotsOfDay(help, addDays(today, i)))
      if (
        Date.parse(slot.start) > after &&
        (!filter.kind || slot.kind === filter.kind) &&
        (!filter.place || slot.place === filter.place)
      )
        slots.push(slot);
  return slots;
}

/**
 * The slot an id names, if the agendas hold it (whatever the date: the caller says whether it
 * is still bookable).
 *
 * @example helpSlot(site.help, 'perm-lea@2026-12-15T09:30')
 */
export function helpSlot(help: HelpAgendas, id: string): HelpSlot | undefined {
  const m = SLOT_ID.exec(id);
  if (!m) return undefined;
  return slotsOfDay(help, m[2] as string).find((slot) => slot.id === id);
}

/** The day and the start time of a slot in the town (`2026-12-15`, `09:30`). */
export function slotLocalStart(slot: Pick<HelpSlot, 'id'>): { day: string; time: string } {
  const m = SLOT_ID.exec(slot.id);
  return { day: m?.[2] ?? '', time: m?.[3] ?? '' };
}
