import { LIMITS, type FileField } from '../../../content/model/index.ts';
import { readAsBase64 } from '../files/read-file.ts';
import { megabytes } from './format.ts';
import type { Journey, JourneyError } from './journey.ts';

export interface AddFilesOptions {
  read?: (file: Blob) => Promise<string>;
  newId?: () => string;
}

/**
 * Adds the files a person chose to a file field: refuses a wrong type or a file too large
 * with a message on the field, reads the others. Returns the names added.
 */
export async function addFiles(
  journey: Journey,
  stepId: string,
  field: FileField,
  files: readonly File[],
  options: AddFilesOptions = {},
): Promise<string[]> {
  const read = options.read ?? readAsBase64;
  const newId = options.newId ?? (() => crypto.randomUUID());
  const maxBytes = Math.min(field.maxBytes ?? LIMITS.maxFileBytes, LIMITS.maxFileBytes);
  const added: string[] = [];
  let problem: JourneyError | undefined;
  for (const file of files) {
    if (!(field.accept as readonly string[]).includes(file.type)) {
      problem = { field: field.id, code: 'fileWrongType', key: 'field.file.wrongType' };
      continue;
    }
    if (file.size > maxBytes) {
      problem = { field: field.id, code: 'fileTooBig', key: 'field.file.tooBig', params: { max: megabytes(maxBytes) } };
      continue;
    }
    try {
      const data = await read(file);
      journey.addAttachment({ id: newId(), fieldId: field.id, name: file.name, type: file.type, size: file.size, data });
      added.push(file.name);
    } catch {
      problem = { field: field.id, code: 'fileUnreadable', key: 'field.file.unreadable' };
    }
  }
  journey.fileError(field.id, stepId, problem);
  return added;
}
