// Attachments of file answers: checked against their fields, their bytes sniffed, and written
// to the attachments folder (content-addressed, atomically) before the submission's transaction.
import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS, allFields, type Answers, type FileField, type Procedure } from '../content/model/index.ts';
import { GuichetError } from './errors.ts';
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
  bytes: Buffer;
}

const MAGIC: Record<AttachmentType, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
};

/** The type the bytes say they are, from their first bytes; undefined when none fits. */
export function sniffType(bytes: Uint8Array): AttachmentType | undefined {
  return ATTACHMENT_TYPES.find((type) => MAGIC[type].every((byte, i) => bytes[i] === byte));
}

/**
 * Pairs each attachment with the file answer that names it (422 when they disagree), then
 * checks its declared type against the field and its bytes (415), and its size (413).
 */
export function checkAttachments(
  procedure: Procedure,
  answers: Answers,
  attachments: readonly EnvelopeAttachment[],
): CheckedAttachment[] {
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

  return attachments.map((attachment) => {
    const field = fieldOf.get(attachment.id)!;
    const type = attachment.type as AttachmentType;
    if (!field.accept.includes(type))
      throw new GuichetError(
        'attachment-type',
        `La pièce « ${attachment.id} » est de type « ${attachment.type} » ; la question « ${field.id} » accepte : ${field.accept.join(', ')}.`,
      );
    const bytes = Buffer.from(attachment.data, 'base64');
    const sniffed = sniffType(bytes);
    if (sniffed !== type)
      throw new GuichetError(
        'attachment-type',
        `Le contenu de la pièce « ${attachment.id} » n'est pas du ${type}${sniffed ? ` (c'est du ${sniffed})` : ''}.`,
      );
    const maxBytes = field.maxBytes ?? LIMITS.maxFileBytes;
    if (bytes.length > maxBytes)
      throw new GuichetError(
        'attachment-too-large',
        `La pièce « ${attachment.id} » fait ${bytes.length} octets ; la question « ${field.id} » en accepte ${maxBytes} au plus.`,
      );
    return { id: attachment.id, field: field.id, type, bytes };
  });
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
