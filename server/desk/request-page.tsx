/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
// One request in the desk: what the person asked (answers, attachments), how it came (channel,
// mediator, mandate), its history, and the forms to act on it. What the resident wrote is shown
// in their language and direction (`lang`, `dir`), beside the French of the page.
import { Day, ErrorSummary, FieldError, fieldAttributes, Time, type FieldProblem } from '../pages/index.ts';
import type { CalendarDate } from '../receipts/calendar.ts';
import { TRANSITIONS, type HistoryEntry, type LegalDates, type LocalizedText, type RequestStatus } from '../requests/status.ts';
import { DeskLayout, type Instructor } from './layout.tsx';
import { actorLabel, channelLabel, STATUS_LABELS } from './words.ts';

export interface DeskRequest {
  reference: string;
  procedureTitle: string;
  service: string;
  status: RequestStatus;
  /** Silence decides (SVA / SVR): such a request is closed only after a decision. */
  decides: boolean;
  /** The resident's language: their answers and the messages they read are in it. */
  locale: { code: string; name: string; dir: 'ltr' | 'rtl' };
  receivedAt?: string;
  dates: LegalDates;
  channel?: string;
  site?: string;
  /** A mediator's help under a mandate. */
  assistance?: { mediatorName: string; mandateId: string; until: string };
  /** How notices reach the person: what they chose at the end of the journey. */
  notices: Array<'email' | 'sms' | 'letter'>;
  answers: Array<{ id: string; label: string; value: string | string[] }>;
  /** Files, each opened by the desk's attachment route (served inline, sandboxed). */
  attachments: Array<{ id: string; label: string; type: string; bytes: number; href: string }>;
  history: HistoryEntry[];
  notes: Array<{ at: string; author: string; text: string }>;
  assignee?: { id: string; name: string };
}

/** A decision text prepared for a procedure, in French and the other locales. */
export interface DecisionTemplate {
  id: string;
  decision: 'accepted' | 'rejected';
  title: string;
  text: LocalizedText;
}

export type DeskFormName = 'missing' | 'decision' | 'close' | 'note' | 'assign';

export interface RequestPageData {
  instructor: Instructor;
  today: CalendarDate;
  request: DeskRequest;
  /** Instructor ids → names, for the history. */
  names?: ReadonlyMap<string, string>;
  /** The missing pieces the procedure proposes to ask for. */
  proposedPieces: Array<{ id: string; label: string }>;
  templates: DecisionTemplate[];
  colleagues: Array<{ id: string; name: string }>;
  /** A form sent back with its problems and what was typed. */
  form?: { name: DeskFormName; problems: FieldProblem[]; values: Record<string, string | string[]> };
  /**
   * An action the request's status no longer allows (409: a second decision, pieces after a
   * decision): no field to correct, so a message at the top says what happened, not a link.
   */
  refusal?: string;
  /** A template chosen by its link: its decision and text fill the decision form. */
  templateId?: string;
  notice?: string;
}

const NOTICE_WORDS = { email: 'par courriel', sms: 'par SMS', letter: 'par courrier ou appel de l’accueil' } as const;

function sizeLabel(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} Ko` : `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

/** A text the resident will read: French, then their language in its own direction. */
function Localized(props: { text: LocalizedText; locale: DeskRequest['locale'] }) {
  const local = props.locale.code === 'fr' ? undefined : props.text[props.locale.code as keyof LocalizedText];
  return (
    <>
      <p class="resident-text">{props.text.fr}</p>
      {local ? (
        <p class="resident-text" lang={props.locale.code} dir={props.locale.dir}>
          {local}
        </p>
      ) : null}
    </>
  );
}

