// The PostgreSQL store, for several server instances on one database. Owns a connection pool
// from migrate() to dispose(). Every write the server answers for is one transaction committed
// with synchronous_commit on, so a 201 means the row is on disk. Audit entries are chained
// under an advisory lock (CHAIN_LOCK), taken after any row lock so that writers never deadlock.
//
// Claims lease their rows with SELECT … FOR UPDATE SKIP LOCKED, so several instances share the
// relay's work without waiting on each other.
//
// node-postgres (`pg`) rather than `postgres` (porsager): a pool whose clients can be held for
// a whole session (the migration's advisory lock must be released by the connection that took
// it, and relay claims run a multi-statement transaction), plain parameterised SQL with no
// tagged-template layer, and the most used, longest maintained driver, with @types/pg.
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import pg from 'pg';
import type { Answers, Procedure } from '../../content/model/index.ts';
import { newReference, newTrackingCode } from '../references.ts';
import { canonicalJson } from '../canonical-json.ts';
import { insertAttributionPg, postgresStaff } from './postgres-staff.ts';
import { handoffOf, type HandoffRow } from './handoff-rows.ts';
import { GENESIS_HASH, chainHash, type AuditEntry, type ChainedFields } from './audit-chain.ts';
import type {
  Acceptance,
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
  RecordResult,
  Remembered,
  RetryResult,
  RouteSummary,
  Store,
  StoreOptions,
  StoredAttachment,
  StoredSubmission,
  SubmissionStatus,
  TerminalView,
} from './types.ts';

const MIGRATIONS_DIR = new URL('./postgres/migrations/', import.meta.url);
const MIGRATION_FILE = /^(\d{3})_[a-z0-9_-]+\.sql$/;
/** A reference collision is about one in 10^11 per draw; ten in a row means something else. */
const REFERENCE_ATTEMPTS = 10;
/** pg_advisory_lock(classid, objid) held while migrating: 'GUIC' and 1. */
const MIGRATION_LOCK = [0x47554943, 1] as const;
/**
 * pg_advisory_xact_lock held from reading the audit chain's head to the commit of the entry
 * chained to it: the appends of every instance form one line. Take it after any row lock.
 */
const CHAIN_LOCK = [0x47554943, 2] as const;

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
  answers_json: Answers | null;
  purged_at: Date | null;
}

const replay = (row: SubmissionRow, bodyHash: string): Acceptance =>
  row.body_hash === bodyHash
    ? { outcome: 'replay', receipt: { reference: row.reference, trackingCode: row.tracking_code, receivedAt: row.received_at } }
    : { outcome: 'conflict' };

interface DeliveryRow {
  id: string; // bigint: node-postgres gives it as a string
  submission_id: string;
  reference: string;
  procedure_id: string;
  route: string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  lease_until: Date | null;
  failing_since: Date | null;
  delivered_at: Date | null;
}

const DELIVERY_VIEW = `SELECT d.id, d.submission_id, s.reference, s.procedure_id, d.route, d.state, d.attempts,
  d.next_attempt_at, d.last_error, d.lease_until, d.failing_since, d.delivered_at
  FROM deliveries d JOIN submissions s ON s.id = d.submission_id`;

/** Times leave the store as SQLite's do: UTC ISO 8601 with milliseconds. */
const iso = (date: Date): string => date.toISOString();

const viewOf = (row: DeliveryRow): DeliveryView => ({
  id: Number(row.id),
  submissionId: row.submission_id,
  reference: row.reference,
  procedureId: row.procedure_id,
  route: row.route,
  state: row.state,
  attempts: row.attempts,
  nextAttemptAt: iso(row.next_attempt_at),
  ...(row.last_error === null ? {} : { lastError: row.last_error }),
  ...(row.lease_until === null ? {} : { leaseUntil: iso(row.lease_until) }),
  ...(row.failing_since === null ? {} : { failingSince: iso(row.failing_since) }),
  ...(row.delivered_at === null ? {} : { deliveredAt: iso(row.delivered_at) }),
});

