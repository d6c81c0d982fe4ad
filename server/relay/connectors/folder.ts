// The folder connector: drops each submission into a hot folder watched by a document
// management system (GED), as `${directory}/${reference}/` holding the JSON document and the
// files. The folder appears whole or not at all: it is written under a dot-name the hot folder
// ignores, flushed to disk, then renamed into place. A process killed mid-write leaves that
// dot-folder, with answers in it: the first delivery of the next process removes every one, of
// any reference (or `start()`, which the relay calls as it starts), and each delivery after it
// removes those surely abandoned.

import { lstat, mkdtemp, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { interruption, startAttempt, untilAborted } from './attempt.ts';
import { errorCode, loadDelivery, toSubmissionDocument, type LoadedFile } from './document.ts';
import { renderRequestPdf, requestPdfName } from './request-pdf.ts';
import type { Connector, Delivery, DeliveryOutcome } from './types.ts';

export interface FolderConnectorOptions {
  /** The hot folder. It must exist: a missing one is more likely an unmounted share than a folder to create. */
  directory: string;
  /** Longest wait for one delivery; a stalled network share cannot hold the relay longer. Defaults to 30 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A reference becomes a folder name: only characters every file system and GED accepts. */
const SAFE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Prefix of work-in-progress folders; the leading dot keeps them out of the hot folder's sight. */
const TEMP_PREFIX = '.guichet-';

/**
 * Creates a connector that drops each submission into a hot folder. Outcomes: `delivered` once
 * `${directory}/${reference}/` is in place and on disk, or when it is already there with the same
 * idempotency key (a retry after a lost answer makes no second copy); `rejected` when a folder of
 * that reference holds another delivery, or the reference cannot be a folder name; `retry` when
 * the folder is missing, full, not writable or too slow.
 *
 * @example
 * const connector = createFolderConnector({ directory: '/mnt/ged/entrant' });
 * await connector.deliver(delivery); // → /mnt/ged/entrant/BSL-2026-000123/submission-BSL-2026-000123.json, photo.jpg, …
 */
export function createFolderConnector(options: FolderConnectorOptions): Connector {
  const { directory } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Once per process, before its first temporary: whatever is there was left by a process that
  // ended (a kill, a crash). Another instance writing to the same folder at that moment loses
  // its temporary and answers `retry`: nothing is half-dropped, the delivery is redone.
  let startSweep: Promise<void> | undefined;
  const sweepOnce = (): Promise<void> =>
    (startSweep ??= sweepStale(directory, 0).catch((error: unknown) => {
      startSweep = undefined;
      throw error;
    }));

  return {
    name: 'folder',
    timeoutMs,
    async deliver(delivery, deliverOptions = {}) {
      const attempt = startAttempt(timeoutMs, deliverOptions.signal);
      try {
        if (attempt.signal.aborted)
          return { outcome: 'retry', reason: interruption(attempt, `Le dossier de dépôt ${directory}`, timeoutMs) };
        // A folder that cannot be read yet (an unmounted share) is drop()'s to report.
        const outcome = await untilAborted(
          sweepOnce()
            .catch(() => {})
            .then(() => drop(delivery, directory, timeoutMs, attempt.signal)),
          attempt.signal,
        );
        return (
          outcome ?? { outcome: 'retry', reason: interruption(attempt, `Le dossier de dépôt ${directory}`, timeoutMs) }
        );
      } finally {
        attempt.end();
      }
    },
    async start() {
      await sweepOnce();
    },
    async dispose() {
      // Nothing held open between deliveries.
    },
  };
}

/**
 * Writes the folder. Once `signal` aborts, the caller has answered `retry` already: stop before
 * creating or renaming anything, so that an abandoned attempt does not deliver behind its back.
 * A rename already under way may still land; the next attempt then finds it and says `delivered`.
 */
async function drop(
  delivery: Delivery,
  directory: string,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const { reference } = delivery.submission;
  if (!SAFE_REFERENCE.test(reference)) {
    return {
      outcome: 'rejected',
      reason: `La référence « ${reference.slice(0, 40)} » ne peut pas servir de nom de dossier.`,
    };
  }
  const loaded = await loadDelivery(delivery);
  if (!loaded.ok) return loaded.outcome;
  signal.throwIfAborted();
  const target = join(directory, reference);
  const documentPath = (folder: string) => join(folder, loaded.documentName);

  try {
    const already = await existingDelivery(target, documentPath(target), delivery.idempotencyKey, directory);
    if (already) return already;
  } catch (error) {
    return { outcome: 'retry', reason: describeFileError(errorCode(error), directory) };
  }

  let temp: string | undefined;
  try {
    await sweepStale(directory, timeoutMs * 10);
    signal.throwIfAborted();
    temp = await mkdtemp(join(directory, `${TEMP_PREFIX}${reference}-`));
    const files: LoadedFile[] = [...loaded.attachments, ...(loaded.receipt ? [loaded.receipt] : [])];
    for (const file of files) await writeDurably(join(temp, file.name), file.bytes);
    // The request as a PDF beside the JSON, for a GED that files documents; inside the same
    // temporary folder, so it appears with the rest or not at all.
    const taken = new Set([...files.map((file) => file.name.toLowerCase()), loaded.documentName.toLowerCase()]);
    const pdfName = taken.has(requestPdfName(reference).toLowerCase()) ? `guichet-${requestPdfName(reference)}` : requestPdfName(reference);
    await writeDurably(join(temp, pdfName), await renderRequestPdf(delivery, loaded));
    const document = toSubmissionDocument(delivery, loaded, (file) => ({ file: file.name }));
    // Written last, so that even a reader that ignores the rename protocol sees files before the index.
    await writeDurably(documentPath(temp), `${JSON.stringify(document, null, 2)}\n`);
    await syncDirectory(temp);
    signal.throwIfAborted();
    try {
      await rename(temp, target);
    } catch (error) {
      const code = errorCode(error);
      // Another attempt put a non-empty folder there between our check and our rename.
      if (code === 'ENOTEMPTY' || code === 'EEXIST') {
        const already = await existingDelivery(target, documentPath(target), delivery.idempotencyKey, directory);
        if (already) return already;
      }
      throw error;
    }
    temp = undefined;
    await syncDirectory(directory);
    return { outcome: 'delivered', detail: `Déposé dans ${target}.` };
  } catch (error) {
    return { outcome: 'retry', reason: describeFileError(errorCode(error), directory) };
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true }).catch(() => {});
  }
}

