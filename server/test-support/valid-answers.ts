// Builds a valid answer set for any procedure, so tests (server, end-to-end) exercise every
// real procedure without hand-written fixtures that drift when content changes.
import fc from 'fast-check';
import {
  LIMITS,
  dateBound,
  holds,
  todayIn,
  validateAnswers,
  type AnswerValue,
  type Answers,
  type Field,
  type Procedure,
} from '../../content/model/index.ts';

export interface ValidAnswersOptions {
  /** The day answers are checked (`YYYY-MM-DD`); defaults to today in Paris. */
  today?: string;
  /** The town's postcodes (site.yaml), for addresses marked `inTown`. */
  postcodes?: readonly string[];
  /** Answers to use instead of the generated ones, to walk another branch (`{ replyBy: 'post' }`). */
  choose?: Answers;
  /** Also answer optional fields (default true). */
  optional?: boolean;
}

/** An attachment as a submission carries it. */
export interface SampleAttachment {
  id: string;
  type: 'image/jpeg' | 'image/png' | 'application/pdf';
  data: string;
}

/**
 * Small real files of each type, base64: they decode (the server re-encodes images and opens
 * PDFs), and fit the 200 bytes of the test procedure's file field where it accepts them.
 */
export const SAMPLE_FILES = {
  // A 1×1 transparent PNG.
  'image/png':
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  // A 1×1 orange JPEG, as sharp writes it.
  'image/jpeg':
    '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABv/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJAB58//2Q==',
  // One blank page, without a cross-reference table (readers rebuild it).
  'application/pdf': Buffer.from(
    '%PDF-1.0\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 3 3]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  ).toString('base64'),
} as const;

function textFor(field: Extract<Field, { type: 'text' | 'longText' }>): string {
  const max = Math.min(field.maxLength ?? LIMITS[field.type], LIMITS[field.type]);
  const min = field.minLength ?? 1;
  const fits = (value: string) => {
    const length = [...value].length;
    return /\S/.test(value) && length >= min && length <= max && (!field.pattern || new RegExp(`^(?:${field.pattern})$`, 'u').test(value));
  };
  const natural = (field.type === 'longText' ? 'Bonjour, voici ma demande à la mairie.' : 'Martin').padEnd(min, 'x');
  const candidates = [[...natural].slice(0, max).join(''), '12345', '123456', 'A'.repeat(min)];
  const found = candidates.find(fits);
  if (found) return found;
  if (field.pattern) {
    const pattern = new RegExp(`^(?:${field.pattern})$`, 'u');
    const sample = fc.sample(fc.stringMatching(pattern), { seed: 42, numRuns: 200 }).find(fits);
    if (sample) return sample;
  }
  throw new Error(`valid-answers: cannot build a text for field "${field.id}"`);
}

function valueFor(field: Field, options: Required<Pick<ValidAnswersOptions, 'today' | 'postcodes'>>): AnswerValue {
  switch (field.type) {
    case 'text':
    case 'longText':
      return textFor(field);
    case 'email':
      return 'marie.martin@exemple.fr';
    case 'phone':
      return '0612345678';
    case 'date': {
      let day = dateBound(-365 * 30, options.today);
      const max = field.max === undefined ? undefined : dateBound(field.max, options.today);
      const min = field.min === undefined ? undefined : dateBound(field.min, options.today);
      if (max !== undefined && day > max) day = max;
      if (min !== undefined && day < min) day = min;
      return day;
    }
    case 'number': {
      const value = Math.max(field.min ?? 1, 1);
      return field.max !== undefined ? Math.min(value, field.max) : value;
    }
    case 'choice':
      return field.options[0]!.value;
    case 'choices':
      return field.options.slice(0, Math.max(field.min ?? 1, 1)).map((o) => o.value);
    case 'address':
      return {
        street: '12 rue des Lilas',
        postcode: field.inTown ? (options.postcodes[0] ?? '41200') : (options.postcodes[0] ?? '75001'),
        city: 'Belval-sur-Loire',
      };
    case 'file':
      return [`${field.id}-1`];
    case 'consent':
      return true;
  }
}

/**
 * A valid answer set: the first option of each choice (or `choose`), every shown step answered.
 * Throws when the result does not pass `validateAnswers`, naming the field.
 *
 * @example validAnswers(procedure, { postcodes: site.postcodes, choose: { replyBy: 'post' } })
 */
export function validAnswers(procedure: Procedure, options: ValidAnswersOptions = {}): Answers {
  const settings = { today: options.today ?? todayIn(), postcodes: options.postcodes ?? [] };
  const answers: Answers = {};
  for (const step of procedure.steps) {
    if (step.when && !holds(step.when, answers)) continue;
    for (const field of step.fields) {
      const chosen = options.choose && Object.hasOwn(options.choose, field.id) ? options.choose[field.id] : undefined;
      if (chosen !== undefined) answers[field.id] = chosen;
      else if (field.required !== false || options.optional !== false) answers[field.id] = valueFor(field, settings);
    }
  }
  const result = validateAnswers(procedure, answers, settings);
  if (!result.ok)
    throw new Error(`valid-answers: the answers built for "${procedure.id}" are invalid: ${JSON.stringify(result.errors)}`);
  return answers;
}

/** The attachments that the file answers of an answer set name, as small real files. */
export function attachmentsFor(procedure: Procedure, answers: Answers): SampleAttachment[] {
  return procedure.steps
    .flatMap((step) => step.fields)
    .flatMap((field) => {
      if (field.type !== 'file') return [];
      const ids = answers[field.id];
      if (!Array.isArray(ids)) return [];
      const type = field.accept[0]!;
      return ids.map((id) => ({ id, type, data: SAMPLE_FILES[type] }));
    });
}

/**
 * A complete, valid submission body for a procedure.
 *
 * @example await client.api.submissions.$post({ json: validSubmission(p, { postcodes }), header: { 'idempotency-key': randomUUID() } })
 */
export function validSubmission(procedure: Procedure, options: ValidAnswersOptions & { locale?: string } = {}) {
  const answers = validAnswers(procedure, options);
  const attachments = attachmentsFor(procedure, answers);
  return {
    procedureId: procedure.id,
    procedureVersion: procedure.version,
    locale: options.locale ?? 'fr',
    answers,
    ...(attachments.length ? { attachments } : {}),
  };
}
