// The outbox's flush in Node over fake-indexeddb: jsdom has no IndexedDB, and the flush's rules
// (delete only after a 201, hold a 422, back off on anything else) need no browser. The real
// IndexedDB, durability and the service worker are tested in Chromium (test/e2e/offline.test.ts).
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { SubmitResult } from '../submission/submit-envelope.ts';
import { backoffMs, BACKOFF_CAP_MS, retryDelayMs } from './backoff.ts';
import { flushOutbox } from './flush.ts';
import { openOutboxDatabase, type OutboxEntry } from './outbox-db.ts';
import { createOutbox } from './outbox.ts';
import { provisionalNumber } from './provisional.ts';

const receipt = { reference: 'K7M2-Q9XD', trackingCode: 'H4TR8P', receivedAt: '2026-11-28T10:00:00+01:00' };

function entry(key: string, savedAt: number): OutboxEntry {
  return {
    key,
    format: 'plain-1',
    envelope: { key, body: { procedureId: 'write-to-town-hall', procedureVersion: 1, locale: 'fr', answers: {} } },
    pressedSendAt: new Date(savedAt).toISOString(),
    provisional: provisionalNumber(key),
    savedAt,
    attempts: 0,
    nextAttemptAt: 0,
    state: 'waiting',
  };
}

function fresh() {
  return createOutbox({ indexedDB: new IDBFactory(), IDBKeyRange });
}

