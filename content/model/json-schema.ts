// The JSON Schema (2020-12) of a procedure's answers: what a client that knows nothing of
// Guichet needs to send a valid submission. It states the same rules as `validateAnswers`;
// a property test holds the two together. Relative date bounds ("not in the future")
// cannot be written in JSON Schema and are stated in the field's description instead.
import type { Condition, Field, Locale, Procedure } from './types.ts';
import { ATTACHMENT_ID, EMAIL, LIMITS, NOT_BLANK, PHONE, POSTCODE, allFields, dateBound } from './validate.ts';

export type JsonSchema = Record<string, unknown>;

const source = (re: RegExp) => re.source;

function textSchema(max: number, extra: JsonSchema[] = []): JsonSchema {
  return { type: 'string', maxLength: max, allOf: [{ pattern: source(NOT_BLANK) }, ...extra] };
}

function dateDescription(field: Extract<Field, { type: 'date' }>): string | undefined {
  const relative = (bound: string | number | undefined, word: string) =>
    typeof bound === 'number' ? `${word} ${bound >= 0 ? '+' : ''}${bound} days from the day of submission` : undefined;
  const parts = [relative(field.min, 'not before'), relative(field.max, 'not after')].filter(Boolean);
  return parts.length ? `A date (YYYY-MM-DD), ${parts.join(', ')}.` : undefined;
}

function fieldSchema(field: Field, locale: Locale, postcodes: readonly string[] | undefined): JsonSchema {
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
      // Fixed bounds compare as strings in YYYY-MM-DD; JSON Schema has no keyword for that.
      const description = dateDescription(field);
      if (description) schema.description = description;
      for (const [key, bound] of [['formatMinimum', field.min], ['formatMaximum', field.max]] as const)
        if (typeof bound === 'string') schema[key] = dateBound(bound, '1970-01-01');
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

/**
 * The JSON Schema of a procedure's answers, with titles in the given locale.
 *
 * @example answersSchema(procedure, { locale: 'fr', postcodes: ['37000'] }).required // ['subject', …]
 */
export function answersSchema(
  procedure: Procedure,
  options: { locale?: Locale; postcodes?: readonly string[]; id?: string } = {},
): JsonSchema {
  const locale = options.locale ?? 'fr';
  const postcodes = options.postcodes;
  const properties = Object.fromEntries(
    allFields(procedure).map((field) => [field.id, fieldSchema(field, locale, postcodes)]),
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
  return schema;
}
