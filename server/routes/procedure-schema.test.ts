// A contract clients can trust (issue 22, part 9): answer sets generated from each procedure's
// *published* schema, as a client that knows nothing of Guichet would make them, get the same
// verdict from the schema and from the server. Regression guarded: one set generated from the
// schema and valid against it was refused with 422 for 3 of the 5 resident procedures
// (`dateTooEarly` on a bound relative to today, which the schema did not state).
//
// The generator reads only the schema: types, patterns, lengths, enums, `required`, and the
// `if`/`then`/`else` of conditional steps (each `if` evaluated by the validator on the answers
// so far). Most sets are valid; the others are one schema-guided mutation away. Two validators
// judge the schema side: Ajv with ajv-formats (dates compared as dates) and Ajv with formats
// as annotations only, as most 2020-12 validators behave by default.
import { randomUUID } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn, validateAnswers, type Answers, type Procedure } from '../../content/model/index.ts';
import { headersFor } from '../test-support/staff.ts';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import { SAMPLE_FILES } from '../test-support/valid-answers.ts';

const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

type Schema = Record<string, unknown> & {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  formatMinimum?: string;
  formatMaximum?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  if?: Schema;
  then?: Schema;
  else?: Schema;
  not?: Schema;
  anyOf?: Schema[];
  examples?: unknown[];
};

const SETS_PER_PROCEDURE = 240;
/** 10:00 in Paris: the day the server and the schema both use. */
const NOW = new Date('2026-11-28T09:00:00Z');

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: () => NOW });
});
afterAll(() => t.dispose());

const withFormats = new Ajv2020({ strict: false, allErrors: false });
addFormats(withFormats);
const annotationsOnly = new Ajv2020({ strict: false, validateFormats: false });

// ---------------------------------------------------------------------------------------
// A generator over the schema's keywords

const DAY = 86_400_000;
const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY);
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
/** Blank strings made of JavaScript white space, which `\S`-like rules must refuse. */
const BLANKS = [' ', '\t', '\u00a0', '\ufeff', '\u2003 ', '\u3000'];

function patternsOf(schema: Schema): RegExp[] {
  return [schema.pattern, ...(schema.allOf ?? []).map((s) => s.pattern)].filter((p): p is string => typeof p === 'string').map((p) => new RegExp(p, 'u'));
}

function stringFor(schema: Schema): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 60;
  const min = schema.minLength ?? 0;
  const patterns = patternsOf(schema);
  if (schema.format === 'date') {
    const low = schema.formatMinimum ? dayNumber(schema.formatMinimum) : dayNumber('1900-01-01');
    const high = schema.formatMaximum ? dayNumber(schema.formatMaximum) : dayNumber('2100-12-31');
    return fc.integer({ min: low, max: Math.max(low, high) }).map(isoOf);
  }
  const anchored = patterns.find((p) => p.source.startsWith('^'));
  const fits = (s: string) => [...s].length >= min && [...s].length <= max && patterns.every((p) => p.test(s));
  if (anchored) return fc.stringMatching(anchored).filter(fits);
  const unit = fc.constantFrom('grapheme', 'grapheme-ascii', 'binary') as fc.Arbitrary<'grapheme' | 'grapheme-ascii' | 'binary'>;
  return unit
    .chain((u) => fc.string({ unit: u, minLength: Math.max(min, 1), maxLength: Math.min(max, Math.max(min, 1) + 30) }))
    .filter(fits);
}

/** A value the property's schema describes (valid, or nearly: the validator decides). */
function valueFor(schema: Schema): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true, noDefaultInfinity: true });
    case 'array': {
      const items = schema.items ?? {};
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, schema.maxItems ?? minLength + 3);
      return fc.uniqueArray(valueFor(items), { minLength, maxLength: Math.min(maxLength, items.enum?.length ?? maxLength) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, required.has(key) ? valueFor(sub) : fc.option(valueFor(sub), { nil: undefined })])),
      ).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    default:
      return fc.anything();
  }
}

