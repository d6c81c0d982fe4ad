// The service worker's outbox (raw IndexedDB) against the page's (Dexie) on one database, in
// Node over fake-indexeddb: what the page wrote, the worker flushes; what the worker writes, the
// page reads; it never creates the database nor stands in the way of the page's upgrade. The
// worker itself, with Background Sync, runs in Chromium (test/e2e/offline.test.ts).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { SubmitResult } from '../submission/submit-envelope.ts';
import { flushOutbox } from './flush.ts';
import { openOutboxDatabase, type OutboxEntry } from './outbox-db.ts';
import { createOutbox } from './outbox.ts';
import { provisionalNumber } from './provisional.ts';
import { openWorkerOutbox } from './worker-outbox.ts';

const receipt = { reference: 'K7M2-Q9XD', trackingCode: 'H4TR8P', receivedAt: '2026-11-28T10:00:00+01:00' };

function entry(key: string, savedAt: number, nextAttemptAt = 0): OutboxEntry {
  return {
    key,
    format: 'plain-1',
    envelope: { key, body: { procedureId: 'write-to-town-hall', procedureVersion: 1, locale: 'fr', answers: {} } },
    pressedSendAt: new Date(savedAt).toISOString(),
    provisional: provisionalNumber(key),
    savedAt,
    attempts: 0,
    nextAttemptAt,
    state: 'waiting',
  };
}

describe('openWorkerOutbox', () => {
  it('flushes what the page wrote, oldest first, and the page reads each outcome', async () => {
    const indexedDB = new IDBFactory();
    const page = createOutbox({ indexedDB, IDBKeyRange });
    await page.save(entry('c', 3, 10_000));
    await page.save(entry('b', 2));
    await page.save(entry('a', 1));
    await page.save(entry('held', 0));
    await page.hold('held', [], 'refusée');
    const worker = openWorkerOutbox({ indexedDB });
    expect((await worker.due(1_000)).map((e) => e.key)).toEqual(['a', 'b']);
    expect((await worker.due(1_000, { force: true })).map((e) => e.key)).toEqual(['a', 'b', 'c']);

    const order: string[] = [];
    const report = await flushOutbox({
      outbox: worker,
      force: true,
      concurrency: 1,
      now: () => 1_000,
      random: () => 0,
      send: async (e): Promise<SubmitResult> => {
        order.push(e.key);
        if (e.key === 'a') return { kind: 'sent', receipt };
        if (e.key === 'b') return { kind: 'rejected', errors: [{ field: 'email', code: 'email' }] };
        return { kind: 'failed', reason: 'le serveur a répondu 503' };
      },
    });
    worker.close();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(report).toEqual({ sent: 1, held: 1, failed: true });
    expect(await page.get('a')).toBeUndefined();
    expect(await page.get('b')).toMatchObject({ state: 'held', errors: [{ field: 'email', code: 'email' }] });
    expect(await page.get('c')).toMatchObject({ state: 'waiting', attempts: 1, nextAttemptAt: 3_500, lastError: 'le serveur a répondu 503' });
    expect(await page.summary()).toMatchObject({ waiting: 1, held: 2 });
    page.close();
  });

  it('neither creates the database nor flushes one the page has not upgraded', async () => {
    const indexedDB = new IDBFactory();
    const worker = openWorkerOutbox({ indexedDB });
    expect(await worker.due(0, { force: true })).toEqual([]);
    await worker.remove('a');
    worker.close();
    expect(await indexedDB.databases()).toEqual([]);

    const v1 = new Dexie('guichet-outbox', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ entries: 'key, savedAt' });
    const { nextAttemptAt: _n, state: _s, ...old } = entry('old', 5);
    await v1.table('entries').put(old);
    v1.close();
    const early = openWorkerOutbox({ indexedDB });
    expect(await early.due(0, { force: true })).toEqual([]);
    early.close();
  });

  it('lets the page upgrade the schema while it holds the database open', async () => {
    const indexedDB = new IDBFactory();
    const page = createOutbox({ indexedDB, IDBKeyRange });
    await page.save(entry('a', 1));
    page.close();
    const worker = openWorkerOutbox({ indexedDB });
    expect(await worker.due(0)).toHaveLength(1);
    // A later kiosk's schema: the worker's open connection must not block its upgrade.
    const next = openOutboxDatabase({ indexedDB, IDBKeyRange });
    next.version(3).stores({ entries: 'key, savedAt, nextAttemptAt, state, provisional' });
    expect(await next.entries.count()).toBe(1);
    next.close();
    worker.close();
  });
});
