// The rules a well-formed site.yaml or procedure must also follow: what zod cannot say
// because it needs the whole file, the site, the pictograms on disk or the law.
import { LIMITS, minutesOf, procedureMentionGaps, siteMentionGaps } from '../model/index.ts';
import type { Condition, Field, HelpAgendas, Procedure, Site, Step, WeeklyHours } from '../model/index.ts';
import type { Finding, Severity } from './problem.ts';

export const FIELD_ID = /^[a-z][a-zA-Z0-9]*$/;
export const RETENTION_MAX_DAYS = 92;
/** Delays the receipts can compute: calendar months, days, or working days (legal.md). */
export const DELAY = /^[1-9]\d* (?:months?|days?|working days?)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Pictograms on disk, and how loud a missing one is (a warning while none is drawn yet). */
export interface Pictograms {
  names: ReadonlySet<string>;
  severity: Severity;
}

type Path = readonly PropertyKey[];

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return ISO_DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function duplicates<T>(items: readonly T[], key: (item: T) => string): Array<{ index: number; key: string }> {
  const seen = new Set<string>();
  return items.flatMap((item, index) => {
    const k = key(item);
    if (seen.has(k)) return [{ index, key: k }];
    seen.add(k);
    return [];
  });
}

function pictogramFinding(name: string, path: Path, pictograms: Pictograms): Finding[] {
  return pictograms.names.has(name)
    ? []
    : [{ path, severity: pictograms.severity, message: `no pictogram '${name}' (content/pictograms/${name}.svg)` }];
}

/**
 * Checks site.yaml beyond its shape.
 *
 * @example siteFindings(site, { names: new Set(['letter']), severity: 'error' })
 *   // [{ path: ['categories', 2, 'pictogram'], message: "no pictogram 'school' …" }]
 */
export function siteFindings(site: Site, pictograms: Pictograms): Finding[] {
  const findings: Finding[] = [];
  const codes = site.locales.map((l) => l.code);
  if (!codes.includes(site.defaultLocale))
    findings.push({ path: ['defaultLocale'], message: `default locale '${site.defaultLocale}' is not in locales (${codes.join(', ')})` });
  for (const { index, key } of duplicates(site.locales, (l) => l.code))
    findings.push({ path: ['locales', index, 'code'], message: `locale '${key}' is listed twice` });
  site.postcodes.forEach((postcode, i) => {
    if (!/^\d{5}$/.test(postcode))
      findings.push({ path: ['postcodes', i], message: `postcode '${postcode}' is not 5 digits` });
  });
  for (const { index, key } of duplicates(site.postcodes, (p) => p))
    findings.push({ path: ['postcodes', index], message: `postcode '${key}' is listed twice` });
  for (const { index, key } of duplicates(site.categories, (c) => c.id))
    findings.push({ path: ['categories', index, 'id'], message: `category id '${key}' is used twice` });
  for (const { index, key } of duplicates(site.services, (s) => s.id))
    findings.push({ path: ['services', index, 'id'], message: `service id '${key}' is used twice` });
  site.categories.forEach((category, i) =>
    findings.push(...pictogramFinding(category.pictogram, ['categories', i, 'pictogram'], pictograms)),
  );
  for (const gap of siteMentionGaps(site)) findings.push({ path: gap.path, message: gap.message });
  if (site.help) findings.push(...helpFindings(site.help, codes));
  return findings;
}

