// The console's pages as server-rendered HTML: French, landmarks and headings, tables with
// captions and header scopes, plain forms. No script and no inline style, so a strict
// Content-Security-Policy (`default-src 'self'`) holds.
import { html, raw } from 'hono/html';
import { isolated } from '../bidi.ts';
import type { Assistance } from '../receipts/index.ts';
import type { DeliveryFilter, DeliveryView, RouteSummary, TerminalView } from '../store/types.ts';
import { TOWN_TIME_ZONE } from '../../content/model/index.ts';

type Html = ReturnType<typeof html>;

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'short', timeStyle: 'short', timeZone: TOWN_TIME_ZONE });

/** The filters of the deliveries page, in the order shown, with their headings. */
export const FILTERS: ReadonlyArray<{ state: DeliveryFilter | 'all'; label: string; title: string }> = [
  { state: 'dead', label: 'Abandonnées', title: 'Livraisons abandonnées' },
  { state: 'waiting', label: 'En échec, nouvel essai prévu', title: 'Livraisons en échec, en attente d’un nouvel essai' },
  { state: 'pending', label: 'En attente', title: 'Livraisons en attente' },
  { state: 'delivered', label: 'Livrées', title: 'Livraisons réussies' },
  { state: 'all', label: 'Toutes', title: 'Toutes les livraisons' },
];

export interface RouteInfo {
  /** `smtp`, `webhook`, `folder`; undefined for a route the server cannot serve. */
  connector?: string;
  /** Why it cannot be served. */
  unavailable?: string;
}

export interface FailingRoute {
  route: string;
  since: string;
  waiting: number;
  lastError?: string;
}

function time(iso: string | undefined): Html | string {
  if (!iso) return '—';
  return html`<time datetime="${iso}">${DATE_TIME.format(new Date(iso))}</time>`;
}

function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${String(minutes % 60).padStart(2, '0')}` : `${Math.floor(hours / 24)} jours`;
}

function layout(title: string, body: Html, options: { signedIn: boolean; current?: string }): Html {
  const link = (href: string, label: string) =>
    html`<li><a href="${href}"${options.current === href ? raw(' aria-current="page"') : ''}>${label}</a></li>`;
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} — Console Guichet</title>
<link rel="stylesheet" href="/console/console.css">
</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="bar">
<p class="brand">Guichet — console des livraisons</p>
${
  options.signedIn
    ? html`<nav aria-label="Console"><ul>${link('/console', 'Vue d’ensemble')}${link('/console/deliveries?state=dead', 'Abandonnées')}${link('/console/deliveries?state=waiting', 'En échec')}${link('/console/deliveries?state=all', 'Toutes')}${link('/console/terminals', 'Bornes')}</ul></nav>
<form method="post" action="/console/sign-out"><button type="submit" class="secondary">Se déconnecter</button></form>`
    : ''
}
</header>
<main id="contenu" tabindex="-1">
${body}
</main>
</body>
</html>`;
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

/** An input with its label, hint and error, as every console form writes it. */
function field(options: {
  id: string;
  label: string;
  type: 'text' | 'password';
  autocomplete: string;
  problems: readonly FieldProblem[];
  value?: string;
  hint?: string;
}): Html {
  const problem = options.problems.find((p) => p.field === options.id);
  const described = [options.hint ? `${options.id}-hint` : '', problem ? `${options.id}-error` : ''].filter(Boolean).join(' ');
  return html`<div class="field">
<label for="${options.id}">${options.label}</label>
${options.hint ? html`<p class="hint" id="${options.id}-hint">${options.hint}</p>` : ''}
${problem ? html`<p class="error" id="${options.id}-error">${problem.message}</p>` : ''}
<input id="${options.id}" name="${options.id}" type="${options.type}"${options.type === 'text' ? raw(' dir="auto" autocapitalize="off" spellcheck="false"') : ''} autocomplete="${options.autocomplete}"${options.value !== undefined && options.type === 'text' ? html` value="${options.value}"` : ''}${problem ? raw(' aria-invalid="true"') : ''}${described ? html` aria-describedby="${described}"` : ''}>
</div>`;
}

/** The page that says the console cannot be used on this server yet. */
export function notConfiguredPage(): Html {
  return layout(
    'Console non configurée',
    html`<h1>Console non configurée</h1>
<p>Aucun compte d’administration n’existe encore sur ce serveur, et la variable d’environnement <code>GUICHET_ADMIN_TOKEN</code> qui permet de créer le premier n’est pas définie.</p>
<p>Demandez à la personne qui administre le serveur de créer un compte (<code>npm run accounts -- add admin identifiant</code>), ou de définir le jeton (au moins 32 caractères tirés au hasard) puis de redémarrer Guichet.</p>`,
    { signedIn: false },
  );
}

