// The JSON Schema (2020-12) of a procedure's answers: what a client that knows nothing of
// Guichet needs to send a valid submission. It states exactly the rules of `validateAnswers`,
// in the keywords every 2020-12 validator asserts: a step's condition as `if`/`then`/`else`,
// a real calendar date and its bounds as patterns (`format` is only an annotation unless a
// validator opts in), and relative date bounds ("not in the future") resolved for the day the
// schema is served, given as `today`. Property tests hold the two together
// (content/model/json-schema.test.ts, server/routes/procedure-schema.test.ts).
import type { Answers, AnswerValue, Condition, Field, Locale, Procedure } from './types.ts';
import { ATTACHMENT_ID, EMAIL, LIMITS, NOT_BLANK, PHONE, POSTCODE, allFields, dateBound, holds, validateAnswers } from './validate.ts';

export type JsonSchema = Record<string, unknown>;

const source = (re: RegExp) => re.source;

function textSchema(max: number, extra: JsonSchema[] = []): JsonSchema {
  return { type: 'string', maxLength: max, allOf: [{ pattern: source(NOT_BLANK) }, ...extra] };
}

function dateDescription(field: Extract<Field, { type: 'date' }>, today: string | undefined): string | undefined {
  const relative = (bound: string | number | undefined, word: string) =>
    typeof bound === 'number' ? `${word} ${bound >= 0 ? '+' : ''}${bound} days from the day of submission` : undefined;
  const parts = [relative(field.min, 'not before'), relative(field.max, 'not after')].filter(Boolean);
  if (!parts.length) return undefined;
  const resolved = today ? ` (bounds computed for ${today}; fetch the schema again the next day)` : '';
  return `A date (YYYY-MM-DD), ${parts.join(', ')}${resolved}.`;
}

/** A real day of the Gregorian calendar as `YYYY-MM-DD`, leap years included (what `isRealDate` accepts). */
export const REAL_DATE_PATTERN =
  '^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))' +
  '|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$';

/**
 * A pattern for `YYYY-MM-DD` strings on one side of `bound`: compared character by character,
 * as fixed-width dates compare, since JSON Schema has no date comparison of its own.
 *
 * @example new RegExp(dateBoundPattern('2026-11-28', 'atLeast')).test('2026-12-01') // true
 */
export function dateBoundPattern(bound: string, side: 'atLeast' | 'atMost'): string {
  const any = (from: number) => [...bound.slice(from)].map((c) => (c === '-' ? '-' : '[0-9]')).join('');
  const branches = [bound];
  for (let i = 0; i < bound.length; i++) {
    const digit = Number(bound[i]);
    if (bound[i] === '-') continue;
    if (side === 'atLeast' && digit < 9) branches.push(`${bound.slice(0, i)}[${digit + 1}-9]${any(i + 1)}`);
    if (side === 'atMost' && digit > 0) branches.push(`${bound.slice(0, i)}[0-${digit - 1}]${any(i + 1)}`);
  }
  return `^(?:${branches.join('|')})$`;
}

