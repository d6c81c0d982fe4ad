/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// The indicators' pages for elected officials and managers: sign-in, and the dashboard of one
// period beside the one before, as tables, with two charts that draw the same figures. Laid out
// to print on A4 for a council meeting (styles.ts). Staff pages are in French.
import type { Child } from 'hono/jsx';
import { ErrorSummary, FieldError, fieldAttributes, StaffLayout, Table, type Column, type FieldProblem } from '../pages/index.ts';
import { BarChart } from './bar-chart.tsx';
import { CHANNELS, percent, type Dashboard, type Figures, type Period } from './figures.ts';

export interface Manager {
  name: string;
}

function IndicatorsLayout(props: { title: string; manager?: Manager; hasErrors?: boolean; children?: Child }) {
  return (
    <StaffLayout
      title={props.title}
      area="Indicateurs"
      stylesheet="/indicators/indicators.css"
      {...(props.manager ? { user: { name: props.manager.name } } : {})}
      nav={[{ href: '/indicators', label: 'Tableau de bord' }]}
      current="/indicators"
      signOutAction="/indicators/sign-out"
      hasErrors={props.hasErrors ?? false}
    >
      {props.children}
    </StaffLayout>
  );
}

/** @example documentOf(<IndicatorsSignInPage next="/indicators" problems={[]} />) */
export function IndicatorsSignInPage(props: { next: string; login?: string; problems: readonly FieldProblem[] }) {
  return (
    <IndicatorsLayout title="Connexion" hasErrors={props.problems.length > 0}>
      <ErrorSummary problems={props.problems} />
      <h1>Connexion aux indicateurs</h1>
      <p>Entrez votre identifiant de responsable et votre code. Vous pouvez coller le code.</p>
      <form method="post" action="/indicators/sign-in" class="sign-in" novalidate>
        <input type="hidden" name="next" value={props.next} />
        <div class="field">
          <label for="login">Identifiant</label>
          <FieldError problems={props.problems} field="login" />
          <input id="login" name="login" type="text" autocomplete="username" autocapitalize="off" spellcheck={false} value={props.login ?? ''} {...fieldAttributes(props.problems, 'login')} />
        </div>
        <div class="field">
          <label for="code">Code</label>
          <FieldError problems={props.problems} field="code" />
          <input id="code" name="code" type="password" autocomplete="current-password" {...fieldAttributes(props.problems, 'code')} />
        </div>
        <button type="submit">Se connecter</button>
      </form>
    </IndicatorsLayout>
  );
}

export function IndicatorsProblemPage(props: { title: string; message: string }) {
  return (
    <IndicatorsLayout title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
    </IndicatorsLayout>
  );
}

const CHANNEL_NAMES: Record<(typeof CHANNELS)[number], string> = { epn: 'Espace numérique', reception: 'Accueil', 'tiers-lieu': 'Tiers-lieu', '': 'Non renseigné' };