/** Sign-in with an administration account. */
export function signInPage(options: { next: string; login?: string; problems: readonly FieldProblem[]; notice?: string }): Html {
  return layout(
    'Connexion',
    html`<h1>Connexion à la console</h1>
<p>Entrez l’identifiant et le code de votre compte d’administration. Vous pouvez coller le code.</p>
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${errorSummary(options.problems)}
<form method="post" action="/console/sign-in" class="sign-in" novalidate>
<input type="hidden" name="next" value="${options.next}">
${field({ id: 'login', label: 'Identifiant', type: 'text', autocomplete: 'username', problems: options.problems, value: options.login ?? '' })}
${field({ id: 'code', label: 'Code', type: 'password', autocomplete: 'current-password', problems: options.problems })}
<button type="submit">Se connecter</button>
</form>`,
    { signedIn: false },
  );
}

/** Creating the first administration account, with the server's token, while none exists. */
export function firstAdminPage(options: { problems: readonly FieldProblem[]; values: { login?: string; displayName?: string } }): Html {
  return layout(
    'Premier compte',
    html`<h1>Créer le premier compte d’administration</h1>
<p>Ce serveur n’a encore aucun compte d’administration. Le jeton d’administration du serveur (<code>GUICHET_ADMIN_TOKEN</code>) permet d’en créer un, une seule fois ; ensuite, la console s’ouvre avec ce compte, et les autres comptes se créent avec <code>npm run accounts</code>.</p>
${errorSummary(options.problems)}
<form method="post" action="/console/first-admin" class="sign-in" novalidate>
${field({ id: 'token', label: 'Jeton d’administration du serveur', type: 'password', autocomplete: 'off', problems: options.problems })}
${field({ id: 'login', label: 'Identifiant du compte', type: 'text', autocomplete: 'username', problems: options.problems, value: options.values.login ?? '', hint: 'Par exemple : m.durand' })}
${field({ id: 'displayName', label: 'Nom affiché', type: 'text', autocomplete: 'name', problems: options.problems, value: options.values.displayName ?? '', hint: 'Par exemple : Marie Durand' })}
${field({ id: 'code', label: 'Code du compte', type: 'password', autocomplete: 'new-password', problems: options.problems, hint: 'Au moins 8 caractères. Gardez-le pour vous.' })}
<button type="submit">Créer le compte et se connecter</button>
</form>`,
    { signedIn: false },
  );
}

function banner(failing: FailingRoute[], unavailable: Array<[string, string]>, now: Date): Html | string {
  if (failing.length === 0 && unavailable.length === 0) return '';
  return html`<section class="banner" aria-labelledby="banner-title">
<h2 id="banner-title">${failing.length + unavailable.length > 1 ? 'Des services ne reçoivent plus les demandes' : 'Un service ne reçoit plus les demandes'}</h2>
<ul>
${failing.map(
  (f) => html`<li><strong>${f.route}</strong> : les envois échouent depuis ${duration(now.getTime() - new Date(f.since).getTime())} (depuis le ${time(f.since)}), ${f.waiting} livraison${f.waiting > 1 ? 's' : ''} en attente.${f.lastError ? html` Dernière erreur : ${isolated(f.lastError)}` : ''} <a href="/console/deliveries?state=waiting&amp;route=${encodeURIComponent(f.route)}">Voir les livraisons en échec de ${f.route}</a></li>`,
)}
${unavailable.map(([route, reason]) => html`<li><strong>${route}</strong> : ${reason}</li>`)}
</ul>
<p>Les demandes ne sont pas perdues : elles attendent et partiront dès que le service répondra.</p>
</section>`;
}

export interface OverviewData {
  summary: RouteSummary[];
  routes: ReadonlyMap<string, RouteInfo>;
  failing: FailingRoute[];
  now: Date;
}