function fieldSchema(field: Field, locale: Locale, postcodes: readonly string[] | undefined, today: string | undefined): JsonSchema {
  const title = field.label[locale];
  const base: JsonSchema = { title };
  switch (field.type) {
    case 'text':
    case 'longText': {
      const extra: JsonSchema[] = field.pattern ? [{ pattern: `^(?:${field.pattern})$` }] : [];
      const schema = textSchema(Math.min(field.maxLength ?? LIMITS[field.type], LIMITS[field.type]), extra);
      if (field.minLength !== undefined) schema.minLength = field.minLength;
      return { ...base, ...schema };
    }
    case 'email':
      // No `format: 'email'`: validators that assert formats (Ajv with ajv-formats) refuse
      // addresses the EMAIL pattern accepts, like `é@exemple.fr`; the pattern is the rule.
      return { ...base, ...textSchema(LIMITS.email, [{ pattern: source(EMAIL) }]) };
    case 'phone':
      return { ...base, type: 'string', pattern: source(PHONE) };
    case 'date': {
      const schema: JsonSchema = { ...base, type: 'string', format: 'date' };
      const description = dateDescription(field, today);
      if (description) schema.description = description;
      const patterns: JsonSchema[] = [{ pattern: REAL_DATE_PATTERN }];
      for (const [key, bound, side] of [
        ['formatMinimum', field.min, 'atLeast'],
        ['formatMaximum', field.max, 'atMost'],
      ] as const) {
        // A relative bound can be written only once the day is known.
        if (bound === undefined || (typeof bound === 'number' && today === undefined)) continue;
        const day = dateBound(bound, today ?? '1970-01-01');
        // `formatMinimum`/`formatMaximum` for validators that compare dates (Ajv with
        // ajv-formats), the same bound as a pattern for every other one.
        schema[key] = day;
        patterns.push({ pattern: dateBoundPattern(day, side) });
      }
      schema.allOf = patterns;
      return schema;
    }
    case 'number': {
      const schema: JsonSchema = { ...base, type: field.integer === false ? 'number' : 'integer' };
      if (field.min !== undefined) schema.minimum = field.min;
      if (field.max !== undefined) schema.maximum = field.max;
      return schema;
    }
    case 'choice':
      return { ...base, enum: field.options.map((o) => o.value) };
    case 'choices': {
      const min = field.min ?? (field.required === false ? 0 : 1);
      const schema: JsonSchema = {
        ...base,
        type: 'array',
        items: { enum: field.options.map((o) => o.value) },
        uniqueItems: true,
        minItems: min,
      };
      if (field.max !== undefined) schema.maxItems = field.max;
      return schema;
    }
    case 'address': {
      const part = textSchema(LIMITS.addressPart);
      // Like validateAnswers, which checks the town only when it is given the postcodes.
      const postcode: JsonSchema = field.inTown && postcodes
        ? { type: 'string', enum: [...postcodes] }
        : { type: 'string', pattern: source(POSTCODE) };
      return {
        ...base,
        type: 'object',
        properties: {
          street: part,
          complement: { type: 'string', maxLength: LIMITS.addressPart },
          postcode,
          city: part,
        },
        required: ['street', 'postcode', 'city'],
        additionalProperties: false,
      };
    }
    case 'file':
      return {
        ...base,
        description: `Ids of attachments sent in the submission's "attachments" (${field.accept.join(', ')}).`,
        type: 'array',
        items: { type: 'string', pattern: source(ATTACHMENT_ID) },
        uniqueItems: true,
        minItems: field.required === false ? 0 : 1,
        maxItems: field.maxFiles ?? 1,
      };
    case 'consent':
      return { ...base, const: true };
  }
}

function conditionSchema(condition: Condition): JsonSchema {
  if ('all' in condition) return { allOf: condition.all.map(conditionSchema) };
  if ('any' in condition) return { anyOf: condition.any.map(conditionSchema) };
  if ('not' in condition) return { not: conditionSchema(condition.not) };
  const { field } = condition;
  if ('equals' in condition) return { required: [field], properties: { [field]: { const: condition.equals } } };
  if ('in' in condition) return { required: [field], properties: { [field]: { enum: condition.in } } };
  if ('includes' in condition)
    return {
      required: [field],
      properties: { [field]: { type: 'array', contains: { const: condition.includes } } },
    };
  return condition.answered ? { required: [field] } : { not: { required: [field] } };
}

