// The outbox's own writes in Node over fake-indexeddb (the real IndexedDB: test/e2e/sealed-outbox.test.ts).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { PlainEntry } from './outbox-db.ts';
import { createOutbox } from './outbox.ts';

const sealed = { keyId: 'k1', enc: 'ZW5j', ciphertext: 'Y2lwaGVy' };

function plainEntry(key: string): PlainEntry {
  return {
    key,
    format: 'plain-1',
    envelope: { key, body: { procedureId: 'write-to-town-hall', procedureVersion: 1, locale: 'fr', answers: { message: 'Zéphyrine' } } },
    pressedSendAt: '2026-11-28T10:00:00.000Z',
    provisional: 'P-AAAA-0001',
    savedAt: 1,
    attempts: 3,
    nextAttemptAt: 5_000,
    state: 'waiting',
    lastError: 'serveur injoignable',
  };
}

describe('replacing an entry in clear with its sealed form', () => {
  it('keeps everything but the envelope, which is gone from the record', async () => {
    const outbox = createOutbox({ indexedDB: new IDBFactory(), IDBKeyRange });
    await outbox.save(plainEntry('a'));
    expect((await outbox.plain()).map((e) => e.key)).toEqual(['a']);
    expect(await outbox.replaceWithSealed('a', sealed)).toBe(true);
    const { envelope: _envelope, ...kept } = plainEntry('a');
    expect(await outbox.get('a')).toEqual({ ...kept, format: 'sealed-1', sealed });
    expect(await outbox.plain()).toEqual([]);
    expect(await outbox.summary()).toEqual({ waiting: 1, held: 0, oldestSavedAt: 1 });
  });

  it('does nothing to an entry sent meanwhile, nor to one sealed already', async () => {
    const outbox = createOutbox({ indexedDB: new IDBFactory(), IDBKeyRange });
    expect(await outbox.replaceWithSealed('gone', sealed)).toBe(false);
    expect(await outbox.get('gone')).toBeUndefined();
    await outbox.save(plainEntry('b'));
    await outbox.replaceWithSealed('b', sealed);
    expect(await outbox.replaceWithSealed('b', { ...sealed, keyId: 'k2' })).toBe(false);
    expect(await outbox.get('b')).toMatchObject({ sealed: { keyId: 'k1' } });
  });
});