export function overviewPage(data: OverviewData): Html {
  const names = [...new Set([...data.routes.keys(), ...data.summary.map((s) => s.route)])].sort();
  const byRoute = new Map(data.summary.map((s) => [s.route, s]));
  const total = (key: 'pending' | 'waiting' | 'delivered' | 'dead') => data.summary.reduce((n, s) => n + s[key], 0);
  const count = (n: number, state: string, route: string) =>
    n === 0 ? '0' : html`<a href="/console/deliveries?state=${state}&amp;route=${encodeURIComponent(route)}">${n}</a>`;
  const unavailable = [...data.routes].filter(([, info]) => info.unavailable).map(([route, info]) => [route, info.unavailable!] as [string, string]);
  return layout(
    'Vue d’ensemble',
    html`<h1>Livraisons aux services</h1>
${banner(data.failing, unavailable, data.now)}
<h2>En un coup d’œil</h2>
<ul class="totals">
<li><a href="/console/deliveries?state=dead"><span class="number">${total('dead')}</span> abandonnée${total('dead') > 1 ? 's' : ''}</a></li>
<li><a href="/console/deliveries?state=waiting"><span class="number">${total('waiting')}</span> en échec, nouvel essai prévu</a></li>
<li><a href="/console/deliveries?state=pending"><span class="number">${total('pending')}</span> en attente</a></li>
<li><a href="/console/deliveries?state=delivered"><span class="number">${total('delivered')}</span> livrée${total('delivered') > 1 ? 's' : ''}</a></li>
</ul>
<h2>Par service</h2>
<div class="table-wrap" role="region" aria-labelledby="routes-caption" tabindex="0">
<table>
<caption id="routes-caption">Livraisons par service destinataire et par état</caption>
<thead><tr><th scope="col">Service (route)</th><th scope="col">Moyen</th><th scope="col">En attente</th><th scope="col">dont en échec</th><th scope="col">Abandonnées</th><th scope="col">Livrées</th></tr></thead>
<tbody>
${names.map((route) => {
  const s = byRoute.get(route) ?? { pending: 0, waiting: 0, delivered: 0, dead: 0 };
  const info = data.routes.get(route);
  return html`<tr><th scope="row">${route}</th><td>${info?.connector ?? 'non configuré'}</td><td>${count(s.pending, 'pending', route)}</td><td>${count(s.waiting, 'waiting', route)}</td><td>${count(s.dead, 'dead', route)}</td><td>${count(s.delivered, 'delivered', route)}</td></tr>`;
})}
</tbody>
</table>
</div>`,
    { signedIn: true, current: '/console' },
  );
}

export interface DeliveriesData {
  filter: DeliveryFilter | 'all';
  route?: string;
  deliveries: DeliveryView[];
  /** By submission id: the mediator who helped and the resident's mandate. */
  assistance?: ReadonlyMap<string, Assistance>;
  titles: ReadonlyMap<string, string>;
  page: number;
  more: boolean;
  notice?: { kind: 'retried' | 'in-flight' | 'already-delivered' | 'not-found'; reference?: string };
  /** The current URL, for the retry forms to come back to. */
  back: string;
}

const STATE_WORDS = { delivered: 'Livrée', dead: 'Abandonnée' } as const;

/** "Aidé par Marc Durand, mandat 3f… de Jeanne Petit (Écrire à la mairie), jusqu’au …". */
function assistanceCell(help: Assistance | undefined): Html | string {
  if (!help) return '—';
  const procedures = help.mandate.procedures.map((title) => title.fr).join(' ; ');
  return html`Aidé par ${help.helperName ? isolated(help.helperName) : 'un compte supprimé'}, mandat <span class="mandate-id">${help.mandate.id}</span> de ${isolated(help.mandate.residentName)} (${procedures}), ${
    help.mandate.scope === 'session' ? 'pour la session, ' : ''
  }jusqu’au ${time(help.mandate.expiresAt.toISOString())}`;
}

function stateOf(d: DeliveryView): string {
  if (d.state !== 'pending') return STATE_WORDS[d.state];
  if (d.leaseUntil) return 'Envoi en cours';
  return d.lastError ? 'En échec, nouvel essai prévu' : 'À envoyer';
}

const NOTICES = {
  retried: (ref?: string) => `La livraison de ${ref ?? 'la demande'} repart maintenant. Elle apparaîtra dans « Livrées » quand le service l’aura reçue.`,
  'in-flight': (ref?: string) => `La livraison de ${ref ?? 'la demande'} est déjà en cours d’envoi.`,
  'already-delivered': (ref?: string) => `La livraison de ${ref ?? 'la demande'} est déjà arrivée : rien à refaire.`,
  'not-found': () => 'Cette livraison n’existe pas.',
};