/** A plausible answer to a field, for the published example; undefined when none is known to fit. */
function exampleValue(field: Field, today: string, postcodes: readonly string[] | undefined): AnswerValue | undefined {
  switch (field.type) {
    case 'text':
    case 'longText': {
      if (field.pattern) return undefined;
      const max = Math.min(field.maxLength ?? LIMITS[field.type], LIMITS[field.type]);
      const words = field.type === 'longText' ? 'Bonjour, voici ma demande à la mairie.' : 'Martin';
      return [...words.padEnd(field.minLength ?? 0, '.')].slice(0, max).join('');
    }
    case 'email':
      return 'jeanne.martin@exemple.fr';
    case 'phone':
      return '0612345678';
    case 'date': {
      const min = field.min === undefined ? undefined : dateBound(field.min, today);
      const max = field.max === undefined ? undefined : dateBound(field.max, today);
      if (min !== undefined && today < min) return min;
      if (max !== undefined && today > max) return max;
      return today;
    }
    case 'number': {
      const value = field.min ?? (field.max !== undefined ? Math.min(field.max, 1) : 1);
      return field.integer === false ? value : Math.ceil(value);
    }
    case 'choice':
      return field.options[0]?.value;
    case 'choices':
      return field.options.slice(0, Math.max(field.min ?? (field.required === false ? 0 : 1), 1)).map((o) => o.value);
    case 'address':
      return { street: '1 place de la Mairie', postcode: postcodes?.[0] ?? '75001', city: 'Belval' };
    case 'file':
      return Array.from({ length: field.required === false ? 0 : 1 }, (_, i) => `photo${i + 1}`);
    case 'consent':
      return true;
  }
}

/**
 * One answer set the server accepts on `today`, walking the steps as a person would (first
 * option of each choice); undefined when a field's rule is one no example is known for.
 *
 * @example exampleAnswers(procedure, { today: '2026-11-28', postcodes: ['41200'] })
 */
export function exampleAnswers(procedure: Procedure, ctx: { today: string; postcodes?: readonly string[] }): Answers | undefined {
  const answers: Answers = {};
  for (const step of procedure.steps) {
    if (step.when && !holds(step.when, answers)) continue;
    for (const field of step.fields) {
      const value = exampleValue(field, ctx.today, ctx.postcodes);
      if (value !== undefined) answers[field.id] = value;
    }
  }
  return validateAnswers(procedure, answers, ctx).ok ? answers : undefined;
}

/**
 * The JSON Schema of a procedure's answers, with titles in the given locale.
 *
 * @example answersSchema(procedure, { locale: 'fr', postcodes: ['37000'] }).required // ['subject', …]
 */
export function answersSchema(
  procedure: Procedure,
  options: {
    locale?: Locale;
    postcodes?: readonly string[];
    id?: string;
    /** The day relative date bounds are resolved for (`YYYY-MM-DD`); without it they are only described. */
    today?: string;
  } = {},
): JsonSchema {
  const locale = options.locale ?? 'fr';
  const postcodes = options.postcodes;
  const properties = Object.fromEntries(
    allFields(procedure).map((field) => [field.id, fieldSchema(field, locale, postcodes, options.today)]),
  );
  const required = (fields: Field[]) => fields.filter((f) => f.required !== false).map((f) => f.id);
  const always = procedure.steps.filter((step) => !step.when);
  const conditional = procedure.steps.filter((step) => step.when);
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(options.id ? { $id: options.id } : {}),
    title: procedure.title[locale],
    description: `Answers to "${procedure.id}", version ${procedure.version}.`,
    type: 'object',
    properties,
    required: required(always.flatMap((s) => s.fields)),
    additionalProperties: false,
  };
  if (conditional.length)
    schema.allOf = conditional.map((step) => ({
      if: conditionSchema(step.when!),
      then: { required: required(step.fields) },
      // A step that is not shown must not be answered.
      else: { not: { anyOf: step.fields.map((f) => ({ required: [f.id] })) } },
    }));
  // Published only when it holds for the same day and town as the rules above.
  const example = options.today ? exampleAnswers(procedure, { today: options.today, ...(postcodes ? { postcodes } : {}) }) : undefined;
  if (example) schema.examples = [example];
  return schema;
}
