// The storage interface. SQLite implements it today; PostgreSQL will implement it behind the
// same methods, and store.contract.ts holds every implementation to the same behaviour.
import type { Answers, Procedure } from '../../content/model/index.ts';
import type { AuditEntry } from './audit-chain.ts';
import type { ApplyOutcome, EventSource } from '../requests/request-life.ts';
import type { HistoryEntry, StatusEvent } from '../requests/status.ts';

/** One published version of a procedure, as it was when the server first served it. */
export interface ProcedureVersion {
  id: string;
  version: number;
  /** sha256 of the procedure's canonical JSON. */
  hash: string;
  procedure: Procedure;
}

/** What remembering a procedure version found. `changed`: same id and version, other content. */
export type Remembered = 'added' | 'unchanged' | 'changed';

/** An attachment as stored: the file lives under the attachments folder, named by sha256. */
export interface StoredAttachment {
  id: string;
  field: string;
  type: string;
  bytes: number;
  sha256: string;
}

/** A submission the server has validated and is about to accept. */
export interface NewSubmission {
  /** The Idempotency-Key (a UUID, lower case): the kiosk's envelope id. */
  id: string;
  procedureId: string;
  procedureVersion: number;
  locale: string;
  answers: Answers;
  attachments: StoredAttachment[];
  /** sha256 of the canonical request body, to tell a replay from a reuse of the key. */
  bodyHash: string;
  /** ISO 8601 with offset: the moment of receipt by the administration (legal.md). */
  receivedAt: string;
  /** Back-office routes of the procedure: one delivery each. */
  routes: string[];
  /**
   * The person gave an email address: the AEE is queued for it in the same transaction, and
   * the ARE when the submission is delivered (L112-11); `receipt_emails` rows, sent afterwards.
   */
  emailReceipts?: boolean;
  /** Who sent it (`kiosk`, `counter`, `mediator:…`), for the audit log. */
  actor?: string;
  /** The terminal it came from, for the audit log. */
  terminal?: string | null;
  /** Channel, agent, mediator and mandate: stored beside the submission, in its transaction. */
  attribution?: Attribution;
  /**
   * Sent by reception from a staff session (its token's sha256): if that session opened a
   * hand-off of this procedure not continued yet, the submission continues it, and the
   * transaction appends `submission.handed-off` naming the terminal it began on.
   */
  continuingSession?: string;
}

/** What the resident gets back, and gets again on a replay. */
export interface Receipt {
  reference: string;
  trackingCode: string;
  receivedAt: string;
}

export type Acceptance =
  | { outcome: 'created'; receipt: Receipt }
  | { outcome: 'replay'; receipt: Receipt }
  | { outcome: 'conflict' };

export type SubmissionStatus = 'received' | 'delivered' | 'acknowledged' | 'closed';

export interface StatusChange {
  status: SubmissionStatus;
  at: string;
}

export interface StoredSubmission {
  id: string;
  reference: string;
  trackingCode: string;
  procedureId: string;
  procedureVersion: number;
  locale: string;
  status: SubmissionStatus;
  receivedAt: string;
  history: StatusChange[];
  deliveries: Array<{ route: string; state: string; attempts: number }>;
  /** The validated answers; `undefined` once the retention purge removed them. */
  answers: Answers | undefined;
  /** When the retention purge removed answers and attachments (ISO 8601), if it did. */
  purgedAt?: string;
}

/**
 * A delivery's state. `pending` covers both "not tried yet" and "failed, waiting for its next
 * attempt" (attempts > 0); `dead` waits for a person to press "retry now" in the console.
 */
export type DeliveryState = 'pending' | 'delivered' | 'dead';

/** What the relay asks for: due deliveries of one route, leased for `leaseMs`. */
export interface DeliveryClaim {
  route: string;
  /** At most this many rows. */
  limit: number;
  /** The relay's clock: rows with `next_attempt_at <= now` and no live lease are due. */
  now: Date;
  /**
   * How long the claim holds the rows. No other claim returns them before `now + leaseMs`;
   * after it (a crashed worker, a killed process) they are due again. Longer than the
   * connector's `timeoutMs`.
   */
  leaseMs: number;
}

/** A delivery the relay holds, with what it needs to build the connector's `Delivery`. */
export interface ClaimedDelivery {
  id: number;
  route: string;
  /** Attempts started, this one included (a claim counts as an attempt, even if the process dies). */
  attempt: number;
  /** Proves the claim when recording the outcome; a later claim of the same row gets another. */
  claimToken: string;
  leaseUntil: string;
  submission: {
    id: string;
    reference: string;
    procedureId: string;
    procedureVersion: number;
    locale: string;
    receivedAt: string;
    /** `undefined` once purged after the retention period. */
    answers: Answers | undefined;
    attachments: StoredAttachment[];
  };
}

