import { TOWN_TIME_ZONE } from '../content/model/index.ts';

/**
 * An instant as ISO 8601 in the town's time, with its offset, as a receipt prints it.
 *
 * @example isoInTownTime(new Date('2026-11-28T10:00:00Z')) // '2026-11-28T11:00:00.000+01:00'
 */
export function isoInTownTime(instant: Date, timeZone: string = TOWN_TIME_ZONE): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  // `GMT+01:00`, or plain `GMT` when the offset is zero.
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : String(parts.timeZoneName).slice(3);
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${millis}${offset}`;
}