/** A value of the wrong kind, or just past a bound the schema states. */
function wrongValueFor(schema: Schema): fc.Arbitrary<unknown> {
  const past: unknown[] = [null, 42, 'x', [], {}, true];
  if (schema.type === 'string') {
    past.push(...BLANKS);
    if (schema.maxLength !== undefined) past.push('a'.repeat(schema.maxLength + 1));
    if (schema.format === 'date') {
      past.push('2026-02-29', '2026-13-01', '28/11/2026', '٢٠٢٦-١١-٢٨');
      if (schema.formatMinimum) past.push(isoOf(dayNumber(schema.formatMinimum) - 1));
      if (schema.formatMaximum) past.push(isoOf(dayNumber(schema.formatMaximum) + 1));
    }
    if (patternsOf(schema).some((p) => p.source.includes('[0-9]'))) past.push('٠٦١٢٣٤٥٦٧٨', '４１２００');
  }
  if (schema.type === 'integer') past.push(1.5, (schema.maximum ?? 1000) + 1, (schema.minimum ?? -1000) - 1);
  if (schema.type === 'array' && schema.maxItems !== undefined) past.push(Array.from({ length: schema.maxItems + 1 }, (_, i) => `p${i}`));
  if (schema.type === 'object') past.push({ street: '1 rue', city: 'Ville' }, { street: ' ', postcode: '41200', city: 'Belval' });
  return fc.constantFrom(...past);
}

/** The fields an `else` forbids: `{ not: { anyOf: [{ required: [id] }, …] } }`. */
const forbiddenBy = (otherwise: Schema | undefined): string[] => otherwise?.not?.anyOf?.flatMap((s) => s.required ?? []) ?? [];

type AnswerSet = { answers: Answers; mutated: string | undefined };

function answerSets(schema: Schema): fc.Arbitrary<AnswerSet> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const conditional = schema.allOf ?? [];
  const inBranch = new Set(conditional.flatMap((c) => [...(c.then?.required ?? []), ...forbiddenBy(c.else)]));
  const conditions: ValidateFunction[] = conditional.map((c) => withFormats.compile(c.if ?? {}));
  const free = Object.keys(properties).filter((key) => !inBranch.has(key));
  const values = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valueFor(sub)]));
  return fc
    .record({
      picked: fc.record(Object.fromEntries(Object.keys(properties).map((key) => [key, values[key]!]))),
      optional: fc.array(fc.boolean(), { minLength: Object.keys(properties).length, maxLength: Object.keys(properties).length }),
      mutation: fc.option(
        fc.record({ kind: fc.constantFrom('drop', 'wrong', 'extra', 'unknown'), at: fc.nat() }),
        { freq: 3 },
      ),
    })
    .chain(({ picked, optional, mutation }): fc.Arbitrary<AnswerSet> => {
      const keys = Object.keys(properties);
      const answers: Answers = {};
      keys.forEach((key, i) => {
        if (free.includes(key) && (required.has(key) || optional[i])) answers[key] = picked[key] as Answers[string];
      });
      // Each conditional step as the schema says: shown when its `if` holds on the answers so far.
      conditional.forEach((entry, n) => {
        const shown = conditions[n]!(answers);
        const stepFields = [...(entry.then?.required ?? []), ...forbiddenBy(entry.else)];
        for (const key of new Set(stepFields)) {
          if (!shown) delete answers[key];
          else if (entry.then?.required?.includes(key) || optional[keys.indexOf(key)]) answers[key] = picked[key] as Answers[string];
        }
      });
      if (!mutation) return fc.constant({ answers, mutated: undefined });
      const key = keys[mutation.at % keys.length]!;
      switch (mutation.kind) {
        case 'drop':
          delete answers[key];
          return fc.constant({ answers, mutated: `without ${key}` });
        case 'extra':
          return fc.constant({ answers: { ...answers, [key]: picked[key] as Answers[string] }, mutated: `with ${key}` });
        case 'unknown':
          return fc.constant({ answers: { ...answers, surplus: 'x' }, mutated: 'unknown key' });
        default:
          return wrongValueFor(properties[key]!).map((wrong) => ({ answers: { ...answers, [key]: wrong as Answers[string] }, mutated: `${key} = ${JSON.stringify(wrong)}` }));
      }
    });
}

// ---------------------------------------------------------------------------------------

async function publishedSchema(id: string): Promise<{ schema: Schema; cacheControl: string | null }> {
  const response = await t.app.request(`/api/procedures/${id}/schema`);
  expect(response.status).toBe(200);
  // Without its `$id`, so each test's validators can compile it afresh.
  const { $id, ...schema } = (await response.json()) as Schema;
  expect($id).toBe(`http://localhost/api/procedures/${id}/schema`);
  return { schema, cacheControl: response.headers.get('cache-control') };
}

