// Owns what a storage fault is (a read-only or full disk, a database that went away) and how
// the server says it: 503 storage-unavailable with Retry-After, since the same request will
// work once the town fixes the disk or the database comes back, and the kiosk's outbox keeps
// the envelope until then. Anything else stays an unexpected error (500).
import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { GuichetError } from './errors.ts';

/** Seconds a client waits before trying again after a storage fault. */
export const STORAGE_RETRY_AFTER_SECONDS = 30;

/** What is wrong with a store or a folder, as /api/health names it. */
export type StorageFault = 'read-only' | 'full' | 'unavailable';

/** File system errors: the disk refuses writes, is full, or fails. */
const FILE_FAULTS: Record<string, StorageFault> = {
  EROFS: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  ENOSPC: 'full',
  EDQUOT: 'full',
  EIO: 'unavailable',
  EMFILE: 'unavailable',
  ENFILE: 'unavailable',
  ESTALE: 'unavailable',
};

/** SQLite's result codes (better-sqlite3's `code`, extended codes included by prefix). */
const SQLITE_FAULTS: Array<[string, StorageFault]> = [
  ['SQLITE_READONLY', 'read-only'],
  ['SQLITE_PERM', 'read-only'],
  ['SQLITE_FULL', 'full'],
  ['SQLITE_IOERR', 'unavailable'],
  ['SQLITE_CANTOPEN', 'unavailable'],
  ['SQLITE_BUSY', 'unavailable'],
  ['SQLITE_LOCKED', 'unavailable'],
];

/** PostgreSQL's SQLSTATE: disk full, out of resources, shutting down, connection lost. */
function postgresFault(code: string): StorageFault | undefined {
  if (code === '53100') return 'full';
  if (code === '25006') return 'read-only'; // read_only_sql_transaction: a standby
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57P')) return 'unavailable';
  return undefined;
}

/** Messages of a database connection that is gone, from better-sqlite3 and node-postgres. */
const LOST_CONNECTION = /database connection is not open|Connection terminated|connection timeout|Client has encountered a connection error|Client was closed|Cannot use a pool after calling end/i;

/**
 * The storage fault an error is, following its causes; undefined when it is not one.
 *
 * @example storageFaultOf(Object.assign(new Error('no space'), { code: 'ENOSPC' })) // 'full'
 */
export function storageFaultOf(error: unknown, depth = 0): StorageFault | undefined {
  if (!(error instanceof Error) || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (Object.hasOwn(FILE_FAULTS, code)) return FILE_FAULTS[code];
    if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EPIPE') return 'unavailable';
    const sqlite = SQLITE_FAULTS.find(([prefix]) => code.startsWith(prefix));
    if (sqlite) return sqlite[1];
    if (/^[0-9A-Z]{5}$/.test(code)) {
      const fault = postgresFault(code);
      if (fault) return fault;
    }
  }
  if (LOST_CONNECTION.test(error.message)) return 'unavailable';
  return storageFaultOf(error.cause, depth + 1);
}

const SENTENCES: Record<StorageFault, string> = {
  'read-only': 'Le serveur ne peut pas enregistrer pour le moment (stockage en lecture seule). Réessayez plus tard : rien n’est perdu.',
  full: 'Le serveur ne peut pas enregistrer pour le moment (disque plein). Réessayez plus tard : rien n’est perdu.',
  unavailable: 'Le stockage du serveur ne répond pas pour le moment. Réessayez plus tard : rien n’est perdu.',
};

/**
 * The 503 a storage fault answers, or undefined for any other error. It logs one line naming
 * the fault and the error's code, never a path's content nor an answer.
 */
export function storageError(error: unknown): GuichetError | undefined {
  const fault = storageFaultOf(error);
  if (!fault) return undefined;
  const code = (error as { code?: unknown }).code;
  console.error(JSON.stringify({ at: new Date().toISOString(), storage: fault, code: typeof code === 'string' ? code : undefined }));
  return new GuichetError('storage-unavailable', SENTENCES[fault], {
    cause: error,
    headers: { 'Retry-After': String(STORAGE_RETRY_AFTER_SECONDS) },
  });
}

/**
 * Whether files can be written in `dir` now: a one-byte file written, flushed and removed.
 * A full disk, a read-only mount or a lost share shows here before a person's file meets it.
 *
 * @example await probeFolder('/var/lib/guichet/attachments') // 'ok' or 'full', 'read-only', 'unavailable'
 */
export async function probeFolder(dir: string): Promise<StorageFault | 'ok'> {
  const probe = join(dir, `.probe-${randomUUID()}`);
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(probe, 'wx');
    try {
      await handle.writeFile('.');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return 'ok';
  } catch (error) {
    return storageFaultOf(error) ?? 'unavailable';
  } finally {
    await rm(probe, { force: true }).catch(() => {});
  }
}