/** The outcome of one attempt, recorded by the holder of the claim. */
export type DeliveryRecord = { id: number; claimToken: string; at: Date } & (
  | { outcome: 'delivered' }
  /** Pending again, due at `nextAttemptAt`; `error` is the plain-French reason shown in the console. */
  | { outcome: 'retry'; error: string; nextAttemptAt: Date }
  /** Given up: rejected by the back-office, or the last attempt failed. */
  | { outcome: 'dead'; error: string }
  /** Interrupted by a shutdown: due again at once, and the attempt is not counted. */
  | { outcome: 'released' }
);

export type RecordResult =
  /** The claim was lost (another claim holds the row now): nothing changed. */
  | { recorded: false }
  /** `submissionDelivered` is set once, by the record that delivered a submission's last delivery. */
  | { recorded: true; submissionDelivered?: { submissionId: string; reference: string } };

/** One delivery as the console lists it. Times are UTC ISO 8601. */
export interface DeliveryView {
  id: number;
  submissionId: string;
  reference: string;
  procedureId: string;
  route: string;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  /** Set while a relay holds the row. */
  leaseUntil?: string;
  /** The first failed attempt since the delivery was created; a "retry now" keeps it, a success clears it. */
  failingSince?: string;
  deliveredAt?: string;
}

/** `waiting`: pending with a `lastError` (a failed attempt, or a route the relay cannot serve). */
export type DeliveryFilter = DeliveryState | 'waiting';

/** One route's deliveries, counted by state, for the console. */
export interface RouteSummary {
  route: string;
  /** All pending rows, `waiting` included. */
  pending: number;
  waiting: number;
  delivered: number;
  dead: number;
  /** The oldest `failingSince` among its pending deliveries: how long the back-office has been failing. */
  failingSince?: string;
}

export type RetryResult =
  | { outcome: 'retried'; delivery: DeliveryView }
  | { outcome: 'not-found' }
  | { outcome: 'already-delivered' }
  /** A relay holds it right now; its outcome will be recorded in a moment. */
  | { outcome: 'in-flight' };

export interface AuditEvent {
  at: string;
  kind: string;
  /** Who: `kiosk`, `relay`, `retention`, `agent:1234`…; null for entries older than migration 003. */
  actor: string | null;
  /** Which terminal, when the event came from one. */
  terminal: string | null;
  data: Record<string, unknown>;
}

/** An entry to append to the audit log; the store chains it (server/store/audit-chain.ts). */
export interface NewAuditEvent {
  at: string;
  kind: string;
  actor: string;
  terminal?: string | null;
  submissionId?: string | null;
  /** No personal data: the log outlives the retention purge. */
  data: Record<string, unknown>;
}

export type { AuditEntry } from './audit-chain.ts';

/** An acknowledgment email the sender holds (server/receipt-emails.ts). */
export interface ClaimedReceiptEmail {
  id: number;
  submissionId: string;
  reference: string;
  kind: 'registration' | 'receipt';
  /** Attempts started, this one included. */
  attempt: number;
  claimToken: string;
}

export type ReceiptEmailRecord = { id: number; claimToken: string; at: Date } & (
  | { outcome: 'sent' }
  | { outcome: 'retry'; error: string; nextAttemptAt: Date }
  | { outcome: 'dead'; error: string }
);

/** Which submissions the retention purge takes: one procedure, last status change before a date. */
export interface PurgeRequest {
  procedureId: string;
  /** Submissions whose last status change is strictly before this instant. */
  lastChangeBefore: Date;
  /** The purge's clock, recorded as `purgedAt` and in the audit log. */
  at: Date;
  limit: number;
}

export interface PurgedSubmission {
  id: string;
  reference: string;
  procedureId: string;
  /** The files it named: removed from disk by the caller when no other submission names them. */
  attachments: StoredAttachment[];
}

/** What a kiosk terminal reports every minute (POST /api/terminals/heartbeat). */
export interface TerminalHeartbeat {
  /** Random, made by the terminal: it names the machine, not a person. */
  terminalId: string;
  /** Where it stands (`mediatheque`), `''` when not set. */
  site: string;
  appVersion: string;
  contentVersion: string;
  /** Envelopes in its outbox, not received by the server yet. */
  outboxLength: number;
  /** Age of the oldest of them; 0 when the outbox is empty. */
  oldestAgeSeconds: number;
  /** The server's clock when the heartbeat arrived. */
  at: Date;
}

/** A terminal as the console lists it: its last heartbeat. Times are UTC ISO 8601. */
export interface TerminalView extends Omit<TerminalHeartbeat, 'at'> {
  firstSeenAt: string;
  lastSeenAt: string;
}

