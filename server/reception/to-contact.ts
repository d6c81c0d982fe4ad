// The reception's "to contact" list: residents who gave neither an email address nor a phone
// number hear of a status that asks or decides from the reception desk, by a printed letter
// or a call. The letter says what an email notice says (the status, the service's message, the
// missing pieces and by when, the tracking address) in French and in the person's language,
// above their name and postal address; never the tracking code. Marking one done records who
// told the person and how (audit), and the notice leaves the list.
import { html, raw } from 'hono/html';
import { TOWN_TIME_ZONE, type Address, type Procedure } from '../../content/model/index.ts';
import { isolated } from '../bidi.ts';
import { NOTICE_SEPARATOR, type NoticeEmail } from '../notices/email-notice.ts';
import { layout, type Desk } from './pages.ts';

type Html = ReturnType<typeof html>;

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: TOWN_TIME_ZONE });
const DAY = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: TOWN_TIME_ZONE });

export const NOTICE_STATUS_WORDS: Record<string, string> = {
  incomplete: 'Pièces manquantes demandées',
  accepted: 'Acceptée',
  rejected: 'Refusée',
  'deemed-accepted': 'Acceptée sans réponse (décision implicite)',
  'deemed-rejected': 'Refusée sans réponse (décision implicite)',
};

export interface LetterRow {
  id: string;
  reference: string;
  procedureTitle: string;
  status: string;
  at: string;
  /** What the person gave to be reached at all: a postal address, a landline in another answer. */
  reachable: { address: boolean; phone?: string };
}

export function toContactPage(data: { desk: Desk; rows: readonly LetterRow[]; done?: 'letter' | 'call' }): Html {
  return layout(
    'Personnes à prévenir',
    html`<h1>Personnes à prévenir</h1>
<p>Ces personnes n’ont donné ni adresse e-mail ni numéro de portable : prévenez-les par une lettre imprimée ou par un appel, puis notez-le.</p>
${data.done ? html`<p class="notice" role="status">${data.done === 'letter' ? 'Lettre notée comme envoyée.' : 'Appel noté.'}</p>` : ''}
${
  data.rows.length === 0
    ? html`<p>Personne à prévenir pour le moment.</p>`
    : html`<table>
<caption>Statuts à faire savoir, les plus anciens d’abord</caption>
<thead><tr><th scope="col">Demande</th><th scope="col">Démarche</th><th scope="col">Statut</th><th scope="col">Depuis le</th><th scope="col">Prévenir</th></tr></thead>
<tbody>${data.rows.map(
        (row) => html`<tr>
<th scope="row">${row.reference}</th>
<td>${row.procedureTitle}</td>
<td>${NOTICE_STATUS_WORDS[row.status] ?? row.status}</td>
<td><time datetime="${row.at}">${DATE_TIME.format(new Date(row.at))}</time></td>
<td><ul class="actions">
${row.reachable.address ? html`<li><a class="button" href="/reception/to-contact/${row.id}/letter">Imprimer la lettre<span class="visually-hidden"> de la demande ${row.reference}</span></a></li>` : ''}
<li><form method="post" action="/reception/to-contact/${row.id}"><input type="hidden" name="how" value="letter"><button type="submit">Lettre envoyée<span class="visually-hidden"> pour ${row.reference}</span></button></form></li>
<li><form method="post" action="/reception/to-contact/${row.id}"><input type="hidden" name="how" value="call"><button type="submit" class="secondary">Personne appelée<span class="visually-hidden"> pour ${row.reference}</span></button></form></li>
</ul>${row.reachable.phone ? html`<p>Téléphone donné : ${isolated(row.reachable.phone)}</p>` : ''}</td>
</tr>`,
      )}</tbody>
</table>`
}`,
    data.desk,
    '/reception/to-contact',
  );
}

/** The person's name and postal address, from the answers, for the letter's address block. */
export function addressBlock(procedure: Procedure, answers: Record<string, unknown>): string[] {
  const fields = procedure.steps.flatMap((step) => step.fields);
  const text = (token: string) => {
    const field = fields.find((candidate) => candidate.autocomplete === token);
    const value = field ? answers[field.id] : undefined;
    return typeof value === 'string' ? value.trim() : '';
  };
  const name = [text('given-name'), text('family-name')].filter(Boolean).join(' ');
  const addressField = fields.find((field) => field.type === 'address' && answers[field.id] !== undefined);
  const address = addressField ? (answers[addressField.id] as Address) : undefined;
  return [name, ...(address ? [address.street, address.complement ?? '', `${address.postcode} ${address.city}`] : [])].filter((line) => line.trim() !== '');
}

/**
 * The letter, one A4 page to print from the browser: the town, the person's address block, the
 * date, the subject, the notice in French then in the person's language.
 */
export function letterPage(data: { town: string; reference: string; recipient: string[]; notice: NoticeEmail; local?: { lang: string; dir: 'ltr' | 'rtl' }; today: Date }): Html {
  // The notice's text is the French, then (after its separator) the person's language.
  const [french = '', translated] = data.notice.text.split(NOTICE_SEPARATOR);
  const paragraphs = (text: string) => text.split('\n').map((line) => (line.trim() === '' ? '' : html`<p dir="auto">${line}</p>`));
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Lettre — demande ${data.reference} — Accueil Guichet</title>
<link rel="stylesheet" href="/reception/reception.css">
</head>
<body>
<main id="contenu" class="letter">
<p><strong>Mairie de ${data.town}</strong></p>
<address>${data.recipient.map((line) => html`<span dir="auto">${line}</span><br>`)}</address>
<p>Le ${DAY.format(data.today)}</p>
<h1>Objet : votre demande ${data.reference}</h1>
${paragraphs(french)}
${data.local && translated ? html`<section lang="${data.local.lang}" dir="${data.local.dir}">${paragraphs(translated)}</section>` : ''}
<p><a href="/reception/to-contact">Revenir à la liste</a></p>
</main>
</body>
</html>${raw('')}`;
}
