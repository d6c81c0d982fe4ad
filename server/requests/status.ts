// The one status model of a request after it is sent, and its legal dates (CRPA L112-11,
// L114-5, L231-1, L231-4, L232-3; see shared/legal.md). Pure: no store, no clock, no I/O.
// A request is its procedure's legal terms plus an append-only history; its status is the
// last entry. The desk, the signed events route, the resident's completion and the implicit
// decision job all go through `applyStatusEvent`, so one table decides what may follow what.
//
//   registered ─▶ received ─▶ incomplete ─▶ received (again) ─▶ accepted | rejected
//        │            │            │                              deemed-accepted | deemed-rejected
//        └────────────┴────────────┴─▶ withdrawn (by the resident)          └─▶ closed
//
// Decisions the law makes, and why:
// - The decision delay runs from receipt, and, once the service has found the file
//   incomplete, only from the receipt of the last missing piece (L114-5): a full new delay
//   from that day, not what was left of the old one. While incomplete, no date runs.
// - At the implicit decision date (the date itself, in the town's time, as the ARE prints
//   "réputée acceptée le …") silence has decided: any event judged on or after that day first
//   records the deemed decision, then is judged against it. So a desk that acts late and the
//   scheduled job reach the same history, whichever comes first.
// - After an implicit rejection the administration may still answer expressly (its silence only
//   opened the way to an appeal); after an implicit acceptance it may not decide again here
//   (withdrawing a created right, L242-1, is outside Guichet).
// - A back-office that decides or asks for pieces before Guichet recorded the delivery has
//   received the request: the receipt is recorded first, at the same instant (`implied`).
// - A request that decides (SVA/SVR) is closed only after a decision, or when it was left
//   incomplete past the date given to complete it; a declaration or information may be closed
//   once received.
import { DEFAULT_DELAY, effectiveSilence, todayIn, type Locale, type Procedure } from '../../content/model/index.ts';
import { implicitDecisionDate, receptionDate, type CalendarDate, type CalendarOptions } from '../receipts/calendar.ts';

export type RequestStatus =
  | 'registered'
  | 'received'
  | 'incomplete'
  | 'accepted'
  | 'rejected'
  | 'deemed-accepted'
  | 'deemed-rejected'
  | 'closed'
  | 'withdrawn';

/** Who made a change: the "who" of the history. */
export type Actor =
  | { kind: 'resident' }
  | { kind: 'instructor'; id: string }
  | { kind: 'back-office'; route: string }
  | { kind: 'system' };

/** A text per locale; French is the one the law reads, so decisions and missing pieces carry it. */
export type LocalizedText = Partial<Record<Locale, string>> & { fr: string };

/** One missing document or piece of information, named for the resident. */
export interface MissingPiece {
  label: LocalizedText;
  /** The procedure's field it asks again for, when the piece comes from the procedure's own list. */
  field?: string;
}

/** What can happen to a request. `completed` is the resident giving the missing pieces. */
export type StatusEvent =
  | { type: 'received'; actor: Actor; message?: LocalizedText }
  | { type: 'incomplete'; actor: Actor; missing: MissingPiece[]; respondBy: CalendarDate; message?: LocalizedText }
  | { type: 'completed'; actor: Actor }
  | { type: 'accepted'; actor: Actor; message: LocalizedText; document?: { id: string; name: string } }
  | { type: 'rejected'; actor: Actor; message: LocalizedText; document?: { id: string; name: string } }
  | { type: 'deemed-accepted'; actor: Actor }
  | { type: 'deemed-rejected'; actor: Actor }
  | { type: 'closed'; actor: Actor; message?: LocalizedText }
  | { type: 'withdrawn'; actor: Actor };

export type StatusEventType = StatusEvent['type'];

/** One line of the history: what the request became, when, who did it, and why. */
export interface HistoryEntry {
  status: RequestStatus;
  /** ISO instant the change was recorded. */
  at: string;
  actor: Actor;
  /** The resident completed the file: this `received` restarts the delay (L114-5). */
  completed?: true;
  /** Recorded because another event needed it first (a receipt, a deemed decision). */
  implied?: true;
  message?: LocalizedText;
  missing?: MissingPiece[];
  respondBy?: CalendarDate;
  document?: { id: string; name: string };
  /** For a deemed decision: the day silence decided, which may be before `at`. */
  decidedOn?: CalendarDate;
}

