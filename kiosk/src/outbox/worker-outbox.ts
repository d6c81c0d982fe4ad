// The outbox as the service worker's Background Sync flush needs it, over the raw IndexedDB
// API: Dexie is three quarters of the worker's weight, and the flush only reads what is due
// and writes an entry's outcome. The database stays the page's (outbox-db.ts, Dexie): this
// never creates it nor changes its schema, and it lets go of it whenever the page upgrades it.
import type { FlushStore } from './flush.ts';
import { OUTBOX_DB_NAME } from './name.ts';
import type { OutboxEntry } from './outbox-db.ts';

/** IndexedDB's version of the page's Dexie schema version 2 (Dexie multiplies by ten). */
export const OUTBOX_IDB_VERSION = 20;
const ENTRIES = 'entries';

export interface WorkerOutboxOptions {
  /** For tests in Node: fake-indexeddb's `indexedDB`. */
  indexedDB?: IDBFactory;
  name?: string;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('outbox: transaction aborted'));
  });
}

/**
 * Opens the page's outbox database as it is, or resolves `undefined` when there is nothing this
 * worker may flush: no database yet, or one the page has not upgraded to schema version 2.
 */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | undefined> {
  return new Promise((resolve) => {
    const request = factory.open(name);
    let created = false;
    // No database yet: the open would create an empty one, without the page's schema. Abort it.
    request.onupgradeneeded = () => {
      created = true;
      request.transaction?.abort();
    };
    request.onerror = () => resolve(undefined);
    request.onblocked = () => resolve(undefined);
    request.onsuccess = () => {
      const db = request.result;
      if (created || db.version < OUTBOX_IDB_VERSION || !db.objectStoreNames.contains(ENTRIES)) {
        db.close();
        return resolve(undefined);
      }
      // The page opens a newer schema: let it, and open again at the next flush.
      db.onversionchange = () => db.close();
      resolve(db);
    };
  });
}

/**
 * The worker's outbox, opened at its first use.
 *
 * @example const outbox = openWorkerOutbox(); await flushOutbox({ outbox, send: sendEntry, force: true }); outbox.close();
 */
export function openWorkerOutbox(options: WorkerOutboxOptions = {}): FlushStore & { close(): void } {
  const factory = options.indexedDB ?? indexedDB;
  let opened: Promise<IDBDatabase | undefined> | undefined;
  const db = () => (opened ??= openExisting(factory, options.name ?? OUTBOX_DB_NAME));

  /** Changes one entry in its own strict transaction (flushed to disk before it completes); nothing if it has gone. */
  async function change(key: string, apply: (entry: OutboxEntry) => OutboxEntry | undefined): Promise<void> {
    const database = await db();
    if (!database) return;
    const tx = database.transaction(ENTRIES, 'readwrite', { durability: 'strict' });
    const store = tx.objectStore(ENTRIES);
    const entry = (await done(store.get(key))) as OutboxEntry | undefined;
    if (entry) {
      const next = apply(entry);
      if (next) store.put(next);
      else store.delete(key);
    }
    await committed(tx);
  }

  return {
    async due(now, { force = false, limit = 500 } = {}) {
      const database = await db();
      if (!database) return [];
      const all = (await done(database.transaction(ENTRIES).objectStore(ENTRIES).getAll())) as OutboxEntry[];
      return all
        .filter((e) => e.state === 'waiting' && (force || e.nextAttemptAt <= now))
        .sort((a, b) => a.savedAt - b.savedAt)
        .slice(0, limit);
    },
    remove: (key) => change(key, () => undefined),
    reschedule: (key, next) => change(key, (entry) => ({ ...entry, ...next })),
    hold: (key, errors, lastError) => change(key, (entry) => ({ ...entry, state: 'held', errors, lastError })),
    close() {
      void opened?.then((database) => database?.close());
    },
  };
}
