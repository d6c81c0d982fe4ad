// The submission as the back-offices receive it: one versioned JSON document, the same for
// every connector (an email's JSON attachment, a webhook's body, a hot folder's file), and the
// attachment files read and named safely for a file system or a mailbox.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AnswerRow, Delivery, DeliveryOutcome } from './types.ts';

/** Where the document says a file is: its name beside the document, or its bytes inline. */
export interface FilePlacement {
  /** The file's name beside the document (a hot folder) or in the message (an email). */
  file?: string;
  /** The file's bytes in base64, for receivers that only get the document (a webhook). */
  content?: string;
}

/** A file as the document lists it. */
export interface DocumentFile extends FilePlacement {
  type: string;
  /** The name the person's file had. */
  filename: string;
  size: number;
  /** Hex SHA-256 of the bytes, so the receiver can check what it got. */
  sha256: string;
}

/**
 * Version 1 of the submission document. Fields are only ever added; a change that would break
 * a receiver is a new `version`, because back-office integrations outlive any release of Guichet.
 */
export interface SubmissionDocument {
  format: 'guichet.submission';
  version: 1;
  /** The delivery id: the same on every retry, the receiver's key to drop a duplicate. */
  idempotencyKey: string;
  reference: string;
  receivedAt: string;
  procedure: { id: string; version: number; title: string };
  locale: string;
  channel?: string;
  answers: Delivery['submission']['answers'];
  answerRows: AnswerRow[];
  attachments: Array<DocumentFile & { id: string }>;
  /** The acknowledgment of registration (AEE) the person received, as PDF. */
  receipt?: DocumentFile;
}

/** A file ready to send: its bytes, and a name safe to write anywhere. */
export interface LoadedFile {
  id: string;
  type: string;
  filename: string;
  /** A safe file name, unique within the delivery. */
  name: string;
  bytes: Uint8Array;
}

/** A delivery with every file in memory, or the outcome that explains why a file is missing. */
export type LoadedDelivery =
  | { ok: true; documentName: string; attachments: LoadedFile[]; receipt?: LoadedFile }
  | { ok: false; outcome: DeliveryOutcome };

/**
 * Name of the JSON document of a submission.
 *
 * @example documentName('BSL-2026-000123') // 'submission-BSL-2026-000123.json'
 */
export function documentName(reference: string): string {
  return `submission-${safeFilename(reference)}.json`;
}

/**
 * Reads a delivery's attachments and receipt into memory and gives each a safe, unique name.
 * Files are bounded by the procedures (a few files of a few MB), so memory is the simple choice.
 * A file the server no longer has is `rejected`: retrying cannot bring it back.
 *
 * @example
 * const loaded = await loadDelivery(delivery);
 * if (!loaded.ok) return loaded.outcome;
 */
export async function loadDelivery(delivery: Delivery): Promise<LoadedDelivery> {
  const { reference } = delivery.submission;
  const docName = documentName(reference);
  const taken = new Set<string>([docName.toLowerCase()]);
  let receipt: LoadedFile | undefined;
  if (delivery.receipt) {
    const name = uniqueName(`accuse-enregistrement-${reference}.pdf`, taken);
    receipt = { id: 'receipt', type: 'application/pdf', filename: name, name, bytes: delivery.receipt.pdf };
  }
  const attachments: LoadedFile[] = [];
  for (const attachment of delivery.attachments) {
    let bytes: Uint8Array;
    if (attachment.bytes) bytes = attachment.bytes;
    else {
      try {
        bytes = await readFile(attachment.path);
      } catch (error) {
        const code = errorCode(error);
        const which = `La pièce jointe « ${attachment.filename} »`;
        return {
          ok: false,
          outcome:
            code === 'ENOENT'
              ? { outcome: 'rejected', reason: `${which} n'existe plus sur le serveur Guichet.` }
              : {
                  outcome: 'retry',
                  reason: `${which} n'a pas pu être lue sur le serveur Guichet (${code ?? 'erreur'}).`,
                },
        };
      }
    }
    const name = uniqueName(attachment.filename, taken);
    attachments.push({ id: attachment.id, type: attachment.type, filename: attachment.filename, name, bytes });
  }
  return receipt
    ? { ok: true, documentName: docName, attachments, receipt }
    : { ok: true, documentName: docName, attachments };
}

/**
 * Builds the submission document; `place` says, for each file, where the receiver finds it.
 *
 * @example
 * const doc = toSubmissionDocument(delivery, loaded, (file) => ({ file: file.name }));
 */
export function toSubmissionDocument(
  delivery: Delivery,
  loaded: Extract<LoadedDelivery, { ok: true }>,
  place: (file: LoadedFile) => FilePlacement,
): SubmissionDocument {
  const { submission } = delivery;
  const describe = (file: LoadedFile): DocumentFile => ({
    type: file.type,
    filename: file.filename,
    size: file.bytes.byteLength,
    sha256: createHash('sha256').update(file.bytes).digest('hex'),
    ...place(file),
  });
  return {
    format: 'guichet.submission',
    version: 1,
    idempotencyKey: delivery.idempotencyKey,
    reference: submission.reference,
    receivedAt: submission.receivedAt,
    procedure: { id: submission.procedureId, version: submission.procedureVersion, title: submission.procedureTitle },
    locale: submission.locale,
    ...(submission.channel === undefined ? {} : { channel: submission.channel }),
    answers: submission.answers,
    answerRows: submission.answerRows,
    attachments: loaded.attachments.map((file) => ({ id: file.id, ...describe(file) })),
    ...(loaded.receipt ? { receipt: describe(loaded.receipt) } : {}),
  };
}

/**
 * A file name safe on Linux, Windows shares and in a mailbox: no path, no control or reserved
 * characters, at most 120 characters, the extension kept. Accents stay: agents read these names.
 *
 * @example safeFilename('../../etc/passwd') // 'passwd'
 * @example safeFilename('Relevé: mars?.pdf') // 'Relevé_ mars_.pdf'
 */
export function safeFilename(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(clean)) clean = `_${clean}`;
  if (clean.length > 120) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
    clean = clean.slice(0, 120 - ext.length) + ext;
  }
  return clean || 'fichier';
}

/** A safe name not yet in `taken` (compared without case, as Windows and macOS do). */
function uniqueName(name: string, taken: Set<string>): string {
  const safe = safeFilename(name);
  const dot = safe.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ''];
  let candidate = safe;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** The `code` of a Node.js system error (`ENOENT`, `ECONNREFUSED`, …), if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}