/** What of the procedure's legal profile the dates need; `termsOf(procedure)` reads it. */
export interface LegalTerms {
  kind: 'request' | 'declaration' | 'information';
  /** The silence rule that applies (already `rejection` for agents' requests, L231-4). */
  silence?: 'acceptance' | 'rejection' | 'not-applicable';
  /** `2 months`, `10 working days`: the calendar's syntax. */
  delay: string;
  calendar?: CalendarOptions;
}

/** A request as the model sees it: its legal terms and its history, oldest first, never empty. */
export interface RequestRecord {
  terms: LegalTerms;
  history: readonly HistoryEntry[];
}

/** Why an event was refused: 409 for a transition the current status forbids, 422 for a bad event. */
export interface StatusRefusal {
  code: RefusalCode;
  status: 409 | 422;
  /** The event field at fault, for a 422 (`missing`, `respondBy`, `message.fr`). */
  field?: string;
  /** A French sentence for the person or the integrator who sent it. */
  detail: string;
}

export type RefusalCode =
  | 'invalid-transition'
  | 'already-decided'
  | 'request-finished'
  | 'decision-required'
  | 'implicit-date-not-reached'
  | 'no-implicit-decision'
  | 'event-before-last-change'
  | 'actor-not-allowed'
  | 'missing-pieces-required'
  | 'respond-by-invalid'
  | 'message-required';

export type StatusResult =
  | { ok: true; record: RequestRecord; added: HistoryEntry[] }
  | { ok: false; refusal: StatusRefusal };

/** The dates a resident, the desk and the job need, from the history alone. */
export interface LegalDates {
  /** First receipt by the administration (the ARE's date), town time. */
  receivedOn?: CalendarDate;
  /** The day the decision delay runs from: receipt, or the receipt of the last missing piece. */
  runsFrom?: CalendarDate;
  /** While the delay runs and silence decides: the day the request is deemed accepted or rejected. */
  implicitDecisionDate?: CalendarDate;
  /** What silence will decide at that date. */
  implicitDecision?: 'deemed-accepted' | 'deemed-rejected';
  /** Incomplete: no delay runs until the pieces arrive. */
  suspended: boolean;
  /** Incomplete: the day by which the resident is asked to give the pieces. */
  respondBy?: CalendarDate;
  /** Decided by silence: the day it happened. */
  decidedOn?: CalendarDate;
}

const DECISIONS: ReadonlySet<RequestStatus> = new Set(['accepted', 'rejected', 'deemed-accepted', 'deemed-rejected']);
const FINISHED: ReadonlySet<RequestStatus> = new Set(['closed', 'withdrawn']);

/**
 * Which status may follow which, whatever the event's details. `received → received` is absent:
 * a request is received once per phase; `incomplete → incomplete` replaces the list of pieces.
 */
export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  registered: ['received', 'withdrawn'],
  received: ['incomplete', 'accepted', 'rejected', 'deemed-accepted', 'deemed-rejected', 'closed', 'withdrawn'],
  incomplete: ['incomplete', 'received', 'accepted', 'rejected', 'closed', 'withdrawn'],
  accepted: ['closed'],
  rejected: ['closed'],
  'deemed-accepted': ['closed'],
  'deemed-rejected': ['accepted', 'rejected', 'closed'],
  closed: [],
  withdrawn: [],
};

/** Who may cause each event. */
const ACTORS: Readonly<Record<StatusEventType, ReadonlyArray<Actor['kind']>>> = {
  received: ['system', 'back-office', 'instructor'],
  incomplete: ['instructor', 'back-office'],
  completed: ['resident', 'instructor'],
  accepted: ['instructor', 'back-office'],
  rejected: ['instructor', 'back-office'],
  'deemed-accepted': ['system'],
  'deemed-rejected': ['system'],
  closed: ['instructor', 'back-office'],
  withdrawn: ['resident'],
};

const STATUS_WORDS: Record<RequestStatus, string> = {
  registered: 'enregistrée',
  received: 'reçue',
  incomplete: 'incomplète',
  accepted: 'acceptée',
  rejected: 'refusée',
  'deemed-accepted': 'acceptée sans réponse (décision implicite)',
  'deemed-rejected': 'refusée sans réponse (décision implicite)',
  closed: 'close',
  withdrawn: 'retirée par la personne',
};

