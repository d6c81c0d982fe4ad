// `validateAnswers` and `answersSchema` state the same rules twice, once as code for the
// kiosk and the server, once as JSON Schema for clients that know nothing of Guichet. This
// property test holds them together: for real and synthetic procedures, and answers that
// are valid or one mutation away from valid, both must say the same thing.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readContent } from '../check/load.ts';
import { answersSchema } from './json-schema.ts';
import type { AnswerValue, Answers, Condition, Field, Procedure, Step, Text } from './types.ts';
import { ATTACHMENT_ID, LIMITS, dateBound, holds, validateAnswers } from './validate.ts';

// ajv-formats is CommonJS: its default export arrives wrapped under Node's ESM loader.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

const TODAY = '2026-11-28';
const POSTCODES = ['41200', '41210', '41220'];
const ctx = { today: TODAY, postcodes: POSTCODES };

const ajv = new Ajv2020({ strictTypes: true });
addFormats(ajv);

/**
 * Relative date bounds ("not in the future") are resolved by `answersSchema` for the `today`
 * it is given, as the server does when it serves the schema. Two more checks: a copy of the
 * procedure with those bounds written as fixed dates gives the same verdicts, and the schema
 * built without a `today` (bounds only described) is looser only.
 */
function withFixedDates(procedure: Procedure): Procedure {
  const fix = (field: Field): Field =>
    field.type === 'date'
      ? {
          ...field,
          ...(field.min === undefined ? {} : { min: dateBound(field.min, TODAY) }),
          ...(field.max === undefined ? {} : { max: dateBound(field.max, TODAY) }),
        }
      : field;
  return { ...procedure, steps: procedure.steps.map((step) => ({ ...step, fields: step.fields.map(fix) })) };
}

// ---------------------------------------------------------------------------------------
// Answers: valid ones, then one mutation away

const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
const dayOf = (iso: string) => Math.round(new Date(`${iso}T00:00:00Z`).getTime() / 86_400_000);

function patternString(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  return fc
    .stringMatching(new RegExp(`^(?:${pattern})$`, 'u'))
    .filter((s) => [...s].length >= min && [...s].length <= max);
}

function textValue(min: number, max: number): fc.Arbitrary<string> {
  // Some answers in full Unicode (emoji, lone surrogates) so code-point counting is exercised.
  const unit = fc.constantFrom('grapheme', 'binary', 'grapheme-ascii') as fc.Arbitrary<'grapheme' | 'binary' | 'grapheme-ascii'>;
  return unit
    .chain((u) => fc.string({ unit: u, minLength: min, maxLength: Math.min(max, min + 40) }))
    .map((s) => (/\S/u.test(s) ? s : `${s}x`));
}

/** A value the field accepts, most of the time (some generated texts miss a pattern). */
function validValue(field: Field): fc.Arbitrary<AnswerValue> {
  switch (field.type) {
    case 'text':
    case 'longText': {
      const max = Math.min(field.maxLength ?? LIMITS[field.type], LIMITS[field.type]);
      const min = field.minLength ?? 0;
      return field.pattern ? patternString(field.pattern, min, max) : textValue(Math.max(min, 1), max);
    }
    case 'email':
      return fc.emailAddress();
    case 'phone':
      return fc.oneof(fc.stringMatching(/^0[1-9]\d{8}$/), fc.stringMatching(/^\+[1-9]\d{6,14}$/));
    case 'date': {
      const min = field.min === undefined ? dayOf('1900-01-01') : dayOf(dateBound(field.min, TODAY));
      const max = field.max === undefined ? dayOf('2100-12-31') : dayOf(dateBound(field.max, TODAY));
      return fc.integer({ min, max: Math.max(min, max) }).map(isoDay);
    }
    case 'number': {
      const min = field.min ?? -1000;
      const max = field.max ?? 1000;
      return field.integer === false
        ? fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
        : fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
    }
    case 'choice':
      return fc.constantFrom(...field.options.map((o) => o.value));
    case 'choices': {
      const values = field.options.map((o) => o.value);
      const min = field.min ?? (field.required === false ? 0 : 1);
      return fc.shuffledSubarray(values, { minLength: min, maxLength: field.max ?? values.length });
    }
    case 'address':
      return fc.record(
        {
          street: textValue(1, LIMITS.addressPart),
          complement: fc.string({ maxLength: 30 }),
          postcode: field.inTown ? fc.constantFrom(...POSTCODES) : fc.stringMatching(/^\d{5}$/),
          city: textValue(1, LIMITS.addressPart),
        },
        { requiredKeys: ['street', 'postcode', 'city'] },
      );
    case 'file':
      return fc.uniqueArray(fc.stringMatching(ATTACHMENT_ID), {
        minLength: field.required === false ? 0 : 1,
        maxLength: field.maxFiles ?? 1,
      });
    case 'consent':
      return fc.constant(true);
  }
}