/**
 * Leases due deliveries of a route in one statement. SKIP LOCKED passes over rows another claim
 * is taking right now; a row another claim has just leased fails the WHERE clause when
 * PostgreSQL re-reads it after the lock, so no two claims return the same row.
 */
const CLAIM = `
WITH due AS (
  SELECT id FROM deliveries
  WHERE route = $1 AND state = 'pending' AND next_attempt_at <= $2 AND (lease_until IS NULL OR lease_until <= $2)
  ORDER BY next_attempt_at, id
  LIMIT $3
  FOR UPDATE SKIP LOCKED
), claimed AS (
  UPDATE deliveries d SET attempts = d.attempts + 1, lease_until = $4, claim_token = $5
  FROM due WHERE d.id = due.id
  RETURNING d.id, d.submission_id, d.attempts
)
SELECT c.id, c.attempts, s.id AS submission_id, s.reference, s.procedure_id, s.procedure_version, s.locale,
  s.received_at, s.answers_json, s.attachments_json
FROM claimed c JOIN submissions s ON s.id = c.submission_id
ORDER BY c.id`;

/**
 * The submission, its deliveries in route order, its first status and its AEE email, in one
 * statement; the audit entry follows in the same transaction. `ON CONFLICT (id) DO NOTHING`
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
), e AS (
  INSERT INTO receipt_emails (submission_id, kind, next_attempt_at)
  SELECT s.id, 'registration', $11::timestamptz FROM s WHERE $13::boolean
)
SELECT inserted, CASE WHEN inserted > 0 THEN pg_advisory_xact_lock(${CHAIN_LOCK.join(', ')}) END AS chain_locked
FROM (SELECT count(*)::int AS inserted FROM s) AS c`;

/**
 * What chainHash() hashes after the previous hash: its canonical JSON is
 * `[1,"<prevHash>",<at>,<kind>,<actor>,<terminal>,<submission>,<data>]`, so PostgreSQL can
 * finish it with the head it reads under the chain lock, in the INSERT itself.
 */
const chainSuffix = (f: ChainedFields): string =>
  `",${[f.at, f.kind, f.actor, f.terminal, f.submission, f.data].map((v) => canonicalJson(v)).join(',')}]`;

