// Open data: a Frictionless data package (https://specs.frictionlessdata.io/data-package/) of
// the requests received each month, per procedure and channel, published without sign-in.
// No person can be singled out: a count under 5 is withheld (an empty cell, with a note), and
// the package holds no total of any kind (per procedure, month or channel), so a withheld cell
// cannot be recomputed from the others. Only months that have ended are published, so a figure
// never changes from one download to the next (two downloads cannot be subtracted either).
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import type { Content } from '../../content/model/index.ts';
import { townDay } from '../requests/status.ts';
import type { RequestFact, Store } from '../store/types.ts';
import { instantsOf } from './figures.ts';

/** Counts under this are withheld. */
export const SMALLEST_PUBLISHED = 5;
/** Months published, the last one being the month before this one. */
export const MONTHS = 24;
export const WITHHELD_NOTE = 'Moins de 5 demandes : nombre non publié pour protéger les personnes.';
export const CSV_NAME = 'demandes-par-mois.csv';

const CHANNEL_CODES = ['epn', 'reception', 'tiers-lieu', 'non-renseigne'] as const;

const LICENCES = {
  'etalab-2.0': { name: 'etalab-2.0', path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/', title: 'Licence Ouverte / Open Licence version 2.0' },
  'odbl-1.0': { name: 'ODbL-1.0', path: 'https://opendatacommons.org/licenses/odbl/1-0/', title: 'Open Data Commons Open Database License 1.0' },
} as const;

/** The table schema of the CSV (https://specs.frictionlessdata.io/table-schema/). */
export const REQUESTS_SCHEMA = {
  fields: [
    { name: 'mois', type: 'yearmonth', title: 'Mois', description: 'Le mois où les demandes ont été reçues (heure de Paris).', constraints: { required: true } },
    { name: 'demarche', type: 'string', title: 'Démarche', description: 'L’identifiant de la démarche.', constraints: { required: true, pattern: '[a-z0-9][a-z0-9-]*' } },
    { name: 'intitule', type: 'string', title: 'Intitulé', description: 'Le nom de la démarche.', constraints: { required: true } },
    {
      name: 'canal',
      type: 'string',
      title: 'Canal',
      description: 'Où la demande a été faite : espace public numérique, accueil de la mairie, tiers-lieu, ou non renseigné.',
      constraints: { required: true, enum: [...CHANNEL_CODES] },
    },
    {
      name: 'demandes',
      type: 'integer',
      title: 'Demandes',
      description: `Le nombre de demandes reçues. Vide quand il est inférieur à ${SMALLEST_PUBLISHED} (voir la note).`,
      constraints: { minimum: SMALLEST_PUBLISHED },
    },
    { name: 'note', type: 'string', title: 'Note', description: 'Pourquoi une valeur manque.' },
  ],
  missingValues: [''],
  primaryKey: ['mois', 'demarche', 'canal'],
} as const;

export interface OpenDataRow {
  mois: string;
  demarche: string;
  intitule: string;
  canal: (typeof CHANNEL_CODES)[number];
  /** Undefined when withheld. */
  demandes?: number;
  note: string;
}

/** The months published on `today`: the `MONTHS` that ended before this one, oldest first. */
export function publishedMonths(today: string): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const months: string[] = [];
  for (let back = MONTHS; back >= 1; back--) {
    const index = year * 12 + (month - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

const lastDayOf = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
};

/** The rows: one per month, procedure and channel that had a request; small counts withheld. */
export function openDataRows(facts: readonly RequestFact[], titles: ReadonlyMap<string, string>, months: readonly string[]): OpenDataRow[] {
  const counts = new Map<string, number>();
  const published = new Set(months);
  for (const fact of facts) {
    // The town's month of the instant it was received.
    const month = townDay(new Date(fact.receivedAt)).slice(0, 7);
    if (!published.has(month)) continue;
    const channel = fact.channel ?? 'non-renseigne';
    const key = JSON.stringify([month, fact.procedureId, channel]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const rows = [...counts].map(([key, count]): OpenDataRow => {
    const [mois, demarche, canal] = JSON.parse(key) as [string, string, OpenDataRow['canal']];
    const shown = count >= SMALLEST_PUBLISHED;
    return { mois, demarche, intitule: titles.get(demarche) ?? demarche, canal, ...(shown ? { demandes: count } : {}), note: shown ? '' : WITHHELD_NOTE };
  });
  return rows.sort((a, b) => a.mois.localeCompare(b.mois) || a.demarche.localeCompare(b.demarche) || CHANNEL_CODES.indexOf(a.canal) - CHANNEL_CODES.indexOf(b.canal));
}

/** RFC 4180: a value with a comma, a quote or a line break goes in quotes, its quotes doubled. */
const csvValue = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function csvOf(rows: readonly OpenDataRow[]): string {
  const names = REQUESTS_SCHEMA.fields.map((f) => f.name);
  const lines = [names.join(',')];
  for (const row of rows) lines.push([row.mois, row.demarche, row.intitule, row.canal, row.demandes === undefined ? '' : String(row.demandes), row.note].map(csvValue).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function dataPackageOf(content: Content, months: readonly string[]) {
  const licence = LICENCES[content.site.openData?.licence ?? 'etalab-2.0'];
  const town = content.site.town;
  return {
    profile: 'tabular-data-package',
    name: `guichet-${town.normalize('NFD').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/^-|-$/g, '')}`,
    title: `Demandes faites au guichet numérique de ${town}`,
    description: `Le nombre de demandes reçues chaque mois, par démarche et par canal. Un nombre inférieur à ${SMALLEST_PUBLISHED} n’est pas publié, et aucun total n’est donné, pour qu’on ne puisse pas le retrouver.`,
    licenses: [licence],
    temporal: { start: months[0], end: months.at(-1) },
    resources: [
      {
        name: 'demandes-par-mois',
        path: CSV_NAME,
        profile: 'tabular-data-resource',
        title: 'Demandes reçues par mois, démarche et canal',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: { delimiter: ',', lineTerminator: '\r\n', header: true },
        schema: REQUESTS_SCHEMA,
      },
    ],
  };
}

/** @example app.route('/open-data', openDataRoutes({ store, content, now })) */
export const openDataRoutes = (deps: { store: Store; content: Content; now: () => Date }) => {
  const months = () => publishedMonths(townDay(deps.now()));
  const titles = new Map(deps.content.procedures.map((p) => [p.id, p.title.fr ?? p.id]));
  // Public and the same for everyone until the month changes: an hour in any cache.
  const CACHE = 'public, max-age=3600';
  return new Hono()
    .use('*', etag())
    .get('/datapackage.json', (c) => c.json(dataPackageOf(deps.content, months()), 200, { 'Cache-Control': CACHE, 'Access-Control-Allow-Origin': '*' }))
    .get(`/${CSV_NAME}`, async (c) => {
      const published = months();
      const facts = await deps.store.requestFacts(instantsOf({ from: `${published[0]}-01`, to: lastDayOf(published.at(-1)!) }));
      return c.body(csvOf(openDataRows(facts, titles, published)), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `inline; filename="${CSV_NAME}"`,
        'Cache-Control': CACHE,
        'Access-Control-Allow-Origin': '*',
      });
    });
};