/** The help agendas' cross-references: places, topics, hours that end after they begin, ids used once. */
function helpFindings(help: HelpAgendas, locales: readonly string[]): Finding[] {
  const findings: Finding[] = [];
  const places = new Set(help.places.map((p) => p.id));
  const topics = new Set(help.topics.map((t) => t.id));
  const agendas = [...help.permanences.map((p, i) => ({ id: p.id, path: ['help', 'permanences', i] as Path })), ...help.workshops.map((w, i) => ({ id: w.id, path: ['help', 'workshops', i] as Path }))];
  for (const { index, key } of duplicates(agendas, (a) => a.id))
    findings.push({ path: [...(agendas[index]?.path ?? []), 'id'], message: `agenda id '${key}' is used twice (permanences and workshops share ids)` });
  for (const { index, key } of duplicates(help.places, (p) => p.id)) findings.push({ path: ['help', 'places', index, 'id'], message: `place id '${key}' is used twice` });
  help.closed?.forEach((day, i) => {
    if (!isRealDate(day)) findings.push({ path: ['help', 'closed', i], message: `'${day}' is not a real day` });
  });
  for (const { index, key } of duplicates(help.topics, (t) => t.id)) findings.push({ path: ['help', 'topics', index, 'id'], message: `topic id '${key}' is used twice` });
  const badHours = (h: WeeklyHours, path: Path) => {
    const from = minutesOf(h.from);
    const to = minutesOf(h.to);
    if (from !== undefined && to !== undefined && to <= from) findings.push({ path: [...path, 'to'], message: `'${h.to}' is not after '${h.from}'` });
  };
  help.permanences.forEach((p, i) => {
    const path: Path = ['help', 'permanences', i];
    if (!places.has(p.place)) findings.push({ path: [...path, 'place'], message: `unknown place '${p.place}' (help.places: ${[...places].join(', ')})` });
    p.topics.forEach((t, j) => {
      if (!topics.has(t)) findings.push({ path: [...path, 'topics', j], message: `unknown topic '${t}' (help.topics: ${[...topics].join(', ')})` });
    });
    p.weekly.forEach((h, j) => {
      badHours(h, [...path, 'weekly', j]);
      const from = minutesOf(h.from) ?? 0;
      const to = minutesOf(h.to) ?? 0;
      if (to > from && to - from < p.slotMinutes) findings.push({ path: [...path, 'weekly', j], message: `${h.from}–${h.to} is shorter than one slot of ${p.slotMinutes} minutes` });
    });
  });
  help.workshops.forEach((w, i) => {
    const path: Path = ['help', 'workshops', i];
    if (!places.has(w.place)) findings.push({ path: [...path, 'place'], message: `unknown place '${w.place}' (help.places: ${[...places].join(', ')})` });
    if (!topics.has(w.topic)) findings.push({ path: [...path, 'topic'], message: `unknown topic '${w.topic}' (help.topics: ${[...topics].join(', ')})` });
    if (!locales.includes(w.language)) findings.push({ path: [...path, 'language'], message: `language '${w.language}' is not in locales (${locales.join(', ')})` });
    badHours(w.weekly, [...path, 'weekly']);
  });
  return findings;
}

// ---------------------------------------------------------------------------------------
// Conditions

interface FieldPlace {
  field: Field;
  step: number;
}

