// Attachments of file answers: checked against their fields, their bytes sniffed and looked
// through (uploads/), images re-encoded, scanned by the antivirus where the site has one, and
// written to the attachments folder (content-addressed, atomically) before the submission's
// transaction.
import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS, allFields, type Answers, type FileField, type Procedure } from '../content/model/index.ts';
import { problemMessage, type ErrorTexts } from './error-messages.ts';
import { GuichetError, type ProblemCode } from './errors.ts';
import type { ScanResult, VirusScanner } from './uploads/clamav.ts';
import { hiddenContent } from './uploads/hidden-content.ts';
import { MAX_IMAGE_PIXELS, reencodeImage } from './uploads/images.ts';
import { checkPdf } from './uploads/pdf.ts';
import type { StoredAttachment } from './store/types.ts';

export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** An attachment as the envelope carries it. */
export interface EnvelopeAttachment {
  id: string;
  type: string;
  data: string;
}

export interface CheckedAttachment {
  id: string;
  field: string;
  type: AttachmentType;
  /** What is stored and sent on: the re-encoded image, or the PDF as sent. */
  bytes: Buffer;
  /** What the person sent, for the antivirus. */
  original: Buffer;
}

/** The kiosk's outbox retries a 503 after this many seconds at the earliest. */
export const ANTIVIRUS_RETRY_AFTER_SECONDS = 60;

const MAGIC: Record<AttachmentType, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
};

/** The type the bytes say they are, from their first bytes; undefined when none fits. */
export function sniffType(bytes: Uint8Array): AttachmentType | undefined {
  return ATTACHMENT_TYPES.find((type) => MAGIC[type].every((byte, i) => bytes[i] === byte));
}

/** Bytes a base64 text decodes to, without decoding it. */
export function base64Bytes(data: string): number {
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  return Math.floor((data.length * 3) / 4) - padding;
}

export interface AttachmentCheckOptions {
  /** The antivirus; without it (the site has not enabled one) files are not scanned. */
  scanner?: VirusScanner;
  /** The submission's locale and the interface texts, for the sentence shown to the person. */
  locale?: string;
  errorTexts?: ErrorTexts;
}

/**
 * Pairs each attachment with the file answer that names it (422 when they disagree), then, for
 * each file: its declared type against the field (415) and its size against the field and the
 * submission (413), both before anything is decoded; its bytes against the declared type (415);
 * what it may hide (415); a PDF opened and looked through, an image decoded and encoded again,
 * its pixels capped first (413, 415); last the antivirus, when the site has one (422, or 503
 * when it cannot answer). Nothing is written here: a refusal leaves nothing behind.
 */