/** A procedure a person could not finish, sealed on the kiosk (server/handoffs/). */
export interface NewHandoff {
  id: string;
  /** Derived from the code on the kiosk (base64url); what reception's lookup must match. */
  lookup: string;
  /** The draft, AES-GCM ciphertext as JSON `{iv, data}`: the server cannot read it. */
  sealed: string;
  procedureId: string;
  procedureVersion: number;
  terminal: string | null;
  site: string | null;
  createdAt: string;
  expiresAt: string;
}

/** What reception gets when it opens a hand-off: the ciphertext, once. */
export type OpenedHandoff = Omit<NewHandoff, 'lookup' | 'expiresAt'>;

// Staff: mediators, agents, reception and administrators sign in; residents never do.

/** Who signed in. A resident has no account: a session without sign-in is a resident's. */
/** `instructor`: handles the requests of their services in the desk (/desk); `manager`: the same, for now. */
export type StaffRole = 'mediator' | 'agent' | 'reception' | 'admin' | 'instructor' | 'manager';

/** Where a submission was made: a terminal setting (kiosk `?channel=`), `null` when not set. */
export type Channel = 'epn' | 'reception' | 'tiers-lieu';

/** A staff account as stored: the code only as an argon2id hash (PHC string). */
export interface StaffAccount {
  id: number;
  role: StaffRole;
  /** The mediator's identifier, the agent's number, reception's or the admin's name; unique per role. */
  login: string;
  displayName: string;
  passwordHash: string;
  disabled: boolean;
  createdAt: string;
  /** Where a reception account works (`accueil-mairie`); absent: every site. */
  site?: string;
  /** The services (site.yaml ids) whose requests an instructor handles in the desk. */
  services?: string[];
}

export type NewStaffAccount = Omit<StaffAccount, 'id' | 'disabled'>;

/** A signed-in session: the cookie holds a random token, the store only its sha256. */
export interface StaffSession {
  tokenHash: string;
  accountId: number;
  createdAt: string;
  /** Server-side end, whatever the cookie says. */
  expiresAt: string;
}

/**
 * A resident's consent to be helped by a mediator, for some procedures until a date (the
 * session's end, or up to one year, as Aidants Connect). Holds the resident's name only.
 */
export interface Mandate {
  id: string;
  mediatorId: number;
  residentName: string;
  procedureIds: string[];
  /** `session`: ends with the assisted session; `duration`: ends at `expiresAt`. */
  scope: 'session' | 'duration';
  createdAt: string;
  expiresAt: string;
  /** The resident said yes out loud and the mediator confirmed it on screen. */
  consentConfirmedAt: string;
  channel: Channel | null;
  terminal: string | null;
  /** Printed on the consent with the number: the resident's key to see their mandates; a renewal keeps it. */
  residentCode?: string;
  /** Who ended it before its end (`reception:login`, `mediator:login`), when someone did. */
  endedBy?: string;
  /** The mandate this one renewed. */
  renews?: string;
  /** When the purge removed the resident's name (and code). */
  purgedAt?: string;
}

/** Who made a submission and where: written with the submission, in its transaction. */
export interface Attribution {
  channel: Channel | null;
  /** The signed-in agent who made it for themself. */
  agentId?: number;
  /** The mediator who helped, and the resident's mandate. */
  mediatorId?: number;
  mandateId?: string;
  /** Reception that continued it (hand-off) or typed it at the desk. */
  receptionId?: number;
  /** Where the terminal stands (`Guichet-Site`, the kiosk's `?site=`), when it said. */
  site?: string;
}

/** A submission as staff lists it: no answers. */
export interface AttributedSubmission extends Attribution {
  submissionId: string;
  reference: string;
  procedureId: string;
  status: SubmissionStatus;
  receivedAt: string;
}

export interface Store {
  /** `sqlite` or `postgresql`, as /api/health reports it. */
  readonly kind: string;
  /** Opens the storage and applies pending migrations. Call once before anything else. */
  migrate(): Promise<void>;
  /** Closes the storage; the store is unusable afterwards. */
  dispose(): Promise<void>;
  /** Resolves when the storage answers a trivial query, rejects otherwise. */
  health(): Promise<void>;
  rememberProcedureVersion(version: ProcedureVersion): Promise<Remembered>;
  getProcedureVersion(id: string, version: number): Promise<ProcedureVersion | undefined>;
  /** The receipt already given for this idempotency key and body hash, or a conflict. */
  replayOf(id: string, bodyHash: string): Promise<Acceptance | undefined>;
  /**
   * Stores the submission, its deliveries, its first status and an audit event in one
   * transaction, with a fresh unique reference; or says it is a replay or a conflict.
   */
  acceptSubmission(submission: NewSubmission): Promise<Acceptance>;
  findSubmission(reference: string): Promise<StoredSubmission | undefined>;
  /** What happened to a submission, oldest first; no personal data. */
  auditTrail(submissionId: string): Promise<AuditEvent[]>;
  countSubmissions(): Promise<number>;