function leafFindings(
  leaf: Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>,
  path: Path,
  stepIndex: number,
  procedure: Procedure,
  places: ReadonlyMap<string, FieldPlace>,
): Finding[] {
  const place = places.get(leaf.field);
  const at = (key: string, ...rest: PropertyKey[]): Path => [...path, key, ...rest];
  if (!place) return [{ path: at('field'), message: `condition on unknown field '${leaf.field}'` }];
  if (place.step >= stepIndex) {
    const where = procedure.steps[place.step]?.id ?? '';
    return [
      {
        path: at('field'),
        message: `condition on field '${leaf.field}' of step '${where}', which does not come before this step`,
      },
    ];
  }
  const { field } = place;
  const options = field.type === 'choice' || field.type === 'choices' ? field.options.map((o) => o.value) : [];
  const notOption = (value: unknown, valuePath: Path): Finding[] =>
    options.includes(value as string)
      ? []
      : [{ path: valuePath, message: `'${String(value)}' is not an option of '${field.id}' (options: ${options.join(', ')})` }];
  // The type an answer of this field has, when `equals` or `in` can ever hold on it.
  const answerType: Record<Field['type'], 'string' | 'number' | 'boolean' | undefined> = {
    text: 'string', longText: 'string', email: 'string', phone: 'string', date: 'string', choice: 'string',
    number: 'number', consent: 'boolean', choices: undefined, address: undefined, file: undefined,
  };
  const never = (operator: string): Finding[] => [
    {
      path: at(operator),
      message:
        field.type === 'choices'
          ? `'${operator}' never holds on choices field '${field.id}': use 'includes'`
          : `'${operator}' never holds on ${field.type} field '${field.id}'`,
    },
  ];
  const compare = (value: unknown, valuePath: Path): Finding[] => {
    if (field.type === 'choice') return notOption(value, valuePath);
    return typeof value === answerType[field.type]
      ? []
      : [{ path: valuePath, message: `${show(value)} can never equal an answer of ${field.type} field '${field.id}'` }];
  };
  if ('equals' in leaf) return answerType[field.type] ? compare(leaf.equals, at('equals')) : never('equals');
  if ('in' in leaf)
    return answerType[field.type] ? leaf.in.flatMap((value, i) => compare(value, at('in', i))) : never('in');
  if ('includes' in leaf)
    return field.type === 'choices'
      ? notOption(leaf.includes, at('includes'))
      : [{ path: at('includes'), message: `'includes' applies to a choices field, not to ${field.type} field '${field.id}'` }];
  return [];
}

const show = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value));

function conditionFindings(
  condition: Condition,
  path: Path,
  stepIndex: number,
  procedure: Procedure,
  places: ReadonlyMap<string, FieldPlace>,
): Finding[] {
  if ('all' in condition)
    return condition.all.flatMap((c, i) => conditionFindings(c, [...path, 'all', i], stepIndex, procedure, places));
  if ('any' in condition)
    return condition.any.flatMap((c, i) => conditionFindings(c, [...path, 'any', i], stepIndex, procedure, places));
  if ('not' in condition) return conditionFindings(condition.not, [...path, 'not'], stepIndex, procedure, places);
  return leafFindings(condition, path, stepIndex, procedure, places);
}

// ---------------------------------------------------------------------------------------
// Fields

function fieldFindings(field: Field, path: Path, pictograms: Pictograms): Finding[] {
  const findings: Finding[] = [];
  const add = (key: string, message: string) => findings.push({ path: [...path, key], message });
  if (!FIELD_ID.test(field.id)) add('id', `field id '${field.id}' must match [a-z][a-zA-Z0-9]* (like givenName)`);
  switch (field.type) {
    case 'text':
    case 'longText': {
      const limit = LIMITS[field.type];
      if (field.minLength !== undefined && field.maxLength !== undefined && field.minLength > field.maxLength)
        add('minLength', `minLength ${field.minLength} is above maxLength ${field.maxLength}`);
      if (field.maxLength !== undefined && field.maxLength > limit)
        add('maxLength', `maxLength ${field.maxLength} is above the longest ${field.type} (${limit})`);
      if (field.minLength !== undefined && field.minLength > limit)
        add('minLength', `minLength ${field.minLength} is above the longest ${field.type} (${limit})`);
      if (field.pattern !== undefined)
        try {
          // Compiled as validate.ts and Ajv compile it: anchored, with the `u` flag.
          new RegExp(`^(?:${field.pattern})$`, 'u');
        } catch (error) {
          add('pattern', `pattern does not compile: ${error instanceof Error ? error.message : String(error)}`);
        }
      break;
    }
    case 'number':
      if (field.min !== undefined && field.max !== undefined && field.min > field.max)
        add('min', `min ${field.min} is above max ${field.max}`);
      break;
    case 'date': {
      for (const key of ['min', 'max'] as const) {
        const bound = field[key];
        if (typeof bound === 'string' && !isRealDate(bound))
          add(key, `${key} '${bound}' is not a date (YYYY-MM-DD) nor a number of days from today`);
      }
      const { min, max } = field;
      if (min !== undefined && max !== undefined && typeof min === typeof max && min > max)
        add('min', `min ${show(min)} is after max ${show(max)}`);
      break;
    }
    case 'choice':
    case 'choices': {
      for (const { index, key } of duplicates(field.options, (o) => o.value))
        findings.push({ path: [...path, 'options', index, 'value'], message: `option value '${key}' is used twice` });
      field.options.forEach((option, i) => {
        if (option.pictogram !== undefined)
          findings.push(...pictogramFinding(option.pictogram, [...path, 'options', i, 'pictogram'], pictograms));
      });
      if (field.type === 'choices') {
        const n = field.options.length;
        if (field.min !== undefined && field.max !== undefined && field.min > field.max)
          add('min', `min ${field.min} is above max ${field.max}`);
        if (field.min !== undefined && field.min > n) add('min', `min ${field.min} is above the ${n} options`);
        if (field.max !== undefined && field.max > n) add('max', `max ${field.max} is above the ${n} options`);
      }
      break;
    }
    case 'file':
      if (!field.accept.length) add('accept', 'accept lists no file type (image/jpeg, image/png, application/pdf)');
      for (const { index, key } of duplicates(field.accept, (a) => a))
        findings.push({ path: [...path, 'accept', index], message: `file type '${key}' is listed twice` });
      break;
    default:
      break;
  }
  return findings;
}