export function deliveriesPage(data: DeliveriesData): Html {
  const filter = FILTERS.find((f) => f.state === data.filter)!;
  const title = data.route ? `${filter.title} vers ${data.route}` : filter.title;
  const query = (state: string, page?: { page: number; before?: number; after?: number }) =>
    `/console/deliveries?state=${state}${data.route ? `&route=${encodeURIComponent(data.route)}` : ''}${
      page ? `&page=${page.page}${page.before ? `&before=${page.before}` : ''}${page.after ? `&after=${page.after}` : ''}` : ''
    }`;
  const first = data.deliveries[0]?.id;
  const last = data.deliveries.at(-1)?.id;
  return layout(
    title,
    html`<h1>${title}</h1>
${data.notice ? html`<p class="notice" role="status">${NOTICES[data.notice.kind](data.notice.reference)}</p>` : ''}
<nav aria-label="Filtrer par état"><ul class="filters">
${FILTERS.map(
  (f) => html`<li><a href="${query(f.state)}"${f.state === data.filter ? raw(' aria-current="page"') : ''}>${f.label}</a></li>`,
)}
</ul></nav>
${
  data.deliveries.length === 0
    ? html`<p>Aucune livraison dans cet état.</p>`
    : html`<div class="table-wrap" role="region" aria-labelledby="deliveries-caption" tabindex="0">
<table>
<caption id="deliveries-caption">${title}, page ${data.page}, les plus récentes d’abord</caption>
<thead><tr><th scope="col">Référence</th><th scope="col">Démarche</th><th scope="col">Accompagnement</th><th scope="col">Service (route)</th><th scope="col">État</th><th scope="col">Essais</th><th scope="col">Prochain essai</th><th scope="col">Dernière erreur</th><th scope="col">Action</th></tr></thead>
<tbody>
${data.deliveries.map(
  (d) => html`<tr>
<th scope="row">${d.reference}</th>
<td>${data.titles.get(d.procedureId) ?? d.procedureId}</td>
<td>${assistanceCell(data.assistance?.get(d.submissionId))}</td>
<td>${d.route}</td>
<td>${stateOf(d)}${d.deliveredAt ? html`, le ${time(d.deliveredAt)}` : ''}</td>
<td>${d.attempts}</td>
<td>${d.state === 'pending' ? time(d.nextAttemptAt) : '—'}</td>
<td class="error-text">${d.lastError ? isolated(d.lastError) : '—'}</td>
<td>${
    d.state === 'dead' || (d.state === 'pending' && !d.leaseUntil && d.lastError)
      ? html`<form method="post" action="/console/deliveries/${String(d.id)}/retry">
<input type="hidden" name="back" value="${data.back}">
<button type="submit">Réessayer maintenant<span class="visually-hidden"> la livraison de ${d.reference} vers ${d.route}</span></button>
</form>`
      : '—'
  }</td>
</tr>`,
)}
</tbody>
</table>
</div>`
}
${
  data.page > 1 || data.more
    ? html`<nav aria-label="Pages"><ul class="pages">
${data.page > 1 ? html`<li><a href="${query(data.filter, { page: data.page - 1, ...(first ? { after: first } : {}) })}">Page précédente</a></li>` : ''}
${data.more ? html`<li><a href="${query(data.filter, { page: data.page + 1, ...(last ? { before: last } : {}) })}">Page suivante</a></li>` : ''}
</ul></nav>`
    : ''
}`,
    { signedIn: true },
  );
}

export interface TerminalsData {
  terminals: TerminalView[];
  now: Date;
  /** A terminal not heard from for longer than this is marked "silent". */
  silentAfterMs: number;
  /** After a revocation: which terminal, and whether it was enrolled. */
  revoked?: { terminalId: string; done: boolean };
  problems?: readonly FieldProblem[];
  site?: string;
}

/** The form that enrols a new terminal; its answer is `terminalEnrolledPage`. */
function enrolForm(problems: readonly FieldProblem[], site: string | undefined): Html {
  return html`<h2 id="enrol-title">Inscrire une borne</h2>
<p>Une borne n’est écoutée que si elle a été inscrite ici (ou par l’accueil) : ses nouvelles portent alors un identifiant secret que le serveur reconnaît. Une machine qui n’a pas été inscrite est refusée.</p>
${errorSummary(problems)}
<form method="post" action="/console/terminals/enrol" aria-labelledby="enrol-title" novalidate>
${field({ id: 'site', label: 'Lieu de la borne (facultatif)', type: 'text', autocomplete: 'off', problems, hint: 'Lettres sans accent, chiffres, points, tirets : par exemple mediatheque ou accueil-mairie.', ...(site === undefined ? {} : { value: site }) })}
<button type="submit">Inscrire une nouvelle borne</button>
</form>`;
}