  // The relay's outbox (server/relay/worker.ts). Claims must be exclusive across processes:
  // SQLite does it with one UPDATE … RETURNING; PostgreSQL with SELECT … FOR UPDATE SKIP LOCKED.

  /**
   * Leases up to `limit` due deliveries of `route` (pending, `next_attempt_at <= now`, no lease
   * or an expired one), oldest due first, and counts an attempt on each. Two concurrent claims,
   * from this process or another, never return the same row while its lease lives.
   */
  claimDeliveries(claim: DeliveryClaim): Promise<ClaimedDelivery[]>;
  /**
   * Records an attempt's outcome if `claimToken` still holds the row, and clears the lease. In
   * the same transaction: an audit event for `delivered` and `dead`; and when the last delivery
   * of a submission is delivered, the submission moves to `delivered` with a status_history row
   * and a `submission.delivered` audit event.
   */
  recordDelivery(record: DeliveryRecord): Promise<RecordResult>;
  /**
   * Sets `last_error` on the pending deliveries of a route the relay cannot serve (not
   * configured), so the console says why they wait. Changes nothing else. Returns how many rows changed.
   */
  noteUndeliverableRoute(route: string, error: string): Promise<number>;
  /**
   * "Retry now": a dead or pending delivery becomes pending, due at `at`, with its attempts
   * reset to 0 for a full new series (its `lastError` and `failingSince` stay until it
   * succeeds); an audit event `delivery.retry-requested` records who asked, when and what.
   */
  retryDeliveryNow(id: number, request: { at: Date; by: string }): Promise<RetryResult>;
  /** Deliveries, newest first; `state` filters, `route` too, and `site` (the submission's, see Attribution). */
  listDeliveries(query: {
    state?: DeliveryFilter;
    route?: string;
    site?: string;
    limit: number;
    offset?: number;
    /** Only deliveries whose id is below this one: the next (older) page after a page ending there (keyset). */
    before?: number;
    /** Only deliveries whose id is above this one, the closest first found, still returned newest first: the previous (newer) page. */
    after?: number;
  }): Promise<DeliveryView[]>;
  /** Every route that has deliveries, with counts by state, sorted by route name. */
  deliverySummary(): Promise<RouteSummary[]>;

  // The audit log: append-only, each entry chained to the one before by a hash
  // (server/store/audit-chain.ts). Implementations compute `chainHash` while holding the write
  // lock, so that two writers never chain to the same entry.

  /** Appends a console, mediator or system action to the audit log. */
  appendAudit(event: NewAuditEvent): Promise<void>;
  /** The log with its hashes, oldest first, `limit` entries after `afterId`: for `npm run audit:verify`. */
  auditLog(page: { afterId?: number; limit: number }): Promise<AuditEntry[]>;

  // Acknowledgments by email (L112-11). Rows are written by acceptSubmission (AEE, when
  // `emailReceipts`) and in the transaction that moves a submission to `delivered` (ARE, when
  // an AEE row exists); claimed with a lease like deliveries.

  /** Leases up to `limit` due pending emails for `leaseMs`, counting an attempt on each. */
  claimReceiptEmails(claim: { now: Date; limit: number; leaseMs: number }): Promise<ClaimedReceiptEmail[]>;
  /** Records an attempt if `claimToken` still holds the row; false when the claim was lost. */
  recordReceiptEmail(record: ReceiptEmailRecord): Promise<boolean>;

  // Retention (legal.md): answers and attachments go, the minimal record stays.

  /**
   * In one transaction: for up to `limit` submissions of the procedure that the service has
   * (status other than `received`), not purged yet, whose last status change is before
   * `lastChangeBefore`, removes answers and attachments, sets `purgedAt`, gives up their unsent
   * acknowledgment emails, and appends a `submission.purged` audit event. Returns them.
   */
  purgeSubmissions(request: PurgeRequest): Promise<PurgedSubmission[]>;
  /** Whether any submission still names this attachment file (files are shared by sha256). */
  attachmentInUse(sha256: string): Promise<boolean>;

  // Staff accounts, sessions and mandates (server/staff/). Hashes only, never a code.

