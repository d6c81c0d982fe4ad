// The shape of site.yaml and of a procedure file, as zod schemas that the compiler holds
// equal to the model's types (see the assertions at the end): a key added to types.ts and
// not here, or the reverse, fails `npm run typecheck` before it refuses a content file.
//
// Every Text is also checked here, wherever it sits, so that no text escapes the checks
// for a forgotten path: each locale of site.yaml present and non-empty, no other locale,
// and the easy-to-read lint on `fr-x-falc`. Those issues carry `params.rule`, which tells
// them apart from shape errors: a file with only such issues is still well-formed.
import { z } from 'zod';
import { FIELD_TYPES, HELP_WEEKDAYS } from '../model/index.ts';
import type { Condition, Field, LegalProfile, Option, Procedure, Site, Step, Weekday } from '../model/index.ts';
import { lintFalc } from './falc.ts';
import type { Finding } from './problem.ts';

/** The locale whose texts get the easy-to-read lint. */
export const FALC_LOCALE = 'fr-x-falc';

/** What a content issue (as opposed to a shape issue) carries in `params`. */
export interface ContentIssueParams {
  rule: 'translation' | 'falc';
  severity: 'error' | 'warning';
}

/** Expected keys of a strict object, named in the message of an unknown key. */
function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  const keys = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `expected one of ${keys}` : undefined),
  });
}

function textSchema(locales: readonly string[]) {
  const known = locales.join(', ');
  return z.record(z.string(), z.string()).superRefine((text, ctx) => {
    const issue = (message: string, path: PropertyKey[], rule: ContentIssueParams['rule'] = 'translation') =>
      ctx.addIssue({ code: 'custom', message, path, params: { rule, severity: 'error' } satisfies ContentIssueParams });
    if (!locales.length) return;
    for (const locale of locales)
      if (!Object.hasOwn(text, locale)) issue(`missing translation '${locale}'`, []);
      else if (!/\S/u.test(text[locale] ?? '')) issue(`empty translation '${locale}'`, [locale]);
    for (const locale of Object.keys(text))
      if (!locales.includes(locale)) issue(`unknown locale '${locale}' (site.yaml locales: ${known})`, [locale]);
    const falc = text[FALC_LOCALE];
    if (falc !== undefined && locales.includes(FALC_LOCALE))
      for (const finding of lintFalc(falc)) issue(`FALC: ${finding.message}`, [FALC_LOCALE], 'falc');
  });
}

const FIELD_TYPE_LIST = FIELD_TYPES.join(', ');
const count = () => z.number().int().nonnegative();

function conditionSchemas() {
  const scalar = z.union([z.string(), z.number(), z.boolean()]);
  const leaf = z.union([
    strict({ field: z.string(), equals: scalar }),
    strict({ field: z.string(), in: z.array(z.union([z.string(), z.number()])).min(1) }),
    strict({ field: z.string(), includes: z.string() }),
    strict({ field: z.string(), answered: z.boolean() }),
  ]);
  const condition: z.ZodType<Condition> = z.lazy(() =>
    z.union([
      leaf,
      strict({ all: z.array(condition).min(1) }),
      strict({ any: z.array(condition).min(1) }),
      strict({ not: condition }),
    ]),
  );
  return { leaf, condition };
}

/**
 * The schemas of site.yaml and of a procedure file, with texts required in `locales`.
 *
 * @example contentSchemas(['fr', 'en']).procedure.safeParse(yaml, { reportInput: true })
 */