/**
 * A terminal just enrolled: the set-up address (with its secret, shown this once) to open on
 * the terminal, as text and as a QR code. The secret is not kept on the server, only its hash.
 */
export function terminalEnrolledPage(data: { terminalId: string; site: string; address: string; qrSvg: string }): Html {
  return layout(
    'Borne inscrite',
    html`<h1>Borne inscrite</h1>
<p class="notice" role="status">La borne ${isolated(data.terminalId)} est inscrite${data.site ? html` pour le lieu ${isolated(data.site)}` : ''}.</p>
<h2>Sur la borne, ouvrez une fois cette adresse</h2>
<p>Elle contient le secret de la borne : il n’est affiché qu’ici, cette fois-ci. La borne le garde, et l’efface de sa barre d’adresse en l’ouvrant. Ne l’envoyez pas par courriel ; une adresse perdue se remplace en inscrivant la borne de nouveau et en retirant l’ancienne inscription.</p>
<p class="setup-address"><code>${data.address}</code></p>
<div class="setup-qr">${raw(data.qrSvg)}</div>
<p>La borne apparaît dans la liste des bornes dès sa première nouvelle, dans la minute.</p>
<p><a href="/console/terminals">Retour aux bornes</a></p>`,
    { signedIn: true, current: '/console/terminals' },
  );
}

/**
 * The kiosk terminals, last seen first: when each last reported, and the requests it holds that
 * the server has not received yet (an offline terminal keeps them until it can send them).
 */
export function terminalsPage(data: TerminalsData): Html {
  const silent = (t: TerminalView) => data.now.getTime() - new Date(t.lastSeenAt).getTime() > data.silentAfterMs;
  const holding = data.terminals.filter((t) => t.outboxLength > 0);
  return layout(
    'Bornes',
    html`<h1>Bornes</h1>
${
  data.revoked
    ? html`<p class="notice" role="status">${data.revoked.done ? html`L’inscription de la borne ${isolated(data.revoked.terminalId)} est retirée : ses nouvelles sont refusées.` : html`La borne ${isolated(data.revoked.terminalId)} n’avait pas d’inscription en cours.`}</p>`
    : ''
}
<p>Chaque borne donne de ses nouvelles chaque minute. Une borne sans réseau garde les demandes envoyées et les transmet quand le réseau revient ; elles n’arrivent au serveur qu’à ce moment-là.</p>
${
  holding.length
    ? html`<p class="notice" role="status">${holding.length} borne${holding.length > 1 ? 's gardent' : ' garde'} des demandes pas encore reçues.</p>`
    : ''
}
${
  data.terminals.length === 0
    ? html`<p>Aucune borne ne s’est encore signalée.</p>`
    : html`<div class="table-wrap" role="region" aria-labelledby="terminals-caption" tabindex="0">
<table>
<caption id="terminals-caption">Bornes, les plus récemment vues d’abord</caption>
<thead><tr><th scope="col">Borne</th><th scope="col">Lieu</th><th scope="col">Vue pour la dernière fois</th><th scope="col">Demandes en attente sur la borne</th><th scope="col">La plus ancienne attend depuis</th><th scope="col">Version du kiosque</th><th scope="col">Version du contenu</th><th scope="col">Inscription</th></tr></thead>
<tbody>
${data.terminals.map(
  (t) => html`<tr>
<th scope="row">${isolated(t.terminalId)}</th>
<td>${t.site ? isolated(t.site) : 'non renseigné'}</td>
<td>${time(t.lastSeenAt)}${silent(t) ? html` — <strong>silencieuse depuis ${duration(data.now.getTime() - new Date(t.lastSeenAt).getTime())}</strong>` : ''}</td>
<td>${String(t.outboxLength)}</td>
<td>${t.outboxLength > 0 ? duration(t.oldestAgeSeconds * 1000) : '—'}</td>
<td>${isolated(t.appVersion)}</td>
<td>${t.contentVersion ? isolated(t.contentVersion) : '—'}</td>
<td><form method="post" action="/console/terminals/${t.terminalId}/revoke"><button type="submit" class="secondary">Retirer l’inscription<span class="visually-hidden"> de la borne ${isolated(t.terminalId)}</span></button></form></td>
</tr>`,
)}
</tbody>
</table>
</div>`
}
${enrolForm(data.problems ?? [], data.site)}`,
    { signedIn: true, current: '/console/terminals' },
  );
}