/**
 * The legal terms of a procedure: kind, the silence rule that applies to it, its delay.
 *
 * @example termsOf(procedure) // { kind: 'request', silence: 'acceptance', delay: '2 months' }
 */
export function termsOf(procedure: Pick<Procedure, 'audience' | 'legal'>, calendar?: CalendarOptions): LegalTerms {
  const silence = effectiveSilence(procedure);
  return {
    kind: procedure.legal?.kind ?? 'request',
    ...(silence === undefined ? {} : { silence }),
    delay: procedure.legal?.delay ?? DEFAULT_DELAY,
    ...(calendar ? { calendar } : {}),
  };
}

/**
 * A new request's record: registered (the AEE) at the instant the server took it.
 *
 * @example newRequest(termsOf(procedure), new Date('2026-03-02T09:00:00Z')).history[0].status // 'registered'
 */
export function newRequest(terms: LegalTerms, registeredAt: Date, actor: Actor = { kind: 'system' }): RequestRecord {
  return { terms, history: [{ status: 'registered', at: registeredAt.toISOString(), actor }] };
}

/** The current status: the last entry's. */
export function statusOf(record: RequestRecord): RequestStatus {
  const last = record.history[record.history.length - 1];
  if (!last) throw new RangeError('A request record has at least its registration in its history');
  return last.status;
}

function deciding(terms: LegalTerms): 'acceptance' | 'rejection' | undefined {
  return terms.kind === 'request' && (terms.silence === 'acceptance' || terms.silence === 'rejection') ? terms.silence : undefined;
}

function dayOf(at: Date | string, terms: LegalTerms): CalendarDate {
  return receptionDate(typeof at === 'string' ? new Date(at) : at, terms.calendar?.timeZone);
}

/**
 * The request's legal dates, from its history: when it was received, from which day the delay
 * runs, and the implicit decision date while it runs (pushed back by an incomplete period as
 * L114-5 says: a full delay from the receipt of the last missing piece).
 *
 * @example
 * legalDates(record) // { receivedOn: '2026-03-02', runsFrom: '2026-03-20', implicitDecisionDate: '2026-05-20', implicitDecision: 'deemed-accepted', suspended: false }
 */
export function legalDates(record: RequestRecord): LegalDates {
  const { history, terms } = record;
  const firstReceipt = history.find((entry) => entry.status === 'received');
  const status = statusOf(record);
  const dates: LegalDates = { suspended: status === 'incomplete' };
  if (firstReceipt) dates.receivedOn = dayOf(firstReceipt.at, terms);
  const last = history[history.length - 1]!;
  if (status === 'incomplete' && last.respondBy) dates.respondBy = last.respondBy;
  if (status === 'deemed-accepted' || status === 'deemed-rejected') {
    if (last.decidedOn) dates.decidedOn = last.decidedOn;
    return dates;
  }
  if (status !== 'received') return dates;
  // The delay runs from the last receipt: the first one, or the completion after the last incomplete.
  let lastReceipt = firstReceipt!;
  for (const entry of history) if (entry.status === 'received') lastReceipt = entry;
  dates.runsFrom = dayOf(lastReceipt.at, terms);
  const silence = deciding(terms);
  if (silence) {
    dates.implicitDecisionDate = implicitDecisionDate(dates.runsFrom, terms.delay, terms.calendar);
    dates.implicitDecision = silence === 'acceptance' ? 'deemed-accepted' : 'deemed-rejected';
  }
  return dates;
}

/**
 * The deemed decision silence has made by `at`, if any: what the scheduled job applies.
 *
 * @example dueImplicitDecision(record, new Date('2026-05-20T06:00:00Z')) // { type: 'deemed-accepted', actor: { kind: 'system' } }
 */
export function dueImplicitDecision(record: RequestRecord, at: Date): StatusEvent | undefined {
  const dates = legalDates(record);
  if (!dates.implicitDecisionDate || !dates.implicitDecision) return undefined;
  if (dayOf(at, record.terms) < dates.implicitDecisionDate) return undefined;
  return { type: dates.implicitDecision, actor: { kind: 'system' } };
}

