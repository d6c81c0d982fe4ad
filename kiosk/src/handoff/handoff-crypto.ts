// Owns the hand-off's secret: a code of 8 characters a person can read aloud and type
// (`K7QD-4MZ9`, the references' alphabet, without 0/O, 1/I/L, U), and what it derives: an
// AES-GCM key that seals the draft on the kiosk, and a lookup the server stores to find it.
// Both come from one PBKDF2-SHA256 derivation of 600 000 rounds, so neither the server nor a
// copy of its database can read a draft, nor find its code from the lookup, without trying
// codes one slow derivation at a time (39 bits: see server/README.md, "Hand-offs", for what
// that does and does not protect). Loaded lazily: only a hand-off and reception's desk need it.

/** The references' alphabet (server/references.ts): no look-alikes. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_PATTERN = /^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{4}$/;
const ROUNDS = 600_000;
const SALT = new TextEncoder().encode('guichet-handoff-v1');

/** A new code, grouped `XXXX-XXXX`, drawn without bias. */
export function newHandoffCode(): string {
  const chars: string[] = [];
  const bytes = new Uint8Array(1);
  while (chars.length < 8) {
    crypto.getRandomValues(bytes);
    // 240 = 8 × 30: bytes above it would favour the first letters.
    if (bytes[0]! < 240) chars.push(CODE_ALPHABET[bytes[0]! % 30]!);
  }
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

/**
 * The code as typed or scanned, in its canonical form, or undefined when it cannot be one:
 * case, spaces and dashes do not matter, and the look-alikes a person may type are read as
 * the letter meant (O → 0 is not in the alphabet, so O is refused rather than guessed).
 */
export function normalizeHandoffCode(typed: string): string | undefined {
  const bare = typed.toUpperCase().replace(/[\s\-–—_.]/g, '');
  if (bare.length !== 8) return undefined;
  const code = `${bare.slice(0, 4)}-${bare.slice(4)}`;
  return CODE_PATTERN.test(code) ? code : undefined;
}

const base64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const fromBase64url = (text: string): Uint8Array<ArrayBuffer> => {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
};

interface Derived {
  key: CryptoKey;
  /** What the server stores and reception's look-up must match. */
  lookup: string;
}

async function derive(code: string): Promise<Derived> {
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: SALT, iterations: ROUNDS }, material, 512));
  const key = await crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, lookup: base64url(bits.slice(32)) };
}

export interface Sealed {
  lookup: string;
  sealed: { iv: string; data: string };
}

/** Seals `draft` (JSON) with the code's key; the procedure is bound as additional data. */
export async function sealDraft(code: string, procedureId: string, draft: unknown): Promise<Sealed> {
  const { key, lookup } = await derive(code);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(procedureId) },
    key,
    new TextEncoder().encode(JSON.stringify(draft)),
  );
  return { lookup, sealed: { iv: base64url(iv), data: base64url(new Uint8Array(data)) } };
}

/** The lookup a code gives, for reception's request. */
export async function lookupOf(code: string): Promise<{ lookup: string; open: (procedureId: string, sealed: Sealed['sealed']) => Promise<unknown> }> {
  const { key, lookup } = await derive(code);
  return {
    lookup,
    /** Throws when the ciphertext was changed or sealed with another code. */
    open: async (procedureId, sealed) => {
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64url(sealed.iv), additionalData: new TextEncoder().encode(procedureId) },
        key,
        fromBase64url(sealed.data),
      );
      return JSON.parse(new TextDecoder().decode(plain)) as unknown;
    },
  };
}
