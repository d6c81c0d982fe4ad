// The PostgreSQL store, for several server instances on one database. Owns a connection pool
// from migrate() to dispose(). Every write the server answers for is one statement or one
// transaction committed with synchronous_commit on, so a 201 means the row is on disk.
//
// node-postgres (`pg`) rather than `postgres` (porsager): a pool whose clients can be held for
// a whole session (the migration's advisory lock must be released by the connection that took
// it, and relay claims run a multi-statement transaction), plain parameterised SQL with no
// tagged-template layer, and the most used, longest maintained driver, with @types/pg.
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import type { Procedure } from '../../content/model/index.ts';
import { newReference, newTrackingCode } from '../references.ts';
import type {
  Acceptance,
  AuditEvent,
  NewSubmission,
  ProcedureVersion,
  Remembered,
  Store,
  StoreOptions,
  StoredSubmission,
  SubmissionStatus,
} from './types.ts';

const MIGRATIONS_DIR = new URL('./postgres/migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_-]+\.sql$/;
/** A reference collision is about one in 10^11 per draw; ten in a row means something else. */
const REFERENCE_ATTEMPTS = 10;
/** pg_advisory_lock(classid, objid) held while migrating: 'GUIC' and 1. */
const MIGRATION_LOCK = [0x47554943, 1] as const;

export interface PostgresStoreOptions extends StoreOptions {
  /** `postgres://user:password@host:port/database`, as in DATABASE_URL. */
  connectionString: string;
  /** Most connections the pool opens (default 10). */
  maxConnections?: number;
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

/** Whether a failed statement broke the unique reference, and another draw may succeed. */
function isReferenceCollision(error: unknown): boolean {
  return error instanceof pg.DatabaseError && error.code === '23505' && error.constraint === 'submissions_reference_key';
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

const replay = (row: SubmissionRow, bodyHash: string): Acceptance =>
  row.body_hash === bodyHash
    ? { outcome: 'replay', receipt: { reference: row.reference, trackingCode: row.tracking_code, receivedAt: row.received_at } }
    : { outcome: 'conflict' };

/**
 * The submission, its deliveries in route order, its first status and its audit event, in one
 * statement (so one implicit transaction and one round trip). `ON CONFLICT (id) DO NOTHING`
 * waits for a concurrent insert of the same key and then inserts nothing: `inserted` is 0 and
 * the caller reads the row that won.
 */
const ACCEPT = `
WITH s AS (
  INSERT INTO submissions (id, reference, tracking_code, procedure_id, procedure_version, locale,
    answers_json, attachments_json, body_hash, received_at, status)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'received')
  ON CONFLICT (id) DO NOTHING
  RETURNING id
), d AS (
  INSERT INTO deliveries (submission_id, route, state, attempts, next_attempt_at)
  SELECT s.id, r.route, 'pending', 0, $11::timestamptz
  FROM s, unnest($12::text[]) WITH ORDINALITY AS r (route, n)
  ORDER BY r.n
), h AS (
  INSERT INTO status_history (submission_id, status, at) SELECT s.id, 'received', $10 FROM s
), a AS (
  INSERT INTO audit_events (at, kind, submission_id, data_json)
  SELECT $10, 'submission.received', s.id, $13 FROM s
)
SELECT count(*)::int AS inserted FROM s`;

/**
 * A store in a PostgreSQL database. Construction does nothing; `migrate()` opens the pool.
 *
 * @example const store = createPostgresStore({ connectionString: process.env.DATABASE_URL }); await store.migrate();
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const makeReference = options.newReference ?? newReference;
  const makeTrackingCode = options.newTrackingCode ?? newTrackingCode;
  let pool: pg.Pool | undefined;

  const open = (): pg.Pool => {
    if (!pool) throw new Error('The PostgreSQL store is not open: call migrate() first.');
    return pool;
  };

  const query = async <R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> =>
    (await open().query<R>(text, values)).rows;

  const submissionById = async (id: string) =>
    (await query<SubmissionRow>('SELECT * FROM submissions WHERE id = $1', [id]))[0];

  return {
    kind: 'postgresql',

    async migrate() {
      if (!pool) {
        pool = new pg.Pool({
          connectionString: options.connectionString,
          max: options.maxConnections ?? 10,
          // Durable whatever the server's default: a commit returns once its WAL is flushed.
          options: '-c synchronous_commit=on',
          application_name: 'guichet',
        });
        // An idle client whose server went away: the pool drops it, the next query reconnects.
        pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
      }
      const client = await pool.connect();
      try {
        // Two instances starting together: the second waits here, then finds nothing to do.
        await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
        try {
          await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`);
          const applied = new Set(
            (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
          );
          for (const migration of readMigrations()) {
            if (applied.has(migration.version)) continue;
            await client.query('BEGIN');
            try {
              await client.query(migration.sql);
              await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [
                migration.version,
                migration.name,
              ]);
              await client.query('COMMIT');
            } catch (error) {
              await client.query('ROLLBACK');
              throw new Error(`PostgreSQL migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
            }
          }
        } finally {
          await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]);
        }
      } finally {
        client.release();
      }
    },

    async dispose() {
      const closing = pool;
      pool = undefined;
      await closing?.end();
    },

    async health() {
      await query('SELECT 1');
    },

    async rememberProcedureVersion(version: ProcedureVersion): Promise<Remembered> {
      const added = await query(
        `INSERT INTO procedure_versions (id, version, hash, procedure_json, first_seen_at)
         VALUES ($1, $2, $3, $4, now()) ON CONFLICT (id, version) DO NOTHING RETURNING id`,
        [version.id, version.version, version.hash, JSON.stringify(version.procedure)],
      );
      if (added.length) return 'added';
      const [stored] = await query<{ hash: string }>('SELECT hash FROM procedure_versions WHERE id = $1 AND version = $2', [
        version.id,
        version.version,
      ]);
      return stored?.hash === version.hash ? 'unchanged' : 'changed';
    },

    async getProcedureVersion(id: string, version: number) {
      const [row] = await query<{ hash: string; procedure_json: Procedure }>(
        'SELECT hash, procedure_json FROM procedure_versions WHERE id = $1 AND version = $2',
        [id, version],
      );
      return row ? { id, version, hash: row.hash, procedure: row.procedure_json } : undefined;
    },

    async replayOf(id: string, bodyHash: string) {
      const row = await submissionById(id);
      return row ? replay(row, bodyHash) : undefined;
    },

    async acceptSubmission(s: NewSubmission): Promise<Acceptance> {
      const audit = (reference: string) =>
        JSON.stringify({
          reference,
          procedureId: s.procedureId,
          procedureVersion: s.procedureVersion,
          locale: s.locale,
          attachments: s.attachments.length,
          routes: s.routes,
        });
      for (let attempt = 1; ; attempt++) {
        const reference = makeReference();
        const trackingCode = makeTrackingCode();
        try {
          const [row] = await query<{ inserted: number }>(ACCEPT, [
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
            new Date(s.receivedAt).toISOString(),
            s.routes,
            audit(reference),
          ]);
          if (row?.inserted) return { outcome: 'created', receipt: { reference, trackingCode, receivedAt: s.receivedAt } };
          const existing = await submissionById(s.id);
          if (!existing) throw new Error(`Submission ${s.id} was neither inserted nor found.`);
          return replay(existing, s.bodyHash);
        } catch (error) {
          if (!isReferenceCollision(error) || attempt >= REFERENCE_ATTEMPTS) throw error;
        }
      }
    },

    async findSubmission(reference: string) {
      const [row] = await query<
        SubmissionRow & { history: StoredSubmission['history']; deliveries: StoredSubmission['deliveries'] }
      >(
        `SELECT s.id, s.reference, s.tracking_code, s.procedure_id, s.procedure_version, s.locale, s.received_at, s.status,
           (SELECT coalesce(json_agg(json_build_object('status', h.status, 'at', h.at) ORDER BY h.id), '[]')
              FROM status_history h WHERE h.submission_id = s.id) AS history,
           (SELECT coalesce(json_agg(json_build_object('route', d.route, 'state', d.state, 'attempts', d.attempts) ORDER BY d.id), '[]')
              FROM deliveries d WHERE d.submission_id = s.id) AS deliveries
         FROM submissions s WHERE s.reference = $1`,
        [reference],
      );
      if (!row) return undefined;
      const found: StoredSubmission = {
        id: row.id,
        reference: row.reference,
        trackingCode: row.tracking_code,
        procedureId: row.procedure_id,
        procedureVersion: row.procedure_version,
        locale: row.locale,
        status: row.status,
        receivedAt: row.received_at,
        history: row.history,
        deliveries: row.deliveries,
      };
      return found;
    },

    async auditTrail(submissionId: string) {
      const rows = await query<{ at: string; kind: string; data_json: Record<string, unknown> }>(
        'SELECT at, kind, data_json FROM audit_events WHERE submission_id = $1 ORDER BY id',
        [submissionId],
      );
      return rows.map((row): AuditEvent => ({ at: row.at, kind: row.kind, data: row.data_json }));
    },

    async countSubmissions() {
      const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM submissions');
      return row?.n ?? 0;
    },
  };
}
