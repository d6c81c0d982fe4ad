// The SQLite store: one file, WAL, full durability. Owns the database connection from
// migrate() to dispose(); the submissions accepted in one event-loop turn share one immediate
// transaction (group commit), each in its own savepoint.
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Answers, Procedure } from '../../content/model/index.ts';
import { newReference, newTrackingCode } from '../references.ts';
import { GENESIS_HASH, chainHash, type AuditEntry } from './audit-chain.ts';
import { insertAttribution, sqliteStaff } from './sqlite-staff.ts';
import { handoffOf, type HandoffRow } from './handoff-rows.ts';
import type {
  Acceptance,
  OpenedHandoff,
  AuditEvent,
  ClaimedReceiptEmail,
  NewAuditEvent,
  PurgeRequest,
  PurgedSubmission,
  ReceiptEmailRecord,
  ClaimedDelivery,
  DeliveryRecord,
  DeliveryState,
  DeliveryView,
  NewSubmission,
  ProcedureVersion,
  Receipt,
  RecordResult,
  Remembered,
  RetryResult,
  RouteSummary,
  StatusChange,
  Store,
  StoreOptions,
  StoredAttachment,
  StoredSubmission,
  SubmissionStatus,
  TerminalView,
} from './types.ts';

const MIGRATIONS_DIR = new URL('./sqlite/migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_-]+\.sql$/;
/** A reference collision is about one in 10^11 per draw; ten in a row means something else. */
const REFERENCE_ATTEMPTS = 10;

export interface SqliteStoreOptions extends StoreOptions {
  /** Path of the database file; its folder must exist. */
  file: string;
}

interface SubmissionRow {
  id: string;
  reference: string;
  tracking_code: string;
  procedure_id: string;
  procedure_version: number;
  locale: string;
  body_hash: string;
  received_at: string;
  status: SubmissionStatus;
  answers_json: string | null;
  purged_at: string | null;
}

interface DeliveryRow {
  id: number;
  submission_id: string;
  reference: string;
  procedure_id: string;
  route: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  lease_until: string | null;
  failing_since: string | null;
  delivered_at: string | null;
}

interface TerminalRow {
  id: string;
  site: string;
  app_version: string;
  content_version: string;
  outbox_length: number;
  oldest_age_seconds: number;
  first_seen_at: string;
  last_seen_at: string;
}

const terminalOf = (row: TerminalRow): TerminalView => ({
  terminalId: row.id,
  site: row.site,
  appVersion: row.app_version,
  contentVersion: row.content_version,
  outboxLength: row.outbox_length,
  oldestAgeSeconds: row.oldest_age_seconds,
  firstSeenAt: row.first_seen_at,
  lastSeenAt: row.last_seen_at,
});

const DELIVERY_VIEW = `SELECT d.id, d.submission_id, s.reference, s.procedure_id, d.route, d.state, d.attempts,
  d.next_attempt_at, d.last_error, d.lease_until, d.failing_since, d.delivered_at
  FROM deliveries d JOIN submissions s ON s.id = d.submission_id`;

const viewOf = (row: DeliveryRow): DeliveryView => ({
  id: row.id,
  submissionId: row.submission_id,
  reference: row.reference,
  procedureId: row.procedure_id,
  route: row.route,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  ...(row.last_error === null ? {} : { lastError: row.last_error }),
  ...(row.lease_until === null ? {} : { leaseUntil: row.lease_until }),
  ...(row.failing_since === null ? {} : { failingSince: row.failing_since }),
  ...(row.delivered_at === null ? {} : { deliveredAt: row.delivered_at }),
});

interface Migration {
  version: number;
  name: string;
  sql: string;
}

function readMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort()
    .map((name) => ({
      version: Number(name.slice(0, 3)),
      name,
      sql: readFileSync(new URL(name, MIGRATIONS_DIR), 'utf8'),
    }));
}