  /** Adds an account; `exists` when the role already has this login. */
  createStaffAccount(account: NewStaffAccount): Promise<StaffAccount | 'exists'>;
  findStaffAccount(role: StaffRole, login: string): Promise<StaffAccount | undefined>;
  getStaffAccount(id: number): Promise<StaffAccount | undefined>;
  listStaffAccounts(): Promise<StaffAccount[]>;
  /** A new code, or disabling; disabling ends the account's sessions. False when no such account. */
  updateStaffAccount(id: number, change: { passwordHash?: string; disabled?: boolean }): Promise<boolean>;
  createStaffSession(session: StaffSession): Promise<void>;
  /** The live session of this token hash at `now`, with its enabled account; expired ones are not found. */
  findStaffSession(tokenHash: string, now: Date): Promise<{ session: StaffSession; account: StaffAccount } | undefined>;
  deleteStaffSession(tokenHash: string): Promise<void>;
  createMandate(mandate: Mandate): Promise<void>;
  getMandate(id: string): Promise<Mandate | undefined>;
  /** Ends a mandate now (a session-scoped one, when the assisted session ends). */
  endMandate(id: string, at: Date): Promise<void>;
  /** A mediator's mandates created at or after `since`, newest first. */
  listMandates(query: { mediatorId: number; since: string }): Promise<Mandate[]>;
  /** Who made a submission, when it was recorded. */
  attributionOf(submissionId: string): Promise<Attribution | undefined>;
  /** Submissions by an agent, a mediator, a mandate or a site, received at or after `since`, newest first. */
  listAttributed(query: { agentId?: number; mediatorId?: number; mandateId?: string; site?: string; since?: string; limit: number }): Promise<AttributedSubmission[]>;

  // Hand-offs (server/handoffs/): sealed drafts waiting for the reception desk.

  createHandoff(handoff: NewHandoff): Promise<void>;
  /**
   * The hand-off this lookup names, if not opened and not expired at `at`; in the same
   * transaction its ciphertext and lookup are deleted and the opening recorded (single use).
   * `keepUntil`: the tombstone's end, at least its `expiresAt`.
   */
  openHandoff(lookup: string, opening: { at: Date; by: number; session: string; keepUntil: Date }): Promise<OpenedHandoff | undefined>;
  /** Deletes every hand-off, opened or not, whose end has passed; returns how many. */
  purgeHandoffs(now: Date): Promise<number>;

  // Terminals (kiosks): the last heartbeat of each.

  /** Keeps this heartbeat as the terminal's last one; the first one sets `firstSeenAt`. */
  recordHeartbeat(heartbeat: TerminalHeartbeat): Promise<void>;
  /** Every terminal that ever sent a heartbeat, last seen first. */
  listTerminals(): Promise<TerminalView[]>;

  // Indicators (parts/indicators.ts): journeys and the question after sending, as daily counts.

  /** The site a terminal last named in its heartbeat, or undefined for a terminal never seen. */
  terminalSite(terminalId: string): Promise<string | undefined>;
  /**
   * Adds a kiosk's reports to the day counts, in one transaction: all of the batch or none.
   * Nothing of a report is kept but the count it adds to. A batch whose `id` was counted
   * already adds nothing (false): the kiosk sends it again when an answer was lost.
   */
  recordJourneys(batch: JourneyBatch): Promise<boolean>;
  /** The day counts of `from` to `to` (calendar days, both included), in a stable order. */
  journeyDays(range: DayRange): Promise<JourneyDay[]>;
  satisfactionDays(range: DayRange): Promise<SatisfactionDay[]>;
  /**
   * The requests received from `from` (included) to `to` (excluded), instants, with their
   * statuses and when each was recorded: what the dashboard and open data count. No answer,
   * no reference, no person.
   */
  requestFacts(range: { from: string; to: string }): Promise<RequestFact[]>;
  /** Notices by channel and state (pending, sent, dead), for /metrics. */
  noticeCounts(): Promise<Array<{ channel: string; state: string; notices: number }>>;

  // A request's life after sending (server/requests/status.ts): the history with who, when and
  // why, back-offices' webhook ids, and the notices outbox. Rows `registered` and `received`
  // follow status_history by trigger (migration 009), so intake and relay write nothing more.

  /** The request's life, oldest entry first, with what the status model and the routes need. */
  requestLife(reference: string): Promise<RequestLifeRow | undefined>;
  /**
   * References of the requests whose last status is `received` (the decision delay runs), after
   * `after` in reference order, `limit` at most: what the implicit decision job looks through.
   */
  awaitingDecision(page: { after?: string; limit: number }): Promise<string[]>;
  /**
   * In one transaction, the submission row locked: checks the source (a back-office only for a
   * request its route was sent; a webhook-id already applied answers as then), applies the event
   * with the status model over the procedure's legal terms, appends the entries, queues one
   * notice per entry that asks or decides and per channel `notify` gives, remembers the
   * webhook-id with its answer, and appends a `request.status` audit event per entry.
   */
  applyRequestEvent(input: RequestEventInput): Promise<ApplyOutcome>;
  /** Leases up to `limit` due pending notices for `leaseMs` (of one channel when given), counting an attempt on each. */
  claimNotices(claim: { now: Date; limit: number; leaseMs: number; channel?: NoticeChannel }): Promise<ClaimedNotice[]>;
  /**
   * The reception's "to contact" list: pending notices of residents who gave neither email nor
   * phone, oldest status change first.
   */
  lettersToSend(query: { limit: number }): Promise<Array<{ id: string; reference: string; procedureId: string; locale: string; status: string; at: string }>>;
  /** Reception told the person (a letter printed and sent, or a call): the notice is sent; false when it was not pending. */
  settleLetter(input: { id: string; at: Date; actor: string; how: 'letter' | 'call' }): Promise<boolean>;
  /** Records a notice's attempt if `claimToken` still holds it; false when the claim was lost. */
  recordNotice(record: NoticeRecord): Promise<boolean>;
  /** Keeps a notice's last delivery receipt (SMS), even one that arrives before the notice is recorded sent; false when no such notice. */
  recordNoticeReceipt(receipt: { noticeId: string; messageId: string; state: string; at: Date }): Promise<boolean>;
  /** A request's notices, oldest first: for the console, the desk and tests. */
  listNotices(submissionId: string): Promise<NoticeView[]>;

