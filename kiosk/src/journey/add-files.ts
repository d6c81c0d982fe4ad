import { LIMITS, type FileField } from '../../../content/model/index.ts';
import { readAsBase64 } from '../files/read-file.ts';
import { megabytes } from './format.ts';
import type { Journey, JourneyError } from './journey.ts';

/** A document ready for the envelope: a photo already shrunk, a PDF as chosen. */
export interface PreparedDocument {
  name: string;
  blob: Blob;
}

export interface AddFilesOptions {
  read?: (file: Blob) => Promise<string>;
  newId?: () => string;
  /** Shrinks a photo (see files/shrink.ts); loaded only when a photo is added. */
  shrink?: (image: Blob, type: 'image/jpeg' | 'image/png') => Promise<Blob>;
}

/** What a file field may still take, shown to the person before they reach a limit. */
export interface FileAllowance {
  /** Files on this field, and the most it takes. */
  files: number;
  maxFiles: number;
  /** Largest size of one file on this field, in bytes. */
  maxFileBytes: number;
  /** Bytes of every file of the request together, and the most a request carries. */
  usedBytes: number;
  maxSubmissionBytes: number;
  /** Whether the field keeps several pages as one PDF. */
  combinesPages: boolean;
}

export function allowanceOf(journey: Journey, field: FileField): FileAllowance {
  const all = Object.values(journey.attachments.value);
  return {
    files: all.filter((a) => a.fieldId === field.id).length,
    maxFiles: field.maxFiles ?? 1,
    maxFileBytes: Math.min(field.maxBytes ?? LIMITS.maxFileBytes, LIMITS.maxFileBytes),
    usedBytes: all.reduce((sum, a) => sum + a.size, 0),
    maxSubmissionBytes: LIMITS.maxSubmissionBytes,
    combinesPages: (field.accept as readonly string[]).includes('application/pdf'),
  };
}

/** The type a photo is shrunk to for this field: JPEG, unless the field takes PNG only. */
export function photoTypeFor(field: FileField): 'image/jpeg' | 'image/png' {
  return (field.accept as readonly string[]).includes('image/jpeg') ? 'image/jpeg' : 'image/png';
}

const isImage = (type: string) => type === 'image/jpeg' || type === 'image/png';
const extensionOf: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

/** `photo.HEIC.png` shrunk to JPEG is `photo.HEIC.jpg`: the name says what the bytes are. */
function renamed(name: string, type: string): string {
  const extension = extensionOf[type];
  if (!extension) return name;
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${stem || 'document'}.${extension}`;
}

const defaultShrink = async (image: Blob, type: 'image/jpeg' | 'image/png') =>
  (await import('../files/shrink.ts')).shrink(image, { type });

/**
 * Adds the files a person chose to a file field: refuses a wrong type, shrinks photos (long
 * side LIMITS.maxImageSide, EXIF gone), then adds what fits the field's and the request's
 * limits, with a message on the field for the rest. Returns the names added.
 */
export async function addFiles(
  journey: Journey,
  stepId: string,
  field: FileField,
  files: readonly File[],
  options: AddFilesOptions = {},
): Promise<string[]> {
  const shrink = options.shrink ?? defaultShrink;
  const prepared: PreparedDocument[] = [];
  let problem: JourneyError | undefined;
  for (const file of files) {
    if (!(field.accept as readonly string[]).includes(file.type)) {
      problem = { field: field.id, code: 'fileWrongType', key: 'field.file.wrongType' };
      continue;
    }
    if (!isImage(file.type)) {
      prepared.push({ name: file.name, blob: file });
      continue;
    }
    try {
      const type = photoTypeFor(field);
      prepared.push({ name: renamed(file.name, type), blob: await shrink(file, type) });
    } catch {
      problem = { field: field.id, code: 'fileUnreadable', key: 'field.file.unreadable' };
    }
  }
  return addDocuments(journey, stepId, field, prepared, { ...options, problem });
}

/**
 * Adds documents already prepared (photos shrunk, pages combined) to a file field, within the
 * field's number of files, the size of one file and the size of the whole request.
 */
export async function addDocuments(
  journey: Journey,
  stepId: string,
  field: FileField,
  documents: readonly PreparedDocument[],
  options: AddFilesOptions & { problem?: JourneyError } = {},
): Promise<string[]> {
  const read = options.read ?? readAsBase64;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const added: string[] = [];
  let problem = options.problem;
  for (const document of documents) {
    const room = allowanceOf(journey, field);
    if (room.files >= room.maxFiles) {
      problem = { field: field.id, code: 'fileTooMany', key: 'field.file.tooMany', params: { max: room.maxFiles } };
      continue;
    }
    if (document.blob.size > room.maxFileBytes) {
      problem = { field: field.id, code: 'fileTooBig', key: 'field.file.tooBig', params: { max: megabytes(room.maxFileBytes) } };
      continue;
    }
    if (room.usedBytes + document.blob.size > room.maxSubmissionBytes) {
      problem = {
        field: field.id,
        code: 'fileTotalTooBig',
        key: 'field.file.totalTooBig',
        params: { max: megabytes(room.maxSubmissionBytes) },
      };
      continue;
    }
    try {
      const data = await read(document.blob);
      journey.addAttachment({
        id: newId(),
        fieldId: field.id,
        name: document.name,
        type: document.blob.type,
        size: document.blob.size,
        data,
      });
      added.push(document.name);
    } catch {
      problem = { field: field.id, code: 'fileUnreadable', key: 'field.file.unreadable' };
    }
  }
  journey.fileError(field.id, stepId, problem);
  return added;
}
