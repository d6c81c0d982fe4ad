import { describe, expect, it } from 'vitest';
import { REFERENCE, REFERENCE_ALPHABET, TRACKING_CODE, newReference, newTrackingCode, normalizeReference } from './references.ts';

describe('references', () => {
  it('has no character a person can misread', () => {
    expect(REFERENCE_ALPHABET).toHaveLength(30);
    for (const ch of '01OILU') expect(REFERENCE_ALPHABET).not.toContain(ch);
  });

  it('draws references and tracking codes from the alphabet, every character of it in time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const reference = newReference();
      expect(reference).toMatch(REFERENCE);
      expect(newTrackingCode()).toMatch(TRACKING_CODE);
      for (const ch of reference.replace('-', '')) seen.add(ch);
    }
    expect(seen.size).toBe(30);
  });

  it('reads back what a person typed', () => {
    expect(normalizeReference(' k7qd-4mz9 ')).toBe('K7QD-4MZ9');
    expect(normalizeReference('k7qd4mz9')).toBe('K7QD-4MZ9');
    expect(normalizeReference('K7QD 4MZ9')).toBe('K7QD-4MZ9');
  });
});
