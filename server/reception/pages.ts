// The reception console's pages as server-rendered HTML, in French like the delivery console:
// landmarks, one h1, tables with captions and header scopes, plain forms whose errors name the
// field and say what to do. No script and no inline style (the console's CSP allows neither).
import { html, raw } from 'hono/html';
import { isolated } from '../bidi.ts';
import { TOWN_TIME_ZONE } from '../../content/model/index.ts';
import type { PersonCopy } from '../rights/person-data.ts';
import type { AttributedSubmission, DeliveryView, Mandate, SubmissionStatus } from '../store/types.ts';

type Html = ReturnType<typeof html>;

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: TOWN_TIME_ZONE });
const TIME = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short', timeZone: TOWN_TIME_ZONE });

const when = (iso: string, format = DATE_TIME): Html => html`<time datetime="${iso}">${format.format(new Date(iso))}</time>`;

export const STATUS_WORDS: Record<SubmissionStatus | 'purged', string> = {
  received: 'Reçue, en route vers le service',
  delivered: 'Arrivée au service',
  acknowledged: 'Prise en charge par le service',
  closed: 'Terminée',
  purged: 'Terminée, réponses effacées (durée de conservation passée)',
};

const CHANNEL_WORDS: Record<string, string> = { epn: 'Espace numérique', reception: 'Accueil', 'tiers-lieu': 'Tiers-lieu' };
const channelWords = (channel: string | null) => (channel ? (CHANNEL_WORDS[channel] ?? channel) : 'Non renseigné');

/** Who is signed in, for the header. */
export interface Desk {
  displayName: string;
  /** The account's site; undefined: every site. */
  site?: string;
}

/** A form's problem: which input, what to do. */
export interface FieldProblem {
  field: string;
  message: string;
}

function errorSummary(problems: readonly FieldProblem[]): Html | string {
  if (problems.length === 0) return '';
  return html`<div class="error-summary" aria-labelledby="error-title">
<h2 id="error-title">${problems.length > 1 ? `${problems.length} choses à corriger` : 'Une chose à corriger'}</h2>
<ul>${problems.map((p) => html`<li><a href="#${p.field}">${p.message}</a></li>`)}</ul>
</div>`;
}

const problemOf = (problems: readonly FieldProblem[], field: string) => problems.find((p) => p.field === field);

/** An input's error attributes and message, when it has one. */
function fieldError(problems: readonly FieldProblem[], field: string): { attributes: Html | string; message: Html | string } {
  const problem = problemOf(problems, field);
  if (!problem) return { attributes: '', message: '' };
  return {
    attributes: raw(` aria-invalid="true" aria-describedby="${field}-error"`),
    message: html`<p class="error" id="${field}-error">${problem.message}</p>`,
  };
}

