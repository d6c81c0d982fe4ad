import { TOWN_TIME_ZONE } from '../content/model/index.ts';

// Building an Intl.DateTimeFormat costs far more than using one: it was a third of the CPU
// time of accepting a submission, so each time zone's formatter is built once.
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();

function offsetFormat(timeZone: string): Intl.DateTimeFormat {
  let format = OFFSET_FORMATS.get(timeZone);
  if (!format)
    OFFSET_FORMATS.set(
      timeZone,
      (format = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        timeZoneName: 'longOffset',
      })),
    );
  return format;
}

/**
 * An instant as ISO 8601 in the town's time, with its offset, as a receipt prints it.
 *
 * @example isoInTownTime(new Date('2026-11-28T10:00:00Z')) // '2026-11-28T11:00:00.000+01:00'
 */
export function isoInTownTime(instant: Date, timeZone: string = TOWN_TIME_ZONE): string {
  const parts = Object.fromEntries(
    offsetFormat(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  // `GMT+01:00`, or plain `GMT` when the offset is zero.
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).slice(3);
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${millis}${offset}`;
}
