// Owns what a session may leave in the browser's storage, and removes it: session storage,
// local storage (but the terminal's own settings), every IndexedDB database but the outbox
// (kiosk/src/outbox: requests not yet received by the server), and Cache Storage entries that
// can hold a person's answers or receipts. Runs at each session end and at every start, so a
// reload is an end too.
import { holdsSharedFilesOnly } from '../offline/cache-names.ts';
import { OUTBOX_DB_NAME } from '../outbox/name.ts';

/** The outbox's IndexedDB database (kiosk/src/outbox): requests kept until the server has them. */
export const OUTBOX_DATABASE = OUTBOX_DB_NAME;

/**
 * Local storage keys that describe the terminal, not a person: its id and site
 * (kiosk/src/offline/terminal.ts), and any key under `guichet.terminal.` (its channel).
 */
export const TERMINAL_KEYS = new Set(['guichet.terminalId', 'guichet.site']);
export const TERMINAL_KEY_PREFIX = 'guichet.terminal.';

export function keepsStorageKey(key: string): boolean {
  return TERMINAL_KEYS.has(key) || key.startsWith(TERMINAL_KEY_PREFIX);
}

/** Databases that survive a session end. */
export function keepsDatabase(name: string): boolean {
  return name === OUTBOX_DATABASE || name.startsWith(`${OUTBOX_DATABASE}-`);
}

/**
 * Cached responses that survive: the app shell, fonts, pictograms and the content, which are the
 * same for everyone. Anything else under /api/ (tracking, receipts, staff pages, hand-offs) goes,
 * and so does any cached request that carried a query string to the API.
 */
export function keepsCachedUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (!parsed.pathname.startsWith('/api/')) return true;
  if (parsed.pathname === '/api/content') return true;
  return /^\/api\/procedures\/[^/]+\/schema$/.test(parsed.pathname);
}

/** Deletes a database; resolves once deleted, or blocked (it goes when the last connection closes). */
function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

async function eraseIndexedDb(): Promise<string[]> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return [];
  const names = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n && !keepsDatabase(n));
  await Promise.all(names.map(deleteDatabase));
  return names;
}

async function eraseCaches(): Promise<number> {
  if (typeof caches === 'undefined') return 0;
  let removed = 0;
  for (const name of await caches.keys()) {
    if (holdsSharedFilesOnly(name)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      if (keepsCachedUrl(request.url)) continue;
      if (await cache.delete(request)) removed++;
    }
  }
  return removed;
}

function eraseWebStorage(): void {
  try {
    sessionStorage.clear();
  } catch {
    // Storage disabled by policy: nothing to erase.
  }
  try {
    const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter(
      (k): k is string => k !== null && !keepsStorageKey(k),
    );
    for (const key of keys) localStorage.removeItem(key);
  } catch {
    // As above.
  }
}

export interface Erased {
  databases: string[];
  cachedResponses: number;
}

/** Erases the browser storage a session may have written. Never throws. */
export async function eraseStoredTraces(): Promise<Erased> {
  eraseWebStorage();
  const [databases, cachedResponses] = await Promise.all([
    eraseIndexedDb().catch(() => []),
    eraseCaches().catch(() => 0),
  ]);
  return { databases, cachedResponses };
}