function History(props: { entries: HistoryEntry[]; locale: DeskRequest['locale']; names: ReadonlyMap<string, string> }) {
  return (
    <ol class="history" reversed>
      {[...props.entries].reverse().map((entry) => (
        <li>
          <p class="what">{STATUS_LABELS[entry.status]}</p>
          <p>
            <Time iso={entry.at} /> · {actorLabel(entry.actor, props.names)}
            {entry.implied ? ' (enregistré d’office)' : ''}
          </p>
          {entry.decidedOn ? (
            <p>
              Décision née le <Day date={entry.decidedOn} />.
            </p>
          ) : null}
          {entry.missing ? (
            <>
              <p>
                Pièces demandées, à donner avant le <Day date={entry.respondBy} /> :
              </p>
              <ul>
                {entry.missing.map((piece) => (
                  <li>
                    {piece.label.fr}
                    {props.locale.code !== 'fr' && piece.label[props.locale.code as keyof LocalizedText] ? (
                      <>
                        {' — '}
                        <span lang={props.locale.code} dir={props.locale.dir}>
                          {piece.label[props.locale.code as keyof LocalizedText]}
                        </span>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {entry.message ? <Localized text={entry.message} locale={props.locale} /> : null}
          {entry.document ? <p>Document joint : {entry.document.name}</p> : null}
        </li>
      ))}
    </ol>
  );
}

function value(form: RequestPageData['form'], name: DeskFormName, field: string): string {
  if (form?.name !== name) return '';
  const typed = form.values[field];
  return Array.isArray(typed) ? typed.join('\n') : (typed ?? '');
}

function checked(form: RequestPageData['form'], field: string, option: string): boolean {
  const typed = form?.values[field];
  return Array.isArray(typed) ? typed.includes(option) : typed === option;
}

function MissingForm(props: RequestPageData & { problems: FieldProblem[] }) {
  const { request, problems, form } = props;
  return (
    <section class="act" aria-labelledby="missing-title">
      <h2 id="missing-title">Demander des pièces manquantes</h2>
      <p>Le délai de décision s’arrête jusqu’à ce que la personne donne la dernière pièce ; il repart alors en entier (article L114-5).</p>
      <form method="post" action={`/desk/requests/${encodeURIComponent(request.reference)}/missing`} novalidate>
        {props.proposedPieces.length > 0 ? (
          <fieldset id="missing-pieces" {...fieldAttributes(problems, 'missing-pieces', { group: true })}>
            <legend>Pièces proposées par la démarche</legend>
            <FieldError problems={problems} field="missing-pieces" />
            {props.proposedPieces.map((piece) => (
              <div class="choice">
                <input type="checkbox" id={`missing-piece-${piece.id}`} name="pieces" value={piece.id} checked={form?.name === 'missing' && checked(form, 'pieces', piece.id)} />
                <label for={`missing-piece-${piece.id}`}>{piece.label}</label>
              </div>
            ))}
          </fieldset>
        ) : null}
        <div class="field">
          <label for="missing-other">Autres pièces ou informations</label>
          <p class="hint" id="missing-other-hint">
            Une par ligne, en français, comme la personne la lira. Par exemple : Photo du compteur d’eau
          </p>
          <FieldError problems={problems} field="missing-other" />
          <textarea id="missing-other" name="other" rows={3} {...fieldAttributes(problems, 'missing-other', { hint: true })}>
            {value(form, 'missing', 'other')}
          </textarea>
        </div>
        <div class="field">
          <label for="missing-respond-by">À donner au plus tard le</label>
          <p class="hint" id="missing-respond-by-hint">
            Une date après aujourd’hui. Par exemple : 15/04/2026
          </p>
          <FieldError problems={problems} field="missing-respond-by" />
          <input type="date" id="missing-respond-by" name="respondBy" min={props.today} value={value(form, 'missing', 'respondBy')} {...fieldAttributes(problems, 'missing-respond-by', { hint: true })} />
        </div>
        <div class="field">
          <label for="missing-message">Message à la personne (facultatif)</label>
          <FieldError problems={problems} field="missing-message" />
          <textarea id="missing-message" name="message" rows={3} {...fieldAttributes(problems, 'missing-message')}>
            {value(form, 'missing', 'message')}
          </textarea>
        </div>
        <button type="submit">Demander ces pièces</button>
      </form>
    </section>
  );
}

function DecisionForm(props: RequestPageData & { problems: FieldProblem[] }) {
  const { request, problems, form } = props;
  const template = props.templates.find((candidate) => candidate.id === props.templateId);
  const message = form?.name === 'decision' ? value(form, 'decision', 'message') : (template?.text.fr ?? '');
  const decision = form?.name === 'decision' ? form.values.decision : template?.decision;
  const base = `/desk/requests/${encodeURIComponent(request.reference)}`;
  return (
    <section class="act" aria-labelledby="decision-title">
      <h2 id="decision-title">Décider</h2>
      {props.templates.length > 0 ? (
        <>
          <p id="templates-label">Partir d’un modèle de la démarche (le message se remplit, vous pouvez le modifier) :</p>
          <ul aria-labelledby="templates-label">
            {props.templates.map((candidate) => (
              <li>
                <a href={`${base}?template=${encodeURIComponent(candidate.id)}#decision-message`} aria-current={candidate.id === props.templateId ? 'true' : undefined}>
                  {candidate.decision === 'accepted' ? 'Acceptation' : 'Refus'} : {candidate.title}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <form method="post" action={`${base}/decision`} novalidate>
        {template ? <input type="hidden" name="template" value={template.id} /> : null}
        <fieldset id="decision-choice" {...fieldAttributes(problems, 'decision-choice', { group: true })}>
          <legend>Décision</legend>
          <FieldError problems={problems} field="decision-choice" />
          <div class="choice">
            <input type="radio" id="decision-accepted" name="decision" value="accepted" checked={decision === 'accepted'} />
            <label for="decision-accepted">Accepter la demande</label>
          </div>
          <div class="choice">
            <input type="radio" id="decision-rejected" name="decision" value="rejected" checked={decision === 'rejected'} />
            <label for="decision-rejected">Refuser la demande</label>
          </div>
        </fieldset>
        <div class="field">
          <label for="decision-message">Message de la décision</label>
          <p class="hint" id="decision-message-hint">
            En français. Un refus dit ses motifs, les voies et les délais de recours. La personne le lit aussi dans sa langue quand le modèle la donne.
          </p>
          <FieldError problems={problems} field="decision-message" />
          <textarea id="decision-message" name="message" rows={8} {...fieldAttributes(problems, 'decision-message', { hint: true })}>
            {message}
          </textarea>
        </div>
        <button type="submit">Enregistrer la décision</button>
      </form>
    </section>
  );
}

function CloseForm(props: RequestPageData & { problems: FieldProblem[] }) {
  const { request, problems, form } = props;
  return (
    <section class="act" aria-labelledby="close-title">
      <h2 id="close-title">Clore la demande</h2>
      <form method="post" action={`/desk/requests/${encodeURIComponent(request.reference)}/close`} novalidate>
        <div class="field">
          <label for="close-message">Message à la personne (facultatif)</label>
          <FieldError problems={problems} field="close-message" />
          <textarea id="close-message" name="message" rows={3} {...fieldAttributes(problems, 'close-message')}>
            {value(form, 'close', 'message')}
          </textarea>
        </div>
        <button type="submit" class="secondary">
          Clore la demande
        </button>
      </form>
    </section>
  );
}

function NoteForm(props: RequestPageData & { problems: FieldProblem[] }) {
  const { request, problems, form } = props;
  return (
    <section class="act" aria-labelledby="notes-title">
      <h2 id="notes-title">Notes internes</h2>
      <p>Visibles des agents du service seulement, jamais de la personne.</p>
      {request.notes.length === 0 ? (
        <p class="empty">Aucune note.</p>
      ) : (
        <ul>
          {request.notes.map((note) => (
            <li>
              <Time iso={note.at} /> · {note.author} : <span class="resident-text">{note.text}</span>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={`/desk/requests/${encodeURIComponent(request.reference)}/notes`} novalidate>
        <div class="field">
          <label for="note-text">Nouvelle note</label>
          <FieldError problems={problems} field="note-text" />
          <textarea id="note-text" name="text" rows={3} {...fieldAttributes(problems, 'note-text')}>
            {value(form, 'note', 'text')}
          </textarea>
        </div>
        <button type="submit" class="secondary">
          Ajouter la note
        </button>
      </form>
    </section>
  );
}

function AssignForm(props: RequestPageData & { problems: FieldProblem[] }) {
  const { request, problems, form } = props;
  const selected = form?.name === 'assign' ? value(form, 'assign', 'assignee') : (request.assignee?.id ?? '');
  return (
    <section class="act" aria-labelledby="assign-title">
      <h2 id="assign-title">Confier à un agent</h2>
      <form method="post" action={`/desk/requests/${encodeURIComponent(request.reference)}/assign`} novalidate>
        <div class="field">
          <label for="assign-to">Agent en charge</label>
          <FieldError problems={problems} field="assign-to" />
          <select id="assign-to" name="assignee" {...fieldAttributes(problems, 'assign-to')}>
            <option value="" selected={selected === ''}>
              Personne
            </option>
            {props.colleagues.map((colleague) => (
              <option value={colleague.id} selected={selected === colleague.id}>
                {colleague.name}
                {colleague.id === props.instructor.id ? ' (moi)' : ''}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Confier
        </button>
      </form>
    </section>
  );
}

/**
 * @example documentOf(<RequestPage instructor={me} today="2026-03-10" request={request} proposedPieces={[]} templates={[]} colleagues={[]} />)
 */
export function RequestPage(props: RequestPageData) {
  const { request } = props;
  const problems = props.form?.problems ?? [];
  const next = TRANSITIONS[request.status];
  const canAsk = next.includes('incomplete');
  const canDecide = next.includes('accepted') || next.includes('rejected');
  const decided = ['accepted', 'rejected', 'deemed-accepted', 'deemed-rejected'].includes(request.status);
  const pastRespondBy = request.status === 'incomplete' && request.dates.respondBy !== undefined && request.dates.respondBy < props.today;
  const canClose = next.includes('closed') && (decided || !request.decides || pastRespondBy);
  const lang = { lang: request.locale.code, dir: request.locale.dir } as const;
  const names = props.names ?? new Map<string, string>();
  return (
    <DeskLayout title={`Demande ${request.reference}`} instructor={props.instructor} hasErrors={problems.length > 0 || props.refusal !== undefined}>
      <ErrorSummary problems={problems} />
      {props.refusal ? (
        <div class="error-summary" aria-labelledby="refusal-title" tabindex={-1}>
          <h2 id="refusal-title">Action impossible, rien n’a été enregistré</h2>
          <p>{props.refusal}</p>
        </div>
      ) : null}
      <h1>
        Demande {request.reference} : {request.procedureTitle}
      </h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      <dl class="facts">
        <dt>Statut</dt>
        <dd>{STATUS_LABELS[request.status]}</dd>
        <dt>Service</dt>
        <dd>{request.service}</dd>
        <dt>Reçue le</dt>
        <dd>
          <Time iso={request.receivedAt} />
        </dd>
        {request.dates.implicitDecisionDate ? (
          <>
            <dt>{request.dates.implicitDecision === 'deemed-rejected' ? 'Refus implicite le' : 'Acceptation implicite le'}</dt>
            <dd>
              <Day date={request.dates.implicitDecisionDate} /> (délai compté depuis le <Day date={request.dates.runsFrom} />)
            </dd>
          </>
        ) : null}
        {request.dates.suspended ? (
          <>
            <dt>Délai de décision</dt>
            <dd>
              Arrêté : pièces attendues avant le <Day date={request.dates.respondBy} />
            </dd>
          </>
        ) : null}
        <dt>Langue de la personne</dt>
        <dd>
          <span lang={request.locale.code} dir={request.locale.dir}>
            {request.locale.name}
          </span>
        </dd>
        <dt>Arrivée par</dt>
        <dd>
          {channelLabel(request.channel)}
          {request.site ? ` (${request.site})` : ''}
        </dd>
        <dt>Accompagnement</dt>
        <dd>
          {request.assistance ? (
            <>
              {request.assistance.mediatorName}, mandat {request.assistance.mandateId} jusqu’au <Time iso={request.assistance.until} />
            </>
          ) : (
            'Aucun'
          )}
        </dd>
        <dt>Avis à la personne</dt>
        <dd>{request.notices.length === 0 ? 'Aucun moyen donné : l’accueil la contacte' : request.notices.map((channel) => NOTICE_WORDS[channel]).join(', ')}</dd>
        <dt>Agent en charge</dt>
        <dd>{request.assignee?.name ?? 'Personne'}</dd>
      </dl>

      <h2>Réponses</h2>
      {request.answers.length === 0 ? (
        <p class="empty">Réponses effacées (durée de conservation passée).</p>
      ) : (
        <dl class="facts">
          {request.answers.map((answer) => (
            <>
              <dt>{answer.label}</dt>
              <dd class="resident-text" {...lang}>
                {Array.isArray(answer.value) ? (
                  <ul>
                    {answer.value.map((item) => (
                      <li>{item}</li>
                    ))}
                  </ul>
                ) : (
                  answer.value
                )}
              </dd>
            </>
          ))}
        </dl>
      )}

      <h2>Pièces jointes</h2>
      {request.attachments.length === 0 ? (
        <p class="empty">Aucune pièce jointe.</p>
      ) : (
        <ul>
          {request.attachments.map((file) => (
            <li>
              <a href={file.href}>
                {file.label} ({file.type === 'application/pdf' ? 'PDF' : file.type === 'image/png' ? 'image PNG' : 'image JPEG'}, {sizeLabel(file.bytes)})
              </a>
            </li>
          ))}
        </ul>
      )}

      <h2>Historique</h2>
      <History entries={request.history} locale={request.locale} names={names} />

      {canAsk ? <MissingForm {...props} problems={props.form?.name === 'missing' ? problems : []} /> : null}
      {canDecide ? <DecisionForm {...props} problems={props.form?.name === 'decision' ? problems : []} /> : null}
      {canClose ? <CloseForm {...props} problems={props.form?.name === 'close' ? problems : []} /> : null}
      <AssignForm {...props} problems={props.form?.name === 'assign' ? problems : []} />
      <NoteForm {...props} problems={props.form?.name === 'note' ? problems : []} />
    </DeskLayout>
  );
}