/** Values that break one rule of a field, or of any field. */
function nearInvalid(field: Field): fc.Arbitrary<unknown> {
  const common = [null, '', ' ', 0, -1, 1.5, true, false, [], {}, ['x'], 'x'.repeat(5001)];
  const specific: unknown[] = [];
  switch (field.type) {
    case 'text':
    case 'longText':
      specific.push('😀'.repeat(field.maxLength ?? 200), '😀'.repeat((field.maxLength ?? 200) + 1), 'a'.repeat(field.minLength ?? 1));
      break;
    case 'email':
      specific.push('a@b', 'a b@c.fr', 'é@exemple.fr', 'a@b.c', `${'a'.repeat(250)}@b.fr`, 'a@@b.fr');
      break;
    case 'phone':
      specific.push('06 12 34 56 78', '0612345678 ', '+0612345678', '061234567');
      break;
    case 'date':
      specific.push('2025-02-29', '2024-02-29', '2026-13-01', '26-11-28', '2026-11-28T00:00:00Z', TODAY, '1899-12-31');
      for (const bound of [field.min, field.max])
        if (bound !== undefined) {
          const day = dayOf(dateBound(bound, TODAY));
          specific.push(isoDay(day - 1), isoDay(day), isoDay(day + 1));
        }
      break;
    case 'number':
      specific.push(field.min, field.max, (field.min ?? 0) - 1, (field.max ?? 0) + 1, (field.max ?? 0) + 0.5, '3', 1e21);
      break;
    case 'choice':
      specific.push('nope', field.options[0]?.value.toUpperCase(), field.options.map((o) => o.value));
      break;
    case 'choices':
      specific.push(['nope'], field.options.map((o) => o.value), [field.options[0]?.value, field.options[0]?.value], field.options[0]?.value);
      break;
    case 'address':
      specific.push(
        { street: '1 rue X', postcode: '75001', city: 'Paris' },
        { street: '1 rue X', postcode: '41200' },
        { street: ' ', postcode: '41200', city: 'B' },
        { street: '1 rue X', postcode: 41200, city: 'B' },
        { street: '1 rue X', postcode: '41200', city: 'B', floor: 2 },
        { street: '1 rue X', postcode: '41200', city: 'B', complement: 'x'.repeat(201) },
        { street: '1 rue X', postcode: '41200', city: 'B', complement: '' },
      );
      break;
    case 'file':
      specific.push(['a', 'a'], ['../x'], ['a', 'b', 'c', 'd', 'e', 'f'], ['x'.repeat(65)]);
      break;
    case 'consent':
      specific.push('true', 1);
      break;
  }
  return fc.oneof(fc.constantFrom(...common, ...specific.filter((v) => v !== undefined)), fc.jsonValue({ maxDepth: 2 }));
}

/** Answers to the steps that are shown, walking the steps in order as the kiosk does. */
function validAnswers(procedure: Procedure): fc.Arbitrary<Answers> {
  const fields = procedure.steps.flatMap((s) => s.fields);
  const candidates = Object.fromEntries(
    fields.map((f) => [f.id, f.required === false ? fc.option(validValue(f), { nil: undefined }) : validValue(f)]),
  ) as Record<string, fc.Arbitrary<AnswerValue | undefined>>;
  return fc.record(candidates).map((values) => {
    const answers: Answers = {};
    for (const step of procedure.steps)
      if (!step.when || holds(step.when, answers))
        for (const field of step.fields) {
          const value = values[field.id];
          if (value !== undefined) answers[field.id] = value;
        }
    return answers;
  });
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'drop'; index: number }
  | { kind: 'set'; field: number; value: unknown }
  | { kind: 'unknown'; key: string; value: unknown };

