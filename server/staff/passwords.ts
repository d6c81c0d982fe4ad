// Owns how staff codes are kept: argon2id (OWASP's first choice: 19 MiB, 2 passes, 1 lane),
// through @node-rs/argon2, a prebuilt binary that downloads nothing at run time. A code is
// never stored nor logged; an unknown account is checked against a dummy hash, so that a
// wrong identifier takes as long as a wrong code.
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** `algorithm: 2` is Argon2id (the package's const enum cannot be imported under isolatedModules). */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Shortest code accepted; sign-in is also rate limited per account and per address. */
export const MIN_CODE_LENGTH = 8;

/** Letters and digits without look-alikes (no 0/O, 1/I/l), for codes read aloud or copied from paper. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/** A new random code of `length` characters (about 5.7 bits each). */
export function newCode(length = 12): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/** @example await hashCode('Kq7mPz3xR2tw') // '$argon2id$v=19$m=19456,t=2,p=1$…' */
export function hashCode(code: string): Promise<string> {
  return hash(code, ARGON2_OPTIONS);
}

let dummy: Promise<string> | undefined;

/** Whether `code` matches `stored`; with no stored hash, spends the same time and says no. */
export async function verifyCode(stored: string | undefined, code: string): Promise<boolean> {
  if (stored === undefined) {
    dummy ??= hashCode(newCode(16));
    await verify(await dummy, code).catch(() => false);
    return false;
  }
  try {
    return await verify(stored, code);
  } catch {
    return false;
  }
}