/** The outcome when `target` already exists: delivered if it is this delivery, rejected if another. */
async function existingDelivery(
  target: string,
  documentPath: string,
  idempotencyKey: string,
  directory: string,
): Promise<DeliveryOutcome | undefined> {
  let isFolder: boolean;
  try {
    isFolder = (await lstat(target)).isDirectory();
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  let key: unknown;
  if (isFolder) {
    let text: string | undefined;
    try {
      text = await readFile(documentPath, 'utf8');
    } catch (error) {
      // No document: the folder is someone else's. Any other error may pass: let it retry.
      if (errorCode(error) !== 'ENOENT') throw error;
    }
    try {
      key = text === undefined ? undefined : (JSON.parse(text) as { idempotencyKey?: unknown }).idempotencyKey;
    } catch {
      key = undefined;
    }
  }
  return key === idempotencyKey
    ? { outcome: 'delivered', detail: `Déjà déposé dans ${target} (même identifiant d'envoi) : aucune copie de plus.` }
    : {
        outcome: 'rejected',
        reason: `Un dossier « ${target.slice(directory.length + 1)} » existe déjà dans ${directory} et ne contient pas cet envoi : vérifiez-le avant de relancer.`,
      };
}

async function writeDurably(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (new names, a rename) to disk. */
async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Windows cannot fsync a directory handle; NTFS journals the rename itself.
    if (!['EPERM', 'EISDIR', 'EINVAL'].includes(errorCode(error) ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

/**
 * Removes work-in-progress folders of any reference left by a crash, once older than
 * `olderThanMs`: an attempt gives up after its timeout, so ten timeouts is surely abandoned.
 */
async function sweepStale(directory: string, olderThanMs: number): Promise<void> {
  const names = (await readdir(directory)).filter((name) => name.startsWith(TEMP_PREFIX));
  for (const name of names) {
    const path = join(directory, name);
    const stats = await lstat(path).catch(() => undefined);
    if (stats && Date.now() - stats.mtimeMs >= olderThanMs)
      await rm(path, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * The console's sentence for a file system error in the hot folder.
 *
 * @example describeFileError('ENOSPC', '/mnt/ged') // 'Le disque du dossier de dépôt /mnt/ged est plein.'
 */
export function describeFileError(code: string | undefined, directory: string): string {
  const where = `le dossier de dépôt ${directory}`;
  switch (code) {
    case 'ENOSPC':
      return `Le disque du dossier de dépôt ${directory} est plein.`;
    case 'EDQUOT':
      return `Le quota de disque du dossier de dépôt ${directory} est atteint.`;
    case 'EACCES':
    case 'EPERM':
      return `Guichet n'a pas le droit d'écrire dans ${where}.`;
    case 'EROFS':
      return `Le dossier de dépôt ${directory} est en lecture seule.`;
    case 'ENOENT':
      return `Le dossier de dépôt ${directory} est introuvable (partage non monté ?).`;
    case 'ENOTDIR':
      return `Le chemin du dossier de dépôt ${directory} n'est pas un dossier.`;
    case 'EIO':
    case 'ESTALE':
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
    case 'ENOTCONN':
      return `Le partage du dossier de dépôt ${directory} ne répond plus correctement (${code}).`;
    case 'EMFILE':
    case 'ENFILE':
      return `Le serveur Guichet a trop de fichiers ouverts pour écrire dans ${where}.`;
    default:
      return `Le dépôt dans ${where} a échoué (${code ?? 'erreur inconnue'}).`;
  }
}