function mutation(procedure: Procedure): fc.Arbitrary<Mutation> {
  const fields = procedure.steps.flatMap((s) => s.fields);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
    { weight: 2, arbitrary: fc.nat().map((index) => ({ kind: 'drop' as const, index })) },
    {
      // Another field's valid value flips conditions, or answers a hidden step.
      weight: 3,
      arbitrary: fc
        .nat({ max: fields.length - 1 })
        .chain((i) => fc.tuple(fc.constant(i), validValue(fields[i] as Field)))
        .map(([field, value]) => ({ kind: 'set' as const, field, value })),
    },
    {
      weight: 3,
      arbitrary: fc
        .nat({ max: fields.length - 1 })
        .chain((i) => fc.tuple(fc.constant(i), nearInvalid(fields[i] as Field)))
        .map(([field, value]) => ({ kind: 'set' as const, field, value })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom('stray', 'Subject', 'a.b', 'constructor'), fc.jsonValue({ maxDepth: 1 }))
        .map(([key, value]) => ({ kind: 'unknown' as const, key, value })),
    },
  );
}

function apply(procedure: Procedure, answers: Answers, m: Mutation): Record<string, unknown> {
  const result: Record<string, unknown> = { ...answers };
  const fields = procedure.steps.flatMap((s) => s.fields);
  if (m.kind === 'drop') {
    const keys = Object.keys(result);
    if (keys.length) delete result[keys[m.index % keys.length] as string];
  } else if (m.kind === 'set') result[(fields[m.field] as Field).id] = m.value;
  else if (m.kind === 'unknown') result[m.key] = m.value;
  return result;
}

function nearValidAnswers(procedure: Procedure): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 9, arbitrary: fc.tuple(validAnswers(procedure), mutation(procedure)).map(([a, m]) => apply(procedure, a, m)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  );
}

// ---------------------------------------------------------------------------------------
// Procedures: the real ones, and synthetic ones for what the real ones do not use yet

const t = (fr: string): Text => ({ fr });
const step = (id: string, fields: Field[], when?: Condition): Step => ({ id, title: t(id), fields, ...(when ? { when } : {}) });
const options = (...values: string[]) => values.map((value) => ({ value, label: t(value) }));
const synthetic = (id: string, steps: Step[]): Procedure => ({
  id,
  version: 1,
  audience: 'resident',
  category: 'contact',
  pictogram: 'letter',
  title: t(id),
  summary: t(id),
  intro: { needs: [], minutes: 1 },
  steps,
});

