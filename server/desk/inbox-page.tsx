/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The instructor's inbox: the open requests of their services, the most urgent first
// (legal date reached, legal date within a week, new, waiting for the resident, in progress).
import { Day, Table, Time, type Column } from '../pages/index.ts';
import type { CalendarDate } from '../receipts/calendar.ts';
import { inboxSections, type InboxRow, type InboxSections } from './inbox.ts';
import { DeskLayout, type Instructor } from './layout.tsx';
import { channelLabel, STATUS_LABELS } from './words.ts';

export interface InboxPageData {
  instructor: Instructor;
  today: CalendarDate;
  rows: readonly InboxRow[];
  /** A confirmation after an action ("Demande 7KQ4-M2XD : décision enregistrée"). */
  notice?: string;
}

const SECTIONS: ReadonlyArray<{ key: keyof InboxSections; id: string; title: string; empty: string }> = [
  { key: 'overdue', id: 'depassees', title: 'Date de décision implicite atteinte', empty: 'aucune demande.' },
  { key: 'dueSoon', id: 'bientot', title: 'Date de décision implicite dans les 7 jours', empty: 'aucune demande.' },
  { key: 'new', id: 'nouvelles', title: 'Nouvelles demandes, sans agent', empty: 'aucune demande.' },
  { key: 'incomplete', id: 'incompletes', title: 'Incomplètes, en attente de la personne', empty: 'aucune demande.' },
  { key: 'inProgress', id: 'en-cours', title: 'En cours d’instruction', empty: 'aucune demande.' },
];

function columns(today: CalendarDate): Column<InboxRow>[] {
  return [
    { header: 'Référence', cell: (row) => <a href={`/desk/requests/${encodeURIComponent(row.reference)}`}>{row.reference}</a> },
    { header: 'Démarche', cell: (row) => row.procedureTitle },
    { header: 'Service', cell: (row) => row.service },
    { header: 'Reçue le', cell: (row) => <Time iso={row.receivedAt} /> },
    { header: 'Statut', cell: (row) => STATUS_LABELS[row.status] },
    {
      header: 'Échéance',
      cell: (row) =>
        row.status === 'incomplete' ? (
          <>
            Pièces attendues avant le <Day date={row.respondBy} />
            {row.respondBy && row.respondBy < today ? <span class="late"> (délai passé)</span> : null}
          </>
        ) : row.implicitDecisionDate ? (
          <>
            {row.implicitDecision === 'deemed-rejected' ? 'Refus implicite le ' : 'Acceptation implicite le '}
            <Day date={row.implicitDecisionDate} />
          </>
        ) : (
          'Pas de décision implicite'
        ),
    },
    { header: 'Agent', cell: (row) => row.assignee ?? 'Personne' },
    { header: 'Arrivée par', cell: (row) => channelLabel(row.channel) },
  ];
}

/**
 * @example documentOf(<InboxPage instructor={instructor} today="2026-04-28" rows={rows} />)
 */
export function InboxPage(props: InboxPageData) {
  const sections = inboxSections(props.rows, props.today);
  const cols = columns(props.today);
  return (
    <DeskLayout title="Boîte de réception" instructor={props.instructor} current="/desk">
      <h1>Boîte de réception</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <nav aria-label="Sections de la boîte">
        <ul class="sections">
          {SECTIONS.map((section) => (
            <li>
              <a href={`#${section.id}`}>
                {section.title} ({sections[section.key].length})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {SECTIONS.map((section) => (
        <section aria-labelledby={`${section.id}-title`}>
          <h2 id={`${section.id}-title`}>{section.title}</h2>
          <Table id={section.id} caption={`${section.title} (${sections[section.key].length})`} columns={cols} rows={sections[section.key]} empty={section.empty} />
        </section>
      ))}
    </DeskLayout>
  );
}
