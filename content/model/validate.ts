// Answer validation: the one function the kiosk runs on each step and the server runs on
// every submission, so a person never meets a rule on the server that the kiosk did not tell.
import type {
  Address,
  AnswerValue,
  Answers,
  Condition,
  Field,
  FieldError,
  Procedure,
  Step,
} from './types.ts';

export interface ValidationContext {
  /** The day answers are checked, `YYYY-MM-DD`, for relative date bounds. */
  today: string;
  /** The town's postcodes, for address fields marked `inTown`. */
  postcodes?: readonly string[];
}

// These patterns are also published in each procedure's JSON Schema, so they avoid `\s`, `\S`,
// `\d` and `\w`: validators in other languages read those differently (Python's `\d` takes
// Arabic-Indic digits, its `\s` misses U+FEFF), and a client would then send what we refuse.

/** JavaScript's white space (`\s`), written out. */
const WHITE_SPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';

export const ATTACHMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const EMAIL = new RegExp(`^[^${WHITE_SPACE}@]+@[^${WHITE_SPACE}@.]+(\\.[^${WHITE_SPACE}@.]+)+$`);
/** A French number (`0612345678`) or an international one (`+33612345678`), separators removed. */
export const PHONE = /^(0[1-9][0-9]{8}|\+[1-9][0-9]{6,14})$/;
export const POSTCODE = /^[0-9]{5}$/;
export const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** Something other than white space: a required text is not a blank one. */
export const NOT_BLANK = new RegExp(`[^${WHITE_SPACE}]`);

export const LIMITS = {
  text: 200,
  longText: 5000,
  email: 254,
  addressPart: 200,
  /** One file, unless its field says less. */
  maxFileBytes: 5 * 1024 * 1024,
  /** All the files of one submission together: what a slow network carries in a few minutes; the server refuses more (413). */
  maxSubmissionBytes: 10 * 1024 * 1024,
  /** Pages photographed into one document (combined into one PDF). */
  maxDocumentPages: 5,
  /** The long side of a photo once shrunk on the kiosk, in pixels: a page stays readable. */
  maxImageSide: 1600,
} as const;

/**
 * Whether a condition holds for the answers given so far.
 *
 * @example holds({ field: 'kind', equals: 'birth' }, { kind: 'birth' }) // true
 */
export function holds(condition: Condition, answers: Answers): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, answers));
  if ('any' in condition) return condition.any.some((c) => holds(c, answers));
  if ('not' in condition) return !holds(condition.not, answers);
  const value = Object.hasOwn(answers, condition.field) ? answers[condition.field] : undefined;
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return (condition.in as unknown[]).includes(value);
  if ('includes' in condition) return Array.isArray(value) && value.includes(condition.includes);
  return (value !== undefined) === condition.answered;
}

/** The steps a person sees, in order, given their answers so far. */
export function visibleSteps(procedure: Procedure, answers: Answers): Step[] {
  return procedure.steps.filter((step) => !step.when || holds(step.when, answers));
}

/** Every field of the procedure, in order. */
export function allFields(procedure: Procedure): Field[] {
  return procedure.steps.flatMap((step) => step.fields);
}

/**
 * Drops the answers of steps that earlier answers now hide (after a Change on the
 * check-your-answers page), repeating until nothing changes since steps can chain.
 */
export function pruneAnswers(procedure: Procedure, answers: Answers): Answers {
  let current = { ...answers };
  for (;;) {
    const shown = new Set(visibleSteps(procedure, current).flatMap((s) => s.fields.map((f) => f.id)));
    const next = Object.fromEntries(Object.entries(current).filter(([id]) => shown.has(id)));
    if (Object.keys(next).length === Object.keys(current).length) return next;
    current = next;
  }
}

function isRequired(field: Field): boolean {
  return field.required !== false;
}