describe('flushOutbox', () => {
  it('removes an entry only after a 201, oldest first', async () => {
    const outbox = fresh();
    await outbox.save(entry('b', 2));
    await outbox.save(entry('a', 1));
    const order: string[] = [];
    const sent: string[] = [];
    const report = await flushOutbox({
      outbox,
      concurrency: 1,
      send: async (e) => (order.push(e.key), { kind: 'sent', receipt }),
      onSent: (e) => sent.push(e.key),
    });
    expect(report).toEqual({ sent: 2, held: 0, failed: false });
    expect(order).toEqual(['a', 'b']);
    expect(sent).toEqual(['a', 'b']);
    expect(await outbox.summary()).toEqual({ waiting: 0, held: 0 });
  });

  it('keeps everything on a failure (network or 5xx alike), backs off, and stops the flush there', async () => {
    const outbox = fresh();
    for (const [i, key] of ['a', 'b', 'c'].entries()) await outbox.save(entry(key, i));
    let calls = 0;
    const report = await flushOutbox({
      outbox,
      concurrency: 1,
      now: () => 1_000,
      random: () => 0,
      send: async (): Promise<SubmitResult> => (calls++, { kind: 'failed', reason: 'le serveur a répondu 503' }),
    });
    expect(report.failed).toBe(true);
    expect(calls).toBe(1);
    expect(await outbox.summary()).toMatchObject({ waiting: 3, held: 0 });
    expect(await outbox.get('a')).toMatchObject({ attempts: 1, nextAttemptAt: 1_000 + backoffMs(1, () => 0), lastError: 'le serveur a répondu 503' });
    // Not due yet: a timer flush leaves it; the `online` event (force) sends it anyway.
    expect((await outbox.due(1_001)).map((e) => e.key)).toEqual(['b', 'c']);
    expect((await outbox.due(1_001, { force: true })).map((e) => e.key)).toEqual(['a', 'b', 'c']);
  });

  it('waits as long as the server asks when it says so (Retry-After), and tells the page', async () => {
    const outbox = fresh();
    await outbox.save(entry('a', 1));
    const report = await flushOutbox({
      outbox,
      now: () => 1_000,
      random: () => 0,
      send: async (): Promise<SubmitResult> => ({ kind: 'failed', reason: 'le serveur a répondu 503 (antivirus-unavailable)', retryAfterMs: 60_000 }),
    });
    expect(report).toMatchObject({ failed: true, retryAfterMs: 60_000 });
    expect(await outbox.get('a')).toMatchObject({ attempts: 1, nextAttemptAt: 61_000 });
  });

  it('abandons a send stuck on a dead connection when asked: the lock is free at once, the entry goes once', async () => {
    const outbox = fresh();
    await outbox.save(entry('a', 1));
    const stuckSignals: AbortSignal[] = [];
    const controller = new AbortController();
    // A request on a cut link: never answers, only its abort ends it.
    const stuck = flushOutbox({
      outbox,
      signal: controller.signal,
      send: (_e, signal) => (stuckSignals.push(signal!), new Promise<SubmitResult>(() => undefined)),
    });
    // The flush the network's return starts: queued behind the stuck one's lock.
    const sent: string[] = [];
    const fresh2 = flushOutbox({ outbox, force: true, send: async (e) => (sent.push(e.key), { kind: 'sent', receipt }) });
    // Until the stuck send is on its way (it then holds the lock).
    while (stuckSignals.length === 0) await new Promise((r) => setTimeout(r, 1));
    await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([]);
    controller.abort();
    expect(await stuck).toMatchObject({ sent: 0, failed: true, abandoned: true });
    expect(stuckSignals[0]!.aborted).toBe(true);
    expect(await fresh2).toEqual({ sent: 1, held: 0, failed: false });
    expect(sent).toEqual(['a']);
    expect(await outbox.summary()).toEqual({ waiting: 0, held: 0 });
  });

  it('starts nothing when abandoned before it had the lock', async () => {
    const outbox = fresh();
    await outbox.save(entry('a', 1));
    let calls = 0;
    const report = await flushOutbox({ outbox, signal: AbortSignal.abort(), send: async () => (calls++, { kind: 'sent', receipt }) });
    expect(report).toMatchObject({ sent: 0, abandoned: true });
    expect(calls).toBe(0);
  });

  it('holds a body the server refuses for good (422) for reception, out of later flushes', async () => {
    const outbox = fresh();
    await outbox.save(entry('a', 1));
    await flushOutbox({ outbox, send: async () => ({ kind: 'rejected', errors: [{ field: 'email', code: 'email' }] }) });
    expect(await outbox.summary()).toMatchObject({ waiting: 0, held: 1, oldestSavedAt: 1 });
    expect(await outbox.get('a')).toMatchObject({ state: 'held', errors: [{ field: 'email', code: 'email' }] });
    let calls = 0;
    await flushOutbox({ outbox, force: true, send: async () => (calls++, { kind: 'sent', receipt }) });
    expect(calls).toBe(0);
  });

  it('sends an entry written under schema version 1 after the upgrade to version 2', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('guichet-outbox', { indexedDB, IDBKeyRange });
    v1.version(1).stores({ entries: 'key, savedAt' });
    const { nextAttemptAt: _n, state: _s, ...old } = entry('old', 5);
    await v1.table('entries').put(old);
    v1.close();

    const outbox = createOutbox({ db: openOutboxDatabase({ indexedDB, IDBKeyRange }) });
    expect(await outbox.get('old')).toMatchObject({ state: 'waiting', nextAttemptAt: 0 });
    const report = await flushOutbox({ outbox, send: async () => ({ kind: 'sent', receipt }) });
    expect(report.sent).toBe(1);
  });
});

describe('backoffMs', () => {
  it('doubles its ceiling up to the cap, with jitter between half and all of it', () => {
    expect(backoffMs(1, () => 0)).toBe(2_500);
    expect(backoffMs(1, () => 1)).toBe(5_000);
    expect(backoffMs(3, () => 1)).toBe(20_000);
    expect(backoffMs(30, () => 1)).toBe(BACKOFF_CAP_MS);
  });

  it('gives way to a longer Retry-After, never beyond the cap', () => {
    expect(retryDelayMs(1, 60_000, () => 1)).toBe(60_000);
    expect(retryDelayMs(1, 1_000, () => 1)).toBe(5_000);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(5_000);
    expect(retryDelayMs(1, 24 * 3_600_000, () => 1)).toBe(BACKOFF_CAP_MS);
  });
});