export function contentSchemas(locales: readonly string[]) {
  const text = textSchema(locales);
  const option = strict({
    value: z.string().min(1),
    label: text,
    hint: text.optional(),
    pictogram: z.string().min(1).optional(),
  });
  const base = {
    id: z.string(),
    label: text,
    hint: text.optional(),
    required: z.boolean().optional(),
    private: z.boolean().optional(),
    copy: z.boolean().optional(),
    autocomplete: z.string().min(1).optional(),
  };
  const dateBound = z.union([z.string(), z.number().int()]);
  const field = z.discriminatedUnion(
    'type',
    [
      strict({
        ...base,
        type: z.enum(['text', 'longText']),
        minLength: count().optional(),
        maxLength: z.number().int().positive().optional(),
        pattern: z.string().min(1).optional(),
        inputmode: z.enum(['numeric', 'text']).optional(),
      }),
      strict({ ...base, type: z.literal('email') }),
      strict({ ...base, type: z.literal('phone') }),
      strict({ ...base, type: z.literal('date'), min: dateBound.optional(), max: dateBound.optional() }),
      strict({
        ...base,
        type: z.literal('number'),
        min: z.number().optional(),
        max: z.number().optional(),
        integer: z.boolean().optional(),
        unit: text.optional(),
      }),
      strict({ ...base, type: z.literal('choice'), options: z.array(option).min(1) }),
      strict({
        ...base,
        type: z.literal('choices'),
        options: z.array(option).min(1),
        min: count().optional(),
        max: z.number().int().positive().optional(),
      }),
      strict({ ...base, type: z.literal('address'), inTown: z.boolean().optional() }),
      strict({
        ...base,
        type: z.literal('file'),
        accept: z.array(z.enum(['image/jpeg', 'image/png', 'application/pdf'])),
        maxFiles: z.number().int().positive().optional(),
        maxBytes: z.number().int().positive().optional(),
      }),
      strict({ ...base, type: z.literal('consent') }),
    ],
    {
      error: (issue) => {
        if (issue.code !== 'invalid_union') return undefined;
        const input: unknown = issue.input;
        const given = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
        return given === undefined
          ? `missing field type (expected one of ${FIELD_TYPE_LIST})`
          : `unknown field type '${String(given)}' (expected one of ${FIELD_TYPE_LIST})`;
      },
    },
  );
  const { leaf, condition } = conditionSchemas();
  const step = strict({
    id: z.string().min(1),
    title: text,
    hint: text.optional(),
    when: condition.optional(),
    fields: z.array(field).min(1),
  });
  const legal = strict({
    kind: z.enum(['request', 'declaration', 'information']),
    silence: z.enum(['acceptance', 'rejection', 'not-applicable']).optional(),
    silenceReason: text.optional(),
    delay: z.string().min(1).optional(),
    service: z.string().min(1),
    appeal: text.optional(),
    incomplete: text.optional(),
    retentionDays: z.number().int().positive().optional(),
  });
  const procedure = strict({
    id: z.string().min(1),
    version: z.number().int().positive(),
    audience: z.enum(['resident', 'agent']),
    category: z.string().min(1),
    pictogram: z.string().min(1),
    title: text,
    summary: text,
    intro: strict({ needs: z.array(text), minutes: z.number().int().positive() }),
    steps: z.array(step).min(1),
    routes: z.array(z.string().min(1)).optional(),
    legal: legal.optional(),
    desk: strict({
      pieces: z.array(strict({ id: z.string().min(1), label: text, field: z.string().min(1).optional() })).optional(),
      decisions: z.array(strict({ id: z.string().min(1), decision: z.enum(['accepted', 'rejected']), title: text, message: text })).optional(),
    }).optional(),
  });
  const agendaId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'expected lower-case letters, digits and dashes');
  const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM');
  const hours = strict({ day: z.enum(HELP_WEEKDAYS as [Weekday, ...Weekday[]]), from: time, to: time });
  const help = strict({
    horizonDays: z.number().int().min(1).max(365),
    topics: z.array(strict({ id: agendaId, title: text })).min(1),
    places: z.array(strict({ id: agendaId, kind: z.enum(['epn', 'reception']), name: text, address: z.string().min(1) })).min(1),
    permanences: z.array(
      strict({
        id: agendaId,
        mediator: z.string().min(1),
        name: z.string().min(1),
        place: z.string().min(1),
        topics: z.array(z.string().min(1)).min(1),
        slotMinutes: z.number().int().min(5).max(240),
        weekly: z.array(hours).min(1),
      }),
    ),
    workshops: z.array(
      strict({
        id: agendaId,
        title: text,
        topic: z.string().min(1),
        place: z.string().min(1),
        level: z.enum(['beginner', 'intermediate']),
        language: z.string().min(1),
        capacity: z.number().int().min(1).max(500),
        weekly: hours,
      }),
    ),
    closed: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day YYYY-MM-DD')).optional(),
  });
  const site = strict({
    town: z.string().min(1),
    postcodes: z.array(z.string()).min(1),
    defaultLocale: z.string().min(1),
    locales: z
      .array(
        strict({
          code: z.string().min(1),
          name: z.string().min(1),
          speech: z.string().min(1).optional(),
          dir: z.enum(['ltr', 'rtl']),
        }),
      )
      .min(1),
    categories: z.array(strict({ id: z.string().min(1), title: text, pictogram: z.string().min(1) })),
    services: z.array(
      strict({
        id: z.string().min(1),
        name: text,
        email: z.string().min(1).optional(),
        address: z.string().min(1).optional(),
        phone: z.string().min(1).optional(),
      }),
    ),
    routes: z.record(z.string(), z.looseObject({ connector: z.string().min(1) })).optional(),
    dataProtection: strict({
      controller: z.string().min(1).optional(),
      dpo: strict({
        name: z.string().min(1).optional(),
        email: z.string().min(1).optional(),
        address: z.string().min(1).optional(),
        phone: z.string().min(1).optional(),
      }),
    }).optional(),
    court: z.string().min(1).optional(),
    register: z
      .record(
        z.string(),
        strict({
          purpose: z.string().min(1),
          basis: z.enum(['public-task', 'legal-obligation', 'contract', 'consent']),
          law: z.string().min(1).optional(),
        }),
      )
      .optional(),
    // The warning comes at least 60 s before the end (accessibility target 14).
    session: strict({
      warnAfterSeconds: z.number().int().min(30).max(86_400),
      endAfterSeconds: z.number().int().min(60).max(3_600),
    }).optional(),
    printing: strict({
      paper: z.enum(['a4', '80mm']),
      sites: z.record(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/), z.enum(['a4', '80mm'])).optional(),
    }).optional(),
    // What an operator accepts as an SMS sender: up to 11 letters and digits with one letter at least, or a number.
    sms: strict({
      sender: z.string().regex(/^(?:(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}|\+?\d{3,15})$/),
    }).optional(),
    help: help.optional(),
    openData: strict({ licence: z.enum(['etalab-2.0', 'odbl-1.0']) }).optional(),
  });
  return { site, procedure, step, field, option, legal, leaf };
}

