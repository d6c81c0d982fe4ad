// Seals an envelope for the server before the outbox writes it: HPKE (RFC 9180) base mode with
// DHKEM(P-256, HKDF-SHA256), HKDF-SHA256 and AES-256-GCM, over WebCrypto. Each seal makes its
// own ephemeral key pair and forgets its private half, so once sealed, nobody at this terminal —
// not even the kiosk — can read the envelope again: only the server's private key opens it
// (server/sealing.ts). Loaded with the outbox, never by the home screen.
import { Aes256Gcm, CipherSuite, DhkemP256HkdfSha256, HkdfSha256 } from '@hpke/core';
import type { SealingKey } from '../api/client.ts';
import type { Envelope, SealedBody } from '../submission/envelope.ts';

/** Must match the server's SEAL_INFO and sealAad (server/sealing.ts). */
const SEAL_INFO = 'guichet-envelope/1';
const sealAad = (key: string, keyId: string) => new TextEncoder().encode(`${SEAL_INFO} ${key.toLowerCase()} ${keyId}`);

const suite = new CipherSuite({ kem: new DhkemP256HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

function base64(bytes: Uint8Array, url = false): string {
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the stack on a photo.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const text = btoa(binary);
  return url ? text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '') : text;
}

/**
 * Seals the envelope's body for the server's key, bound to the envelope's key (its
 * Idempotency-Key) and the key id: sent under another key, it does not open.
 *
 * @example const sealed = await sealEnvelope(envelope, content.sealing)
 */
export async function sealEnvelope(envelope: Envelope, key: SealingKey): Promise<SealedBody> {
  const recipientPublicKey = await suite.kem.importKey('jwk', key.publicKey, true);
  const { ct, enc } = await suite.seal(
    { recipientPublicKey, info: new TextEncoder().encode(SEAL_INFO) },
    new TextEncoder().encode(JSON.stringify(envelope.body)),
    sealAad(envelope.key, key.keyId),
  );
  return { keyId: key.keyId, enc: base64(new Uint8Array(enc), true), ciphertext: base64(new Uint8Array(ct)) };
}