/** Appends an entry chained to the last one; run with the chain lock held since an earlier statement. */
const APPEND_AUDIT = `
INSERT INTO audit_events (at, kind, actor, terminal, submission_id, data_json, prev_hash, hash)
SELECT $1, $2, $3, $4, $5, $6, head.hash, encode(sha256(convert_to('[1,"' || head.hash || $7, 'UTF8')), 'hex')
FROM (SELECT coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), $8) AS hash) AS head`;

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

  /** Runs `work` in a transaction on one connection; rolls back if it throws. */
  const transaction = async <T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await open().connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
      throw error;
    } finally {
      client.release(broken);
    }
  };

  /**
   * Appends one audit entry chained to the last one, inside the caller's transaction. The chain
   * lock is taken first, in its own statement (unless `locked`: ACCEPT took it), so that the
   * head the INSERT reads is the last committed entry; it is released at commit, after the
   * entry is visible. The hash is chainHash(), finished by PostgreSQL around the head it reads.
   */
  const appendChained = async (client: pg.PoolClient, e: NewAuditEvent, locked = false): Promise<void> => {
    if (!locked) await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...CHAIN_LOCK]);
    const fields: ChainedFields = { at: e.at, kind: e.kind, actor: e.actor, terminal: e.terminal ?? null, submission: e.submissionId ?? null, data: e.data };
    await client.query(APPEND_AUDIT, [
      fields.at,
      fields.kind,
      fields.actor,
      fields.terminal,
      fields.submission,
      JSON.stringify(fields.data),
      chainSuffix(fields),
      GENESIS_HASH,
    ]);
  };

  const audit = (client: pg.PoolClient, at: string, kind: string, submissionId: string, data: Record<string, unknown>, actor = 'relay') =>
    appendChained(client, { at, kind, actor, submissionId, data });

  /** Entries written before migration 003 have no hash: chain them once, in id order, before any chained entry. */
  const sealLegacyAudit = async (client: pg.PoolClient): Promise<void> => {
    const [first] = (await client.query<{ id: string | null }>('SELECT min(id) AS id FROM audit_events WHERE hash IS NOT NULL')).rows;
    const firstSealed = first?.id ?? null;
    const legacy = (
      await client.query<{ id: string; at: string; kind: string; submission_id: string | null; data_json: Record<string, unknown> }>(
        'SELECT id, at, kind, submission_id, data_json FROM audit_events WHERE hash IS NULL AND ($1::bigint IS NULL OR id < $1) ORDER BY id',
        [firstSealed],
      )
    ).rows;
    if (legacy.length === 0) return;
    if (firstSealed !== null) throw new Error('audit_events: unsealed entries before sealed ones; run npm run audit:verify');
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...CHAIN_LOCK]);
      let prevHash = GENESIS_HASH;
      for (const row of legacy) {
        const hash = chainHash(prevHash, { at: row.at, kind: row.kind, actor: null, terminal: null, submission: row.submission_id, data: row.data_json });
        await client.query('UPDATE audit_events SET prev_hash = $1, hash = $2 WHERE id = $3', [prevHash, hash, row.id]);
        prevHash = hash;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  };

  const deliveryById = async (client: pg.PoolClient, id: number, lock = false) =>
    (await client.query<DeliveryRow>(`${DELIVERY_VIEW} WHERE d.id = $1${lock ? ' FOR UPDATE OF d' : ''}`, [id])).rows[0];

  return {
    kind: 'postgresql',
    ...postgresStaff(open),

    async createHandoff(h) {
      await query(
        `INSERT INTO handoffs (id, lookup, sealed, procedure_id, procedure_version, terminal, site, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [h.id, h.lookup, h.sealed, h.procedureId, h.procedureVersion, h.terminal, h.site, h.createdAt, h.expiresAt],
      );
    },

    async openHandoff(lookup, opening) {
      return transaction(async (client) => {
        const [row] = (
          await client.query<HandoffRow>(
            'SELECT * FROM handoffs WHERE lookup = $1 AND sealed IS NOT NULL AND expires_at > $2 FOR UPDATE',
            [lookup, opening.at],
          )
        ).rows;
        if (!row || row.sealed === null) return undefined;
        const keepUntil = new Date(Math.max(new Date(row.expires_at).getTime(), opening.keepUntil.getTime()));
        await client.query(
          `UPDATE handoffs SET lookup = NULL, sealed = NULL, opened_at = $1, opened_by = $2, opened_session = $3, expires_at = $4 WHERE id = $5`,
          [opening.at.toISOString(), opening.by, opening.session, keepUntil, row.id],
        );
        return handoffOf(row, row.sealed);
      });
    },

    async purgeHandoffs(now) {
      return (await open().query('DELETE FROM handoffs WHERE expires_at <= $1', [now])).rowCount ?? 0;
    },

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
          await sealLegacyAudit(client);
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
      for (let attempt = 1; ; attempt++) {
        const reference = makeReference();
        const trackingCode = makeTrackingCode();
        try {
          const created = await transaction(async (client) => {
            const [row] = (
              await client.query<{ inserted: number }>(ACCEPT, [
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
                s.emailReceipts === true,
              ])
            ).rows;
            if (!row?.inserted) return false;
            if (s.attribution) await insertAttributionPg(client, s.id, s.attribution);
            await appendChained(
              client,
              {
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
              },
              true,
            );
            if (s.continuingSession) {
              // Reception continues what a person began on a terminal: the audit says where it began.
              const [handoff] = (
                await client.query<{ id: string; terminal: string | null }>(
                  `UPDATE handoffs SET continued_by = $1 WHERE id = (SELECT id FROM handoffs WHERE opened_session = $2 AND procedure_id = $3
                     AND continued_by IS NULL ORDER BY opened_at DESC LIMIT 1 FOR UPDATE) RETURNING id, terminal`,
                  [s.id, s.continuingSession, s.procedureId],
                )
              ).rows;
              if (handoff)
                await appendChained(
                  client,
                  {
                    at: s.receivedAt,
                    kind: 'submission.handed-off',
                    actor: s.actor ?? 'kiosk',
                    terminal: s.terminal ?? null,
                    submissionId: s.id,
                    data: { handoff: handoff.id, fromTerminal: handoff.terminal, channel: s.attribution?.channel ?? null },
                  },
                  true,
                );
            }
            return true;
          });
          if (created) return { outcome: 'created', receipt: { reference, trackingCode, receivedAt: s.receivedAt } };
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
           s.answers_json, s.purged_at,
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
        answers: row.answers_json ?? undefined,
        ...(row.purged_at === null ? {} : { purgedAt: iso(row.purged_at) }),
      };
      return found;
    },

    async auditTrail(submissionId: string) {
      const rows = await query<{ at: string; kind: string; actor: string | null; terminal: string | null; data_json: Record<string, unknown> }>(
        'SELECT at, kind, actor, terminal, data_json FROM audit_events WHERE submission_id = $1 ORDER BY id',
        [submissionId],
      );
      return rows.map((row): AuditEvent => ({ at: row.at, kind: row.kind, actor: row.actor, terminal: row.terminal, data: row.data_json }));
    },

    async countSubmissions() {
      const [row] = await query<{ n: number }>('SELECT count(*)::int AS n FROM submissions');
      return row?.n ?? 0;
    },

    async claimDeliveries({ route, limit, now, leaseMs }) {
      if (limit <= 0) return [];
      const token = randomUUID();
      const leaseUntil = iso(new Date(now.getTime() + leaseMs));
      const rows = await query<{
        id: string;
        attempts: number;
        submission_id: string;
        reference: string;
        procedure_id: string;
        procedure_version: number;
        locale: string;
        received_at: string;
        answers_json: ClaimedDelivery['submission']['answers'] | null;
        attachments_json: StoredAttachment[];
      }>(CLAIM, [route, now, limit, leaseUntil, token]);
      return rows.map(
        (row): ClaimedDelivery => ({
          id: Number(row.id),
          route,
          attempt: row.attempts,
          claimToken: token,
          leaseUntil,
          submission: {
            id: row.submission_id,
            reference: row.reference,
            procedureId: row.procedure_id,
            procedureVersion: row.procedure_version,
            locale: row.locale,
            receivedAt: row.received_at,
            answers: row.answers_json ?? undefined,
            attachments: row.attachments_json,
          },
        }),
      );
    },

    async recordDelivery(r: DeliveryRecord): Promise<RecordResult> {
      const at = iso(r.at);
      return transaction(async (client) => {
        const [held] = (
          await client.query<{ submission_id: string; route: string; attempts: number }>(
            `SELECT submission_id, route, attempts FROM deliveries
             WHERE id = $1 AND claim_token = $2 AND state = 'pending' FOR UPDATE`,
            [r.id, r.claimToken],
          )
        ).rows;
        if (!held) return { recorded: false };
        const release = 'lease_until = NULL, claim_token = NULL';
        switch (r.outcome) {
          case 'delivered':
            break;
          case 'retry':
            await client.query(
              `UPDATE deliveries SET ${release}, next_attempt_at = $2, last_error = $3, failing_since = coalesce(failing_since, $4) WHERE id = $1`,
              [r.id, r.nextAttemptAt, r.error, at],
            );
            return { recorded: true };
          case 'dead':
            await client.query(
              `UPDATE deliveries SET state = 'dead', ${release}, last_error = $2, failing_since = coalesce(failing_since, $3) WHERE id = $1`,
              [r.id, r.error, at],
            );
            await audit(client, at, 'delivery.dead', held.submission_id, {
              deliveryId: r.id,
              route: held.route,
              attempts: held.attempts,
              error: r.error,
            });
            return { recorded: true };
          case 'released':
            await client.query(
              `UPDATE deliveries SET ${release}, next_attempt_at = $2, attempts = greatest(attempts - 1, 0) WHERE id = $1`,
              [r.id, at],
            );
            return { recorded: true };
        }
        // Two instances delivering a submission's last two deliveries at once: the lock on the
        // submission makes the second wait, then count the first one's delivery as done.
        await client.query('SELECT 1 FROM submissions WHERE id = $1 FOR UPDATE', [held.submission_id]);
        await client.query(`UPDATE deliveries SET state = 'delivered', ${release}, delivered_at = $2, failing_since = NULL WHERE id = $1`, [
          r.id,
          at,
        ]);
        await audit(client, at, 'delivery.delivered', held.submission_id, { deliveryId: r.id, route: held.route, attempts: held.attempts });
        const [open] = (
          await client.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM deliveries WHERE submission_id = $1 AND state <> 'delivered'`,
            [held.submission_id],
          )
        ).rows;
        if (open?.n) return { recorded: true };
        const [moved] = (
          await client.query<{ reference: string }>(
            `UPDATE submissions SET status = 'delivered' WHERE id = $1 AND status = 'received' RETURNING reference`,
            [held.submission_id],
          )
        ).rows;
        if (!moved) return { recorded: true };
        await client.query(`INSERT INTO status_history (submission_id, status, at) VALUES ($1, 'delivered', $2)`, [held.submission_id, at]);
        await audit(client, at, 'submission.delivered', held.submission_id, { reference: moved.reference });
        return { recorded: true, submissionDelivered: { submissionId: held.submission_id, reference: moved.reference } };
      });
    },

    async noteUndeliverableRoute(route: string, error: string) {
      const result = await open().query(
        `UPDATE deliveries SET last_error = $1 WHERE route = $2 AND state = 'pending' AND last_error IS DISTINCT FROM $1`,
        [error, route],
      );
      return result.rowCount ?? 0;
    },

    async retryDeliveryNow(id: number, request: { at: Date; by: string }): Promise<RetryResult> {
      return transaction(async (client) => {
        const row = await deliveryById(client, id, true);
        if (!row) return { outcome: 'not-found' };
        if (row.state === 'delivered') return { outcome: 'already-delivered' };
        if (row.state === 'pending' && row.lease_until !== null && row.lease_until > request.at) return { outcome: 'in-flight' };
        await client.query(
          `UPDATE deliveries SET state = 'pending', attempts = 0, next_attempt_at = $2, lease_until = NULL, claim_token = NULL WHERE id = $1`,
          [id, request.at],
        );
        await audit(
          client,
          iso(request.at),
          'delivery.retry-requested',
          row.submission_id,
          { deliveryId: id, route: row.route, by: request.by, previousState: row.state, previousAttempts: row.attempts },
          request.by,
        );
        return { outcome: 'retried', delivery: viewOf((await deliveryById(client, id))!) };
      });
    },

    async listDeliveries({ state, route, site, limit, offset = 0 }) {
      const where: string[] = [];
      const params: Array<string | number> = [];
      if (state === 'waiting') where.push(`d.state = 'pending' AND d.last_error IS NOT NULL`);
      else if (state) where.push(`d.state = $${params.push(state)}`);
      if (route) where.push(`d.route = $${params.push(route)}`);
      if (site) where.push(`d.submission_id IN (SELECT submission_id FROM submission_attribution WHERE site = $${params.push(site)})`);
      const rows = await query<DeliveryRow>(
        `${DELIVERY_VIEW} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY d.id DESC LIMIT $${params.push(limit)} OFFSET $${params.push(offset)}`,
        params,
      );
      return rows.map(viewOf);
    },

    async deliverySummary() {
      const rows = await query<{
        route: string;
        pending: number;
        waiting: number;
        delivered: number;
        dead: number;
        failing_since: Date | null;
      }>(
        `SELECT route,
           count(*) FILTER (WHERE state = 'pending')::int AS pending,
           count(*) FILTER (WHERE state = 'pending' AND last_error IS NOT NULL)::int AS waiting,
           count(*) FILTER (WHERE state = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE state = 'dead')::int AS dead,
           min(failing_since) FILTER (WHERE state = 'pending') AS failing_since
         FROM deliveries GROUP BY route ORDER BY route`,
      );
      return rows.map(
        ({ failing_since, ...counts }): RouteSummary => ({ ...counts, ...(failing_since ? { failingSince: iso(failing_since) } : {}) }),
      );
    },

    async appendAudit(event: NewAuditEvent) {
      await transaction((client) => appendChained(client, event));
    },

    async auditLog({ afterId = 0, limit }) {
      const rows = await query<{
        id: string;
        at: string;
        kind: string;
        actor: string | null;
        terminal: string | null;
        submission_id: string | null;
        data_json: Record<string, unknown>;
        prev_hash: string | null;
        hash: string | null;
      }>('SELECT id, at, kind, actor, terminal, submission_id, data_json, prev_hash, hash FROM audit_events WHERE id > $1 ORDER BY id LIMIT $2', [
        afterId,
        limit,
      ]);
      return rows.map(
        (row): AuditEntry => ({
          id: Number(row.id),
          at: row.at,
          kind: row.kind,
          actor: row.actor,
          terminal: row.terminal,
          submission: row.submission_id,
          data: row.data_json,
          prevHash: row.prev_hash,
          hash: row.hash,
        }),
      );
    },

    async claimReceiptEmails({ now, limit, leaseMs }) {
      if (limit <= 0) return [];
      const token = randomUUID();
      const rows = await query<{ id: string; submission_id: string; kind: 'registration' | 'receipt'; attempts: number; reference: string }>(
        `WITH due AS (
           SELECT id FROM receipt_emails
           WHERE state = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY next_attempt_at, id LIMIT $2
           FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE receipt_emails e SET attempts = e.attempts + 1, lease_until = $3, claim_token = $4
           FROM due WHERE e.id = due.id
           RETURNING e.id, e.submission_id, e.kind, e.attempts
         )
         SELECT c.*, s.reference FROM claimed c JOIN submissions s ON s.id = c.submission_id ORDER BY c.id`,
        [now, limit, new Date(now.getTime() + leaseMs), token],
      );
      return rows.map(
        (row): ClaimedReceiptEmail => ({
          id: Number(row.id),
          submissionId: row.submission_id,
          reference: row.reference,
          kind: row.kind,
          attempt: row.attempts,
          claimToken: token,
        }),
      );
    },

    async recordReceiptEmail(r: ReceiptEmailRecord) {
      const at = iso(r.at);
      return transaction(async (client) => {
        const [held] = (
          await client.query<{ submission_id: string; kind: string; attempts: number }>(
            `SELECT submission_id, kind, attempts FROM receipt_emails WHERE id = $1 AND claim_token = $2 AND state = 'pending' FOR UPDATE`,
            [r.id, r.claimToken],
          )
        ).rows;
        if (!held) return false;
        const release = 'lease_until = NULL, claim_token = NULL';
        const data = { emailId: r.id, acknowledgment: held.kind, attempts: held.attempts };
        switch (r.outcome) {
          case 'sent':
            await client.query(`UPDATE receipt_emails SET state = 'sent', ${release}, sent_at = $2, last_error = NULL WHERE id = $1`, [r.id, at]);
            await audit(client, at, 'receipt.emailed', held.submission_id, data, 'receipts');
            break;
          case 'retry':
            await client.query(`UPDATE receipt_emails SET ${release}, next_attempt_at = $2, last_error = $3 WHERE id = $1`, [
              r.id,
              r.nextAttemptAt,
              r.error,
            ]);
            break;
          case 'dead':
            await client.query(`UPDATE receipt_emails SET state = 'dead', ${release}, last_error = $2 WHERE id = $1`, [r.id, r.error]);
            await audit(client, at, 'receipt.email-failed', held.submission_id, { ...data, error: r.error }, 'receipts');
            break;
        }
        return true;
      });
    },

    async purgeSubmissions(request: PurgeRequest): Promise<PurgedSubmission[]> {
      if (request.limit <= 0) return [];
      const at = iso(request.at);
      return transaction(async (client) => {
        // Every row lock first (submissions, then their emails), the chain lock (in audit) after:
        // the order every other writer keeps, so none waits for another in a circle.
        const due = (
          await client.query<{ id: string; reference: string; attachments_json: StoredAttachment[] }>(
            `SELECT s.id, s.reference, s.attachments_json FROM submissions s
             WHERE s.procedure_id = $1 AND s.purged_at IS NULL AND s.status <> 'received'
               AND (SELECT max(h.at::timestamptz) FROM status_history h WHERE h.submission_id = s.id) < $2
             ORDER BY s.received_at LIMIT $3
             FOR UPDATE OF s SKIP LOCKED`,
            [request.procedureId, request.lastChangeBefore, request.limit],
          )
        ).rows;
        const emailsGivenUp: number[] = [];
        for (const row of due) {
          await client.query(`UPDATE submissions SET answers_json = NULL, attachments_json = '[]', purged_at = $2 WHERE id = $1`, [row.id, at]);
          const dropped = await client.query(
            `UPDATE receipt_emails SET state = 'dead', last_error = $2, lease_until = NULL, claim_token = NULL
             WHERE submission_id = $1 AND state = 'pending'`,
            [row.id, 'Réponses effacées à la fin de la durée de conservation.'],
          );
          emailsGivenUp.push(dropped.rowCount ?? 0);
        }
        for (const [i, row] of due.entries())
          await audit(
            client,
            at,
            'submission.purged',
            row.id,
            { reference: row.reference, attachments: row.attachments_json.length, emailsGivenUp: emailsGivenUp[i] ?? 0 },
            'retention',
          );
        return due.map((row) => ({ id: row.id, reference: row.reference, procedureId: request.procedureId, attachments: row.attachments_json }));
      });
    },

    async attachmentInUse(sha256: string) {
      const [row] = await query<{ used: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM submissions WHERE attachments_json @> jsonb_build_array(jsonb_build_object('sha256', $1::text))) AS used`,
        [sha256],
      );
      return row?.used === true;
    },

    async recordHeartbeat(h) {
      await query(
        `INSERT INTO terminals (id, site, app_version, content_version, outbox_length, oldest_age_seconds, first_seen_at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (id) DO UPDATE SET site = excluded.site, app_version = excluded.app_version,
           content_version = excluded.content_version, outbox_length = excluded.outbox_length,
           oldest_age_seconds = excluded.oldest_age_seconds, last_seen_at = excluded.last_seen_at`,
        [h.terminalId, h.site, h.appVersion, h.contentVersion, h.outboxLength, h.oldestAgeSeconds, h.at],
      );
    },

    async listTerminals() {
      const rows = await query<{
        id: string;
        site: string;
        app_version: string;
        content_version: string;
        outbox_length: number;
        oldest_age_seconds: number;
        first_seen_at: Date;
        last_seen_at: Date;
      }>('SELECT * FROM terminals ORDER BY last_seen_at DESC, id');
      return rows.map((row): TerminalView => ({
        terminalId: row.id,
        site: row.site,
        appVersion: row.app_version,
        contentVersion: row.content_version,
        outboxLength: row.outbox_length,
        oldestAgeSeconds: row.oldest_age_seconds,
        firstSeenAt: iso(row.first_seen_at),
        lastSeenAt: iso(row.last_seen_at),
      }));
    },
  };
}