// ---------------------------------------------------------------------------------------
// Procedures

export interface ProcedureContext {
  /** The file name without `.yaml`, which is the procedure's id. */
  name: string;
  /** The site, when site.yaml is well-formed; references to it are not checked otherwise. */
  site?: Site;
  pictograms: Pictograms;
}

/** The desk's lists: unique ids, and a piece asks again only for a field the procedure has. */
function deskFindings(procedure: Procedure): Finding[] {
  const findings: Finding[] = [];
  const fields = new Set(procedure.steps.flatMap((step) => step.fields.map((field) => field.id)));
  const unique = (list: ReadonlyArray<{ id: string }> | undefined, key: 'pieces' | 'decisions') => {
    const seen = new Set<string>();
    list?.forEach((item, index) => {
      if (seen.has(item.id)) findings.push({ path: ['desk', key, index, 'id'], message: `duplicate id '${item.id}'` });
      seen.add(item.id);
    });
  };
  unique(procedure.desk?.pieces, 'pieces');
  unique(procedure.desk?.decisions, 'decisions');
  procedure.desk?.pieces?.forEach((piece, index) => {
    if (piece.field !== undefined && !fields.has(piece.field))
      findings.push({ path: ['desk', 'pieces', index, 'field'], message: `unknown field '${piece.field}' (fields: ${[...fields].join(', ')})` });
  });
  return findings;
}

function legalFindings(procedure: Procedure, site: Site | undefined): Finding[] {
  const { legal } = procedure;
  if (!legal) return [];
  const findings: Finding[] = [];
  const add = (key: string, message: string) => findings.push({ path: ['legal', key], message });
  if (site && !site.services.some((s) => s.id === legal.service))
    add('service', `unknown service '${legal.service}' (site.yaml services: ${site.services.map((s) => s.id).join(', ')})`);
  // Requests between the administration and its own agents: silence is a rejection (L231-4).
  if (procedure.audience === 'agent' && legal.silence === 'acceptance')
    add('silence', "an agent procedure cannot have silence: acceptance (silence is a rejection between a town and its agents, L231-4)");
  if (legal.silence === 'rejection' && !legal.appeal)
    add('silence', 'silence: rejection needs an appeal text (legal.appeal), printed on the acknowledgment (R112-11-1)');
  if (legal.silence === 'not-applicable' && !legal.silenceReason)
    add('silence', 'silence: not-applicable needs its reason (legal.silenceReason)');
  if (legal.kind === 'request') {
    if (!legal.silence) findings.push({ path: ['legal'], message: "a request needs a silence rule (legal.silence: acceptance, rejection or not-applicable)" });
    if (legal.silence && legal.silence !== 'not-applicable' && !legal.delay)
      findings.push({ path: ['legal'], message: "a request needs the delay before silence is a decision (legal.delay, like '2 months')" });
  }
  if (legal.delay !== undefined && !DELAY.test(legal.delay))
    add('delay', `delay '${legal.delay}' cannot be computed: write '2 months', '15 days' or '10 working days'`);
  if (legal.retentionDays !== undefined && legal.retentionDays > RETENTION_MAX_DAYS)
    add('retentionDays', `retentionDays ${legal.retentionDays} is above ${RETENTION_MAX_DAYS} (3 months at most)`);
  return findings;
}