// ---------------------------------------------------------------------------------------
// The schemas cannot drift from the model: each line fails to compile when they differ.

/** True when A and B are the same type, optional keys included (not mere assignability). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Schemas = ReturnType<typeof contentSchemas>;
type LeafCondition = Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>;

export type SchemaMatchesModel = [
  Assert<Same<z.output<Schemas['site']>, Site>>,
  Assert<Same<z.output<Schemas['procedure']>, Procedure>>,
  Assert<Same<z.output<Schemas['step']>, Step>>,
  Assert<Same<z.output<Schemas['field']>, Field>>,
  Assert<Same<z.output<Schemas['option']>, Option>>,
  Assert<Same<z.output<Schemas['legal']>, LegalProfile>>,
  Assert<Same<z.output<Schemas['leaf']>, LeafCondition>>,
];

// ---------------------------------------------------------------------------------------
// From zod issues to findings an editor understands.

type Issue = z.core.$ZodIssue;

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return typeof value === 'string' ? `'${value}'` : String(value);
}

const isMissing = (issue: Issue) =>
  issue.code === 'invalid_type' && issue.input === undefined && issue.path.length === 1;

/** A branch of a union "fits" when it has the same keys as the input: its errors are the real ones. */
const fits = (branch: readonly Issue[]) =>
  branch.every((i) => !(i.code === 'unrecognized_keys' && i.path.length === 0) && !isMissing(i));

function describeUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: PropertyKey[]): Finding[] {
  if (issue.discriminator !== undefined) return [{ path, message: issue.message }];
  const fitting = issue.errors.filter(fits);
  const [only] = fitting;
  if (fitting.length === 1 && only) return only.flatMap((i) => describeIssue(i, path));
  const types = issue.errors.map((branch) =>
    branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? branch[0].expected : '',
  );
  if (types.every(Boolean))
    return [{ path, message: `expected ${types.join(' or ')}, got ${show(issue.input)}` }];
  if (path.includes('when'))
    return [
      {
        path,
        message:
          'invalid condition: expected { field, equals | in | includes | answered }, { all: [...] }, { any: [...] } or { not: ... }',
      },
    ];
  return [{ path, message: `invalid value ${show(issue.input)}` }];
}

function describeIssue(issue: Issue, prefix: readonly PropertyKey[] = []): Finding[] {
  const path = [...prefix, ...issue.path];
  // With `reportInput`, an absent key is an issue whose input is undefined, whatever its code.
  const absent = issue.code === 'invalid_type' || issue.code === 'invalid_value' || issue.code === 'invalid_union';
  if (absent && issue.input === undefined && path.length > 0)
    return [{ path: path.slice(0, -1), message: `missing '${String(path.at(-1))}'` }];
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ path: [...path, key], at: 'key', message: `unknown key '${key}' (${issue.message})` }));
    case 'invalid_type':
      return [{ path, message: `expected ${issue.expected}, got ${show(issue.input)}` }];
    case 'invalid_union':
      return describeUnion(issue, path);
    case 'invalid_value':
      return [{ path, message: `expected ${issue.values.map((v) => show(v)).join(' or ')}, got ${show(issue.input)}` }];
    case 'too_small': {
      const what = issue.origin === 'array' ? 'item' : issue.origin === 'string' ? 'character' : '';
      if (issue.origin === 'string' && issue.minimum === 1) return [{ path, message: 'must not be empty' }];
      const bound = issue.inclusive ? issue.minimum : `more than ${String(issue.minimum)}`;
      return [{ path, message: what ? `expected at least ${String(bound)} ${what}(s)` : `expected at least ${String(bound)}` }];
    }
    case 'custom': {
      const params = issue.params as Partial<ContentIssueParams> | undefined;
      return [{ path, message: issue.message, severity: params?.severity ?? 'error' }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

/**
 * Findings for the issues of a failed parse, and whether the value is still well-formed
 * (only text issues: the rules that need a well-formed value can run on it).
 *
 * @example shapeFindings(schemas.procedure.safeParse(value, { reportInput: true }).error?.issues ?? [])
 */
export function shapeFindings(issues: readonly Issue[]): { findings: Finding[]; wellFormed: boolean } {
  const wellFormed = issues.every((i) => i.code === 'custom' && (i.params as Partial<ContentIssueParams> | undefined)?.rule);
  return { findings: issues.flatMap((i) => describeIssue(i)), wellFormed };
}