export function layout(title: string, body: Html, desk?: Desk, current?: string, hasErrors = false): Html {
  const link = (href: string, label: string) =>
    html`<li><a href="${href}"${current === href ? raw(' aria-current="page"') : ''}>${label}</a></li>`;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${hasErrors ? 'Erreur : ' : ''}${title} — Accueil Guichet</title>
<link rel="stylesheet" href="/reception/reception.css">
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="bar">
<p class="brand">Guichet — accueil${desk ? html` · ${isolated(desk.displayName)}${desk.site ? html` (${isolated(desk.site)})` : ''}` : ''}</p>
${
  desk
    ? html`<nav aria-label="Accueil"><ul>${link('/reception', 'Aujourd’hui')}${link('/reception/requests', 'Retrouver une demande')}${link('/reception/mandates/new', 'Accompagner une personne')}${link('/reception/mandates/find', 'Retrouver un mandat')}${link('/reception/rights', 'Droits sur les données')}${link('/reception/terminals', 'Inscrire une borne')}${link('/reception/to-contact', 'Personnes à prévenir')}</ul></nav>
<form method="post" action="/reception/sign-out"><button type="submit" class="secondary">Se déconnecter</button></form>`
    : ''
}
</header>
<main id="contenu" tabindex="-1">
${body}
</main>
</body>
</html>`;
}

export function signInPage(options: { next: string; login?: string; problems: readonly FieldProblem[]; notice?: string }): Html {
  const login = fieldError(options.problems, 'login');
  const code = fieldError(options.problems, 'code');
  return layout(
    'Connexion',
    html`<h1>Connexion de l’accueil</h1>
<p>Entrez votre identifiant d’accueil et votre code. Vous pouvez coller le code.</p>
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${errorSummary(options.problems)}
<form method="post" action="/reception/sign-in" class="sign-in" novalidate>
<input type="hidden" name="next" value="${options.next}">
<div class="field">
<label for="login">Identifiant d’accueil</label>
${login.message}
<input id="login" name="login" type="text" dir="auto" autocomplete="username" autocapitalize="off" spellcheck="false" value="${options.login ?? ''}"${login.attributes}>
</div>
<div class="field">
<label for="code">Code</label>
${code.message}
<input id="code" name="code" type="password" autocomplete="current-password"${code.attributes}>
</div>
<button type="submit">Se connecter</button>
</form>`,
    undefined,
    undefined,
    options.problems.length > 0,
  );
}

/** A signed-in account of another role (an agent, a mediator): the console is not theirs. */
export function forbiddenPage(): Html {
  return layout(
    'Réservé à l’accueil',
    html`<h1>Cette page est réservée à l’accueil</h1>
<p>Vous êtes connecté avec un compte qui n’est pas un compte d’accueil.</p>
<form method="post" action="/reception/sign-out"><button type="submit">Se déconnecter et changer de compte</button></form>`,
  );
}

export interface TodayData {
  desk: Desk;
  submissions: AttributedSubmission[];
  stuck: DeliveryView[];
  titles: ReadonlyMap<string, string>;
}

export function todayPage(data: TodayData): Html {
  const where = data.desk.site ? `de ${data.desk.site}` : 'de tous les lieux';
  return layout(
    'Aujourd’hui',
    html`<h1>Aujourd’hui à l’accueil</h1>
<form method="get" action="/reception/requests" class="search" role="search" aria-label="Retrouver une demande">
<label for="reference">Référence de la demande</label>
<p class="hint" id="reference-hint">8 caractères, par exemple K7QD-4MZ9.</p>
<input id="reference" name="reference" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="reference-hint">
<button type="submit">Retrouver</button>
</form>
<h2>Demandes reçues aujourd’hui ${where}</h2>
${
  data.submissions.length === 0
    ? html`<p>Aucune demande reçue aujourd’hui ${where}.</p>`
    : html`<div class="table-wrap" role="region" aria-labelledby="today-caption" tabindex="0">
<table>
<caption id="today-caption">${data.submissions.length} demande${data.submissions.length > 1 ? 's' : ''} reçue${data.submissions.length > 1 ? 's' : ''} aujourd’hui ${where}, les plus récentes d’abord</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Démarche</th><th scope="col">Reçue à</th><th scope="col">Canal</th><th scope="col">Aide</th><th scope="col">État</th></tr></thead>
<tbody>
${data.submissions.map(
  (s) => html`<tr>
<th scope="row"><a href="/reception/requests?reference=${encodeURIComponent(s.reference)}">${s.reference}</a></th>
<td>${data.titles.get(s.procedureId) ?? s.procedureId}</td>
<td>${when(s.receivedAt, TIME)}</td>
<td>${channelWords(s.channel)}</td>
<td>${s.mediatorId !== undefined ? 'Médiateur (mandat)' : s.receptionId !== undefined ? 'Accueil' : s.agentId !== undefined ? 'Agent pour lui-même' : 'Seule'}</td>
<td>${STATUS_WORDS[s.status]}</td>
</tr>`,
)}
</tbody>
</table>
</div>`
}
<h2>Livraisons bloquées ${where}</h2>
${
  data.stuck.length === 0
    ? html`<p>Aucune livraison bloquée : toutes les demandes partent vers les services.</p>`
    : html`<p>Ces demandes sont bien enregistrées, mais le service qui doit les recevoir ne les a pas encore. Elles ne sont pas perdues. Prévenez l’administrateur : la console des livraisons peut les renvoyer.</p>
<div class="table-wrap" role="region" aria-labelledby="stuck-caption" tabindex="0">
<table>
<caption id="stuck-caption">Livraisons abandonnées ou en échec ${where}</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Démarche</th><th scope="col">Service</th><th scope="col">État</th><th scope="col">Dernière erreur</th></tr></thead>
<tbody>
${data.stuck.map(
  (d) => html`<tr>
<th scope="row"><a href="/reception/requests?reference=${encodeURIComponent(d.reference)}">${d.reference}</a></th>
<td>${data.titles.get(d.procedureId) ?? d.procedureId}</td>
<td>${d.route}</td>
<td>${d.state === 'dead' ? 'Abandonnée' : 'En échec, nouvel essai prévu'}</td>
<td class="error-text">${d.lastError ?? '—'}</td>
</tr>`,
)}
</tbody>
</table>
</div>`
}`,
    data.desk,
    '/reception',
  );
}

export interface FoundRequest {
  reference: string;
  procedureTitle: string;
  status: SubmissionStatus | 'purged';
  receivedAt: string;
  channel: string | null;
  site?: string;
  deliveries: Array<{ route: string; state: string }>;
  /** Set when the answers are still kept: the receipt can be printed again. */
  receipt?: { kind: 'registration' | 'receipt' };
  /** From the audit log: the request was begun on a terminal and handed to reception. */
  handedOffFrom?: string;
}

export function findPage(options: { desk: Desk; reference?: string; found?: FoundRequest; problems: readonly FieldProblem[] }): Html {
  const problem = fieldError(options.problems, 'reference');
  const found = options.found;
  const base = found ? `/reception/requests/${encodeURIComponent(found.reference)}/receipt.pdf` : '';
  return layout(
    found ? `Demande ${found.reference}` : 'Retrouver une demande',
    html`<h1>${found ? `Demande ${found.reference}` : 'Retrouver une demande'}</h1>
${errorSummary(options.problems)}
<form method="get" action="/reception/requests" class="search" role="search" aria-label="Retrouver une demande">
<label for="reference">Référence de la demande</label>
<p class="hint" id="reference-hint">8 caractères, par exemple K7QD-4MZ9. Elle est sur le reçu de la personne.</p>
${problem.message}
<input id="reference" name="reference" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${options.reference ?? ''}" aria-describedby="reference-hint${problemOf(options.problems, 'reference') ? ' reference-error' : ''}"${problemOf(options.problems, 'reference') ? raw(' aria-invalid="true"') : ''}>
<button type="submit">Retrouver</button>
</form>
${
  found
    ? html`<dl class="facts">
<dt>Démarche</dt><dd>${found.procedureTitle}</dd>
<dt>Reçue le</dt><dd>${when(found.receivedAt)}</dd>
<dt>Où en est-elle</dt><dd>${STATUS_WORDS[found.status]}</dd>
<dt>Canal</dt><dd>${channelWords(found.channel)}${found.site ? ` (${found.site})` : ''}${found.handedOffFrom ? html` — commencée sur la borne ${found.handedOffFrom}, terminée à l’accueil` : ''}</dd>
<dt>Services</dt><dd>${found.deliveries.length === 0 ? '—' : found.deliveries.map((d, i) => html`${i ? ', ' : ''}${d.route} : ${d.state === 'delivered' ? 'reçue' : d.state === 'dead' ? 'bloquée' : 'en cours'}`)}</dd>
</dl>
${
  found.receipt
    ? html`<h2>Réimprimer le reçu</h2>
<p>${found.receipt.kind === 'receipt' ? 'Le service a la demande : c’est l’accusé de réception.' : 'La demande est en route : c’est l’accusé d’enregistrement.'} Le document s’ouvre ; imprimez-le et remettez-le à la personne.</p>
<ul class="actions">
<li><a class="button" href="${base}?paper=a4">Reçu sur papier A4<span class="visually-hidden"> pour ${found.reference}</span></a></li>
<li><a class="button" href="${base}?paper=80mm">Ticket de caisse 80 mm<span class="visually-hidden"> pour ${found.reference}</span></a></li>
</ul>`
    : html`<p>Le reçu ne peut plus être imprimé : la durée de conservation est passée et les réponses ont été effacées. La référence et les dates restent.</p>`
}`
    : ''
}`,
    options.desk,
    '/reception/requests',
    options.problems.length > 0,
  );
}

export interface MandateFormData {
  desk: Desk;
  procedures: ReadonlyArray<{ id: string; title: string }>;
  values: { residentName?: string; procedureIds?: readonly string[]; consent?: boolean };
  problems: readonly FieldProblem[];
}

/** "Accompagner une personne": a walk-in's name, the procedures, the spoken consent. */
export function mandateFormPage(data: MandateFormData): Html {
  const name = fieldError(data.problems, 'residentName');
  const procedures = problemOf(data.problems, 'procedures');
  const consent = fieldError(data.problems, 'consent');
  const chosen = new Set(data.values.procedureIds ?? []);
  return layout(
    'Accompagner une personne',
    html`<h1>Accompagner une personne</h1>
<p>Pour faire une démarche avec une personne venue à l’accueil. Ne demandez jamais ses mots de passe.</p>
${errorSummary(data.problems)}
<form method="post" action="/reception/mandates" novalidate>
<div class="field">
<label for="residentName">Nom de la personne</label>
<p class="hint" id="residentName-hint">Comme elle le dit, par exemple Jeanne Martin.</p>
${name.message}
<input id="residentName" name="residentName" type="text" dir="auto" autocomplete="off" value="${data.values.residentName ?? ''}" aria-describedby="residentName-hint${problemOf(data.problems, 'residentName') ? ' residentName-error' : ''}"${problemOf(data.problems, 'residentName') ? raw(' aria-invalid="true"') : ''}>
</div>
<fieldset class="field" id="procedures"${procedures ? raw(' aria-describedby="procedures-error"') : ''}>
<legend>Démarches que la personne vous confie</legend>
${procedures ? html`<p class="error" id="procedures-error">${procedures.message}</p>` : ''}
${data.procedures.map(
  (p) => html`<div class="choice"><input type="checkbox" id="procedure-${p.id}" name="procedureIds" value="${p.id}"${chosen.has(p.id) ? raw(' checked') : ''}><label for="procedure-${p.id}">${p.title}</label></div>`,
)}
</fieldset>
<div class="field">
${consent.message}
<div class="choice"><input type="checkbox" id="consent" name="consent" value="yes"${data.values.consent ? raw(' checked') : ''}${consent.attributes}><label for="consent">La personne m’a dit oui, à voix haute, pour que je fasse ces démarches avec elle aujourd’hui.</label></div>
</div>
<button type="submit">Commencer la session accompagnée</button>
</form>`,
    data.desk,
    '/reception/mandates/new',
    data.problems.length > 0,
  );
}

/** The mandate, made: what was agreed, to print for the person, and what to do next. */
export function mandatePage(options: { desk: Desk; mandate: Mandate; titles: ReadonlyMap<string, string> }): Html {
  const m = options.mandate;
  return layout(
    'Session accompagnée',
    html`<h1>Session accompagnée pour ${isolated(m.residentName)}</h1>
<p class="notice" role="status">L’accord de ${isolated(m.residentName)} est enregistré, le ${when(m.consentConfirmedAt)}.</p>
<dl class="facts">
<dt>Démarches confiées</dt><dd><ul>${m.procedureIds.map((id) => html`<li>${options.titles.get(id) ?? id}</li>`)}</ul></dd>
<dt>Jusqu’à</dt><dd>${when(m.expiresAt)} (la fin de votre session d’accueil)</dd>
<dt>Aidée par</dt><dd>${isolated(options.desk.displayName)}</dd>
<dt>Numéro du mandat</dt><dd><code>${m.id}</code></dd>
${m.residentCode ? html`<dt>Code pour voir ses mandats</dt><dd><code>${m.residentCode}</code></dd>` : ''}
</dl>
<p>Imprimez cette page pour la personne (Ctrl + P). Faites ensuite la démarche avec elle sur la borne de l’accueil, connecté avec votre identifiant d’accueil : chaque demande envoyée portera ce mandat.</p>`,
    options.desk,
  );
}

/** A mandate found by its number, with what was sent under it. */
export interface FoundMandate {
  mandate: Mandate;
  helper: string;
  active: boolean;
  requests: AttributedSubmission[];
}

/**
 * "Retrouver un mandat": the number printed on the consent; the mandate found, what was sent
 * under it, and, while it runs, the form that ends it with the resident present.
 */
export function mandateFindPage(options: {
  desk: Desk;
  number?: string;
  found?: FoundMandate;
  titles: ReadonlyMap<string, string>;
  problems: readonly FieldProblem[];
  ended?: boolean;
}): Html {
  const numberProblem = fieldError(options.problems, 'number');
  const present = fieldError(options.problems, 'present');
  const found = options.found;
  const m = found?.mandate;
  return layout(
    'Retrouver un mandat',
    html`<h1>Retrouver un mandat</h1>
${errorSummary(options.problems)}
${options.ended ? html`<p class="notice" role="status">Le mandat est arrêté. La personne peut garder son papier : il ne vaut plus.</p>` : ''}
<form method="get" action="/reception/mandates/find" class="search" role="search" aria-label="Retrouver un mandat">
<label for="number">Numéro du mandat</label>
<p class="hint" id="number-hint">Sur le papier de l’accord de la personne, par exemple 3f2c9a1e-…, 36 caractères.</p>
${numberProblem.message}
<input id="number" name="number" type="text" autocomplete="off" spellcheck="false" dir="ltr" value="${options.number ?? ''}" aria-describedby="number-hint${problemOf(options.problems, 'number') ? ' number-error' : ''}"${problemOf(options.problems, 'number') ? raw(' aria-invalid="true"') : ''}>
<button type="submit">Retrouver</button>
</form>
${
  found && m
    ? html`<h2>Mandat donné par ${isolated(m.residentName)}</h2>
<dl class="facts">
<dt>Personne qui aide</dt><dd>${isolated(found.helper)}</dd>
<dt>Démarches confiées</dt><dd><ul>${m.procedureIds.map((id) => html`<li>${options.titles.get(id) ?? id}</li>`)}</ul></dd>
<dt>Accord donné le</dt><dd>${when(m.consentConfirmedAt)}</dd>
<dt>${found.active ? 'Valable jusqu’au' : 'Fini le'}</dt><dd>${when(m.expiresAt)}${m.endedBy ? (m.endedBy.startsWith('reception:') ? ' (arrêté à l’accueil)' : ' (arrêté avant sa fin)') : ''}</dd>
${m.renews ? html`<dt>Renouvelle le mandat</dt><dd><code>${m.renews}</code></dd>` : ''}
</dl>
<h3>Demandes envoyées avec ce mandat</h3>
${
  found.requests.length === 0
    ? html`<p>Aucune demande n’a été envoyée avec ce mandat.</p>`
    : html`<ul>${found.requests.map((r) => html`<li>${r.reference} — ${options.titles.get(r.procedureId) ?? r.procedureId}, le ${when(r.receivedAt)} : ${STATUS_WORDS[r.status]}</li>`)}</ul>`
}
${
  found.active
    ? html`<h3>Arrêter ce mandat</h3>
<p>La personne qui a donné le mandat le demande, elle est là et vous avez vérifié son identité. La personne qui aide ne pourra plus rien envoyer en son nom.</p>
<form method="post" action="/reception/mandates/${m.id}/end" novalidate>
<div class="field">
${present.message}
<div class="choice"><input type="checkbox" id="present" name="present" value="yes"${present.attributes}><label for="present">La personne est là, j’ai vérifié son identité, elle demande l’arrêt du mandat.</label></div>
</div>
<button type="submit">Arrêter le mandat</button>
</form>`
    : ''
}`
    : ''
}`,
    options.desk,
    '/reception/mandates/find',
    options.problems.length > 0,
  );
}

const answerText = (value: unknown): string =>
  value === null || value === undefined ? '—' : Array.isArray(value) ? value.map(answerText).join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);

/**
 * "Droits sur les données" (RGPD art. 15 and 17): the person, present and identified, gives the
 * reference and tracking code of their receipt; the page shows what is held (printable: the
 * readable copy), downloads it as JSON, and erases the answers before the retention date.
 */
export function rightsPage(options: {
  desk: Desk;
  values: { reference?: string };
  problems: readonly FieldProblem[];
  copy?: PersonCopy;
  /** The code typed, carried by the copy's and the erasure's forms (never in an address). */
  code?: string;
  /** The labels of the procedure's questions, by field id. */
  labels?: ReadonlyMap<string, string>;
  erased?: { files: number };
}): Html {
  const reference = fieldError(options.problems, 'reference');
  const code = fieldError(options.problems, 'code');
  const identified = fieldError(options.problems, 'identified');
  const confirm = fieldError(options.problems, 'confirm');
  const copy = options.copy;
  const hidden = copy ? html`<input type="hidden" name="reference" value="${copy.reference}"><input type="hidden" name="code" value="${options.code ?? ''}">` : '';
  return layout(
    copy ? `Données de la demande ${copy.reference}` : 'Droits sur les données',
    html`<h1>${copy ? `Données de la demande ${copy.reference}` : 'Droits sur les données'}</h1>
${errorSummary(options.problems)}
${options.erased ? html`<p class="notice" role="status">Les réponses et les pièces jointes sont effacées (${String(options.erased.files)} fichier${options.erased.files > 1 ? 's' : ''} supprimé${options.erased.files > 1 ? 's' : ''}). La référence, les dates et les statuts restent.</p>` : ''}
${
  copy
    ? ''
    : html`<p>Une personne demande ce que la mairie garde sur sa demande (droit d’accès), ou son effacement. Elle est là, vous avez vérifié son identité, elle a son reçu.</p>
<form method="post" action="/reception/rights" novalidate>
<div class="field">
<label for="reference">Référence de la demande</label>
<p class="hint" id="reference-hint">8 caractères, par exemple K7QD-4MZ9, sur le reçu.</p>
${reference.message}
<input id="reference" name="reference" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" value="${options.values.reference ?? ''}" aria-describedby="reference-hint${problemOf(options.problems, 'reference') ? ' reference-error' : ''}"${problemOf(options.problems, 'reference') ? raw(' aria-invalid="true"') : ''}>
</div>
<div class="field">
<label for="code">Code de suivi</label>
<p class="hint" id="code-hint">6 caractères, sous la référence sur le reçu.</p>
${code.message}
<input id="code" name="code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-hint${problemOf(options.problems, 'code') ? ' code-error' : ''}"${problemOf(options.problems, 'code') ? raw(' aria-invalid="true"') : ''}>
</div>
<div class="field">
${identified.message}
<div class="choice"><input type="checkbox" id="identified" name="identified" value="yes"${identified.attributes}><label for="identified">La personne est là et j’ai vérifié son identité.</label></div>
</div>
<button type="submit">Voir les données</button>
</form>`
}
${
  copy
    ? html`<h2>Ce que la mairie garde</h2>
<dl class="facts">
<dt>Démarche</dt><dd>${copy.procedure.title}</dd>
<dt>Reçue le</dt><dd>${when(copy.receivedAt)}</dd>
<dt>Statut</dt><dd>${STATUS_WORDS[copy.answers === null ? 'purged' : (copy.status as SubmissionStatus)] ?? copy.status}</dd>
<dt>Historique</dt><dd><ul>${copy.history.map((h) => html`<li>${STATUS_WORDS[h.status as SubmissionStatus] ?? h.status}, le ${when(h.at)}</li>`)}</ul></dd>
<dt>Envoyée à</dt><dd>${copy.sentTo.length ? copy.sentTo.join(', ') : '—'}</dd>
${copy.assistance ? html`<dt>Accompagnement</dt><dd>${channelWords(copy.assistance.channel)}${copy.assistance.helper ? html`, avec ${isolated(copy.assistance.helper)}` : ''}${copy.assistance.mandate ? html`, mandat ${copy.assistance.mandate}` : ''}</dd>` : ''}
<dt>Conservation</dt><dd>${copy.retention.erasedAt ? html`réponses effacées le ${when(copy.retention.erasedAt)}` : `${copy.retention.days} jours après le dernier changement de statut`}</dd>
</dl>
<h3>Réponses</h3>
${
  copy.answers === null
    ? html`<p>Aucune : elles ont été effacées.</p>`
    : html`<dl class="facts">${Object.entries(copy.answers).map(([id, value]) => html`<dt>${options.labels?.get(id) ?? id}</dt><dd><bdi>${answerText(value)}</bdi></dd>`)}</dl>`
}
<h3>Pièces jointes</h3>
${copy.attachments.length === 0 ? html`<p>Aucune.</p>` : html`<ul>${copy.attachments.map((a) => html`<li>${options.labels?.get(a.field) ?? a.field} : ${a.type}, ${String(Math.ceil(a.bytes / 1024))} Ko</li>`)}</ul>`}
<p>${copy.kept}</p>
<h2>Remettre une copie</h2>
<p>Imprimez cette page (Ctrl + P) pour la personne, ou téléchargez le fichier à lui envoyer.</p>
<form method="post" action="/reception/rights/copy.json">${hidden}<button type="submit" class="secondary">Télécharger la copie (JSON)<span class="visually-hidden"> de ${copy.reference}</span></button></form>
${
  copy.answers === null
    ? ''
    : html`<h2>Effacer les réponses</h2>
<p>Les réponses et les pièces jointes sont effacées maintenant, avant la fin de la durée de conservation. Ce qui prouve la demande et la décision reste. Le service qui l’a reçue garde sa propre copie : dites à la personne de s’adresser aussi à lui.</p>
<form method="post" action="/reception/rights/erase" novalidate>${hidden}
<div class="field">
${confirm.message}
<div class="choice"><input type="checkbox" id="confirm" name="confirm" value="yes"${confirm.attributes}><label for="confirm">La personne demande l’effacement de ses réponses.</label></div>
</div>
<button type="submit">Effacer les réponses</button>
</form>`
}`
    : ''
}`,
    options.desk,
    '/reception/rights',
    options.problems.length > 0,
  );
}

/**
 * "Inscrire une borne": the reception desk enrols a terminal of its site (issue 22, part 5); the
 * answer shows, once, the set-up address to open on it, as text and as a QR code.
 */
export function terminalEnrolPage(options: {
  desk: Desk;
  site?: string;
  problems: readonly FieldProblem[];
  enrolled?: { terminalId: string; site: string; address: string; qrSvg: string };
}): Html {
  const site = fieldError(options.problems, 'site');
  const done = options.enrolled;
  return layout(
    done ? 'Borne inscrite' : 'Inscrire une borne',
    html`<h1>${done ? 'Borne inscrite' : 'Inscrire une borne'}</h1>
${errorSummary(options.problems)}
${
  done
    ? html`<p class="notice" role="status">La borne ${isolated(done.terminalId)} est inscrite${done.site ? html` pour le lieu ${isolated(done.site)}` : ''}.</p>
<h2>Sur la borne, ouvrez une fois cette adresse</h2>
<p>Elle contient le secret de la borne : il n’est affiché qu’ici, cette fois-ci. La borne le garde et l’efface de sa barre d’adresse.</p>
<p class="setup-address"><code>${done.address}</code></p>
<div class="setup-qr">${raw(done.qrSvg)}</div>
<p><a href="/reception/terminals">Inscrire une autre borne</a></p>`
    : html`<p>Une borne n’est écoutée par le serveur que si elle a été inscrite : ses nouvelles (les demandes qu’elle garde sans réseau) apparaissent alors dans la console.</p>
<form method="post" action="/reception/terminals" novalidate>
<div class="field">
<label for="site">Lieu de la borne (facultatif)</label>
<p class="hint" id="site-hint">Lettres sans accent, chiffres, points, tirets : par exemple accueil-mairie.</p>
${site.message}
<input id="site" name="site" type="text" autocomplete="off" spellcheck="false" dir="ltr" value="${options.site ?? ''}" aria-describedby="site-hint${problemOf(options.problems, 'site') ? ' site-error' : ''}"${problemOf(options.problems, 'site') ? raw(' aria-invalid="true"') : ''}>
</div>
<button type="submit">Inscrire une nouvelle borne</button>
</form>`
}`,
    options.desk,
    '/reception/terminals',
    options.problems.length > 0,
  );
}