export async function checkAttachments(
  procedure: Procedure,
  answers: Answers,
  attachments: readonly EnvelopeAttachment[],
  options: AttachmentCheckOptions = {},
): Promise<CheckedAttachment[]> {
  const fieldOf = new Map<string, FileField>();
  const problems: string[] = [];
  for (const field of allFields(procedure)) {
    if (field.type !== 'file') continue;
    const ids = answers[field.id];
    if (!Array.isArray(ids)) continue;
    for (const id of ids) {
      if (fieldOf.has(id)) problems.push(`la pièce « ${id} » est citée par deux réponses`);
      fieldOf.set(id, field);
    }
  }
  const sent = new Set<string>();
  for (const attachment of attachments) {
    if (sent.has(attachment.id)) problems.push(`la pièce « ${attachment.id} » est envoyée deux fois`);
    sent.add(attachment.id);
    if (!fieldOf.has(attachment.id)) problems.push(`la pièce « ${attachment.id} » n'est citée par aucune réponse`);
  }
  for (const id of fieldOf.keys()) if (!sent.has(id)) problems.push(`la pièce « ${id} » est citée mais pas envoyée`);
  if (problems.length)
    throw new GuichetError('attachment-mismatch', `Les pièces jointes ne correspondent pas aux réponses : ${problems.join(' ; ')}.`);

  /** A refusal of one file: the French detail, and the person's sentence on the file's question. */
  const refuse = (code: ProblemCode, attachment: EnvelopeAttachment, detail: string, headers?: Record<string, string>) => {
    const field = fieldOf.get(attachment.id)!.id;
    const message = problemMessage(options.errorTexts ?? new Map(), options.locale ?? 'fr', code, detail);
    return new GuichetError(code, detail, { errors: [{ field, code, message, params: { attachment: attachment.id } }], ...(headers ? { headers } : {}) });
  };

  // Sizes first, from the base64 lengths: nothing is decoded for a file that is too large.
  let total = 0;
  for (const attachment of attachments) {
    const field = fieldOf.get(attachment.id)!;
    if (!field.accept.includes(attachment.type as AttachmentType))
      throw refuse(
        'attachment-type',
        attachment,
        `La pièce « ${attachment.id} » est de type « ${attachment.type} » ; la question « ${field.id} » accepte : ${field.accept.join(', ')}.`,
      );
    const bytes = base64Bytes(attachment.data);
    const maxBytes = field.maxBytes ?? LIMITS.maxFileBytes;
    if (bytes > maxBytes)
      throw refuse(
        'attachment-too-large',
        attachment,
        `La pièce « ${attachment.id} » fait ${bytes} octets ; la question « ${field.id} » en accepte ${maxBytes} au plus.`,
      );
    total += bytes;
  }
  if (total > LIMITS.maxSubmissionBytes)
    throw refuse(
      'attachments-too-large',
      attachments.at(-1)!,
      `Les pièces jointes font ${total} octets ensemble ; une demande en accepte ${LIMITS.maxSubmissionBytes} au plus.`,
    );

  const checked: CheckedAttachment[] = [];
  for (const attachment of attachments) {
    const field = fieldOf.get(attachment.id)!;
    const type = attachment.type as AttachmentType;
    const original = Buffer.from(attachment.data, 'base64');
    const sniffed = sniffType(original);
    if (sniffed !== type)
      throw refuse(
        'attachment-type',
        attachment,
        `Le contenu de la pièce « ${attachment.id} » n'est pas du ${type}${sniffed ? ` (c'est du ${sniffed})` : ''}.`,
      );
    const hidden = hiddenContent(type, original);
    if (hidden) throw refuse('attachment-hidden-content', attachment, `La pièce « ${attachment.id} » contient ${hidden} : elle est refusée.`);

    let bytes: Buffer = original;
    if (type === 'application/pdf') {
      const pdf = await checkPdf(original);
      if (!pdf.ok)
        throw pdf.problem === 'unreadable'
          ? refuse('attachment-unreadable', attachment, `La pièce « ${attachment.id} » n'est pas un PDF lisible : ${pdf.reason}.`)
          : refuse('attachment-hidden-content', attachment, `La pièce « ${attachment.id} » est un PDF refusé : ${pdf.reason}.`);
    } else {
      const image = await reencodeImage(type, original);
      if (!image.ok)
        throw image.problem === 'too-many-pixels'
          ? refuse(
              'attachment-too-many-pixels',
              attachment,
              `L'image « ${attachment.id} » fait ${image.width} × ${image.height} pixels ; ${MAX_IMAGE_PIXELS} pixels au plus sont acceptés.`,
            )
          : refuse('attachment-unreadable', attachment, `L'image « ${attachment.id} » ne se décode pas : ${image.reason}.`);
      bytes = image.bytes;
    }
    checked.push({ id: attachment.id, field: field.id, type, bytes, original });
  }

  // The antivirus reads what the person sent, once every file has passed the checks above:
  // a file refused for good is never answered with a 503 to retry.
  if (options.scanner) {
    for (const file of checked) {
      const attachment = attachments.find((a) => a.id === file.id)!;
      let result: ScanResult;
      try {
        result = await options.scanner.scan(file.original);
      } catch (error) {
        console.error(`[antivirus] ${(error as Error).message}`);
        throw refuse(
          'antivirus-unavailable',
          attachment,
          "L'antivirus ne répond pas : la demande n'est pas enregistrée. Réessayez dans une minute.",
          { 'Retry-After': String(ANTIVIRUS_RETRY_AFTER_SECONDS) },
        );
      }
      if (!result.clean)
        throw refuse('attachment-infected', attachment, `L'antivirus a refusé la pièce « ${file.id} » (${result.signature}).`);
    }
  }
  return checked;
}

/**
 * Writes bytes to `dir/<sha256>` durably: a temporary file, fsync, rename, fsync of the folder.
 * The same bytes sent twice are one file.
 */
export async function writeAttachment(dir: string, bytes: Uint8Array): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = join(dir, sha256);
  if (await access(target, constants.F_OK).then(() => true, () => false)) return sha256;
  await mkdir(dir, { recursive: true });
  const temporary = join(dir, `.${sha256}.${randomUUID()}.tmp`);
  try {
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return sha256;
}

/** Writes every checked attachment and returns what the store keeps about each. */
export async function storeAttachments(dir: string, attachments: readonly CheckedAttachment[]): Promise<StoredAttachment[]> {
  const stored: StoredAttachment[] = [];
  for (const a of attachments)
    stored.push({ id: a.id, field: a.field, type: a.type, bytes: a.bytes.length, sha256: await writeAttachment(dir, a.bytes) });
  return stored;
}
