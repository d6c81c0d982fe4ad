import { describe, expect, it } from 'vitest';
import { isoInTownTime } from './time.ts';

describe('isoInTownTime', () => {
  it.each([
    ['2026-11-28T10:00:00.123Z', '2026-11-28T11:00:00.123+01:00'],
    ['2026-07-01T22:30:00Z', '2026-07-02T00:30:00.000+02:00'],
    // Summer time starts at 01:00 UTC on the last Sunday of March.
    ['2026-03-29T00:59:59Z', '2026-03-29T01:59:59.000+01:00'],
    ['2026-03-29T01:00:00Z', '2026-03-29T03:00:00.000+02:00'],
  ])('writes %s in Paris time as %s, the same instant', (utc, paris) => {
    expect(isoInTownTime(new Date(utc))).toBe(paris);
    expect(new Date(paris).getTime()).toBe(new Date(utc).getTime());
  });

  it('writes a zero offset as +00:00', () => {
    expect(isoInTownTime(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01T00:00:00.000+00:00');
  });
});
