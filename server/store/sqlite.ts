// The SQLite store: one file, WAL, full durability. Owns the database connection from
// migrate() to dispose(); every accepted submission is one immediate transaction.
import { readFileSync, readdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Procedure } from '../../content/model/index.ts';
import { newReference, newTrackingCode } from '../references.ts';
import type {
  Acceptance,
  AuditEvent,
  NewSubmission,
  ProcedureVersion,
  Receipt,
  Remembered,
  StatusChange,
  Store,
  StoreOptions,
  StoredSubmission,
  SubmissionStatus,
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
}

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
    sql(`INSERT INTO audit_events (at, kind, submission_id, data_json) VALUES (?, ?, ?, ?)`).run(
      s.receivedAt,
      'submission.received',
      s.id,
      JSON.stringify({
        reference,
        procedureId: s.procedureId,
        procedureVersion: s.procedureVersion,
        locale: s.locale,
        attachments: s.attachments.length,
        routes: s.routes,
      }),
    );
    return { outcome: 'created', receipt: { reference, trackingCode, receivedAt: s.receivedAt } };
  };

  return {
    kind: 'sqlite',

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
    },

    async dispose() {
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
      const accept = open().transaction(insert);
      for (let attempt = 1; ; attempt++) {
        try {
          return accept.immediate(submission, makeReference(), makeTrackingCode());
        } catch (error) {
          if (!isReferenceCollision(error) || attempt >= REFERENCE_ATTEMPTS) throw error;
        }
      }
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
      };
      return found;
    },

    async auditTrail(submissionId: string) {
      return sql<[string], { at: string; kind: string; data_json: string }>(
        'SELECT at, kind, data_json FROM audit_events WHERE submission_id = ? ORDER BY id',
      )
        .all(submissionId)
        .map((row): AuditEvent => ({ at: row.at, kind: row.kind, data: JSON.parse(row.data_json) as Record<string, unknown> }));
    },

    async countSubmissions() {
      return sql<[], { n: number }>('SELECT count(*) AS n FROM submissions').get()!.n;
    },
  };
}