/** Resolves a date bound: a fixed `YYYY-MM-DD`, or a number of days from `today`. */
export function dateBound(bound: string | number, today: string): string {
  if (typeof bound === 'string') return bound;
  const day = new Date(`${today}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + bound);
  return day.toISOString().slice(0, 10);
}

function isRealDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkText(
  id: string,
  value: unknown,
  rules: { min?: number; max: number; pattern?: string },
): FieldError | undefined {
  if (typeof value !== 'string') return { field: id, code: 'type' };
  if (!NOT_BLANK.test(value)) return { field: id, code: 'required' };
  // Counted in code points, as JSON Schema counts them, so an emoji is one character.
  const length = [...value].length;
  if (rules.min !== undefined && length < rules.min)
    return { field: id, code: 'tooShort', params: { min: rules.min } };
  if (length > rules.max) return { field: id, code: 'tooLong', params: { max: rules.max } };
  if (rules.pattern !== undefined && !new RegExp(`^(?:${rules.pattern})$`, 'u').test(value))
    return { field: id, code: 'pattern' };
  return undefined;
}

/**
 * Checks one answer against its field. The answer is present: absence is the caller's
 * business, since it depends on whether the step is shown.
 *
 * @example validateField({ id: 'email', type: 'email', label }, 'a@b', ctx)
 *   // [{ field: 'email', code: 'email' }]
 */
export function validateField(field: Field, value: AnswerValue | unknown, ctx: ValidationContext): FieldError[] {
  const id = field.id;
  const one = (error: FieldError | undefined) => (error ? [error] : []);
  switch (field.type) {
    case 'text':
    case 'longText':
      return one(
        checkText(id, value, {
          min: field.minLength,
          max: Math.min(field.maxLength ?? LIMITS[field.type], LIMITS[field.type]),
          pattern: field.pattern,
        }),
      );
    case 'email': {
      const error = checkText(id, value, { max: LIMITS.email });
      if (error) return [error];
      return EMAIL.test(value as string) ? [] : [{ field: id, code: 'email' }];
    }
    case 'phone':
      if (typeof value !== 'string') return [{ field: id, code: 'type' }];
      return PHONE.test(value) ? [] : [{ field: id, code: 'phone' }];
    case 'date': {
      if (typeof value !== 'string') return [{ field: id, code: 'type' }];
      if (!isRealDate(value)) return [{ field: id, code: 'date' }];
      const min = field.min === undefined ? undefined : dateBound(field.min, ctx.today);
      const max = field.max === undefined ? undefined : dateBound(field.max, ctx.today);
      if (min !== undefined && value < min) return [{ field: id, code: 'dateTooEarly', params: { min } }];
      if (max !== undefined && value > max) return [{ field: id, code: 'dateTooLate', params: { max } }];
      return [];
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return [{ field: id, code: 'number' }];
      if (field.integer !== false && !Number.isInteger(value)) return [{ field: id, code: 'integer' }];
      if (field.min !== undefined && value < field.min)
        return [{ field: id, code: 'tooSmall', params: { min: field.min } }];
      if (field.max !== undefined && value > field.max)
        return [{ field: id, code: 'tooLarge', params: { max: field.max } }];
      return [];
    }
    case 'choice':
      if (typeof value !== 'string') return [{ field: id, code: 'type' }];
      return field.options.some((o) => o.value === value) ? [] : [{ field: id, code: 'option' }];
    case 'choices': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
        return [{ field: id, code: 'type' }];
      if (new Set(value).size !== value.length || !value.every((v) => field.options.some((o) => o.value === v)))
        return [{ field: id, code: 'option' }];
      const min = field.min ?? (isRequired(field) ? 1 : 0);
      if (value.length < min) return [{ field: id, code: min === 1 ? 'required' : 'tooFew', params: { min } }];
      if (field.max !== undefined && value.length > field.max)
        return [{ field: id, code: 'tooMany', params: { max: field.max } }];
      return [];
    }
    case 'address':
      return validateAddress(field.id, value, field.inTown ? ctx.postcodes : undefined);
    case 'file': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && ATTACHMENT_ID.test(v)))
        return [{ field: id, code: 'type' }];
      if (new Set(value).size !== value.length) return [{ field: id, code: 'files' }];
      if (value.length === 0 && isRequired(field)) return [{ field: id, code: 'required' }];
      const max = field.maxFiles ?? 1;
      if (value.length > max) return [{ field: id, code: 'tooMany', params: { max } }];
      return [];
    }
    case 'consent':
      return value === true ? [] : [{ field: id, code: 'consent' }];
  }
}

const ADDRESS_PARTS = ['street', 'complement', 'postcode', 'city'] as const;

function validateAddress(id: string, value: unknown, townPostcodes?: readonly string[]): FieldError[] {
  if (!isPlainObject(value) || Object.keys(value).some((k) => !(ADDRESS_PARTS as readonly string[]).includes(k)))
    return [{ field: id, code: 'type' }];
  const address = value as Partial<Address>;
  const errors: FieldError[] = [];
  for (const part of ['street', 'city'] as const) {
    const error = checkText(`${id}.${part}`, address[part], { max: LIMITS.addressPart });
    if (error) errors.push(address[part] === undefined ? { field: `${id}.${part}`, code: 'required' } : error);
  }
  if (address.complement !== undefined) {
    if (typeof address.complement !== 'string' || [...address.complement].length > LIMITS.addressPart)
      errors.push({ field: `${id}.complement`, code: 'tooLong', params: { max: LIMITS.addressPart } });
  }
  if (address.postcode === undefined) errors.push({ field: `${id}.postcode`, code: 'required' });
  else if (typeof address.postcode !== 'string' || !POSTCODE.test(address.postcode))
    errors.push({ field: `${id}.postcode`, code: 'postcode' });
  else if (townPostcodes && !townPostcodes.includes(address.postcode))
    errors.push({ field: `${id}.postcode`, code: 'notInTown', params: { postcodes: townPostcodes.join(', ') } });
  return errors;
}

/** Checks the answers of one step, as the kiosk does before moving on. */
export function validateStep(step: Step, answers: Answers, ctx: ValidationContext): FieldError[] {
  return step.fields.flatMap((field) => {
    const value = Object.hasOwn(answers, field.id) ? answers[field.id] : undefined;
    if (value === undefined) return isRequired(field) ? [{ field: field.id, code: 'required' as const }] : [];
    return validateField(field, value, ctx);
  });
}

export type ValidationResult = { ok: true; answers: Answers } | { ok: false; errors: FieldError[] };

/**
 * Checks a whole submission: every shown step's answers, no answer to a hidden step,
 * no unknown key. The same rules as the procedure's JSON Schema (see `answersSchema`).
 *
 * @example validateAnswers(procedure, { subject: 'Bruit', message: '…' }, { today: '2026-11-28' })
 */
export function validateAnswers(procedure: Procedure, answers: unknown, ctx: ValidationContext): ValidationResult {
  if (!isPlainObject(answers)) return { ok: false, errors: [{ field: '', code: 'type' }] };
  const known = new Set(allFields(procedure).map((f) => f.id));
  const errors: FieldError[] = Object.keys(answers)
    .filter((key) => !known.has(key))
    .map((field) => ({ field, code: 'unknownField' as const }));
  const given = answers as Answers;
  // Steps are shown as the kiosk shows them: an answer to a hidden step is refused (notAsked)
  // and must not also make the steps it leads to required, which would ask for more wrong answers.
  const shown = new Set(visibleSteps(procedure, pruneAnswers(procedure, given)));
  for (const step of procedure.steps) {
    if (shown.has(step)) errors.push(...validateStep(step, given, ctx));
    else
      for (const field of step.fields)
        if (Object.hasOwn(given, field.id)) errors.push({ field: field.id, code: 'notAsked' });
  }
  return errors.length ? { ok: false, errors } : { ok: true, answers: given };
}
