// The outbox's reads and writes over its database. Every write is its own strict transaction;
// nothing here talks to the network (flush.ts does, outside any transaction).
import type { ServerFieldError } from '../api/client.ts';
import type { SealedBody } from '../submission/envelope.ts';
import { openOutboxDatabase, type OpenOptions, type OutboxDatabase, type OutboxEntry, type PlainEntry, type SealedEntry } from './outbox-db.ts';

export interface OutboxSummary {
  /** Entries waiting to be sent. */
  waiting: number;
  /** Entries the server refused for good, kept for reception. */
  held: number;
  /** When the oldest entry still here was written (epoch ms). */
  oldestSavedAt?: number;
}

export interface Outbox {
  /** Writes the entry; resolves once it is on disk. */
  save(entry: OutboxEntry): Promise<void>;
  get(key: string): Promise<OutboxEntry | undefined>;
  /** Waiting entries due at `now` (all waiting entries with `force`), oldest first. */
  due(now: number, options?: { force?: boolean; limit?: number }): Promise<OutboxEntry[]>;
  /** The earliest `nextAttemptAt` of the waiting entries, if any wait. */
  nextDueAt(): Promise<number | undefined>;
  /** Entries an older kiosk wrote in clear. */
  plain(): Promise<PlainEntry[]>;
  /** Puts the sealed form in place of an entry in clear; false if it has gone or is sealed already. */
  replaceWithSealed(key: string, sealed: SealedBody): Promise<boolean>;
  /** Deletes the entry: only after the server's 201. */
  remove(key: string): Promise<void>;
  /** Puts a failed entry back, due again at `nextAttemptAt`. */
  reschedule(key: string, change: { attempts: number; nextAttemptAt: number; lastError: string }): Promise<void>;
  /** Keeps an entry the server refused for good, out of the flush, for reception to see. */
  hold(key: string, errors: ServerFieldError[], lastError: string): Promise<void>;
  summary(): Promise<OutboxSummary>;
  close(): void;
}

/**
 * The outbox in IndexedDB.
 *
 * @example const outbox = createOutbox(); await outbox.save(entry); await outbox.summary();
 */
export function createOutbox(options: OpenOptions & { db?: OutboxDatabase } = {}): Outbox {
  const db = options.db ?? openOutboxDatabase(options);
  const entries = db.entries;
  return {
    async save(entry) {
      await db.transaction('rw', entries, () => entries.put(entry));
    },
    get: (key) => entries.get(key),
    async due(now, { force = false, limit = 500 } = {}) {
      const waiting = force
        ? entries.where('state').equals('waiting')
        : entries.where('nextAttemptAt').belowOrEqual(now).and((e) => e.state === 'waiting');
      const list = await waiting.toArray();
      return list.sort((a, b) => a.savedAt - b.savedAt).slice(0, limit);
    },
    async nextDueAt() {
      const first = await entries.orderBy('nextAttemptAt').filter((e) => e.state === 'waiting').first();
      return first?.nextAttemptAt;
    },
    plain: async () => (await entries.filter((e) => e.format === 'plain-1').toArray()) as PlainEntry[],
    async replaceWithSealed(key, sealed) {
      return db.transaction('rw', entries, async () => {
        const entry = await entries.get(key);
        if (entry?.format !== 'plain-1') return false;
        const { envelope: _envelope, ...kept } = entry;
        const sealedEntry: SealedEntry = { ...kept, format: 'sealed-1', sealed };
        await entries.put(sealedEntry);
        return true;
      });
    },
    async remove(key) {
      await db.transaction('rw', entries, () => entries.delete(key));
    },
    async reschedule(key, change) {
      await db.transaction('rw', entries, () => entries.update(key, change));
    },
    async hold(key, errors, lastError) {
      await db.transaction('rw', entries, () => entries.update(key, { state: 'held', errors, lastError }));
    },
    async summary() {
      const all = await entries.toArray();
      const oldest = all.reduce<number | undefined>((min, e) => (min === undefined || e.savedAt < min ? e.savedAt : min), undefined);
      return {
        waiting: all.filter((e) => e.state === 'waiting').length,
        held: all.filter((e) => e.state === 'held').length,
        ...(oldest === undefined ? {} : { oldestSavedAt: oldest }),
      };
    },
    close: () => db.close(),
  };
}