/**
 * The mentions this procedure's acknowledgment of receipt would print empty (R112-11-1, L112-6),
 * from the same rules the receipts are built with (content/model/legal.ts). A gap already
 * reported at the same place by a more specific rule is not repeated.
 */
function receiptFindings(procedure: Procedure, site: Site, already: readonly Finding[]): Finding[] {
  const seen = new Set(already.map((f) => f.path.join('.')));
  const findings: Finding[] = [];
  for (const gap of procedureMentionGaps(procedure, site)) {
    const path = gap.file === 'procedure' ? gap.path : ['legal', 'service'];
    if (seen.has(path.join('.'))) continue;
    const where = gap.file === 'site' ? ` (site.yaml ${gap.path.join('.')})` : '';
    const message = `incomplete acknowledgment of receipt, ${gap.basis}: ${gap.message}${where}`;
    if (!findings.some((f) => f.message === message)) findings.push({ path, message });
  }
  return findings;
}

/**
 * Checks one well-formed procedure against its file name, the site, the pictograms and the law.
 *
 * @example procedureFindings(procedure, { name: 'write-to-town-hall', site, pictograms })
 */
export function procedureFindings(procedure: Procedure, context: ProcedureContext): Finding[] {
  const { site, pictograms } = context;
  const findings: Finding[] = [];
  if (procedure.id !== context.name)
    findings.push({ path: ['id'], message: `id '${procedure.id}' differs from the file name '${context.name}.yaml'` });
  if (site && !site.categories.some((c) => c.id === procedure.category))
    findings.push({
      path: ['category'],
      message: `unknown category '${procedure.category}' (site.yaml categories: ${site.categories.map((c) => c.id).join(', ')})`,
    });
  findings.push(...pictogramFinding(procedure.pictogram, ['pictogram'], pictograms));
  const routes = Object.keys(site?.routes ?? {});
  if (site)
    (procedure.routes ?? []).forEach((route, i) => {
      if (!routes.includes(route))
        findings.push({ path: ['routes', i], message: `unknown route '${route}' (site.yaml routes: ${routes.join(', ') || 'none'})` });
    });
  findings.push(...legalFindings(procedure, site));
  findings.push(...deskFindings(procedure));
  // The register of processing (RGPD art. 30) needs each procedure's purpose and legal basis.
  if (site && !site.register?.[procedure.id])
    findings.push({
      path: ['id'],
      message: `no entry in the register of processing: add register.${procedure.id} to site.yaml with its purpose and legal basis (RGPD art. 30)`,
    });
  if (site) findings.push(...receiptFindings(procedure, site, findings));

  for (const { index, key } of duplicates(procedure.steps, (s: Step) => s.id))
    findings.push({ path: ['steps', index, 'id'], message: `step id '${key}' is used twice` });
  const places = new Map<string, FieldPlace>();
  procedure.steps.forEach((step, s) =>
    step.fields.forEach((field, f) => {
      const path = ['steps', s, 'fields', f];
      if (places.has(field.id)) findings.push({ path: [...path, 'id'], message: `field id '${field.id}' is used twice` });
      else places.set(field.id, { field, step: s });
      findings.push(...fieldFindings(field, path, pictograms));
    }),
  );
  procedure.steps.forEach((step, s) => {
    if (step.when) findings.push(...conditionFindings(step.when, ['steps', s, 'when'], s, procedure, places));
  });
  return findings;
}