function isReferenceCollision(error: unknown): boolean {
  return (
    error instanceof Database.SqliteError &&
    error.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error.message.includes('submissions.reference')
  );
}

const receiptOf = (row: SubmissionRow): Receipt => ({
  reference: row.reference,
  trackingCode: row.tracking_code,
  receivedAt: row.received_at,
});

/**
 * A store in one SQLite file. Construction does nothing; `migrate()` opens the file.
 *
 * @example const store = createSqliteStore({ file: 'data/guichet.sqlite' }); await store.migrate();
 */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const makeReference = options.newReference ?? newReference;
  const makeTrackingCode = options.newTrackingCode ?? newTrackingCode;
  let db: Database.Database | undefined;
  const statements = new Map<string, Database.Statement>();

  const open = (): Database.Database => {
    if (!db) throw new Error('The SQLite store is not open: call migrate() first.');
    return db;
  };

  /** A prepared statement, prepared once per connection. */
  const sql = <P extends unknown[] = unknown[], R = unknown>(text: string): Database.Statement<P, R> => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = open().prepare(text)));
    return statement as Database.Statement<P, R>;
  };

  const submissionById = (id: string) =>
    sql<[string], SubmissionRow>('SELECT * FROM submissions WHERE id = ?').get(id);

  const replay = (row: SubmissionRow, bodyHash: string): Acceptance =>
    row.body_hash === bodyHash ? { outcome: 'replay', receipt: receiptOf(row) } : { outcome: 'conflict' };

  /**
   * Appends one audit entry chained to the last one. Call inside a write transaction: the
   * immediate transaction's lock is what keeps two writers from chaining to the same entry, and
   * a savepoint rolled back takes its entry with it.
   */
  const appendChained = (e: NewAuditEvent): void => {
    const last = sql<[], { hash: string | null }>('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get();
    const prevHash = last?.hash ?? GENESIS_HASH;
    const fields = { at: e.at, kind: e.kind, actor: e.actor, terminal: e.terminal ?? null, submission: e.submissionId ?? null, data: e.data };
    sql(
      `INSERT INTO audit_events (at, kind, actor, terminal, submission_id, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(fields.at, fields.kind, fields.actor, fields.terminal, fields.submission, JSON.stringify(fields.data), prevHash, chainHash(prevHash, fields));
  };

  /** Entries written before migration 003 have no hash: chain them once, in id order, before any chained entry. */
  const sealLegacyAudit = (d: Database.Database): void => {
    const firstSealed = d.prepare<[], { id: number }>('SELECT min(id) AS id FROM audit_events WHERE hash IS NOT NULL').get()?.id ?? null;
    const legacy = d
      .prepare<[number], { id: number; at: string; kind: string; submission_id: string | null; data_json: string }>(
        'SELECT id, at, kind, submission_id, data_json FROM audit_events WHERE hash IS NULL AND id < ? ORDER BY id',
      )
      .all(firstSealed ?? Number.MAX_SAFE_INTEGER);
    if (legacy.length === 0) return;
    if (firstSealed !== null) throw new Error('audit_events: unsealed entries before sealed ones; run npm run audit:verify');
    d.transaction(() => {
      let prevHash = GENESIS_HASH;
      const seal = d.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE id = ?');
      for (const row of legacy) {
        const hash = chainHash(prevHash, {
          at: row.at,
          kind: row.kind,
          actor: null,
          terminal: null,
          submission: row.submission_id,
          data: JSON.parse(row.data_json) as Record<string, unknown>,
        });
        seal.run(prevHash, hash, row.id);
        prevHash = hash;
      }
    }).immediate();
  };

  const claimEmails = (now: string, leaseUntil: string, limit: number): ClaimedReceiptEmail[] => {
    const token = randomUUID();
    return sql<[string, string, string, string, number], { id: number; submission_id: string; kind: 'registration' | 'receipt'; attempts: number; reference: string }>(
      `UPDATE receipt_emails SET attempts = attempts + 1, lease_until = ?, claim_token = ?
       WHERE id IN (SELECT id FROM receipt_emails
         WHERE state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING id, submission_id, kind, attempts,
         (SELECT reference FROM submissions WHERE submissions.id = receipt_emails.submission_id) AS reference`,
    )
      .all(leaseUntil, token, now, now, limit)
      .sort((a, b) => a.id - b.id)
      .map((row) => ({ id: row.id, submissionId: row.submission_id, reference: row.reference, kind: row.kind, attempt: row.attempts, claimToken: token }));
  };

  const recordEmail = (r: ReceiptEmailRecord): boolean => {
    const at = r.at.toISOString();
    const held = sql<[number, string], { submission_id: string; kind: string; attempts: number }>(
      `SELECT submission_id, kind, attempts FROM receipt_emails WHERE id = ? AND claim_token = ? AND state = 'pending'`,
    ).get(r.id, r.claimToken);
    if (!held) return false;
    const release = 'lease_until = NULL, claim_token = NULL';
    const data = { emailId: r.id, acknowledgment: held.kind, attempts: held.attempts };
    switch (r.outcome) {
      case 'sent':
        sql(`UPDATE receipt_emails SET state = 'sent', ${release}, sent_at = ?, last_error = NULL WHERE id = ?`).run(at, r.id);
        audit(at, 'receipt.emailed', held.submission_id, data, 'receipts');
        break;
      case 'retry':
        sql(`UPDATE receipt_emails SET ${release}, next_attempt_at = ?, last_error = ? WHERE id = ?`).run(r.nextAttemptAt.toISOString(), r.error, r.id);
        break;
      case 'dead':
        sql(`UPDATE receipt_emails SET state = 'dead', ${release}, last_error = ? WHERE id = ?`).run(r.error, r.id);
        audit(at, 'receipt.email-failed', held.submission_id, { ...data, error: r.error }, 'receipts');
        break;
    }
    return true;
  };

  const purge = (request: PurgeRequest): PurgedSubmission[] => {
    const at = request.at.toISOString();
    // julianday() reads the offsets of town-time and UTC timestamps alike.
    const due = sql<[string, number, number], { id: string; reference: string; attachments_json: string }>(
      `SELECT s.id, s.reference, s.attachments_json FROM submissions s
       WHERE s.procedure_id = ? AND s.purged_at IS NULL AND s.status <> 'received'
         AND (SELECT max(julianday(h.at)) FROM status_history h WHERE h.submission_id = s.id) < ?
       ORDER BY s.received_at LIMIT ?`,
    ).all(request.procedureId, request.lastChangeBefore.getTime() / 86_400_000 + 2_440_587.5, request.limit);
    for (const row of due) {
      sql(`UPDATE submissions SET answers_json = NULL, attachments_json = '[]', purged_at = ? WHERE id = ?`).run(at, row.id);
      const dropped = sql<[string, string], { n: number }>(
        `UPDATE receipt_emails SET state = 'dead', last_error = ?, lease_until = NULL, claim_token = NULL
         WHERE submission_id = ? AND state = 'pending' RETURNING 1 AS n`,
      ).all('Réponses effacées à la fin de la durée de conservation.', row.id).length;
      const attachments = JSON.parse(row.attachments_json) as StoredAttachment[];
      audit(at, 'submission.purged', row.id, { reference: row.reference, attachments: attachments.length, emailsGivenUp: dropped }, 'retention');
    }
    return due.map((row) => ({
      id: row.id,
      reference: row.reference,
      procedureId: request.procedureId,
      attachments: JSON.parse(row.attachments_json) as StoredAttachment[],
    }));
  };

  const insert = (s: NewSubmission, reference: string, trackingCode: string): Acceptance => {
    const existing = submissionById(s.id);
    if (existing) return replay(existing, s.bodyHash);
    sql(
      `INSERT INTO submissions (id, reference, tracking_code, procedure_id, procedure_version, locale,
         answers_json, attachments_json, body_hash, received_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received')`,
    ).run(
      s.id,
      reference,
      trackingCode,
      s.procedureId,
      s.procedureVersion,
      s.locale,
      JSON.stringify(s.answers),
      JSON.stringify(s.attachments),
      s.bodyHash,
      s.receivedAt,
    );
    const firstAttempt = new Date(s.receivedAt).toISOString();
    const delivery = sql(
      `INSERT INTO deliveries (submission_id, route, state, attempts, next_attempt_at) VALUES (?, ?, 'pending', 0, ?)`,
    );
    for (const route of s.routes) delivery.run(s.id, route, firstAttempt);
    sql(`INSERT INTO status_history (submission_id, status, at) VALUES (?, 'received', ?)`).run(
      s.id,
      s.receivedAt,
    );
    if (s.emailReceipts)
      sql(`INSERT INTO receipt_emails (submission_id, kind, next_attempt_at) VALUES (?, 'registration', ?)`).run(s.id, firstAttempt);
    if (s.attribution) insertAttribution(open(), s.id, s.attribution);
    appendChained({
      at: s.receivedAt,
      kind: 'submission.received',
      actor: s.actor ?? 'kiosk',
      terminal: s.terminal ?? null,
      submissionId: s.id,
      data: {
        reference,
        procedureId: s.procedureId,
        procedureVersion: s.procedureVersion,
        locale: s.locale,
        attachments: s.attachments.length,
        routes: s.routes,
        emailReceipts: s.emailReceipts === true,
      },
    });
    if (s.continuingSession) {
      // Reception continues what a person began on a terminal: the audit says where it began.
      const handoff = sql<[string, string, string], { id: string; terminal: string | null }>(
        `UPDATE handoffs SET continued_by = ? WHERE id = (SELECT id FROM handoffs WHERE opened_session = ? AND procedure_id = ?
           AND continued_by IS NULL ORDER BY opened_at DESC LIMIT 1) RETURNING id, terminal`,
      ).get(s.id, s.continuingSession, s.procedureId);
      if (handoff)
        appendChained({
          at: s.receivedAt,
          kind: 'submission.handed-off',
          actor: s.actor ?? 'kiosk',
          terminal: s.terminal ?? null,
          submissionId: s.id,
          data: { handoff: handoff.id, fromTerminal: handoff.terminal, channel: s.attribution?.channel ?? null },
        });
    }
    return { outcome: 'created', receipt: { reference, trackingCode, receivedAt: s.receivedAt } };
  };


  const audit = (at: string, kind: string, submissionId: string, data: Record<string, unknown>, actor = 'relay') =>
    appendChained({ at, kind, actor, submissionId, data });

  const deliveryById = (id: number) => sql<[number], DeliveryRow>(`${DELIVERY_VIEW} WHERE d.id = ?`).get(id);

  const claim = (route: string, limit: number, now: string, leaseUntil: string): ClaimedDelivery[] => {
    const token = randomUUID();
    // One statement: SQLite runs it under the write lock, so no two claims see the same row due.
    const claimed = sql<[string, string, string, string, string, number], { id: number; submission_id: string; attempts: number }>(
      `UPDATE deliveries SET attempts = attempts + 1, lease_until = ?, claim_token = ?
       WHERE id IN (SELECT id FROM deliveries
         WHERE route = ? AND state = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         ORDER BY next_attempt_at, id LIMIT ?)
       RETURNING id, submission_id, attempts`,
    ).all(leaseUntil, token, route, now, now, limit);
    const submission = sql<[string], SubmissionRow & { answers_json: string | null; attachments_json: string }>(
      'SELECT * FROM submissions WHERE id = ?',
    );
    return claimed
      .sort((a, b) => a.id - b.id)
      .map((row) => {
        const s = submission.get(row.submission_id)!;
        return {
          id: row.id,
          route,
          attempt: row.attempts,
          claimToken: token,
          leaseUntil,
          submission: {
            id: s.id,
            reference: s.reference,
            procedureId: s.procedure_id,
            procedureVersion: s.procedure_version,
            locale: s.locale,
            receivedAt: s.received_at,
            answers: s.answers_json === null ? undefined : (JSON.parse(s.answers_json) as ClaimedDelivery['submission']['answers']),
            attachments: JSON.parse(s.attachments_json) as StoredAttachment[],
          },
        };
      });
  };

  const record = (r: DeliveryRecord): RecordResult => {
    const at = r.at.toISOString();
    const held = sql<[number, string], { submission_id: string; route: string; attempts: number }>(
      `SELECT submission_id, route, attempts FROM deliveries WHERE id = ? AND claim_token = ? AND state = 'pending'`,
    ).get(r.id, r.claimToken);
    if (!held) return { recorded: false };
    const release = `lease_until = NULL, claim_token = NULL`;
    switch (r.outcome) {
      case 'delivered':
        sql(`UPDATE deliveries SET state = 'delivered', ${release}, delivered_at = ?, failing_since = NULL WHERE id = ?`).run(at, r.id);
        audit(at, 'delivery.delivered', held.submission_id, { deliveryId: r.id, route: held.route, attempts: held.attempts });
        break;
      case 'retry':
        sql(
          `UPDATE deliveries SET ${release}, next_attempt_at = ?, last_error = ?, failing_since = coalesce(failing_since, ?) WHERE id = ?`,
        ).run(r.nextAttemptAt.toISOString(), r.error, at, r.id);
        return { recorded: true };
      case 'dead':
        sql(
          `UPDATE deliveries SET state = 'dead', ${release}, last_error = ?, failing_since = coalesce(failing_since, ?) WHERE id = ?`,
        ).run(r.error, at, r.id);
        audit(at, 'delivery.dead', held.submission_id, { deliveryId: r.id, route: held.route, attempts: held.attempts, error: r.error });
        return { recorded: true };
      case 'released':
        sql(`UPDATE deliveries SET ${release}, next_attempt_at = ?, attempts = max(attempts - 1, 0) WHERE id = ?`).run(at, r.id);
        return { recorded: true };
    }
    const open = sql<[string], { n: number }>(
      `SELECT count(*) AS n FROM deliveries WHERE submission_id = ? AND state <> 'delivered'`,
    ).get(held.submission_id)!.n;
    if (open > 0) return { recorded: true };
    const moved = sql<[string], { reference: string }>(
      `UPDATE submissions SET status = 'delivered' WHERE id = ? AND status = 'received' RETURNING reference`,
    ).get(held.submission_id);
    if (!moved) return { recorded: true };
    sql(`INSERT INTO status_history (submission_id, status, at) VALUES (?, 'delivered', ?)`).run(held.submission_id, at);
    audit(at, 'submission.delivered', held.submission_id, { reference: moved.reference });
    return { recorded: true, submissionDelivered: { submissionId: held.submission_id, reference: moved.reference } };
  };

  const retryNow = (id: number, at: string, by: string): RetryResult => {
    const row = deliveryById(id);
    if (!row) return { outcome: 'not-found' };
    if (row.state === 'delivered') return { outcome: 'already-delivered' };
    if (row.state === 'pending' && row.lease_until !== null && row.lease_until > at) return { outcome: 'in-flight' };
    sql(
      `UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = ?, lease_until = NULL, claim_token = NULL WHERE id = ?`,
    ).run(at, id);
    audit(
      at,
      'delivery.retry-requested',
      row.submission_id,
      { deliveryId: id, route: row.route, by, previousState: row.state, previousAttempts: row.attempts },
      by,
    );
    return { outcome: 'retried', delivery: viewOf(deliveryById(id)!) };
  };

  /** One submission in its own savepoint (nested in the batch's transaction), drawing again on a taken reference. */
  const acceptOne = (d: Database.Database, submission: NewSubmission): Acceptance => {
    const savepoint = d.transaction(insert);
    for (let attempt = 1; ; attempt++) {
      try {
        return savepoint(submission, makeReference(), makeTrackingCode());
      } catch (error) {
        if (!isReferenceCollision(error) || attempt >= REFERENCE_ATTEMPTS) throw error;
      }
    }
  };

  // Group commit. With synchronous=FULL every COMMIT waits for an fsync of the WAL, and blocks
  // the event loop meanwhile; so acceptSubmission queues, and the submissions queued during one
  // turn of the loop are committed together by one transaction and one fsync, before any of
  // them is answered. Each has its own savepoint: one that fails is rolled back and rejected
  // alone; a failed COMMIT rejects them all, and none of them is stored.
  let queued: Array<{ submission: NewSubmission; resolve: (a: Acceptance) => void; reject: (e: unknown) => void }> = [];

  const commitQueued = (): void => {
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
    const outcomes: Array<PromiseSettledResult<Acceptance>> = [];
    try {
      const d = open();
      d.transaction(() => {
        for (const { submission } of batch) {
          try {
            outcomes.push({ status: 'fulfilled', value: acceptOne(d, submission) });
          } catch (reason) {
            // SQLite rolls the whole transaction back on some errors (disk full, I/O): then the
            // batch is over, and running the rest outside a transaction would break its promise.
            if (!d.inTransaction) throw reason;
            outcomes.push({ status: 'rejected', reason });
          }
        }
      }).immediate();
    } catch (error) {
      for (const { reject } of batch) reject(error);
      return;
    }
    batch.forEach(({ resolve, reject }, i) => {
      const outcome = outcomes[i]!;
      if (outcome.status === 'fulfilled') resolve(outcome.value);
      else reject(outcome.reason);
    });
  };

  return {
    kind: 'sqlite',
    ...sqliteStaff(open),

    async createHandoff(h) {
      sql(
        `INSERT INTO handoffs (id, lookup, sealed, procedure_id, procedure_version, terminal, site, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(h.id, h.lookup, h.sealed, h.procedureId, h.procedureVersion, h.terminal, h.site, h.createdAt, h.expiresAt);
    },

    async openHandoff(lookup, opening) {
      const at = opening.at.toISOString();
      return open()
        .transaction((): OpenedHandoff | undefined => {
          const row = sql<[string, string], HandoffRow>(
            'SELECT * FROM handoffs WHERE lookup = ? AND sealed IS NOT NULL AND julianday(expires_at) > julianday(?)',
          ).get(lookup, at);
          if (!row || row.sealed === null) return undefined;
          const keepUntil = new Date(Math.max(new Date(row.expires_at).getTime(), opening.keepUntil.getTime())).toISOString();
          sql(
            `UPDATE handoffs SET lookup = NULL, sealed = NULL, opened_at = ?, opened_by = ?, opened_session = ?, expires_at = ? WHERE id = ?`,
          ).run(at, opening.by, opening.session, keepUntil, row.id);
          return handoffOf(row, row.sealed);
        })
        .immediate();
    },

    async purgeHandoffs(now) {
      return sql<[string]>('DELETE FROM handoffs WHERE julianday(expires_at) <= julianday(?)').run(now.toISOString()).changes;
    },

    async migrate() {
      if (!db) {
        db = new Database(options.file);
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      }
      const d = db;
      d.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
      const applied = new Set(
        d
          .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
          .all()
          .map((r) => r.version),
      );
      for (const migration of readMigrations()) {
        if (applied.has(migration.version)) continue;
        d.transaction(() => {
          d.exec(migration.sql);
          d.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
            migration.version,
            migration.name,
            new Date().toISOString(),
          );
        }).immediate();
      }
      sealLegacyAudit(d);
    },

    async dispose() {
      commitQueued();
      statements.clear();
      db?.close();
      db = undefined;
    },

    async health() {
      sql('SELECT 1').get();
    },

    async rememberProcedureVersion(version: ProcedureVersion): Promise<Remembered> {
      const d = open();
      return d
        .transaction((): Remembered => {
          const stored = sql<[string, number], { hash: string }>(
            'SELECT hash FROM procedure_versions WHERE id = ? AND version = ?',
          ).get(version.id, version.version);
          if (stored) return stored.hash === version.hash ? 'unchanged' : 'changed';
          sql(
            'INSERT INTO procedure_versions (id, version, hash, procedure_json, first_seen_at) VALUES (?, ?, ?, ?, ?)',
          ).run(version.id, version.version, version.hash, JSON.stringify(version.procedure), new Date().toISOString());
          return 'added';
        })
        .immediate();
    },

    async getProcedureVersion(id: string, version: number) {
      const row = sql<[string, number], { hash: string; procedure_json: string }>(
        'SELECT hash, procedure_json FROM procedure_versions WHERE id = ? AND version = ?',
      ).get(id, version);
      if (!row) return undefined;
      return { id, version, hash: row.hash, procedure: JSON.parse(row.procedure_json) as Procedure };
    },

    async replayOf(id: string, bodyHash: string) {
      const row = submissionById(id);
      return row ? replay(row, bodyHash) : undefined;
    },

    async acceptSubmission(submission: NewSubmission) {
      open();
      return new Promise<Acceptance>((resolve, reject) => {
        if (queued.length === 0) setImmediate(commitQueued);
        queued.push({ submission, resolve, reject });
      });
    },

    async findSubmission(reference: string) {
      const row = sql<[string], SubmissionRow>('SELECT * FROM submissions WHERE reference = ?').get(reference);
      if (!row) return undefined;
      const history = sql<[string], StatusChange>(
        'SELECT status, at FROM status_history WHERE submission_id = ? ORDER BY id',
      ).all(row.id);
      const deliveries = sql<[string], { route: string; state: string; attempts: number }>(
        'SELECT route, state, attempts FROM deliveries WHERE submission_id = ? ORDER BY id',
      ).all(row.id);
      const found: StoredSubmission = {
        id: row.id,
        reference: row.reference,
        trackingCode: row.tracking_code,
        procedureId: row.procedure_id,
        procedureVersion: row.procedure_version,
        locale: row.locale,
        status: row.status,
        receivedAt: row.received_at,
        history,
        deliveries,
        answers: row.answers_json === null ? undefined : (JSON.parse(row.answers_json) as Answers),
        ...(row.purged_at === null ? {} : { purgedAt: row.purged_at }),
      };
      return found;
    },

    async auditTrail(submissionId: string) {
      return sql<[string], { at: string; kind: string; actor: string | null; terminal: string | null; data_json: string }>(
        'SELECT at, kind, actor, terminal, data_json FROM audit_events WHERE submission_id = ? ORDER BY id',
      )
        .all(submissionId)
        .map(
          (row): AuditEvent => ({
            at: row.at,
            kind: row.kind,
            actor: row.actor,
            terminal: row.terminal,
            data: JSON.parse(row.data_json) as Record<string, unknown>,
          }),
        );
    },

    async appendAudit(event: NewAuditEvent) {
      open().transaction(appendChained).immediate(event);
    },

    async auditLog({ afterId = 0, limit }) {
      return sql<[number, number], { id: number; at: string; kind: string; actor: string | null; terminal: string | null; submission_id: string | null; data_json: string; prev_hash: string | null; hash: string | null }>(
        'SELECT id, at, kind, actor, terminal, submission_id, data_json, prev_hash, hash FROM audit_events WHERE id > ? ORDER BY id LIMIT ?',
      )
        .all(afterId, limit)
        .map(
          (row): AuditEntry => ({
            id: row.id,
            at: row.at,
            kind: row.kind,
            actor: row.actor,
            terminal: row.terminal,
            submission: row.submission_id,
            data: JSON.parse(row.data_json) as Record<string, unknown>,
            prevHash: row.prev_hash,
            hash: row.hash,
          }),
        );
    },

    async claimReceiptEmails({ now, limit, leaseMs }) {
      if (limit <= 0) return [];
      return open().transaction(claimEmails).immediate(now.toISOString(), new Date(now.getTime() + leaseMs).toISOString(), limit);
    },

    async recordReceiptEmail(record: ReceiptEmailRecord) {
      return open().transaction(recordEmail).immediate(record);
    },

    async purgeSubmissions(request: PurgeRequest) {
      if (request.limit <= 0) return [];
      return open().transaction(purge).immediate(request);
    },

    async attachmentInUse(sha256: string) {
      // Files are named by sha256; a submission names it in its attachments_json.
      const row = sql<[string], { n: number }>(
        `SELECT count(*) AS n FROM submissions, json_each(submissions.attachments_json) AS a WHERE json_extract(a.value, '$.sha256') = ?`,
      ).get(sha256);
      return (row?.n ?? 0) > 0;
    },

    async recordHeartbeat(h) {
      const at = h.at.toISOString();
      sql(
        `INSERT INTO terminals (id, site, app_version, content_version, outbox_length, oldest_age_seconds, first_seen_at, last_seen_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET site = excluded.site, app_version = excluded.app_version,
           content_version = excluded.content_version, outbox_length = excluded.outbox_length,
           oldest_age_seconds = excluded.oldest_age_seconds, last_seen_at = excluded.last_seen_at`,
      ).run(h.terminalId, h.site, h.appVersion, h.contentVersion, h.outboxLength, h.oldestAgeSeconds, at, at);
    },

    async listTerminals() {
      return sql<[], TerminalRow>('SELECT * FROM terminals ORDER BY last_seen_at DESC, id').all().map(terminalOf);
    },

    async countSubmissions() {
      return sql<[], { n: number }>('SELECT count(*) AS n FROM submissions').get()!.n;
    },

    async claimDeliveries({ route, limit, now, leaseMs }) {
      if (limit <= 0) return [];
      const at = now.toISOString();
      return open().transaction(claim).immediate(route, limit, at, new Date(now.getTime() + leaseMs).toISOString());
    },

    async recordDelivery(r: DeliveryRecord) {
      return open().transaction(record).immediate(r);
    },

    async noteUndeliverableRoute(route: string, error: string) {
      return sql(
        `UPDATE deliveries SET last_error = ? WHERE route = ? AND state = 'pending' AND last_error IS NOT ?`,
      ).run(error, route, error).changes;
    },

    async retryDeliveryNow(id: number, request: { at: Date; by: string }) {
      return open().transaction(retryNow).immediate(id, request.at.toISOString(), request.by);
    },

    async listDeliveries({ state, route, site, limit, offset = 0 }) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (state === 'waiting') where.push(`d.state = 'pending' AND d.last_error IS NOT NULL`);
      else if (state) where.push('d.state = ?'), params.push(state);
      if (route) where.push('d.route = ?'), params.push(route);
      if (site) where.push('d.submission_id IN (SELECT submission_id FROM submission_attribution WHERE site = ?)'), params.push(site);
      return sql<Array<string | number>, DeliveryRow>(
        `${DELIVERY_VIEW} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.id DESC LIMIT ? OFFSET ?`,
      )
        .all(...params, limit, offset)
        .map(viewOf);
    },

    async deliverySummary() {
      return sql<[], { route: string; pending: number; waiting: number; delivered: number; dead: number; failing_since: string | null }>(
        `SELECT route,
           sum(state = 'pending') AS pending,
           sum(state = 'pending' AND last_error IS NOT NULL) AS waiting,
           sum(state = 'delivered') AS delivered,
           sum(state = 'dead') AS dead,
           min(CASE WHEN state = 'pending' THEN failing_since END) AS failing_since
         FROM deliveries GROUP BY route ORDER BY route`,
      )
        .all()
        .map(({ failing_since, ...counts }): RouteSummary => ({ ...counts, ...(failing_since ? { failingSince: failing_since } : {}) }));
    },
  };
}
