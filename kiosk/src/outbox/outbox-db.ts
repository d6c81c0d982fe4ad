// Owns the kiosk's outbox database in IndexedDB (Dexie): its name, its versions and the shape
// of a stored entry. The page and the service worker open the same database.
import { Dexie, type EntityTable } from 'dexie';
import type { Envelope, SealedBody } from '../submission/envelope.ts';
import type { ServerFieldError } from '../api/client.ts';

export { OUTBOX_DB_NAME } from './name.ts';
import { OUTBOX_DB_NAME } from './name.ts';

/**
 * How an entry holds its envelope. `sealed-1`: encrypted for the server's public key
 * (seal.ts), what the kiosk writes. `plain-1`: the envelope in clear, as kiosks wrote it before
 * sealing; such entries are still sent as they are. The Dexie schema is the same for both:
 * `format` is not indexed.
 */
export type EntryFormat = 'plain-1' | 'sealed-1';

/** `waiting`: to be sent. `held`: the server said the body is invalid for good; kept for reception. */
export type EntryState = 'waiting' | 'held';

/**
 * One submitted envelope on this terminal, from "Send" until the server's 201. Beside the
 * sealed envelope, only what is not personal stays in clear: the key, the times, the
 * provisional number, the terminal, the attempts and the server's reasons (field names and codes).
 */
export type OutboxEntry = SealedEntry | PlainEntry;

export interface SealedEntry extends EntryRecord {
  format: 'sealed-1';
  sealed: SealedBody;
}

/** Written by kiosks before sealing. */
export interface PlainEntry extends EntryRecord {
  format: 'plain-1';
  envelope: Envelope;
}

interface EntryRecord {
  /** The envelope's UUID, also its Idempotency-Key. */
  key: string;
  format: EntryFormat;
  /** When the person pressed "Send" (ISO 8601): kept as evidence (legal.md, offline kiosk). */
  pressedSendAt: string;
  /** The number the person is given while the envelope is only here, e.g. `P-3F2B-8C1E`. */
  provisional: string;
  /** The terminal that wrote it (sent as `Guichet-Terminal`). */
  terminalId?: string;
  /** How people reach the terminal (`Guichet-Channel`), when set. */
  channel?: string;
  /**
   * The mandate a mediator helped under (`Guichet-Mandate`), taken when Send was pressed: the
   * assisted session may have ended by the time the entry goes.
   */
  mandateId?: string;
  /** Epoch ms when written. */
  savedAt: number;
  /** Attempts that failed so far. */
  attempts: number;
  /** Epoch ms before which flushes leave it alone (added by version 2). */
  nextAttemptAt: number;
  /** Added by version 2; entries of version 1 become `waiting`. */
  state: EntryState;
  /** The last failure, in plain words for reception. */
  lastError?: string;
  /** The server's reasons, for a `held` entry. */
  errors?: ServerFieldError[];
}

export type OutboxDatabase = Dexie & { entries: EntityTable<OutboxEntry, 'key'> };

export interface OpenOptions {
  /** For tests in Node: fake-indexeddb's `indexedDB` and `IDBKeyRange`. */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  name?: string;
}

/**
 * The outbox database. Every write commits with strict durability: Chromium flushes it to disk
 * before the transaction completes, so a power cut right after "Send" does not lose it.
 *
 * @example const db = openOutboxDatabase(); await db.entries.count();
 */
export function openOutboxDatabase(options: OpenOptions = {}): OutboxDatabase {
  const db = new Dexie(options.name ?? OUTBOX_DB_NAME, {
    chromeTransactionDurability: 'strict',
    ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
    ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
  }) as OutboxDatabase;
  // Append-only: a version block is never edited once shipped; a change is a new version.
  // Version 1: entries by key, oldest first.
  db.version(1).stores({ entries: 'key, savedAt' });
  // Version 2: per-entry backoff and a held state, indexed so the flush reads only what is due.
  db.version(2)
    .stores({ entries: 'key, savedAt, nextAttemptAt, state' })
    .upgrade((tx) =>
      tx
        .table('entries')
        .toCollection()
        .modify((entry: Partial<OutboxEntry>) => {
          entry.nextAttemptAt ??= 0;
          entry.state ??= 'waiting';
          entry.attempts ??= 0;
        }),
    );
  return db;
}