const refuse = (code: RefusalCode, status: 409 | 422, detail: string, field?: string): StatusResult => ({
  ok: false,
  refusal: { code, status, detail, ...(field ? { field } : {}) },
});

function blank(text: LocalizedText | undefined): boolean {
  return text === undefined || typeof text.fr !== 'string' || text.fr.trim() === '';
}

/** The 422s: an event that is wrong whatever the request's status. */
function checkEvent(event: StatusEvent, today: CalendarDate): StatusResult | undefined {
  if (event.type === 'incomplete') {
    if (event.missing.length === 0)
      return refuse('missing-pieces-required', 422, 'Nommez au moins une pièce ou une information manquante.', 'missing');
    const empty = event.missing.findIndex((piece) => blank(piece.label));
    if (empty !== -1)
      return refuse('missing-pieces-required', 422, 'Chaque pièce manquante a un nom en français.', `missing.${empty}.label.fr`);
    if (!isCalendarDate(event.respondBy))
      return refuse('respond-by-invalid', 422, 'La date limite s’écrit AAAA-MM-JJ, par exemple 2026-04-15.', 'respondBy');
    if (event.respondBy <= today)
      return refuse('respond-by-invalid', 422, `La date limite (${event.respondBy}) doit être après aujourd’hui (${today}).`, 'respondBy');
    if (event.message !== undefined && blank(event.message))
      return refuse('message-required', 422, 'Un message donné doit avoir son texte en français.', 'message.fr');
  }
  if ((event.type === 'accepted' || event.type === 'rejected') && blank(event.message))
    return refuse('message-required', 422, 'Une décision s’accompagne d’un message en français pour la personne.', 'message.fr');
  if (event.type === 'closed' && event.message !== undefined && blank(event.message))
    return refuse('message-required', 422, 'Un message donné doit avoir son texte en français.', 'message.fr');
  return undefined;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function entryOf(event: StatusEvent, status: RequestStatus, at: string): HistoryEntry {
  const entry: HistoryEntry = { status, at, actor: event.actor };
  if (event.type === 'completed') entry.completed = true;
  if (event.type === 'incomplete') {
    entry.missing = event.missing;
    entry.respondBy = event.respondBy;
  }
  if ('message' in event && event.message !== undefined) entry.message = event.message;
  if ((event.type === 'accepted' || event.type === 'rejected') && event.document) entry.document = event.document;
  return entry;
}

const TARGET: Record<StatusEventType, RequestStatus> = {
  received: 'received',
  incomplete: 'incomplete',
  completed: 'received',
  accepted: 'accepted',
  rejected: 'rejected',
  'deemed-accepted': 'deemed-accepted',
  'deemed-rejected': 'deemed-rejected',
  closed: 'closed',
  withdrawn: 'withdrawn',
};

/**
 * Applies one event to a request at an instant: the new record with the entries added, or a
 * refusal with a code for a problem (409 transition, 422 event). Never mutates its input.
 * Entries the event needs first are added before it: the receipt when a back-office acts on
 * a request Guichet had not yet seen delivered, the deemed decision when its date has come.
 *
 * @example
 * const asked = applyStatusEvent(record, {
 *   type: 'incomplete', actor: { kind: 'instructor', id: 'c.durand' },
 *   missing: [{ label: { fr: 'Justificatif de domicile' } }], respondBy: '2026-04-15',
 * }, new Date('2026-03-10T09:00:00Z'));
 * if (!asked.ok) throw new GuichetError(asked.refusal.status === 409 ? 'status-conflict' : 'invalid-status-event', asked.refusal.detail);
 */
export function applyStatusEvent(record: RequestRecord, event: StatusEvent, at: Date): StatusResult {
  if (Number.isNaN(at.getTime())) throw new RangeError('Invalid event instant');
  const iso = at.toISOString();
  const last = record.history[record.history.length - 1];
  if (!last) throw new RangeError('A request record has at least its registration in its history');
  if (iso < last.at)
    return refuse('event-before-last-change', 409, `Cet événement (${iso}) est antérieur au dernier changement de la demande (${last.at}).`);
  if (!ACTORS[event.type].includes(event.actor.kind))
    return refuse('actor-not-allowed', 409, `« ${event.type} » ne peut pas venir de ${actorWords(event.actor)}.`);
  const today = dayOf(at, record.terms);
  const invalid = checkEvent(event, today);
  if (invalid) return invalid;

  const added: HistoryEntry[] = [];
  let status = last.status;
  // A back-office that asks or decides has received the request, delivery recorded or not.
  if (status === 'registered' && ['incomplete', 'accepted', 'rejected'].includes(event.type)) {
    added.push({ status: 'received', at: iso, actor: event.actor, implied: true });
    status = 'received';
  }
  // Silence has decided once its date has come, before anything else is judged.
  const due = dueImplicitDecision({ terms: record.terms, history: [...record.history, ...added] }, at);
  if (due && event.type !== due.type) {
    const dates = legalDates({ terms: record.terms, history: [...record.history, ...added] });
    added.push({ status: TARGET[due.type], at: iso, actor: { kind: 'system' }, implied: true, decidedOn: dates.implicitDecisionDate! });
    status = TARGET[due.type];
  }

  const target = TARGET[event.type];
  if (FINISHED.has(status))
    return refuse('request-finished', 409, `La demande est ${STATUS_WORDS[status]} : plus rien ne peut y être ajouté.`);
  if (event.type === 'completed' && status !== 'incomplete')
    return refuse('invalid-transition', 409, `La demande est ${STATUS_WORDS[status]} : il n’y a pas de pièce manquante à donner.`);
  if (event.type === 'received' && status === 'incomplete')
    // The back-office says the pieces arrived by its own way: that is a completion.
    return applyTo(record, added, { ...entryOf(event, 'received', iso), completed: true });
  if (!TRANSITIONS[status].includes(target)) {
    if (DECISIONS.has(status) && (DECISIONS.has(target) || target === 'incomplete'))
      return refuse('already-decided', 409, `La demande est déjà ${STATUS_WORDS[status]} : une autre décision n’est pas possible.`);
    return refuse('invalid-transition', 409, `Une demande ${STATUS_WORDS[status]} ne peut pas devenir ${STATUS_WORDS[target]}.`);
  }
  if (event.type === 'deemed-accepted' || event.type === 'deemed-rejected') {
    const dates = legalDates({ terms: record.terms, history: [...record.history, ...added] });
    if (!dates.implicitDecision || dates.implicitDecision !== event.type)
      return refuse('no-implicit-decision', 409, `Le silence ne vaut pas ${STATUS_WORDS[event.type]} pour cette démarche.`);
    if (today < dates.implicitDecisionDate!)
      return refuse('implicit-date-not-reached', 409, `La date de décision implicite (${dates.implicitDecisionDate}) n’est pas atteinte.`);
    return applyTo(record, added, { ...entryOf(event, target, iso), decidedOn: dates.implicitDecisionDate! });
  }
  if (event.type === 'closed' && !DECISIONS.has(status) && deciding(record.terms)) {
    const respondBy = status === 'incomplete' ? lastOf(record.history, 'incomplete')?.respondBy : undefined;
    if (!respondBy || today <= respondBy)
      return refuse(
        'decision-required',
        409,
        status === 'incomplete'
          ? `La personne a jusqu’au ${respondBy} pour compléter : la demande ne peut pas être close avant.`
          : 'Cette demande attend une décision (acceptation ou refus) avant d’être close.',
      );
  }
  return applyTo(record, added, entryOf(event, target, iso));
}

function applyTo(record: RequestRecord, implied: HistoryEntry[], entry: HistoryEntry): StatusResult {
  const added = [...implied, entry];
  return { ok: true, record: { terms: record.terms, history: [...record.history, ...added] }, added };
}

function lastOf(history: readonly HistoryEntry[], status: RequestStatus): HistoryEntry | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.status === status) return history[i];
  return undefined;
}

function actorWords(actor: Actor): string {
  switch (actor.kind) {
    case 'resident':
      return 'la personne';
    case 'instructor':
      return 'un agent instructeur';
    case 'back-office':
      return `l’application « ${actor.route} »`;
    case 'system':
      return 'Guichet lui-même';
  }
}

/** Today's date in the town for an instant, as the model judges it (exported for callers' forms). */
export function townDay(at: Date, terms?: Pick<LegalTerms, 'calendar'>): CalendarDate {
  return todayIn(at, terms?.calendar?.timeZone);
}
