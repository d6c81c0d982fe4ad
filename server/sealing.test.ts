// Sealing from end to end without a browser: the kiosk's own seal (kiosk/src/outbox/seal.ts,
// WebCrypto in Node) against the server's keyring over key files in a real folder.
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sealEnvelope } from '../kiosk/src/outbox/seal.ts';
import type { Envelope } from '../kiosk/src/submission/envelope.ts';
import { GuichetError } from './errors.ts';
import { createKeyring, loadOrCreateSealingKeys, newSealingKey, readSealingKeys, writeSealingKey, type Keyring } from './sealing.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'guichet-sealing-'));
  dirs.push(dir);
  return dir;
}

function envelope(message = 'Le lampadaire de la rue Zéphyrine clignote'): Envelope {
  return {
    key: randomUUID(),
    body: { procedureId: 'write-to-town-hall', procedureVersion: 2, locale: 'fr', answers: { message, givenName: 'Zéphyrine' } },
  };
}

/** What the route does with a sealed body: the envelope's JSON, or the GuichetError. */
async function opened(keyring: Keyring, sealed: Parameters<Keyring['open']>[0], key: string): Promise<unknown> {
  try {
    return JSON.parse(await keyring.open(sealed, key));
  } catch (error) {
    return error instanceof GuichetError ? { status: error.status, code: error.code } : error;
  }
}

describe('sealing an envelope for the server', () => {
  it('opens into the very body that was sealed, and the ciphertext holds nothing of it', async () => {
    const keyring = createKeyring([newSealingKey()]);
    const sent = envelope();
    const sealed = await sealEnvelope(sent, keyring.current);
    expect(sealed.keyId).toBe(keyring.current.keyId);
    const raw = Buffer.from(sealed.ciphertext, 'base64').toString('latin1');
    expect(`${raw} ${sealed.ciphertext}`).not.toMatch(/lampadaire|Zéphyrine|Z.phyrine|answers/);
    expect(await opened(keyring, sealed, sent.key)).toEqual(sent.body);
  });

  it('uses a new ephemeral key for each seal: the same envelope twice gives two ciphertexts', async () => {
    const keyring = createKeyring([newSealingKey()]);
    const sent = envelope();
    const [a, b] = await Promise.all([sealEnvelope(sent, keyring.current), sealEnvelope(sent, keyring.current)]);
    expect(a.enc).not.toBe(b.enc);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(await opened(keyring, b, sent.key)).toEqual(sent.body);
  });

  it('after a rotation, still opens what was sealed with the previous key, and publishes the new one', async () => {
    const previous = newSealingKey(new Date('2026-11-01T09:00:00Z'));
    const sent = envelope();
    const sealedBefore = await sealEnvelope(sent, createKeyring([previous]).current);
    const next = newSealingKey(new Date('2026-12-01T09:00:00Z'));
    // As read from the folder: newest first, whatever order the files come in.
    const dir = tempDir();
    writeSealingKey(dir, previous);
    writeSealingKey(dir, next);
    const rotated = createKeyring(readSealingKeys(dir));
    expect(rotated.current.keyId).toBe(next.keyId);
    expect(rotated.keyIds).toEqual([next.keyId, previous.keyId]);
    expect(await opened(rotated, sealedBefore, sent.key)).toEqual(sent.body);
    const sealedAfter = await sealEnvelope(sent, rotated.current);
    expect(await opened(rotated, sealedAfter, sent.key)).toEqual(sent.body);
  });

  it('refuses an unknown key id with a 409 that names it, a retired key included', async () => {
    const retired = newSealingKey(new Date('2026-01-01T00:00:00Z'));
    const sent = envelope();
    const sealed = await sealEnvelope(sent, createKeyring([retired]).current);
    const keyring = createKeyring([newSealingKey()]);
    expect(await opened(keyring, sealed, sent.key)).toEqual({ status: 409, code: 'sealing-key-unknown' });
    await expect(keyring.open(sealed, sent.key)).rejects.toThrow(retired.keyId);
  });

  it('refuses an altered ciphertext, an altered ephemeral key and another key id with a 400, never opening them', async () => {
    const keyring = createKeyring([newSealingKey(), newSealingKey(new Date('2026-01-01T00:00:00Z'))]);
    const sent = envelope();
    const sealed = await sealEnvelope(sent, keyring.current);
    const bytes = Buffer.from(sealed.ciphertext, 'base64');
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at]! ^= 0x01;
      expect(await opened(keyring, { ...sealed, ciphertext: flipped.toString('base64') }, sent.key)).toEqual({
        status: 400,
        code: 'sealed-envelope-unreadable',
      });
    }
    expect(await opened(keyring, { ...sealed, ciphertext: bytes.subarray(0, bytes.length - 1).toString('base64') }, sent.key)).toEqual({
      status: 400,
      code: 'sealed-envelope-unreadable',
    });
    const enc = Buffer.from(sealed.enc, 'base64url');
    enc[10]! ^= 0x01;
    expect(await opened(keyring, { ...sealed, enc: enc.toString('base64url') }, sent.key)).toEqual({
      status: 400,
      code: 'sealed-envelope-unreadable',
    });
    // Relabelled with the other key this server has: the key id is bound in, so it does not open.
    expect(await opened(keyring, { ...sealed, keyId: keyring.keyIds[1]! }, sent.key)).toEqual({
      status: 400,
      code: 'sealed-envelope-unreadable',
    });
  });

  it('refuses an envelope sent under another Idempotency-Key than its own (the additional data)', async () => {
    const keyring = createKeyring([newSealingKey()]);
    const sent = envelope();
    const sealed = await sealEnvelope(sent, keyring.current);
    expect(await opened(keyring, sealed, randomUUID())).toEqual({ status: 400, code: 'sealed-envelope-unreadable' });
    // The header's case does not matter, as for the Idempotency-Key itself.
    expect(await opened(keyring, sealed, sent.key.toUpperCase())).toEqual(sent.body);
  });
});

describe('the key files', () => {
  it('are written on first start, readable by their owner only, and read again as they are', () => {
    const dir = join(tempDir(), 'sealing-keys');
    const first = loadOrCreateSealingKeys(dir);
    expect(first.created).toBeDefined();
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(first.created!).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([`${first.keys[0]!.keyId}.json`]);
    const again = loadOrCreateSealingKeys(dir);
    expect(again.created).toBeUndefined();
    expect(again.keys).toEqual(first.keys);
  });

  it('never overwrite a key, and refuse to start on a file whose key id is not its key', () => {
    const dir = tempDir();
    const key = newSealingKey();
    writeSealingKey(dir, key);
    expect(() => writeSealingKey(dir, key)).toThrow(/EEXIST/);
    const other = newSealingKey();
    const file = join(dir, `${key.keyId}.json`);
    writeFileSync(file, JSON.stringify({ ...key, privateKey: other.privateKey }));
    expect(() => readSealingKeys(dir)).toThrow(/does not match its key/);
    writeFileSync(file, '{"keyId":"x"}');
    expect(() => readSealingKeys(dir)).toThrow(file);
  });

  it('warn about a key file other users can read', () => {
    const dir = tempDir();
    const file = writeSealingKey(dir, newSealingKey());
    chmodSync(file, 0o644);
    const warnings: string[] = [];
    readSealingKeys(dir, (message) => warnings.push(message));
    expect(warnings).toEqual([expect.stringContaining('chmod 600')]);
  });
});