  // The instruction desk (parts/desk.ts, migration 013): its inbox, notes and assignments.

  /** Open requests (registered, received, incomplete) of these procedures, oldest received first, `limit` at most. */
  deskOpenRequests(query: { procedureIds: string[]; limit: number }): Promise<DeskOpenRequest[]>;
  /** Adds an internal note (never shown to the resident); audits that one was written, not its text. */
  addDeskNote(note: { submissionId: string; authorId: number; actor: string; at: string; text: string }): Promise<void>;
  /** A request's internal notes, oldest first, with their author's name. */
  deskNotes(submissionId: string): Promise<Array<{ at: string; text: string; authorId: number; authorName: string }>>;
  /** A submission's attachments as stored (the files under the attachments folder, by sha256); none once purged. */
  submissionAttachments(submissionId: string): Promise<StoredAttachment[]>;
  /** Who a request is assigned to, open or not; `undefined`: nobody. */
  deskAssignee(submissionId: string): Promise<{ id: number; name: string } | undefined>;
  /** Assigns a request to an account, or to nobody (`null`), and audits it. */
  assignRequest(assignment: { submissionId: string; accountId: number | null; at: string; actor: string }): Promise<void>;

  // Help booking (parts/help.ts, migration 015): places taken in mediators' slots and workshops,
  // the waiting list, and the reminders' outbox. The slots themselves are content (site.yaml).

  /**
   * Takes a place in the slot, or a place on its waiting list when it is full and
   * `waitingList` is asked. One transaction: the slot's row made on first booking, then one
   * conditional UPDATE (`booked < capacity`), so of people booking the last place at once,
   * from any instance, exactly one gets it and the others `full`. The same idempotency key
   * with the same body answers `replayed` with the booking, with another body `key-reused`.
   * Queues the reminders (`reminders`) of a booking, none of a waiting place; audits
   * `help.booked` / `help.waiting` without name, phone or code.
   */
  bookHelp(booking: NewHelpBooking): Promise<HelpBookingOutcome>;
  /** The booking this code names, in any state. */
  helpBooking(code: string): Promise<HelpBooking | undefined>;
  /** The booking of this id, in any state: for the notices' sender and staff. */
  helpBookingById(id: string): Promise<HelpBooking | undefined>;
  /**
   * Cancels a booking or a waiting place by its code: one transaction, the slot's row locked;
   * a freed place goes to the first person waiting, as an offer until `offerUntil` with its
   * notices (`offerChannels`), else back to the slot; pending reminders are voided.
   */
  cancelHelpBooking(code: string, cancel: { at: Date; offerUntil: (slot: HelpSlotRef) => Date; by?: number }): Promise<HelpCancelOutcome>;
  /** Takes an offered place for good; `expired` once its deadline passed (the place went on). */
  confirmHelpOffer(code: string, confirm: { at: Date; reminders?: Array<{ channel: 'sms' | 'email'; at: Date }> }): Promise<'booked' | 'not-found' | 'expired'>;
  /** Offers whose deadline passed at `now` lapse and their place goes to the next person waiting (or back to the slot); returns how many lapsed. */
  expireHelpOffers(now: Date, offerUntil: (slot: HelpSlotRef) => Date): Promise<number>;
  /** Places taken (booked or offered) per slot id, for the slots asked; a slot nobody booked is absent. */
  helpTaken(slotIds: readonly string[]): Promise<Map<string, number>>;
  /** Bookings holding a place (booked, offered) whose slot starts in [from, to), by start then name; of a place or of agendas when given. */
  helpDayList(query: { from: Date; to: Date; place?: string; agendas?: readonly string[] }): Promise<HelpBooking[]>;
  /** Records who came and who did not; false when no such booking holds a place. */
  markHelpAttendance(mark: { bookingId: string; attendance: 'attended' | 'no-show'; by: number; at: Date }): Promise<boolean>;
  /** Leases up to `limit` due pending help notices (of one channel when given), counting an attempt on each. */
  claimHelpNotices(claim: { now: Date; limit: number; leaseMs: number; channel?: 'sms' | 'email' }): Promise<ClaimedHelpNotice[]>;
  /** Records a help notice's attempt if `claimToken` still holds it; false when the claim was lost. */
  recordHelpNotice(record: NoticeRecord): Promise<boolean>;
  /** Erases the phone numbers and addresses of bookings whose slot ended before `before` (they served the reminders only); returns how many. */
  purgeHelpContacts(before: Date): Promise<number>;
  /** A booking's notices, oldest due first: for tests and staff. */
  listHelpNotices(bookingId: string): Promise<Array<{ id: string; kind: 'reminder' | 'offer'; channel: 'sms' | 'email'; state: string; nextAttemptAt: string; attempts: number }>>;

