// References and tracking codes a person reads aloud, types, or copies from a receipt.
import { randomBytes } from 'node:crypto';

/** No 0/O, 1/I/L or U: nothing a person can misread or that spells a word by accident. */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';

export const REFERENCE = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;
export const TRACKING_CODE = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$/;

/** `length` characters of the alphabet, uniformly drawn (rejection sampling, no modulo bias). */
function randomCode(length: number): string {
  const size = REFERENCE_ALPHABET.length;
  const limit = 256 - (256 % size);
  let code = '';
  while (code.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && code.length < length) code += REFERENCE_ALPHABET[byte % size];
    }
  }
  return code;
}

/**
 * A new submission reference, 30^8 (about 6.6 × 10^11) possibilities; the store makes it unique.
 *
 * @example newReference() // 'K7QD-4MZ9'
 */
export function newReference(): string {
  const code = randomCode(8);
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A tracking code, the secret that goes with a reference to see its status. */
export function newTrackingCode(): string {
  return randomCode(6);
}

/** What a person typed, as the store keeps it: upper case, the hyphen where it belongs. */
export function normalizeReference(typed: string): string {
  const compact = typed.trim().toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}