const frenchDay = (day: string) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T12:00:00Z`));
const periodName = (period: Period) => `du ${frenchDay(period.from)} au ${frenchDay(period.to)}`;
const number = (value: number | undefined) => (value === undefined ? '—' : new Intl.NumberFormat('fr-FR').format(value));
const share = (part: number, whole: number) => {
  const value = percent(part, whole);
  return value === undefined ? '—' : `${value} %`;
};
/** "+3", "−2", "=": how the period compares with the one before. */
function change(now: number, before: number): string {
  const delta = now - before;
  if (delta === 0) return '=';
  return delta > 0 ? `+${number(delta)}` : `−${number(-delta)}`;
}

interface Row {
  name: string;
  now: Figures;
  before: Figures;
  total?: boolean;
}

function cellName(row: Row): Child {
  return row.total ? <strong>{row.name}</strong> : row.name;
}

export interface DashboardPageData {
  manager: Manager;
  now: Dashboard;
  before: Dashboard;
  /** Procedure ids to their French titles. */
  titles: ReadonlyMap<string, string>;
  problems: readonly FieldProblem[];
}

/** @example documentOf(<DashboardPage manager={me} now={dashboard} before={previous} titles={titles} problems={[]} />) */
export function DashboardPage(props: DashboardPageData) {
  const { now, before } = props;
  const rows: Row[] = [
    ...now.procedures.map((p, i) => ({ name: props.titles.get(p.procedureId) ?? p.procedureId, now: p as Figures, before: before.procedures[i]! as Figures })),
    { name: 'Toutes les démarches', now: now.total, before: before.total, total: true },
  ];
  const shown = rows.filter((row) => row.total || row.now.requests + row.now.journeys + row.before.requests + row.before.journeys > 0);
  const requestColumns: Column<Row>[] = [
    { header: 'Démarche', cell: cellName },
    { header: 'Demandes', cell: (r) => number(r.now.requests) },
    { header: 'Période précédente', cell: (r) => number(r.before.requests) },
    { header: 'Évolution', cell: (r) => change(r.now.requests, r.before.requests) },
    ...CHANNELS.map((channel): Column<Row> => ({ header: CHANNEL_NAMES[channel], cell: (r) => number(r.now.byChannel[channel]) })),
    { header: 'Avec un médiateur', cell: (r) => share(r.now.assisted, r.now.requests) },
  ];
  const journeyColumns: Column<Row>[] = [
    { header: 'Démarche', cell: cellName },
    { header: 'Parcours', cell: (r) => number(r.now.journeys) },
    { header: 'Envoyés', cell: (r) => number(r.now.outcomes.finished) },
    { header: 'Abandonnés', cell: (r) => number(r.now.outcomes.abandoned) },
    { header: 'Temps écoulé', cell: (r) => number(r.now.outcomes['timed-out']) },
    { header: 'Confiés à l’accueil', cell: (r) => number(r.now.outcomes['handed-off']) },
    { header: 'Taux d’achèvement', cell: (r) => share(r.now.outcomes.finished, r.now.journeys) },
    { header: 'Période précédente', cell: (r) => share(r.before.outcomes.finished, r.before.journeys) },
    { header: 'Étape où l’on s’arrête le plus', cell: (r) => (r.now.giveUpStep === undefined ? '—' : `Étape ${r.now.giveUpStep}`) },
  ];
  const delayColumns: Column<Row>[] = [
    { header: 'Démarche', cell: cellName },
    { header: 'Délai médian jusqu’à l’accusé de réception (jours)', cell: (r) => number(r.now.medianDaysToReceipt) },
    { header: 'Délai médian jusqu’à la décision (jours)', cell: (r) => number(r.now.medianDaysToDecision) },
    { header: 'Acceptées', cell: (r) => number(r.now.decisions.accepted) },
    { header: 'Refusées', cell: (r) => number(r.now.decisions.rejected) },
    { header: 'Acceptées sans réponse (implicites)', cell: (r) => number(r.now.decisions['deemed-accepted']) },
    { header: 'Refusées sans réponse (implicites)', cell: (r) => number(r.now.decisions['deemed-rejected']) },
  ];
  const satisfactionColumns: Column<Row>[] = [
    { header: 'Démarche', cell: cellName },
    { header: 'Facile', cell: (r) => number(r.now.satisfaction.good) },
    { header: 'Moyen', cell: (r) => number(r.now.satisfaction.neutral) },
    { header: 'Difficile', cell: (r) => number(r.now.satisfaction.bad) },
    { header: 'Sans réponse', cell: (r) => number(r.now.satisfaction.skipped) },
  ];
  const procedureRows = shown.filter((row) => !row.total);
  return (
    <IndicatorsLayout title="Tableau de bord" manager={props.manager} hasErrors={props.problems.length > 0}>
      <ErrorSummary problems={props.problems} />
      <h1>Indicateurs {periodName(now.period)}</h1>
      <p class="lead">
        Comparés à la période précédente, {periodName(before.period)}. Les parcours sont comptés aux bornes, sans aucune réponse ni aucun nom.
      </p>
      <form method="get" action="/indicators" class="period" novalidate>
        <div class="field">
          <label for="from">Du</label>
          <FieldError problems={props.problems} field="from" />
          <input id="from" name="from" type="date" value={now.period.from} {...fieldAttributes(props.problems, 'from')} />
        </div>
        <div class="field">
          <label for="to">Au</label>
          <FieldError problems={props.problems} field="to" />
          <input id="to" name="to" type="date" value={now.period.to} {...fieldAttributes(props.problems, 'to')} />
        </div>
        <button type="submit">Afficher</button>
      </form>

      <section aria-labelledby="requests-heading" class="block">
        <h2 id="requests-heading">Demandes reçues</h2>
        <div class="side-by-side">
          <BarChart
            id="requests-chart"
            title="Demandes reçues par démarche"
            description={procedureRows.map((r) => `${r.name} : ${r.now.requests} (période précédente : ${r.before.requests})`).join(' ; ') || 'Aucune demande.'}
            categories={procedureRows.map((r) => r.name)}
            series={[
              { label: 'Cette période', values: procedureRows.map((r) => r.now.requests), tone: 'now' },
              { label: 'Période précédente', values: procedureRows.map((r) => r.before.requests), tone: 'before' },
            ]}
          />
          <Table id="requests" caption="Demandes reçues, par démarche et par canal" columns={requestColumns} rows={shown} empty="Aucune demande." />
        </div>
      </section>

      <section aria-labelledby="journeys-heading" class="block">
        <h2 id="journeys-heading">Parcours aux bornes</h2>
        <div class="side-by-side">
          <BarChart
            id="journeys-chart"
            title="Comment les parcours se sont terminés"
            description={`Envoyés : ${now.total.outcomes.finished} ; abandonnés : ${now.total.outcomes.abandoned} ; temps écoulé : ${now.total.outcomes['timed-out']} ; confiés à l’accueil : ${now.total.outcomes['handed-off']}.`}
            categories={['Envoyés', 'Abandonnés', 'Temps écoulé', 'Confiés à l’accueil']}
            series={[
              {
                label: 'Cette période',
                values: [now.total.outcomes.finished, now.total.outcomes.abandoned, now.total.outcomes['timed-out'], now.total.outcomes['handed-off']],
                tone: 'now',
              },
            ]}
          />
          <Table id="journeys" caption="Parcours aux bornes, par démarche" columns={journeyColumns} rows={shown} empty="Aucun parcours." />
        </div>
      </section>

      <section aria-labelledby="delays-heading" class="block">
        <h2 id="delays-heading">Délais et décisions</h2>
        <Table id="delays" caption="Délais et décisions des demandes reçues dans la période" columns={delayColumns} rows={shown} empty="Aucune demande." />
      </section>

      <section aria-labelledby="satisfaction-heading" class="block">
        <h2 id="satisfaction-heading">Satisfaction</h2>
        <p>La question posée après l’envoi : « Était-ce facile de faire votre demande ? ». Y répondre est facultatif.</p>
        <Table id="satisfaction" caption="Réponses à la question après l’envoi" columns={satisfactionColumns} rows={shown} empty="Aucune réponse." />
      </section>
    </IndicatorsLayout>
  );
}
