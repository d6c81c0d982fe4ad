// /open-data through the app, as a data portal or a resident's spreadsheet meets it: the
// package validates against its own table schema (every column of every row is checked as the
// Table Schema spec says), small counts are withheld, and nothing lets one be recomputed.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/test-app.ts';
import type { Channel, NewSubmission } from '../store/types.ts';
import { SMALLEST_PUBLISHED, WITHHELD_NOTE, publishedMonths } from './open-data.ts';

let t: TestApp;
afterEach(() => t?.dispose());

interface Field {
  name: string;
  type: string;
  constraints?: { required?: boolean; enum?: string[]; minimum?: number; pattern?: string };
}
interface Schema {
  fields: Field[];
  missingValues: string[];
  primaryKey: string[];
}

/** RFC 4180 with CRLF lines: quoted values may hold commas, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let value = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (value += '"'), i++;
      else if (ch === '"') quoted = false;
      else value += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(value), (value = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(value), rows.push(row), (row = []), (value = ''), i++;
    } else value += ch;
  }
  expect(value === '' && row.length === 0, 'the file ends with CRLF').toBe(true);
  return rows;
}

/**
 * Every row and column checked against the table schema as the Table Schema spec defines it:
 * the header names the fields in order; missing values; types (string, integer, yearmonth);
 * constraints required, enum, minimum, pattern (anchored); the primary key unique. A stand-in
 * for frictionless-py's `validate`, which is not installed here.
 */
function problemsOf(schema: Schema, rows: string[][]): string[] {
  const problems: string[] = [];
  const [header, ...data] = rows;
  if (JSON.stringify(header) !== JSON.stringify(schema.fields.map((f) => f.name))) problems.push(`header ${JSON.stringify(header)}`);
  const keys = new Set<string>();
  data.forEach((cells, r) => {
    if (cells.length !== schema.fields.length) problems.push(`row ${r + 2}: ${cells.length} cells`);
    schema.fields.forEach((field, c) => {
      const raw = cells[c] ?? '';
      const where = `row ${r + 2}, ${field.name} = ${JSON.stringify(raw)}`;
      if (schema.missingValues.includes(raw)) {
        if (field.constraints?.required) problems.push(`${where}: required`);
        return;
      }
      if (field.type === 'integer' && !/^[+-]?\d+$/.test(raw)) problems.push(`${where}: not an integer`);
      if (field.type === 'yearmonth' && !/^\d{4}-(0[1-9]|1[0-2])$/.test(raw)) problems.push(`${where}: not a yearmonth`);
      if (field.constraints?.enum && !field.constraints.enum.includes(raw)) problems.push(`${where}: not in enum`);
      if (field.constraints?.minimum !== undefined && Number(raw) < field.constraints.minimum) problems.push(`${where}: under minimum`);
      if (field.constraints?.pattern && !new RegExp(`^(?:${field.constraints.pattern})$`, 'u').test(raw)) problems.push(`${where}: pattern`);
    });
    const key = JSON.stringify(schema.primaryKey.map((name) => cells[schema.fields.findIndex((f) => f.name === name)]));
    if (keys.has(key)) problems.push(`row ${r + 2}: primary key ${key} repeated`);
    keys.add(key);
  });
  return problems;
}

async function accept(procedureId: string, receivedAt: string, channel: Channel | null) {
  const submission: NewSubmission = {
    id: randomUUID(),
    procedureId,
    procedureVersion: t.content.procedures.find((p) => p.id === procedureId)!.version,
    locale: 'fr',
    answers: { message: 'CANARY-OPEN-DATA' },
    attachments: [],
    bodyHash: randomUUID(),
    receivedAt,
    routes: ['mail'],
    ...(channel ? { attribution: { channel } } : {}),
  };
  const result = await t.store.acceptSubmission(submission);
  expect(result.outcome).toBe('created');
}

describe('/open-data', () => {
  it('publishes 12 requests and withholds 3, with no row or total from which the 3 can be recovered; every column fits its schema', async () => {
    t = await startTestApp({ now: () => new Date('2026-11-28T10:00:00.000Z') });
    for (let i = 0; i < 3; i++) await accept('write-to-town-hall', `2026-10-${String(10 + i).padStart(2, '0')}T09:00:00.000+02:00`, 'epn');
    for (let i = 0; i < 12; i++) await accept('report-street-problem', `2026-10-${String(10 + i).padStart(2, '0')}T09:00:00.000+02:00`, 'epn');
    // This month is not over: not published yet, whatever it holds.
    for (let i = 0; i < 6; i++) await accept('report-street-problem', '2026-11-20T09:00:00.000+01:00', null);

    const described = await t.app.request('/open-data/datapackage.json');
    expect(described.status).toBe(200);
    expect(described.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(described.headers.get('etag')).toBeTruthy();
    const pkg = (await described.json()) as { profile: string; licenses: Array<{ name: string }>; resources: Array<{ path: string; profile: string; schema: Schema }> };
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.licenses).toEqual([expect.objectContaining({ name: 'etalab-2.0' })]);
    expect(pkg.resources).toHaveLength(1);
    const resource = pkg.resources[0]!;
    expect(resource.profile).toBe('tabular-data-resource');

    const csv = await t.app.request(`/open-data/${resource.path}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await csv.text();
    const rows = parseCsv(text);
    expect(problemsOf(resource.schema, rows)).toEqual([]);
    expect(rows.slice(1)).toEqual([
      ['2026-10', 'report-street-problem', expect.any(String), 'epn', '12', ''],
      ['2026-10', 'write-to-town-hall', 'Écrire à la mairie', 'epn', '', WITHHELD_NOTE],
    ]);
    // No figure from which 3 follows: no 3 at all, no total (15), nothing of November.
    const numbers = rows.slice(1).flatMap((r) => r.filter((cell) => /^\d+$/.test(cell)).map(Number));
    expect(numbers).toEqual([12]);
    expect(text).not.toContain('2026-11');
    expect(text).not.toContain('CANARY');
    expect(SMALLEST_PUBLISHED).toBe(5);
  });

  it('finds a row that breaks its schema (the check can fail)', () => {
    const schema: Schema = {
      fields: [
        { name: 'mois', type: 'yearmonth', constraints: { required: true } },
        { name: 'demandes', type: 'integer', constraints: { minimum: 5 } },
      ],
      missingValues: [''],
      primaryKey: ['mois'],
    };
    expect(problemsOf(schema, [['mois', 'demandes'], ['2026-13', '3'], ['', 'x'], ['2026-10', '7'], ['2026-10', '']])).toEqual([
      'row 2, mois = "2026-13": not a yearmonth',
      'row 2, demandes = "3": under minimum',
      'row 3, mois = "": required',
      'row 3, demandes = "x": not an integer',
      'row 5: primary key ["2026-10"] repeated',
    ]);
  });

  it('publishes the 24 months that ended, never the current one', () => {
    const months = publishedMonths('2026-01-15');
    expect(months).toHaveLength(24);
    expect(months[0]).toBe('2024-01');
    expect(months.at(-1)).toBe('2025-12');
  });
});