  // Trust (parts/trust.ts, migration 017): what the purge leaves of mandates, and of the file.

  /**
   * Removes the resident's name from every mandate that ended (or expired) before `endedBefore`
   * and is not purged yet, sets its `purged_at`, and audits `mandate.purged` (its number only).
   * Returns how many.
   */
  purgeMandates(request: { endedBefore: Date; at: Date }): Promise<number>;
  /**
   * After a purge: on SQLite, checkpoints the write-ahead log into the file and truncates it, so
   * that no old page image holds what was removed (secure_delete already zeroes freed space);
   * on PostgreSQL nothing here (the town's VACUUM, see server/README.md "Security").
   */
  scrubRemoved(): Promise<void>;
  /**
   * Records a terminal's credential (the sha256 of its secret; never the secret), and audits
   * `terminal.enrolled`. A terminal id enrolled again gets the new secret (the old one stops).
   */
  enrolTerminal(enrolment: { terminalId: string; secretHash: string; site: string; by: string; at: Date }): Promise<void>;
  /** The sha256 of a terminal's secret; `undefined` when it was never enrolled or was revoked. */
  terminalSecretHash(terminalId: string): Promise<string | undefined>;
  /** Ends a terminal's credential and audits `terminal.revoked`; false when there was none. */
  revokeTerminal(revocation: { terminalId: string; by: string; at: Date }): Promise<boolean>;
  /**
   * Ends a running mandate at `at`, records who, and audits `mandate.ended` (`by`: why, never
   * the resident). False when it had already ended or does not exist.
   */
  endMandateBy(end: { id: string; at: Date; actor: string; by: 'reception' | 'mediator' }): Promise<boolean>;
  /**
   * In one transaction: records `mandate` (which names the one it `renews` and keeps its
   * resident code), ends the previous one at the new one's start, and audits `mandate.renewed`.
   */
  renewMandate(renewal: { mandate: Mandate & { renews: string }; actor: string }): Promise<void>;
  /** Every mandate that carries this resident code (a mandate and its renewals), oldest first. */
  residentMandates(residentCode: string): Promise<Mandate[]>;
  /**
   * The right to erasure (RGPD art. 17), before the retention date: as the purge does for one
   * submission (answers and attachments removed, `purgedAt` set, unsent acknowledgment emails
   * given up), audited `submission.erased` with the actor. Refused while the service does not
   * have the request yet (`received`: its answers are what the relay sends).
   */
  eraseSubmission(erasure: { reference: string; at: Date; actor: string }): Promise<
    { outcome: 'erased'; attachments: StoredAttachment[] } | { outcome: 'not-found' | 'not-delivered' | 'already-erased' }
  >;
}

/** A slot as the store keeps it: what content says of it when first booked. */
export interface HelpSlotRef {
  id: string;
  kind: 'mediation' | 'workshop';
  agenda: string;
  place: string;
  start: string;
  end: string;
  capacity: number;
}

export type HelpBookingState = 'booked' | 'waiting' | 'offered' | 'cancelled' | 'lapsed';
export type HelpChannel = 'kiosk' | 'web' | 'reception' | 'mediator' | 'handoff';

export interface NewHelpBooking {
  id: string;
  /** Draws a new short code; drawn again if taken. */
  newCode: () => string;
  idempotencyKey?: string;
  bodyHash?: string;
  slot: HelpSlotRef;
  name: string;
  locale: string;
  phone?: string;
  email?: string;
  channel: HelpChannel;
  bookedBy?: number;
  at: Date;
  /** When full: a place on the waiting list instead of `full`. */
  waitingList?: boolean;
  /** Reminders to queue with a booking: channel and when. */
  reminders?: Array<{ channel: 'sms' | 'email'; at: Date }>;
}

