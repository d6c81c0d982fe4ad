// The storage interface. SQLite implements it today; PostgreSQL will implement it behind the
// same methods, and store.contract.ts holds every implementation to the same behaviour.
import type { Answers, Procedure } from '../../content/model/index.ts';

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
}

export interface AuditEvent {
  at: string;
  kind: string;
  data: Record<string, unknown>;
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
}

/** Options every implementation accepts; tests use them to force collisions. */
export interface StoreOptions {
  newReference?: () => string;
  newTrackingCode?: () => string;
}