const SYNTHETIC: Procedure[] = [
  synthetic('every-type', [
    step('a', [
      { id: 'code', type: 'text', label: t('code'), minLength: 2, maxLength: 6, pattern: '[A-Z]{2}[0-9]*' },
      { id: 'note', type: 'longText', label: t('note'), required: false, maxLength: 20 },
      { id: 'email', type: 'email', label: t('email') },
      { id: 'phone', type: 'phone', label: t('phone'), required: false },
    ]),
    step('b', [
      { id: 'day', type: 'date', label: t('day'), min: '2020-02-29', max: '2030-12-31' },
      { id: 'count', type: 'number', label: t('count'), min: 1, max: 9 },
      { id: 'ratio', type: 'number', label: t('ratio'), integer: false, min: -1.5, max: 2.5, required: false },
    ]),
    step('c', [
      { id: 'kind', type: 'choice', label: t('kind'), options: options('x', 'y', 'z') },
      { id: 'tags', type: 'choices', label: t('tags'), options: options('p', 'q', 'r', 's'), min: 2, max: 3 },
      { id: 'home', type: 'address', label: t('home'), inTown: true },
      { id: 'elsewhere', type: 'address', label: t('elsewhere'), required: false },
      { id: 'photos', type: 'file', label: t('photos'), accept: ['image/jpeg'], maxFiles: 3, required: false },
      { id: 'agree', type: 'consent', label: t('agree') },
    ]),
  ]),
  synthetic('every-condition', [
    step('first', [
      { id: 'kind', type: 'choice', label: t('kind'), options: options('a', 'b', 'c') },
      { id: 'tags', type: 'choices', label: t('tags'), options: options('p', 'q'), required: false },
      { id: 'count', type: 'number', label: t('count'), required: false },
    ]),
    step('equals', [{ id: 'e', type: 'text', label: t('e') }], { field: 'kind', equals: 'a' }),
    step('in', [{ id: 'i', type: 'consent', label: t('i') }], { field: 'count', in: [1, 2, 3] }),
    step('includes', [{ id: 'inc', type: 'phone', label: t('inc') }], { field: 'tags', includes: 'q' }),
    step('answered', [{ id: 'ans', type: 'choice', label: t('ans'), options: options('y', 'n') }], { field: 'count', answered: false }),
    step('chained', [{ id: 'ch', type: 'date', label: t('ch'), max: 0 }], { field: 'ans', equals: 'y' }),
    step(
      'nested',
      [{ id: 'n', type: 'choices', label: t('n'), options: options('u', 'v'), max: 1 }],
      {
        all: [
          { any: [{ field: 'kind', equals: 'b' }, { field: 'e', answered: true }] },
          { not: { field: 'tags', includes: 'p' } },
        ],
      },
    ),
  ]),
];

const content = readContent();
const REAL = content.procedures;

const schemaOf = (procedure: Procedure) => answersSchema(procedure, { postcodes: POSTCODES });

describe('answersSchema agrees with validateAnswers', () => {
  it('is given the real procedures and the town postcodes', () => {
    expect(REAL.length).toBeGreaterThan(0);
    expect(content.site.postcodes).toEqual(POSTCODES);
  });

  describe.each([...REAL, ...SYNTHETIC].map((p) => [p.id, p] as const))('%s', (_id, procedure) => {
    const exact = ajv.compile(answersSchema(procedure, { postcodes: POSTCODES, today: TODAY }));
    const fixed = ajv.compile(schemaOf(withFixedDates(procedure)));
    const loose = ajv.compile(schemaOf(procedure));

    it('accepts exactly the answers validateAnswers accepts (relative dates fixed for today)', () => {
      fc.assert(
        fc.property(nearValidAnswers(procedure), (answers) => {
          const ours = validateAnswers(procedure, answers, ctx);
          expect({ ok: exact(answers), errors: exact.errors?.slice(0, 2) }).toMatchObject({ ok: ours.ok });
          expect(fixed(answers)).toBe(ours.ok);
        }),
        { numRuns: 300 },
      );
    });

    it('with relative dates left out, is only looser', () => {
      fc.assert(
        fc.property(nearValidAnswers(procedure), (answers) => {
          if (validateAnswers(procedure, answers, ctx).ok) expect(loose(answers)).toBe(true);
        }),
        { numRuns: 100 },
      );
    });

    it('generates valid answers often enough for the comparison to mean something', () => {
      const samples = fc.sample(validAnswers(procedure), { numRuns: 50, seed: 1 });
      const valid = samples.filter((a) => validateAnswers(procedure, a, ctx).ok).length;
      expect(valid).toBeGreaterThan(25);
    });
  });
});

describe('answersSchema', () => {
  it('falls back to the postcode pattern for inTown addresses when no postcodes are given, as validateAnswers does', () => {
    const procedure = SYNTHETIC[0] as Procedure;
    const field = procedure.steps[2]?.fields.find((f) => f.id === 'home');
    const schema = answersSchema(procedure) as { properties: Record<string, { properties: { postcode: unknown } }> };
    expect(field?.type).toBe('address');
    expect(schema.properties.home?.properties.postcode).toEqual({ type: 'string', pattern: '^[0-9]{5}$' });
  });
});