/** Sends a set through the real route, with small real files for the file answers. */
async function submit(procedure: Procedure, answers: Answers): Promise<Response> {
  const fileFields = new Map(procedure.steps.flatMap((s) => s.fields).flatMap((f) => (f.type === 'file' ? [[f.id, f.accept[0]!] as const] : [])));
  const attachments = Object.entries(answers).flatMap(([field, v]) =>
    fileFields.has(field) && Array.isArray(v) ? (v as string[]).map((id) => ({ id, type: fileFields.get(field)!, data: SAMPLE_FILES[fileFields.get(field) as keyof typeof SAMPLE_FILES] })) : [],
  );
  return t.app.request('/api/submissions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': randomUUID(), ...(await headersFor(t, procedure)) },
    body: JSON.stringify({ procedureId: procedure.id, locale: 'fr', answers, attachments }),
  });
}

describe('each procedure’s published schema', () => {
  const procedures = () => t.content.procedures;
  const ctx = () => ({ today: todayIn(NOW), postcodes: t.content.site.postcodes });

  it('covers every procedure of the content', () => {
    expect(procedures().length).toBeGreaterThanOrEqual(5);
  });

  it('is cached briefly, and never past the town’s midnight', async () => {
    expect((await publishedSchema('write-to-town-hall')).cacheControl).toBe('public, max-age=300');
    const late = await startTestApp({ now: () => new Date('2026-11-28T22:59:00Z') });
    try {
      expect((await late.app.request('/api/procedures/write-to-town-hall/schema')).headers.get('cache-control')).toBe('public, max-age=59');
    } finally {
      await late.dispose();
    }
  });

  it.each(['write-to-town-hall', 'report-street-problem', 'civil-status-certificate', 'identity-appointment', 'school-registration', 'agent-leave-request'])(
    '%s: publishes an example the schema and the server both accept',
    async (id) => {
      const procedure = procedures().find((p) => p.id === id)!;
      const { schema } = await publishedSchema(id);
      expect(schema.examples?.length).toBe(1);
      const example = schema.examples![0] as Answers;
      expect(withFormats.validate(schema, example), JSON.stringify(withFormats.errors)).toBe(true);
      expect(annotationsOnly.validate(schema, example)).toBe(true);
      expect(validateAnswers(procedure, example, ctx())).toMatchObject({ ok: true });
      const response = await submit(procedure, example);
      expect(response.status, await response.clone().text()).toBe(201);
    },
  );

  it.each(['write-to-town-hall', 'report-street-problem', 'civil-status-certificate', 'identity-appointment', 'school-registration', 'agent-leave-request'])(
    `%s: ${SETS_PER_PROCEDURE} sets generated from it get the same verdict from the schema and the server`,
    async (id) => {
      const procedure = procedures().find((p) => p.id === id)!;
      const { schema } = await publishedSchema(id);
      const strict = withFormats.compile(schema);
      const plain = annotationsOnly.compile(schema);
      const sets = fc.sample(answerSets(schema), { numRuns: SETS_PER_PROCEDURE, seed: 22 });
      let accepted = 0;
      const sent: Answers[] = [];
      for (const { answers, mutated } of sets) {
        const server = validateAnswers(procedure, answers, ctx());
        const verdict = { answers, mutated, server: server.ok ? 'accepted' : server.errors };
        // Every set the schema accepts, the server accepts; every set the server refuses, the schema refuses.
        expect({ ...verdict, schema: strict(answers) }).toMatchObject({ schema: server.ok });
        expect({ ...verdict, plainValidator: plain(answers) }).toMatchObject({ plainValidator: server.ok });
        if (server.ok) {
          accepted += 1;
          if (sent.length < 5) sent.push(answers);
        }
      }
      console.info(`${id}: ${accepted} accepted, ${SETS_PER_PROCEDURE - accepted} refused by both`);
      // Enough of each kind for the comparison to mean something.
      expect(accepted).toBeGreaterThanOrEqual(SETS_PER_PROCEDURE / 3);
      expect(SETS_PER_PROCEDURE - accepted).toBeGreaterThanOrEqual(SETS_PER_PROCEDURE / 10);
      // And the route itself takes what the schema accepts (a few, each a real write).
      for (const answers of sent) {
        const response = await submit(procedure, answers);
        expect(response.status, `${JSON.stringify(answers)} → ${await response.clone().text()}`).toBe(201);
      }
    },
  );
});
