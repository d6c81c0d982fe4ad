// Owns the server's sealing keys: the P-256 key pairs whose public half the kiosk seals each
// outbox envelope with (GET /api/content), and the opening of what it sends. The suite is
// HPKE (RFC 9180), base mode: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM — an
// ECDH P-256 exchange with a fresh ephemeral key per envelope, HKDF-SHA-256, AES-256-GCM — so
// any HPKE implementation can open an envelope, and the kiosk keeps nothing that could.
//
// Keys are files `<keyId>.json` (0600) in one folder (0700): `${DATA_DIR}/sealing-keys` unless
// GUICHET_SEALING_KEYS names another. The newest is the one published; the older ones are kept
// to open what offline kiosks sealed before a rotation (server/README.md, "Sealing keys").
import { createHash, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import { z } from 'zod';
import { GuichetError } from './errors.ts';

/** Bound into every seal: a change of format is a new name, and old envelopes still say theirs. */
export const SEAL_INFO = 'guichet-envelope/1';

/**
 * The additional data of an envelope: its Idempotency-Key and the key id it names, so an
 * envelope replayed under another key, or relabelled with another key id, does not open.
 * The kiosk builds the same bytes (kiosk/src/outbox/seal.ts).
 */
export function sealAad(idempotencyKey: string, keyId: string): Uint8Array {
  return new TextEncoder().encode(`${SEAL_INFO} ${idempotencyKey.toLowerCase()} ${keyId}`);
}

/** What GET /api/content publishes: the key to seal with, and its id. */
export interface SealingPublicKey {
  keyId: string;
  publicKey: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
}

/** A key as its file holds it. */
export interface SealingKeyFile {
  keyId: string;
  createdAt: string;
  privateKey: { kty: 'EC'; crv: 'P-256'; x: string; y: string; d: string };
}

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const keyFileSchema = z.object({
  keyId: base64url,
  createdAt: z.iso.datetime({ offset: true }),
  privateKey: z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: base64url, y: base64url, d: base64url }),
});

/** A sealed envelope as the kiosk sends it: `{ sealed: {...} }` in place of the envelope. */
export const sealedSchema = z.strictObject({
  keyId: z.string().min(1).max(64),
  /** The ephemeral public key (HPKE `enc`), base64url: 65 bytes for P-256. */
  enc: z.string().regex(/^[A-Za-z0-9_-]{87}$/),
  /** The envelope's JSON, encrypted, with its 16-byte tag, base64. */
  ciphertext: z.base64(),
});

export type Sealed = z.infer<typeof sealedSchema>;

/**
 * The key id: the first 16 characters of the public key's RFC 7638 thumbprint, so the same key
 * always has the same id, and a file whose id does not match its key is found at start.
 */
export function keyIdOf(publicKey: { x: string; y: string }): string {
  const canonical = JSON.stringify({ crv: 'P-256', kty: 'EC', x: publicKey.x, y: publicKey.y });
  return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
}

/** A new key pair, as its file will hold it. */
export function newSealingKey(now: Date = new Date()): SealingKeyFile {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' }) as { x: string; y: string; d: string };
  return {
    keyId: keyIdOf(jwk),
    createdAt: now.toISOString(),
    privateKey: { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d },
  };
}

/** Writes a key file readable by this user only; never overwrites one. */
export function writeSealingKey(dir: string, key: SealingKeyFile): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${key.keyId}.json`);
  writeFileSync(file, `${JSON.stringify(key, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return file;
}

/** The key files of a folder, newest first. Throws, naming the file, on one that is not a key. */
export function readSealingKeys(dir: string, warn: (message: string) => void = console.warn): SealingKeyFile[] {
  if (!existsSync(dir)) return [];
  const keys = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const file = join(dir, name);
      const parsed = keyFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error(`${file} is not a sealing key: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      if (parsed.data.keyId !== keyIdOf(parsed.data.privateKey))
        throw new Error(`${file}: its keyId does not match its key (expected ${keyIdOf(parsed.data.privateKey)}).`);
      if ((statSync(file).mode & 0o077) !== 0) warn(`Sealing: ${file} can be read by other users; chmod 600 it.`);
      return parsed.data as SealingKeyFile;
    });
  return keys.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

/** The folder's keys, after writing a first one if there is none (first start). */
export function loadOrCreateSealingKeys(dir: string, now: Date = new Date()): { keys: SealingKeyFile[]; created?: string } {
  const keys = readSealingKeys(dir);
  if (keys.length > 0) return { keys };
  const key = newSealingKey(now);
  return { keys: [key], created: writeSealingKey(dir, key) };
}

export interface Keyring {
  /** The key kiosks seal with now: the newest. */
  current: SealingPublicKey;
  /** Every key id this server opens, newest first. */
  keyIds: string[];
  /**
   * The envelope's JSON text. A 409 `sealing-key-unknown` when no key here has its id, a 400
   * `sealed-envelope-unreadable` when it does not open (altered, or sent under another
   * Idempotency-Key): never a 5xx, and the kiosk keeps the envelope either way.
   */
  open(sealed: Sealed, idempotencyKey: string): Promise<string>;
}

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

/**
 * The keyring over keys given newest first.
 *
 * @example const keyring = createKeyring(loadOrCreateSealingKeys(join(dataDir, 'sealing-keys')).keys)
 */
export function createKeyring(keys: readonly SealingKeyFile[]): Keyring {
  const newest = keys[0];
  if (!newest) throw new Error('a keyring needs at least one sealing key');
  const pairs = new Map<string, Promise<CryptoKeyPair>>();
  const pairOf = (key: SealingKeyFile) => {
    let pair = pairs.get(key.keyId);
    if (!pair) {
      const { d: _d, ...publicJwk } = key.privateKey;
      pair = Promise.all([suite.kem.importKey('jwk', key.privateKey, false), suite.kem.importKey('jwk', publicJwk, true)]).then(
        ([privateKey, publicKey]) => ({ privateKey, publicKey }),
      );
      pairs.set(key.keyId, pair);
    }
    return pair;
  };
  const byId = new Map(keys.map((key) => [key.keyId, key]));
  const { d: _d, ...publicKey } = newest.privateKey;
  return {
    current: { keyId: newest.keyId, publicKey },
    keyIds: keys.map((key) => key.keyId),
    async open(sealed, idempotencyKey) {
      const key = byId.get(sealed.keyId);
      if (!key)
        throw new GuichetError(
          'sealing-key-unknown',
          `Cette enveloppe est scellée avec la clé « ${sealed.keyId} », que ce serveur n'a pas (ou plus) : remettez la clé dans le dossier des clés de scellement ; le poste garde l'enveloppe et la renverra.`,
        );
      try {
        const plaintext = await suite.open(
          { recipientKey: await pairOf(key), enc: Buffer.from(sealed.enc, 'base64url'), info: new TextEncoder().encode(SEAL_INFO) },
          Buffer.from(sealed.ciphertext, 'base64'),
          sealAad(idempotencyKey, sealed.keyId),
        );
        return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
      } catch (error) {
        throw new GuichetError(
          'sealed-envelope-unreadable',
          "Cette enveloppe scellée ne s'ouvre pas : elle a été modifiée, ou envoyée avec une autre Idempotency-Key que la sienne.",
          { cause: error },
        );
      }
    },
  };
}