export interface HelpBooking {
  id: string;
  code: string;
  slot: HelpSlotRef;
  state: HelpBookingState;
  name: string;
  locale: string;
  phone?: string;
  email?: string;
  channel: HelpChannel;
  createdAt: string;
  offerExpiresAt?: string;
  attendance?: 'attended' | 'no-show';
}

export type HelpBookingOutcome =
  | { outcome: 'booked' | 'waiting' | 'replayed'; booking: HelpBooking }
  | { outcome: 'full' }
  | { outcome: 'key-reused' };

export type HelpCancelOutcome =
  | { outcome: 'cancelled'; booking: HelpBooking; offered?: HelpBooking }
  | { outcome: 'not-found' }
  | { outcome: 'already-cancelled' };

export interface ClaimedHelpNotice {
  id: string;
  bookingId: string;
  kind: 'reminder' | 'offer';
  channel: 'sms' | 'email';
  attempt: number;
  claimToken: string;
}

export type NoticeChannel = 'sms' | 'email' | 'letter';

/** One open request as the desk's inbox reads it. */
export interface DeskOpenRequest {
  submissionId: string;
  reference: string;
  procedureId: string;
  receivedAt: string;
  locale: string;
  history: HistoryEntry[];
  assignee?: { id: number; name: string };
  channel?: Channel;
}

export interface RequestLifeRow {
  submissionId: string;
  reference: string;
  procedureId: string;
  procedureVersion: number;
  locale: string;
  /** The back-office routes the request was sent to. */
  routes: string[];
  history: HistoryEntry[];
}

export interface RequestEventInput {
  reference: string;
  event: StatusEvent;
  source: EventSource;
  at: Date;
  /**
   * A completion's answers and files (L114-5), merged into the submission's in the same
   * transaction as the `completed` event: written only when the event is applied.
   */
  completion?: { answers: Answers; attachments: StoredAttachment[] };
  /** The channels the resident chose, from their answers and consent; none by default. */
  notify?: (submission: { procedureId: string; locale: string; answers: Answers | undefined }) => NoticeChannel[];
}

export interface ClaimedNotice {
  /** Also the SMS gateway's idempotency key. */
  id: string;
  submissionId: string;
  reference: string;
  locale: string;
  channel: NoticeChannel;
  /** The status it tells of: incomplete, accepted, rejected, deemed-accepted, deemed-rejected. */
  status: string;
  attempt: number;
  claimToken: string;
}

export type NoticeRecord = { id: string; claimToken: string; at: Date } & (
  | { outcome: 'sent'; messageIds?: string[] }
  | { outcome: 'retry'; nextAttemptAt: Date; error: string }
  | { outcome: 'dead'; error: string }
);

export interface NoticeView {
  id: string;
  channel: NoticeChannel;
  status: string;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  lastError?: string;
  messageIds?: string[];
  sentAt?: string;
  receiptState?: string;
}

/** Options every implementation accepts; tests use them to force collisions. */
export interface StoreOptions {
  newReference?: () => string;
  newTrackingCode?: () => string;
}

/** How a journey at a kiosk ended. */
export type JourneyOutcome = 'finished' | 'abandoned' | 'timed-out' | 'handed-off';
export type SatisfactionRating = 'good' | 'neutral' | 'bad' | 'skipped';

/** What a kiosk reports of one journey once it ended: closed lists and counts only. */
export interface JourneyReport {
  /** The town's calendar day it began, YYYY-MM-DD. */
  day: string;
  procedureId: string;
  locale: string;
  assisted: boolean;
  outcome: JourneyOutcome;
  /** The furthest step reached, 1-based; the procedure's steps + 1 is the check page. */
  step: number;
  durationSeconds: number;
  readAloud: boolean;
  textSize: number;
  theme: string;
}

export interface SatisfactionReport {
  day: string;
  procedureId: string;
  locale: string;
  rating: SatisfactionRating;
}

/** One terminal's reports: the site and channel are the terminal's, said once for the batch. */
export interface JourneyBatch {
  /** Random, made by the kiosk for this batch and kept until the server answers. */
  id: string;
  /** When it arrived; batch ids older than 90 days are forgotten. */
  at: Date;
  site: string;
  channel: string;
  journeys: JourneyReport[];
  satisfaction: SatisfactionReport[];
}

export interface DayRange {
  from: string;
  to: string;
}

export interface JourneyDay extends Omit<JourneyReport, 'durationSeconds'> {
  site: string;
  channel: string;
  journeys: number;
  /** The sum over the row's journeys. */
  durationSeconds: number;
}

export interface SatisfactionDay extends SatisfactionReport {
  site: string;
  channel: string;
  answers: number;
}

/** A request as the indicators count it: what, when, how, and its statuses' dates. */
export interface RequestFact {
  procedureId: string;
  receivedAt: string;
  channel: Channel | null;
  /** A mediator helped (under a mandate). */
  assisted: boolean;
  history: { status: string; at: string }[];
}

