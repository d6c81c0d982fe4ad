/**
 * The outbox's IndexedDB database name, in a module without Dexie, so that code of the first
 * screen (the session's erase, which must keep this database) can name it without loading Dexie.
 */
export const OUTBOX_DB_NAME = 'guichet-outbox';
